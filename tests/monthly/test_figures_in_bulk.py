# SPDX-License-Identifier: MIT
"""monthly.collect reads the settings once per run and the enforcement clocks in bulk: the
figures on the demo data are the same as with a settings read per use and two queries per
case, with far fewer statements."""

import contextlib

import pytest

from jiedao_desk import demo, registry
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement import view as enforcement_view
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.store import Store

MONTHS = ("2026-09", "2026-10", "2026-11")


@pytest.fixture(scope="module")
def demo_store():
    s = registry.attach(Store.memory())  # the clocks stored as the app keeps them
    demo.generate(s, 300, seed=11)
    yield s
    s.conn.close()


def _run(store, month):
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        report = monthly.collect(store, SYSTEM, month)
    finally:
        store.conn.set_trace_callback(None)
    return [(d.spec.key, d.rows, d.figures) for d in report.domains], statements


def _per_use(monkeypatch):
    # The way it was: every setting read where it is used, every case's clocks counted from
    # its records, read alone.
    monkeypatch.setattr(settings_mod, "read_once", lambda store: contextlib.nullcontext())
    monkeypatch.setattr(enforcement_view.stored_clocks, "overdue", lambda store, today: None)
    monkeypatch.setattr(enforcement_view, "bulk_records", lambda store: None)


@pytest.mark.parametrize("month", MONTHS)
def test_the_figures_are_unchanged(demo_store, monkeypatch, month):
    bulk, bulk_sql = _run(demo_store, month)
    with monkeypatch.context() as m:
        _per_use(m)
        per_case, per_case_sql = _run(demo_store, month)
    assert bulk == per_case
    assert any(rows for _, rows, _ in bulk)  # the demo month has figures at all
    settings_reads = [s for s in bulk_sql if "FROM setting WHERE key" in s]
    assert settings_reads == []  # one read of the whole table instead
    assert len([s for s in bulk_sql if "FROM setting" in s]) == 1
    # the overdue clocks come from the stored clocks: no case record is read at all
    assert [s for s in bulk_sql if "FROM enforcement_event" in s] == []
    assert len([s for s in bulk_sql if "FROM enforcement_clock " in s]) == 1
    assert len(bulk_sql) < len(per_case_sql)


def test_the_enforcement_clocks_count_the_same_overdue(demo_store, monkeypatch):
    fast = enforcement_view.statistics(demo_store, SYSTEM, "2026-01-01", "2026-11-30")
    monkeypatch.setattr(enforcement_view.stored_clocks, "overdue", lambda store, today: None)
    counted = enforcement_view.statistics(demo_store, SYSTEM, "2026-01-01", "2026-11-30")
    monkeypatch.setattr(enforcement_view, "bulk_records", lambda store: None)
    slow = enforcement_view.statistics(demo_store, SYSTEM, "2026-01-01", "2026-11-30")
    assert fast == counted == slow and sum(fast.overdue_clocks.values()) > 0


def test_the_figures_are_unchanged_on_a_worked_month(store, tmp_path, monkeypatch):
    # The seeded month has enforcement cases taken through their steps (records, decisions,
    # payments), so the clocks read in bulk have records to count from.
    from tests.monthly_seed import seed

    seed(store, tmp_path, monkeypatch)
    for month in ("2026-10", "2026-11"):
        bulk, bulk_sql = _run(store, month)
        with monkeypatch.context() as m:
            _per_use(m)
            per_case, per_case_sql = _run(store, month)
        assert bulk == per_case, month
        assert len(bulk_sql) < len(per_case_sql)


def test_every_cases_clocks_are_the_same_read_in_bulk(demo_store):
    from jiedao_desk.core.workdays import load_calendar
    from jiedao_desk.domains.enforcement import store as es

    cal, bulk = load_calendar(demo_store), enforcement_view.bulk_records(demo_store)
    assert bulk[0]  # demo cases decided on the spot have their decision and payment records
    for case in es.list_cases(demo_store):
        # what each case's clocks are counted from is the same read either way …
        assert bulk[0].get(case.id, []) == es.events(demo_store, case.id), case.id
        assert bulk[1].get(case.id, []) == es.publications(demo_store, case.id), case.id
        # … and so are the clocks
        assert (enforcement_view.clocks_of(demo_store, case, cal, bulk)
                == enforcement_view.clocks_of(demo_store, case, cal)), case.id
