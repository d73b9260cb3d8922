# SPDX-License-Identifier: MIT
"""A street and two community PCs through random interleavings of work, exports, lost,
duplicated and reordered packages and imports killed halfway; at the end (every site
exporting to every other until nothing is waiting) each site holds exactly what it may see,
identical to the owner's.

A killed import runs in a child process that gets SIGKILL at a random moment; the site's
database afterwards holds none or all of that package (compared with the same package
applied to a copy) and checks clean. One seed in the normal run; ``JIEDAO_EXHAUSTIVE=1``
runs twenty, longer."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core.check import check
from jiedao_desk.domains import hotline, mediation, residents
from jiedao_desk.store import Store
from tests.core.exchange.sites import Site, deliver, export, make_sites

EXHAUSTIVE = os.environ.get("JIEDAO_EXHAUSTIVE") == "1"
SEEDS = range(20) if EXHAUSTIVE else [7]
STEPS = 120 if EXHAUSTIVE else 40
KILLS = sys.platform != "win32"  # SIGKILL is POSIX
IMPORTER = r"""
import sys
from pathlib import Path
from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core.exchange import apply
from jiedao_desk.store import Store
store = Store.open(sys.argv[1])
payload = Path(sys.argv[2]).read_bytes()
print("ready", flush=True)
apply.apply(store, SYSTEM, payload, sys.argv[3], int(sys.argv[4]), registry.search_reindexers())
print("done", flush=True)
"""
PARTIES = [{"role": "applicant", "name": "甲方"}, {"role": "respondent", "name": "乙方"}]


def _work(rng, street, communities, n):
    """One random action on one site (refusals of the domain rules are part of the game)."""
    site = rng.choice([street, *communities])
    kind = rng.choice(["resident", "resident_edit", "ticket", "reply", "case"])
    try:
        if site is street:
            if kind in ("ticket", "reply"):
                c = rng.choice(communities)
                tid = hotline.add_ticket(street.store, SYSTEM, {
                    "ticket_no": f"T{n}", "received_at": "2026-11-20 09:00",
                    "title": f"工单{n}"})
                hotline.dispatch(street.store, SYSTEM, tid,
                                 community_id=street.community_id(c.community_code))
            elif kind == "case":
                mediation.register_case(street.store, SYSTEM, community_id=None,
                                        source="own_initiative", dispute_type="邻里纠纷",
                                        summary=f"街道案{n}", parties=PARTIES)
            return
        cid = site.community_id(site.community_code)
        if kind == "resident":
            residents.add_resident(site.store, SYSTEM, cid, f"居民{n}")
        elif kind == "resident_edit":
            rid = site.store.scalar("SELECT r.id FROM resident r JOIN exchange_row x ON"
                                    " x.tbl = 'resident' AND x.row_id = r.id AND x.owner ="
                                    " (SELECT uid FROM site) ORDER BY random() LIMIT 1")
            if rid:
                residents.update_resident(site.store, SYSTEM, rid, notes=f"改{n}")
        elif kind == "reply":
            tid = site.store.scalar("SELECT t.id FROM hotline_ticket t JOIN exchange_row x ON"
                                    " x.tbl = 'hotline_ticket' AND x.row_id = t.id AND"
                                    " x.owner = (SELECT uid FROM site) LIMIT 1")
            if tid:
                hotline.reply(site.store, SYSTEM, tid, f"已办理{n}")
        else:
            mediation.register_case(site.store, SYSTEM, community_id=cid,
                                    source="application", application_form="oral",
                                    dispute_type="邻里纠纷", summary=f"社区案{n}",
                                    parties=PARTIES)
    except JiedaoError:
        pass


def _copy_db(path: Path, folder: Path) -> Path:
    """The database and its anchor (what a site's files are) copied into ``folder``."""
    folder.mkdir(parents=True)
    for suffix in ("", ".anchor"):
        shutil.copy(path.with_name(path.name + suffix), folder / (path.name + suffix))
    return folder / path.name


def _deliver_killed(src: Site, dst: Site, seq: int, payload: bytes, rng, folder: Path) -> None:
    """Deliver in a child process killed at a random moment, then reopen ``dst``: its
    database holds none or all of the package, and checks clean."""
    path = Path(dst.store.path)
    before = _snapshot(dst.store)
    dst.store.close()
    twin = Store.open(_copy_db(path, folder / "all"))
    try:
        began = time.monotonic()
        deliver(src, Site(dst.name, twin, dst.role, dst.community_code), seq, payload)
        took = time.monotonic() - began  # so that kills land across the import itself
        after_all = _snapshot(twin)
    finally:
        twin.close()
    package = folder / "package.bin"
    package.write_bytes(payload)
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(path), str(package), src.uid, str(seq)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 1.5) * took)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    dst.store = Store.open(path)
    now = _snapshot(dst.store)
    assert now in (before, after_all), "a killed import left part of its package"
    assert dst.store.scalar("SELECT COUNT(*) FROM exchange_applying") == 0
    report = check(dst.store)
    assert report.ok, [p.message for p in report.problems]
    if now == after_all:
        dst.received[src.uid] = max(seq, dst.received.get(src.uid, 0))


