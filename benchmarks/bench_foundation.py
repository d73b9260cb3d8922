# SPDX-License-Identifier: MIT
"""Benchmark the foundation at scale: demo data, search, list paging and the Qt table.

Usage::

    python benchmarks/bench_foundation.py [--size 1000000] [--db PATH] [--rebuild]

Builds (or reuses) a database of ``--size`` synthetic residents with ``core.demo`` and prints
timings with PASS/MISS against the targets of the issue: search ≤ 50 ms, first paint of the
residents table ≤ 150 ms, jump to the last row ≤ 50 ms. Timings are medians of several runs
with a warm OS cache; numbers, never assertions (design.md "benchmarks/").
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

# Before anything imports PySide6: no display on build machines.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_common as common  # noqa: E402
from bench_common import line, ms  # noqa: E402

from jiedao_desk import (
    demo,  # noqa: E402
    registry,
)
from jiedao_desk.base.actor import SYSTEM  # noqa: E402
from jiedao_desk.core import search as core_search  # noqa: E402
from jiedao_desk.domains.residents import store as residents_store  # noqa: E402
from jiedao_desk.store import Store  # noqa: E402
from jiedao_desk.store import search as search_store  # noqa: E402

SEARCH_TARGET_MS = 50
FIRST_PAINT_TARGET_MS = 150
JUMP_TARGET_MS = 50

SEARCH_TERMS = {  # length → terms (common words of the demo data, so hits are plentiful)
    1: ["张", "淼"],
    2: ["和平", "张伟", "老人"],
    3: ["和平里", "北苑家", "3号楼"],
    4: ["北苑家园", "独居老人", "柳荫胡同"],
}


def build(path: Path, size: int, seed: int, rebuild: bool) -> None:
    """Create the benchmark database unless a matching one exists."""
    if path.exists() and not rebuild:
        with Store.open(path) as store:
            have = residents_store.count(store)
        if have == size:
            print(f"复用已有数据库 {path}（{have:,} 名居民）")
            return
        sys.exit(f"{path} 中有 {have:,} 名居民而不是 {size:,}；请加 --rebuild 或换 --db。")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    print(f"生成 {size:,} 名演示居民到 {path} …")
    started = time.perf_counter()

    def progress(done: int, total: int, text: str) -> None:
        print(f"\r  {text}（{time.perf_counter() - started:.1f} 秒）", end="", flush=True)

    with Store.open(path) as store:
        result = demo.generate(store, size, seed=seed, progress=progress)
    print(f"\n  demo.generate: {result.seconds:.1f} s; with open/close: "
          f"{time.perf_counter() - started:.1f} s; file {path.stat().st_size / 2**20:.0f} MiB")


def bench_store(path: Path, runs: int) -> None:
    """Open, search and list timings (no Qt)."""
    print("\n数据库与搜索")

    def open_close():
        s = Store.open(path)
        s.conn.close()  # not Store.close(): its PRAGMA optimize is not part of opening

    value, _ = ms(open_close, runs)
    line("Store.open (migrations check, WAL)", value)
    store = Store.open(path)
    try:
        for length, terms in SEARCH_TERMS.items():
            for term in terms:
                value, hits = ms(lambda t=term: core_search.search(
                    store, SYSTEM, t, registry.search_sources()), runs)
                target = SEARCH_TARGET_MS if length >= 2 else None
                line(f"search {length}-char “{term}” (50 newest + titles)", value, target,
                     f"{len(hits)} hits")
        for text in ["张 和平", "伟 北苑家园"]:
            value, hits = ms(lambda t=text: core_search.search(
                    store, SYSTEM, t, registry.search_sources()), runs)
            line(f"search “{text}” (all terms)", value, SEARCH_TARGET_MS, f"{len(hits)} hits")

        print("\n列表数据（ListSource，居民，未作废）")
        src = residents_store.list_source(store)

        def count_and_first():
            src.refresh()
            return src.count(), src.page(0)

        value, (total, _) = ms(count_and_first, runs)
        line("count + first page (by id)", value, None, f"{total:,} rows")
        for key in (None, "name", "birth_date", "address"):
            src.set_sort(key)
            value, _ = ms(lambda: (src.refresh(), src.page(0)), runs)
            line(f"first page, sort {key or 'id'}", value)
            last = max(0, src.count() - src.page_size)
            value, _ = ms(lambda la=last: (src.refresh(), src.page(la)), max(3, runs // 2))
            line(f"last page (OFFSET {last:,}), sort {key or 'id'}", value, JUMP_TARGET_MS)
        src.set_sort(None)
        community = store.scalar("SELECT MIN(id) FROM community WHERE voided_at IS NULL")
        one = residents_store.list_source(store, community_id=community)
        value, n = ms(lambda: (one.refresh(), one.count())[1], runs)
        line("one community: count", value, None, f"{n:,} rows")
        one.set_sort("name")
        value, _ = ms(lambda: (one.refresh(), one.page(0)), runs)
        line("one community: first page, sort name", value)
        for text in ["张伟", "和平里", "张"]:
            src.set_search(text)
            value, n = ms(lambda: (src.refresh(), src.count(), src.page(0))[1], runs)
            line(f"list search “{text}”: count + first page", value, None, f"{n:,} rows")
        hits = search_store.search(store, "和平里", entity="resident", limit=1)
        assert hits, "demo data should contain 和平里"
    finally:
        store.close()


def bench_qt(path: Path, runs: int) -> None:
    """The residents table: first paint and jump to the end in an offscreen QTableView."""
    from PySide6.QtWidgets import QApplication, QTableView

    from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view

    print("\nQt 表格（offscreen，QTableView 1200×800，WindowedTableModel）")
    app = QApplication.instance() or QApplication([])
    store = Store.open(path)
    try:
        for key in (None, "name"):
            paints, jumps = [], []
            for _ in range(runs):
                view = QTableView()
                view.resize(1200, 800)
                t = time.perf_counter()
                source = residents_store.list_source(store)
                if key:
                    source.set_sort(key)
                model = WindowedTableModel(source)
                configure_view(view, model)
                view.show()
                app.processEvents()
                paints.append((time.perf_counter() - t) * 1000)
                reads = model.page_reads
                t = time.perf_counter()
                view.scrollToBottom()
                app.processEvents()
                jumps.append((time.perf_counter() - t) * 1000)
                # The timings only count if the view really read the rows it showed.
                assert reads >= 1 and model.page_reads > reads, (reads, model.page_reads)
                last = view.rowAt(view.viewport().height() - 2)
                assert last == model.rowCount() - 1, (last, model.rowCount())
                view.close()
                view.deleteLater()
                app.processEvents()
            label = f"sort {key or 'id'}"
            line(f"first paint ({label}), first run", paints[0], FIRST_PAINT_TARGET_MS)
            line(f"first paint ({label}), median", statistics.median(paints),
                 FIRST_PAINT_TARGET_MS)
            line(f"jump to last row ({label}), median", statistics.median(jumps),
                 JUMP_TARGET_MS)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    parser = common.parser(__doc__.splitlines()[0], "residents (default 1e6)")
    parser.add_argument("--no-qt", action="store_true", help="skip the Qt part")
    args = parser.parse_args(argv)
    path = common.db_path(args.db, "jiedao-desk-bench", args.size)
    common.print_machine()
    build(path, args.size, args.seed, args.rebuild)
    bench_store(path, args.runs)
    if not args.no_qt:
        bench_qt(path, max(3, args.runs // 2))
    common.print_peak_memory()
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
