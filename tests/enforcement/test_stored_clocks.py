# SPDX-License-Identifier: MIT
"""Stored clocks (enforcement_clock) equal what counting every case's records gives: after the
demo's cases were made through the domain's actions, after a local rest day and an imported
holiday notice, after a 公示 setting changed, and while a case written without the hook waits
for its recount. The todo list and the report's overdue figure read them."""

import datetime as dt

import pytest

from jiedao_desk import demo, registry
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core import catalog, workdays
from jiedao_desk.core import settings as settings_core
from jiedao_desk.domains.enforcement import publication, store_clocks, stored_clocks, view
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

TODAYS = [dt.date(2026, 5, 1), dt.date(2026, 11, 23), dt.date(2026, 12, 20),
          dt.date(2027, 3, 1)]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """A demo database (its cases made through the domain's actions), built once."""
    path = tmp_path_factory.mktemp("stored-clocks") / "demo.sqlite3"
    with registry.attach(Store.open(path)) as s:
        demo.generate(s, 300, seed=5)
    return path


@pytest.fixture
def demo_store(demo_db, tmp_path):
    copy = tmp_path / "demo.sqlite3"
    with Store.open(demo_db, migrate=False) as s:  # a consistent copy of the WAL file
        s.execute("VACUUM INTO ?", (str(copy),))
    s = registry.attach(Store.open(copy))
    yield s
    s.close()


def counted(store) -> dict[int, list]:
    """Every case's clocks as the case page counts them from its records."""
    cal = workdays.load_calendar(store)
    return {c.id: ([] if c.voided_at else view.clocks_of(store, c, cal))
            for c in es.list_cases(store, include_void=True)}


def assert_stored_equal_counted(store) -> None:
    assert not stored_clocks.behind(store)
    stored = store_clocks.stored(store)
    expected = counted(store)
    assert {k: v for k, v in stored.items() if v} == {k: v for k, v in expected.items() if v}
    cal = workdays.load_calendar(store)
    for today in TODAYS:
        running = stored_clocks.running(store, today)
        assert running is not None
        assert sorted(running, key=repr) == sorted(view._running_counted(store, today, cal),
                                                   key=repr)
        assert stored_clocks.overdue(store, today) == view.overdue_counted(store, today, cal)


def test_the_demo_cases_clocks_are_stored_as_counted(demo_store):
    cases = es.list_cases(demo_store, include_void=True)
    assert len(cases) >= 6
    stored = store_clocks.stored(demo_store)
    assert sum(len(v) for v in stored.values()) >= 6  # something to compare
    assert_stored_equal_counted(demo_store)
    # The todo list and the report read the stored rows: same items as counting them.
    found = view.todo_items(demo_store, SYSTEM, dt.date(2026, 11, 23),
                            workdays.load_calendar(demo_store))
    assert found and all(i.domain == "enforcement" for i in found)


def test_a_local_rest_day_and_an_imported_notice_recount_them(demo_store, tmp_path):
    running = stored_clocks.running(demo_store, dt.date(2026, 11, 23))
    # Make the due days of some running clocks rest days: their clocks must move.
    days = sorted({c.due for _, _, _, c in running if c.due >= dt.date(2026, 11, 24)})[:3]
    assert days
    before = store_clocks.stored(demo_store)
    for day in days:
        workdays.set_override(demo_store, SYSTEM, day, False, "本地停工",
                              on_calendar_change=registry.calendar_changed)
    assert store_clocks.stored(demo_store) != before
    assert_stored_equal_counted(demo_store)
    moved = [r for r in audit_store.query(demo_store)
             if r["action"] == "calendar.recompute" and r["entity"] == "enforcement_case"]
    assert moved  # one audit row per case whose dates moved
    # A yearly notice with rest days across 2027.
    path = tmp_path / "holiday_notice--2027.toml"
    items = "".join(f'\n[[items]]\nseq = {i}\ncode = "2027-{m:02d}-{d:02d}"\ntext = "测试休息日"\n'
                    'category = "holiday"\n'
                    for i, (m, d) in enumerate(((1, 4), (1, 5), (2, 22), (3, 1), (3, 2)), 1))
    path.write_text(NOTICE + items, encoding="utf-8")
    catalog.import_version(demo_store, SYSTEM, path, on_calendar_change=registry.calendar_changed)
    assert_stored_equal_counted(demo_store)