def _pairs(street, communities):
    return [(street, c) for c in communities] + [(c, street) for c in communities]


def _snapshot(store, where="1"):
    return sorted(tuple(r) for r in store.execute(
        f"SELECT x.origin, x.origin_id, x.version, x.owner FROM exchange_row x WHERE {where}"))


def _assert_converged(street: Site, communities: list[Site], seed: int) -> None:
    """Each community holds exactly its own records, identical to the street's copy; no
    conflict anywhere; every site checks clean."""
    for c in communities:
        cid_s = street.community_id(c.community_code)
        cid_c = c.community_id(c.community_code)
        for table in ("resident", "hotline_ticket", "mediation_case"):
            at_street = sorted(tuple(r) for r in street.store.execute(
                f"SELECT x.origin, x.origin_id, x.version, x.owner FROM {table} t JOIN"
                f" exchange_row x ON x.tbl = '{table}' AND x.row_id = t.id"
                " WHERE t.community_id = ?", (cid_s,)))
            at_c = sorted(tuple(r) for r in c.store.execute(
                f"SELECT x.origin, x.origin_id, x.version, x.owner FROM {table} t JOIN"
                f" exchange_row x ON x.tbl = '{table}' AND x.row_id = t.id"
                " WHERE t.community_id = ?", (cid_c,)))
            assert at_street == at_c, (seed, table, c.name)
            others = c.store.scalar(f"SELECT COUNT(*) FROM {table}"
                                    " WHERE community_id IS NOT ?", (cid_c,))
            assert others == 0, (seed, table, c.name)
        assert c.store.scalar("SELECT COUNT(*) FROM exchange_conflict") == 0
        names_s = sorted(r[0] for r in street.store.execute(
            "SELECT name || notes FROM resident WHERE community_id = ?", (cid_s,)))
        names_c = sorted(r[0] for r in c.store.execute(
            "SELECT name || notes FROM resident WHERE community_id = ?", (cid_c,)))
        assert names_s == names_c
    assert street.store.scalar("SELECT COUNT(*) FROM exchange_conflict") == 0
    for s in (street, *communities):
        report = check(s.store)
        assert report.ok, [p.message for p in report.problems]


@pytest.mark.exhaustive
@pytest.mark.parametrize("seed", SEEDS)
def test_random_interleavings_converge(tmp_path, seed):
    street, a, b = make_sites(tmp_path)
    communities = [a, b]
    rng = random.Random(seed)
    pending: list[tuple] = []  # packages written and not yet delivered
    try:
        for s, c in _pairs(street, communities):  # the community list first
            seq, got = export(s, c)
            deliver(s, c, seq, got.payload)
        for n in range(STEPS):
            roll = rng.random()
            if roll < 0.5:
                _work(rng, street, communities, n)
            elif roll < 0.75:
                src, dst = rng.choice(_pairs(street, communities))
                pending.append((src, dst, *export(src, dst)))
            elif pending:
                i = rng.randrange(len(pending))  # any order
                src, dst, seq, got = pending[i]
                if rng.random() < 0.2:
                    pending.pop(i)  # lost
                    continue
                if KILLS and rng.random() < 0.5:
                    _deliver_killed(src, dst, seq, got.payload, rng, tmp_path / f"kill{n}")
                    continue  # delivered or not: the package stays to be delivered again
                deliver(src, dst, seq, got.payload)
                if rng.random() < 0.7:
                    pending.pop(i)  # else: delivered again later (a duplicate)
        for src, dst, seq, got in pending:  # late arrivals, in any order
            deliver(src, dst, seq, got.payload)
        for _ in range(2):  # settle: hand-overs answered, everything acknowledged
            for src, dst in _pairs(street, communities):
                seq, got = export(src, dst)
                deliver(src, dst, seq, got.payload)
        _assert_converged(street, communities, seed)
    finally:
        for s in (street, *communities):
            s.store.close()
