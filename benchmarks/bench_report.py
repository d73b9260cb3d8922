# SPDX-License-Identifier: MIT
"""The monthly report against its plain-SQL floor, and working-day counting (index against
the day-by-day walk), each ratio measured in the same run.

The floor is the SQL the report cannot do without: the month's counts of every domain as
GROUP BY queries, and the columns the enforcement clocks are counted from for every live case
(its dates and its records). What ``monthly.collect`` spends on top of that is Python: turning
rows into cases and counting each case's clocks on the working-day calendar.

    python benchmarks/bench_report.py --db /tmp/bench.sqlite3
on a database bench_domains.py built (which runs both of these too, after its lists).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_common as common  # noqa: E402

from jiedao_desk.base.actor import SYSTEM  # noqa: E402
from jiedao_desk.core.workdays import WorkCalendar, load_calendar  # noqa: E402
from jiedao_desk.domains.enforcement import stored_clocks, view  # noqa: E402
from jiedao_desk.domains.monthly import report as monthly  # noqa: E402
from jiedao_desk.store import Store  # noqa: E402

RATIO_TARGET = 1.5


def floor(store: Store, month: str, clock_inputs: bool = False) -> int:
    """The report's figures in plain SQL (no Python per row); returns the rows read.

    The overdue clocks are one GROUP BY over the stored clocks, as the report reads them;
    with ``clock_inputs`` instead every live case's dates and records they are counted from
    (the floor while the report counted the clocks itself: a looser one)."""
    first, last = monthly.month_bounds(month)
    today = dt.date.today().isoformat()
    month_sql = [
        ("SELECT community_id, count(*), sum(closed_at IS NOT NULL), sum(visit_contacted),"
         " sum(visit_solved), sum(visit_satisfaction = '满意') FROM hotline_ticket"
         " WHERE month = ? AND voided_at IS NULL GROUP BY community_id", (month,)),
        ("SELECT committee_key, dispute_type, source, count(*) FROM mediation_case"
         " WHERE received_on BETWEEN ? AND ? AND voided_at IS NULL"
         " GROUP BY committee_key, dispute_type, source", (first, last)),
        ("SELECT source, power_text, status, count(*) FROM enforcement_case"
         " WHERE found_on BETWEEN ? AND ? AND voided_at IS NULL"
         " GROUP BY source, power_text, status", (first, last)),
        ("SELECT sum(fine_fen) FROM enforcement_case WHERE decided_on BETWEEN ? AND ?"
         " AND voided_at IS NULL", (first, last)),
        ("SELECT sum(paid_fen) FROM enforcement_case WHERE paid_on BETWEEN ? AND ?"
         " AND voided_at IS NULL", (first, last)),
        ("SELECT state, count(*) FROM access_request WHERE received_on BETWEEN ? AND ?"
         " GROUP BY state", (first, last)),
    ]
    stored = [
        ("SELECT label, count(*) FROM enforcement_clock WHERE done_on IS NULL AND earliest = 0"
         " AND party_option = 0 AND due_on < ? GROUP BY label", (today,)),
    ]
    inputs = [
        # what the overdue clocks are counted from: every live case's dates and records
        ("SELECT id, procedure, status, found_on, filed_on, decided_on, served_on, paid_on,"
         " closed_on, fine_fen, publish_required FROM enforcement_case"
         " WHERE voided_at IS NULL", ()),
        ("SELECT case_id, kind, day FROM enforcement_event WHERE voided_at IS NULL", ()),
        ("SELECT case_id, published_on FROM enforcement_publication"
         " WHERE voided_at IS NULL", ()),
    ]
    month_sql += inputs if clock_inputs else stored
    return sum(len(store.conn.execute(sql, params).fetchall()) for sql, params in month_sql)


def bench_monthly(store: Store, runs: int) -> None:
    """monthly.collect against its floor, last month."""
    month = f"{dt.date.today().replace(day=1) - dt.timedelta(days=1):%Y-%m}"
    loose, loose_read = common.ms(lambda: floor(store, month, clock_inputs=True), runs)
    common.line("  plain-SQL floor reading every case's clock inputs", loose, None,
                f"{loose_read:,} rows read")
    base, read = common.ms(lambda: floor(store, month), runs)
    common.line(f"plain-SQL floor {month}", base, None, f"{read:,} rows read")
    value, rep = common.ms(lambda: monthly.collect(store, SYSTEM, month), runs)
    common.line(f"monthly.collect {month}", value, RATIO_TARGET * base,
                f"{value / base:.2f}× the plain-SQL floor of {base:.0f} ms "
                f"(target ≤ {RATIO_TARGET}×)")
    # The same report counting every case's clocks from its records (what it did before the
    # clocks were stored), in the same run.
    real = stored_clocks.overdue
    stored_clocks.overdue = lambda store, today: None
    try:
        counted, rep2 = common.ms(lambda: monthly.collect(store, SYSTEM, month),
                                  max(1, runs // 2))
    finally:
        stored_clocks.overdue = real
    same = [d.figures for d in rep.domains] == [d.figures for d in rep2.domains]
    common.line("  … counting every case's clocks instead", counted, None,
                f"{counted / base:.2f}× the floor; figures identical: {same}")
    today = dt.date.today()
    cal = load_calendar(store)
    todo, items = common.ms(lambda: view.todo_items(store, SYSTEM, today, cal), runs)
    old, old_items = common.ms(lambda: view._running_counted(store, today, cal),
                               max(1, runs // 2))
    common.line("enforcement todo from the stored clocks", todo, None,
                f"{len(items):,} items; counted from the records: {old:.0f} ms "
                f"({len(old_items):,})")


def bench_workdays(runs: int) -> None:
    """"Working days between" and "add N working days": the index against the walk."""
    cal = WorkCalendar()
    rng = random.Random(5)
    pairs = [(dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365)),
              rng.randint(1, 120)) for _ in range(20_000)]

    def walk() -> None:
        for start, n in pairs:
            cal._walk(start, n)

    def index() -> None:
        for start, n in pairs:
            cal.add_working_days(start, n)
            cal.working_days_between(start, start + dt.timedelta(days=n))

    cal.add_working_days(dt.date(2026, 1, 1), 1)  # build the index outside the timing
    w, _ = common.ms(walk, max(1, runs // 3))
    i, _ = common.ms(index, runs)
    common.line("workdays: 20,000 × add-n by day-by-day walk", w)
    common.line("workdays: 20,000 × (add-n + between) on the index", i, None,
                f"{w / i:.0f}× faster than the walk for half the work")


def main(argv: list[str] | None = None) -> int:
    """Run both measurements; returns the exit code."""
    parser = common.parser(__doc__.splitlines()[0], "tickets (default 1e6)")
    args = parser.parse_args(argv)
    path = common.db_path(args.db, "jiedao-desk-bench-domains", args.size)
    if not path.exists():
        sys.exit(f"{path} 不存在：先用 bench_domains.py --build-only 生成。")
    common.print_machine()
    bench_workdays(args.runs)
    store = Store.open(path)
    try:
        bench_monthly(store, args.runs)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
