# SPDX-License-Identifier: MIT
"""A street and two community PCs through random interleavings of work, exports, lost,
duplicated and reordered packages; at the end (every site exporting to every other until
nothing is waiting) each site holds exactly what it may see, identical to the owner's.

One seed in the normal run; ``JIEDAO_EXHAUSTIVE=1`` runs twenty, longer."""

from __future__ import annotations

import os
import random

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core.check import check
from jiedao_desk.domains import hotline, mediation, residents
from tests.core.exchange.sites import deliver, export, make_sites

EXHAUSTIVE = os.environ.get("JIEDAO_EXHAUSTIVE") == "1"
SEEDS = range(20) if EXHAUSTIVE else [7]
STEPS = 120 if EXHAUSTIVE else 40
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


def _pairs(street, communities):
    return [(street, c) for c in communities] + [(c, street) for c in communities]


def _snapshot(store, where="1"):
    return sorted(tuple(r) for r in store.execute(
        f"SELECT x.origin, x.origin_id, x.version, x.owner FROM exchange_row x WHERE {where}"))


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
                deliver(src, dst, seq, got.payload)
                if rng.random() < 0.7:
                    pending.pop(i)  # else: delivered again later (a duplicate)
        for src, dst, seq, got in pending:  # late arrivals, in any order
            deliver(src, dst, seq, got.payload)
        for _ in range(2):  # settle: hand-overs answered, everything acknowledged
            for src, dst in _pairs(street, communities):
                seq, got = export(src, dst)
                deliver(src, dst, seq, got.payload)
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
    finally:
        for s in (street, *communities):
            s.store.close()