def test_a_publication_setting_recounts_them_in_its_own_transaction(demo_store):
    key = publication.SETTINGS["enforcement.publication.working_days"]
    settings_core.set_value(demo_store, SYSTEM, key, 3)
    assert_stored_equal_counted(demo_store)
    assert any(c.key == "publication" and "3个工作日" in c.label
               for cs in store_clocks.stored(demo_store).values() for c in cs) \
        or not any(c.key == "publication" for cs in counted(demo_store).values() for c in cs)


def test_a_case_written_without_the_hook_is_counted_from_its_records(demo_store, demo_db):
    case = next(c for c in es.list_cases(demo_store) if c.state == "filed")
    # Another connection with no hook (a worker): the trigger marks the case stale.
    with Store.open(demo_store.path) as other, other.atomic():
        es.update_case(other, case.id, filed_on=case.filed_on - dt.timedelta(days=40))
    assert store_clocks.stale_ids(demo_store) == [case.id]
    cal = workdays.load_calendar(demo_store)
    today = dt.date(2026, 11, 23)
    assert sorted(stored_clocks.running(demo_store, today), key=repr) == \
        sorted(view._running_counted(demo_store, today, cal), key=repr)
    assert stored_clocks.overdue(demo_store, today) == view.overdue_counted(demo_store, today, cal)
    registry.bring_up_to_date(demo_store)  # the next transaction of an attached store
    assert store_clocks.stale_ids(demo_store) == []
    assert_stored_equal_counted(demo_store)


def test_an_upgraded_database_counts_from_records_until_brought_up_to_date(demo_store):
    # As migration m021 leaves it: no basis recorded, no rows.
    with demo_store.atomic():
        demo_store._before_commit.clear()
        demo_store.execute("DELETE FROM enforcement_clock")
        demo_store.execute("DELETE FROM enforcement_clock_basis")
    today = dt.date(2026, 11, 23)
    assert stored_clocks.running(demo_store, today) is None
    assert stored_clocks.overdue(demo_store, today) is None
    cal = workdays.load_calendar(demo_store)
    expected = view._running_counted(demo_store, today, cal)
    assert len(view.todo_items(demo_store, SYSTEM, today, cal)) == len(expected)
    registry.attach(demo_store)
    assert registry.bring_up_to_date(demo_store) == ["执法案件的法定期限"]
    assert registry.bring_up_to_date(demo_store) == []
    assert_stored_equal_counted(demo_store)


def test_a_failed_action_leaves_no_stored_clock(store, actor, monkeypatch):
    from jiedao_desk.domains import enforcement

    def broken(store):
        raise RuntimeError("recount failed")

    store._before_commit.insert(0, broken)
    with pytest.raises(RuntimeError):
        enforcement.register_lead(store, actor, source="patrol", found_on="2026-11-20",
                                  place="示例路1号", description="占道经营")
    assert store.scalar("SELECT count(*) FROM enforcement_case") == 0
    assert store.scalar("SELECT count(*) FROM enforcement_clock_stale") == 0


NOTICE = """
[catalog]
key = "holiday_notice"
title = "国务院办公厅关于2027年部分节假日安排的通知（测试）"

[version]
label = "2027"
issuer = "测试数据"
doc_number = ""
effective_from = "2027-01-01"
effective_to = "2027-12-31"
source_urls = []
confidence = "unknown"
notes = "测试用，非正式通知"
"""
