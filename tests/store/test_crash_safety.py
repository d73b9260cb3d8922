# SPDX-License-Identifier: MIT
"""Kill a writer with SIGKILL at random moments; every committed action must survive and the
database and audit chain must stay sound (WAL + synchronous=FULL)."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jiedao_desk.core.check import check
from jiedao_desk.store import Store

WRITER = r"""
import sys
from jiedao_desk.domains.org import service as org
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.store import Store
store = Store.open(sys.argv[1])
run = sys.argv[2]
i = 0
print("ready", flush=True)
while True:
    i += 1
    org.add_community(store, SYSTEM, f"社区{run}-{i}", f"{run}-{i}")
    print(f"{run}-{i}", flush=True)  # reported only after the commit returned
"""

KILLS = int(os.environ.get("JIEDAO_CRASH_KILLS", "50"))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_never_loses_committed_actions(tmp_path):
    db = tmp_path / "crash.sqlite3"
    Store.open(db).close()
    rng = random.Random(20261123)
    committed: list[str] = []
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    for run in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(run)],
                                stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout.readline().strip() == "ready"
        seen: list[str] = []
        reader = threading.Thread(target=lambda p=proc, s=seen: s.extend(
            line.strip() for line in p.stdout), daemon=True)
        reader.start()
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(5)
        committed += [s for s in seen if s]
        store = Store.open(db)
        try:
            report = check(store)
            assert report.ok, report.problems
            codes = {r["code"] for r in store.rows("SELECT code FROM community")}
            missing = [c for c in committed if c not in codes]
            assert missing == [], f"run {run}: committed but lost: {missing[:5]}"
        finally:
            store.close()
    assert len(committed) > KILLS  # the writers really did work between kills
