# SPDX-License-Identifier: MIT
"""Benchmark the domain lists and the monthly report at large volume.

Usage::

    python benchmarks/bench_domains.py [--size 1000000] [--db PATH] [--rebuild] [--runs 7]

Builds (or reuses) a database of ``--size`` 12345 tickets over 36 months across 12
communities, plus ``--size / 10`` mediation cases and as many enforcement cases
(``benchmarks/domains_data.py``), then prints medians with PASS/MISS against the targets:
a list's first page or jump ≤ 150 ms, search ≤ 50 ms, ``monthly.collect`` ≤ 1.5× its plain-SQL floor
(bench_report.py, measured in the same run). Numbers,
never assertions (design.md "benchmarks/").
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_common as common  # noqa: E402
import bench_report  # noqa: E402
import domains_data  # noqa: E402
from bench_common import line, ms  # noqa: E402

from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM  # noqa: E402
from jiedao_desk.core import search as core_search  # noqa: E402
from jiedao_desk.domains import enforcement, hotline, mediation
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.store import Store  # noqa: E402
from jiedao_desk.store import org as org_store  # noqa: E402

LIST_TARGET_MS = 150
SEARCH_TARGET_MS = 50


def build(path: Path, size: int, seed: int, rebuild: bool) -> None:
    """Create the benchmark database unless one with ``size`` tickets exists."""
    if path.exists() and not rebuild:
        with Store.open(path) as store:
            have = hotline.count_tickets(store)
        if have >= size:
            print(f"复用已有数据库 {path}（{have:,} 件工单）")
            return
        sys.exit(f"{path} 中有 {have:,} 件工单而不是 {size:,}；请加 --rebuild 或换 --db。")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    print(f"生成 {size:,} 件工单、{size // 10:,} 件调解案件、{size // 10:,} 件执法案件到 {path} …")
    started = time.perf_counter()
    with Store.open(path) as store:
        took = domains_data.build(store, size, size // 10, size // 10, seed,
                                  say=lambda s: print(s, end="", flush=True))
    for part, seconds in took.items():
        print(f"  {part:<44} {seconds:8.1f} s")
    print(f"  total with open/close: {time.perf_counter() - started:.1f} s; "
          f"file {path.stat().st_size / 2**20:.0f} MiB")


def bench_list(title: str, make, runs: int, sorts, filters, searches) -> None:
    """Count + first page, last page, sorts, filters and list search of one ListSource."""
    print(f"\n{title}")
    src = make()

    def first():
        src.refresh()
        return src.count(), src.page(0)

    def last():
        src.refresh()
        n = src.count()
        return n, src.page(max(0, n - src.page_size))

    value, (n, _) = ms(first, runs)
    line("count + first page (default order)", value, LIST_TARGET_MS, f"{n:,} rows")
    value, _ = ms(last, runs)
    line("count + last page (default order)", value, LIST_TARGET_MS)
    for key, desc in sorts:
        src.set_sort(key, desc)
        label = f"{key or 'id'} {'desc' if desc else 'asc'}"
        value, _ = ms(first, runs)
        line(f"sort {label}: count + first page", value, LIST_TARGET_MS)
        value, _ = ms(last, runs)
        line(f"sort {label}: count + last page", value, LIST_TARGET_MS)
    default_sort = sorts[0] if sorts else (None, False)
    for label, apply, clear in filters:
        src.set_sort(*default_sort)
        apply(src)
        value, (n, _) = ms(first, runs)
        line(f"filter {label}: count + first page", value, LIST_TARGET_MS, f"{n:,} rows")
        value, _ = ms(last, runs)
        line(f"filter {label}: count + last page", value, LIST_TARGET_MS)
        clear(src)
    for text in searches:
        src.set_search(text)
        value, (n, _) = ms(first, runs)
        line(f"list search “{text}”: count + first page", value, LIST_TARGET_MS, f"{n:,} rows")
        src.set_search("")


def _filter(key: str, value):
    return (lambda s: s.set_filter(key, value)), (lambda s: s.set_filter(key, None))


def bench(path: Path, runs: int) -> None:
    """Every measurement of the issue, on the database at ``path``."""
    store = Store.open(path)
    try:
        month = dt.date.today().replace(day=1) - dt.timedelta(days=1)
        month = f"{month:%Y-%m}"  # last month: complete, with return visits
        cid = org_store.list_communities(store)[0]["id"]
        bench_list("12345 工单列表（hotline.list_source）",
                   lambda: hotline.list_source(store, SYSTEM), runs,
                   [("received_at", True), ("received_at", False)],
                   [(f"month {month}", *_filter("month", month)),
                    ("state closed", *_filter("state", "closed")),
                    ("state dispatched", *_filter("state", "dispatched")),
                    (f"community {cid}", *_filter("community_id", cid)),
                    (f"ticket_no prefix {month[2:4]}{month[5:]}",
                     *_filter("ticket_no", f"{month[2:4]}{month[5:]}"))],
                   ["暖气不热", "和平里", "张伟"])
        bench_list("人民调解案件列表（mediation.list_source）",
                   lambda: mediation.list_source(store, SYSTEM), runs,
                   [("received_on", True), ("received_on", False), ("case_number", False)],
                   [("state accepted", *_filter("state", "accepted")),
                    ("state archived", *_filter("state", "archived")),
                    (f"committee c:{cid}", *_filter("committee_key", f"c:{cid}")),
                    ("dispute_type 邻里纠纷", *_filter("dispute_type", "邻里纠纷"))],
                   ["物业纠纷", "王"])

        def set_month(s):
            s.set_month(month)
        bench_list("综合执法案件列表（enforcement.list_source）",
                   lambda: enforcement.list_source(store, SYSTEM), runs,
                   [(None, True)],
                   [(f"month {month}", set_month, lambda s: s.set_month("")),
                    ("status filed", *_filter("status", "filed")),
                    ("status archived", *_filter("status", "archived")),
                    ("source hotline", *_filter("source", "hotline"))],
                   ["占道经营", "示例路12号"])

        print("\n报表与搜索")
        value, rows = ms(lambda: hotline.month_rates(store, SYSTEM, month), runs)
        line(f"hotline.month_rates {month}", value, None, f"{len(rows)} rows")
        value, _ = ms(lambda: hotline.trend(store, SYSTEM, month, 12), max(3, runs // 2))
        line("hotline.trend (12 months)", value)
        bench_report.bench_monthly(store, max(3, runs // 2))
        bench_report.bench_workdays(max(3, runs // 2))
        for key in ("access", "certificate", "forms", "mediation", "mediation_kinds",
                    "enforcement", "hotline"):
            fn = monthly._BUILDERS[key]
            first, last_day = monthly.month_bounds(month)
            value, _ = ms(lambda f=fn, a=first, b=last_day: f(store, SYSTEM, month, a, b),
                          max(3, runs // 2))
            line(f"  monthly builder: {key}", value)
        middle = hotline.count_tickets(store) // 2
        ticket_no = hotline.get_ticket(store, SYSTEM, middle).ticket_no
        for term in ["暖气不热", "楼道堆放", ticket_no, "张伟", "张伟 和平里"]:
            value, hits = ms(lambda t=term: core_search.search(
                store, SYSTEM, t, registry.search_sources()), runs)
            line(f"core.search.search “{term}”", value, SEARCH_TARGET_MS, f"{len(hits)} hits")
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    parser = common.parser(__doc__.splitlines()[0], "tickets (default 1e6)")
    parser.add_argument("--build-only", action="store_true", help="build, do not measure")
    args = parser.parse_args(argv)
    path = common.db_path(args.db, "jiedao-desk-bench-domains", args.size)
    common.print_machine()
    build(path, args.size, args.seed, args.rebuild)
    if not args.build_only:
        bench(path, args.runs)
    common.print_peak_memory()
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
