# SPDX-License-Identifier: MIT
"""Benchmark the ledger export: 100,000 rows × 12 columns to .xlsx (target ≤ 8 s).

Usage::

    python benchmarks/bench_ledger.py [--rows 100000] [--keep FILE.xlsx]

Builds a temporary database with ``--rows`` synthetic residents (``core.demo``), then exports
them through a ``ListSource`` of 12 columns (the residents list plus four more, one of them an
ISO date written as a date cell), sorted by name, exactly the path the 导出台账 button takes.
Prints rows, seconds, peak RSS and PASS/MISS; a number, never an assertion.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jiedao_desk import demo  # noqa: E402
from jiedao_desk.domains.residents import store as residents_store  # noqa: E402
from jiedao_desk.exports import ledger  # noqa: E402
from jiedao_desk.store import Store  # noqa: E402
from jiedao_desk.store.lists import Column, ListSource  # noqa: E402

TARGET_S = 8.0

EXTRA = (
    Column("household_no", "户号", "t.household_no", width=10),
    Column("notes", "备注", "t.notes", width=20),
    Column("created", "登记日期", "substr(t.created_at, 1, 10)", width=10),
    Column("rid", "编号", "t.id", width=8),
    Column("updated", "更新时间", "t.updated_at", width=19),
)


def main() -> int:
    """Run the benchmark and print the verdict."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--keep", metavar="FILE.xlsx", help="keep the exported file here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite3")
        t = time.perf_counter()
        demo.generate(store, args.rows)
        print(f"generated {args.rows:,} residents in {time.perf_counter() - t:.1f} s")
        columns = [c for c in residents_store.COLUMNS if c.key != "community_id"] + list(EXTRA)
        source = ListSource(store, "resident", columns, base_where="t.voided_at IS NULL",
                            search_entity=residents_store.ENTITY)
        source.set_sort("name")
        out = Path(args.keep) if args.keep else Path(tmp) / "ledger.xlsx"
        t = time.perf_counter()
        rows = ledger.export_ledger(source, out, "居民信息台账")
        seconds = time.perf_counter() - t
        store.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = out.stat().st_size / 1e6
        verdict = "PASS" if seconds <= TARGET_S else "MISS"
        print(f"ledger export: {rows:,} rows × {len(columns)} columns in {seconds:.2f} s "
              f"({rows / seconds:,.0f} rows/s), file {size:.1f} MB, peak RSS {peak:.0f} MB "
              f"(target ≤ {TARGET_S:.0f} s) {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
