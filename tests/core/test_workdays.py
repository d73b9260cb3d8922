# SPDX-License-Identifier: MIT
"""The working-day calendar: the cumulative index against the day-by-day oracle, the statutory
holidays of years without official data, and imported yearly notices."""

import datetime as dt
import random

import pytest

from jiedao_desk.core import catalog, holidays, workdays
from jiedao_desk.core.deadlines import add_working_days, working_days_between
from jiedao_desk.core.workdays import WorkCalendar, load_calendar

D = dt.date
CAL = WorkCalendar({D(2026, 3, 3): (False, "本地停工"), D(2027, 2, 13): (True, "本地补班")})
SPANS = range(1, 121)


def walk_between(cal: WorkCalendar, a: dt.date, b: dt.date) -> tuple[int, bool]:
    """The oracle: count working days in (a, b] one day at a time."""
    lo, hi = min(a, b), max(a, b)
    count, ok, day = 0, True, lo
    while day < hi:
        day += dt.timedelta(days=1)
        info = cal.day_info(day)
        count += info.workday
        ok &= info.confirmed
    return (count if b >= a else -count), ok


def walk_add(cal: WorkCalendar, start: dt.date, n: int) -> tuple[dt.date, bool]:
    """The oracle: step day by day until ``n`` working days have passed."""
    step, remaining, day, ok = (1 if n >= 0 else -1), abs(n), start, True
    while remaining:
        day += dt.timedelta(days=step)
        info = cal.day_info(day)
        ok &= info.confirmed
        remaining -= info.workday
    return day, ok


def walk_from(cal: WorkCalendar, start: dt.date, step: int, days: int):
    """The oracle in one pass: for each day passed, (day, working days so far, all confirmed)."""
    count, ok, day = 0, True, start
    for _ in range(days):
        day += dt.timedelta(days=step)
        info = cal.day_info(day)
        count += info.workday
        ok &= info.confirmed
        yield day, count, ok, info.workday


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_index_equals_the_oracle_on_every_start_day(year):
    # Every start day of the year, every span and every count from 1 to 120, both ways; the
    # oracle walks once per start day and direction, recording what it passes.
    day = D(year, 1, 1)
    while day.year == year:
        for step in (1, -1):
            reached: dict[int, tuple[dt.date, bool]] = {}
            for span, (end, count, ok, workday) in enumerate(walk_from(CAL, day, step, 260), 1):
                if span in SPANS and step == 1:
                    assert CAL.working_days_between(day, end) == (count, ok), (day, span)
                    assert CAL.working_days_between(end, day) == (-count, ok), (day, span)
                if workday and count <= SPANS.stop - 1:
                    reached[count] = (end, ok)
            for n in SPANS:
                assert CAL.add_working_days(day, n * step) == reached[n], (day, n * step)
        nxt = next((d, ok) for d, _, ok, w in walk_from(CAL, day - dt.timedelta(days=1), 1, 30)
                   if w)
        assert CAL.next_workday(day) == nxt, day
        assert CAL.is_workday(day) == CAL.day_info(day).workday, day
        day += dt.timedelta(days=1)


def _random_pairs(count: int) -> None:
    rng = random.Random(20261204)
    for _ in range(count):
        a = D(2015, 1, 1) + dt.timedelta(days=rng.randrange(15 * 365))
        b = a + dt.timedelta(days=rng.randint(-400, 400))
        assert CAL.working_days_between(a, b) == walk_between(CAL, a, b), (a, b)
        n = rng.randint(-200, 200)
        assert CAL.add_working_days(a, n) == walk_add(CAL, a, n), (a, n)


def test_index_equals_the_oracle_on_random_pairs():
    _random_pairs(2_000)


@pytest.mark.slow
def test_index_equals_the_oracle_on_100000_random_pairs():
    _random_pairs(100_000)


