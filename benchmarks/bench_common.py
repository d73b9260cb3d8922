# SPDX-License-Identifier: MIT
"""What every benchmark script shares: timing medians, the PASS/MISS row, the command line and
the machine and memory lines (numbers are printed, never asserted: design.md "benchmarks/")."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def ms(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time of ``fn`` in milliseconds, and its last result."""
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def verdict(value: float, target: float | None) -> str:
    """PASS/MISS against a target in milliseconds ("" when there is none)."""
    if target is None:
        return ""
    return f"{'PASS' if value <= target else 'MISS'} (≤{target:.0f} ms)"


# Every row printed with a target, for the table at the end of a run (print_targets).
TARGETS: list[tuple[str, float, float, str]] = []


def line(label: str, value: float, target: float | None = None, extra: str = "") -> None:
    """Print one timing row with PASS/MISS when there is a target."""
    print(f"  {label:<48} {value:10.2f} ms  {verdict(value, target):<17} {extra}", flush=True)
    if target is not None:
        TARGETS.append((label.strip(), value, target, extra))


def print_targets() -> None:
    """Every target of the run in one table, each with its baseline from the same run."""
    if not TARGETS:
        return
    print("\n目标汇总（本次运行，基线同一次运行测得）")
    print(f"  {'measurement':<56} {'now':>10}  {'target':>10}  verdict  baseline / ratio")
    for label, value, target, extra in TARGETS:
        print(f"  {label:<56} {value:8.1f} ms  ≤{target:7.0f} ms  "
              f"{'PASS' if value <= target else 'MISS'}     {extra}")
    missed = sum(value > target for _, value, target, _ in TARGETS)
    print(f"  {len(TARGETS) - missed} of {len(TARGETS)} targets met")


def parser(description: str, size_help: str) -> argparse.ArgumentParser:
    """The options every benchmark takes: --size, --db, --seed, --runs, --rebuild."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--size", type=int, default=1_000_000, help=size_help)
    p.add_argument("--db", type=Path, help="database file (default: temp dir)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=7, help="runs per timing (median)")
    p.add_argument("--rebuild", action="store_true", help="regenerate the database")
    return p


def db_path(given: Path | None, stem: str, size: int) -> Path:
    """The database to build or reuse: ``given``, else ``<temp dir>/<stem>-<size>.sqlite3``."""
    return (given or Path(tempfile.gettempdir()) / f"{stem}-{size}.sqlite3").resolve()


def print_machine() -> None:
    """Python, SQLite, CPU count and the time, so a result table can say where it came from."""
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} CPU, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")


def print_peak_memory() -> None:
    """Peak resident memory of this process."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n峰值内存（本进程）：{peak:.0f} MiB")
