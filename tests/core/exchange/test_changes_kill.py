# SPDX-License-Identifier: MIT
"""An import killed (SIGKILL) at a random moment leaves nothing half-applied: afterwards the
database checks clean and holds none or all of the package, and importing it again
completes it. (The reduced form — an import failing halfway in-process — runs in
test_changes.py.)"""

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
from jiedao_desk.core.check import check
from jiedao_desk.core.exchange import apply as applying
from jiedao_desk.domains import residents
from jiedao_desk.store import Store
from tests.core.exchange.sites import exchange, export, make_sites

IMPORTER = r"""
import sys
from pathlib import Path
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core.exchange import apply
from jiedao_desk.store import Store
store = Store.open(sys.argv[1])
payload = Path(sys.argv[2]).read_bytes()
print("ready", flush=True)
apply.apply(store, SYSTEM, payload, sys.argv[3], 1)
print("done", flush=True)
"""
KILLS = int(os.environ.get("JIEDAO_CRASH_KILLS", "12"))
PEOPLE = 600


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_import_leaves_none_or_all(tmp_path):
    street, a, b = make_sites(tmp_path / "sites")
    exchange(street, a)
    cid = a.community_id("A01")
    with a.store.atomic():
        for n in range(PEOPLE):
            residents.add_resident(a.store, SYSTEM, cid, f"居民{n}")
    seq, got = export(a, street)
    payload = tmp_path / "package.bin"
    payload.write_bytes(got.payload)
    sender = a.uid
    for s in (street, a, b):
        s.store.close()
    base = tmp_path / "sites" / "street.sqlite3"
    rng = random.Random(20261206)
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}

    def start(folder: Path) -> tuple[Path, subprocess.Popen]:
        folder.mkdir()
        db = folder / "street.sqlite3"
        shutil.copy(base, db)
        shutil.copy(base.with_name(base.name + ".anchor"), db.with_name(db.name + ".anchor"))
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(db), str(payload), sender],
                                stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        return db, proc

    # How long an import takes on this machine (fast or loaded), so that the kills land
    # across the import itself rather than all before or all after it.
    _, proc = start(tmp_path / "timing")
    began = time.monotonic()
    assert proc.stdout is not None and proc.stdout.readline().strip() == "done"
    took = time.monotonic() - began
    proc.wait()
    outcomes = set()
    for run in range(KILLS):
        db, proc = start(tmp_path / f"run{run}")
        time.sleep(rng.uniform(0.1, 1.1) * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = Store.open(db)
        try:
            report = check(store)
            assert report.ok, [p.message for p in report.problems]
            count = store.scalar("SELECT COUNT(*) FROM resident")
            assert count in (0, PEOPLE), f"run {run}: half applied ({count})"
            assert store.scalar("SELECT COUNT(*) FROM exchange_applying") == 0
            outcomes.add(count)
            again = applying.apply(store, SYSTEM, payload.read_bytes(), sender, seq)
            assert store.scalar("SELECT COUNT(*) FROM resident") == PEOPLE
            assert again.inserted in (0, PEOPLE)
        finally:
            store.close()
    assert 0 in outcomes  # some kills really landed inside the import