def test_outside_the_index_the_walk_is_used():
    old = D(1995, 6, 1)
    assert CAL.add_working_days(old, 10) == walk_add(CAL, old, 10)
    assert CAL.working_days_between(old, D(1995, 8, 1)) == walk_between(CAL, old, D(1995, 8, 1))


def test_make_up_workday_and_national_day_2026():
    # 2026: 10-01..10-07 holiday, 10-10 (Saturday) and 09-20 (Sunday) make-up workdays
    assert add_working_days(D(2026, 9, 30), 1, CAL).date == D(2026, 10, 8)
    assert add_working_days(D(2026, 10, 9), 1, CAL).date == D(2026, 10, 10)
    assert working_days_between(D(2026, 9, 19), D(2026, 9, 21), CAL) == 2


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_match_the_official_years(year):
    # The 放假办法's own days are holidays in every official notice since the 2025 amendment.
    official = WorkCalendar()
    days = holidays.statutory_holidays(year)
    assert len(days) == 13
    assert all(not official.day_info(d).workday for d in days)


def test_2027_holidays_are_premarked_and_unconfirmed():
    cal = WorkCalendar()
    new_year = cal.day_info(D(2027, 1, 1))
    assert (new_year.workday, new_year.confirmed) == (False, False)
    assert "元旦" in new_year.reason and "调休安排未公布" in new_year.reason
    for day in (D(2027, 2, 5), D(2027, 2, 8), D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 3)):
        assert cal.day_info(day).workday is False, day
    # A deadline reaching over New Year's Day 2027 skips it and says it is not confirmed.
    due = add_working_days(D(2026, 12, 30), 2, cal)
    assert due.date == D(2027, 1, 4) and not due.confirmed and "待核实" in due.note


NOTICE = """
[catalog]
key = "holiday_notice"
title = "国务院办公厅部分节假日安排的通知"

[version]
label = "2040"
issuer = "国务院办公厅"
doc_number = "国办发明电〔2039〕1号"
effective_from = "2040-01-01"
effective_to = "2040-12-31"
source_urls = []
confidence = "exact"
notes = "测试用"

[[items]]
seq = 1
code = "2040-05-01"
text = "劳动节"
category = "holiday"

[[items]]
seq = 2
code = "2040-05-02"
text = "劳动节"
category = "holiday"

[[items]]
seq = 3
code = "2040-05-05"
text = "劳动节调休"
category = "workday"
"""


def test_an_imported_notice_confirms_its_year(store, actor, tmp_path):
    path = tmp_path / "holiday_notice--2040.toml"
    path.write_text(NOTICE, encoding="utf-8")
    before = load_calendar(store)
    assert before.day_info(D(2040, 5, 5)).workday is False  # a Saturday
    catalog.import_version(store, actor, path)
    cal = load_calendar(store)
    assert 2040 in cal.official_years()
    saturday = cal.day_info(D(2040, 5, 5))
    assert (saturday.workday, saturday.confirmed) == (True, True)
    assert cal.day_info(D(2040, 5, 2)).workday is False
    assert cal.day_info(D(2040, 5, 3)).confirmed  # unlisted day of a covered year: weekday
    # The index follows the new content (a cached index of the old calendar is not reused).
    assert cal.working_days_between(D(2040, 4, 30), D(2040, 5, 7)) == (4, True)
    assert before.working_days_between(D(2040, 4, 30), D(2040, 5, 7)) == (3, False)


def test_the_calendar_is_built_once_per_calendar_version(store, actor):
    first = load_calendar(store)
    assert load_calendar(store) is first  # nothing changed: the same index
    workdays.set_override(store, actor, "2026-10-08", False, "本地停工")
    changed = load_calendar(store)
    assert changed is not first and not changed.is_workday(D(2026, 10, 8))
    assert changed.next_workday(D(2026, 10, 8)) == (D(2026, 10, 9), True)
    workdays.remove_override(store, actor, "2026-10-08")
    assert load_calendar(store).is_workday(D(2026, 10, 8))
