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
    return f"{'PASS' if value <= target else 'MISS'} (≤{target} ms)"


def line(label: str, value: float, target: float | None = None, extra: str = "") -> None:
    """Print one timing row with PASS/MISS when there is a target."""
    print(f"  {label:<48} {value:10.2f} ms  {verdict(value, target):<17} {extra}", flush=True)


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
