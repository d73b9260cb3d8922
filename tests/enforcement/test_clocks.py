# SPDX-License-Identifier: MIT
"""Clock vectors of enforcement cases (fixed dates; 2026 holidays from chinesecalendar)."""

import datetime as dt

import pytest

from jiedao_desk.core import deadlines
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement.clocks import (
    GREEN,
    RED,
    YELLOW,
    Clock,
    court_window,
    hearing_notice_latest,
    limitation_end,
    payment_due,
    period_due,
    surcharge_on,
)

D = dt.date


@pytest.fixture
def cal(store):
    return load_calendar(store)


def test_hearing_window_across_national_day_counts_make_up_saturday(cal):
    # Notice served Wed 2026-09-30; 10-01..10-07 are holidays; working days after it:
    # 10-08 (1), 10-09 (2), Sat 10-10 make-up workday (3), 10-12 (4), 10-13 (5).
    due = period_due("hearing_request", D(2026, 9, 30), cal)
    assert due.date == D(2026, 10, 13)
    assert cal.is_workday(D(2026, 10, 10))  # the 调休 Saturday really counts
    assert deadlines.STATUTORY_PERIODS["hearing_request"].unit is deadlines.Unit.WORKING_DAYS


def test_hearing_notice_seven_working_days_before(cal):
    # Hearing on Tue 2026-10-13: 7 working days back = 10-12, 10-10, 10-09, 10-08, 09-30,
    # 09-29, 09-28 → notify by Mon 09-28.
    assert hearing_notice_latest(D(2026, 10, 13), cal).date == D(2026, 9, 28)


def test_decision_due_90_days_after_filing(cal):
    # 2026-08-25 + 90 days = 2026-11-23 (a Monday, a working day: no roll).
    assert period_due("penalty_decision", D(2026, 8, 25), cal).date == D(2026, 11, 23)
    # 2026-07-03 + 90 = 2026-10-01 (National Day) → rolls to the next working day 10-08.
    assert period_due("penalty_decision", D(2026, 7, 3), cal).date == D(2026, 10, 8)


def test_payment_due_and_surcharge_day_1_and_day_40(cal):
    served = D(2026, 11, 2)
    assert payment_due(served, cal) == D(2026, 11, 17)  # 15 calendar days (Art. 67)
    assert surcharge_on(1000, served, D(2026, 11, 17), cal) == (0, 0.0)
    assert surcharge_on(1000, served, D(2026, 11, 18), cal) == (1, 30.0)   # day 1: 3 %
    # Day 40: 120 % would exceed the fine → capped at the fine (Art. 72).
    assert surcharge_on(1000, served, D(2026, 12, 27), cal) == (40, 1000.0)
    assert surcharge_on(1000, served, D(2026, 12, 10), cal) == (23, 690.0)
    # Payment stops the count.
    assert surcharge_on(1000, served, D(2026, 12, 27), cal, paid_on=D(2026, 11, 20)) == (3, 90.0)


def test_limitation_two_and_five_years_from_end_of_continuing_act(cal):
    assert limitation_end(D(2024, 5, 10), None, False, cal) == D(2026, 5, 10)
    assert limitation_end(D(2024, 5, 10), None, True, cal) == D(2029, 5, 10)
    # A continuing act counts from the day it ended.
    assert limitation_end(D(2023, 1, 1), D(2025, 3, 1), False, cal) == D(2027, 3, 1)
    assert limitation_end(D(2024, 2, 29), None, False, cal) == D(2026, 2, 28)


def test_court_window(cal):
    w = court_window(D(2026, 1, 5), D(2026, 8, 3), cal)
    # Appeal ends with litigation (6 months): 2026-07-05 (Sun) → 07-06 (复议 ends 03-06).
    assert w.appeal_end == w.period_start == D(2026, 7, 6)
    # 10 working days after the 催告书 (Art. 54, 69): 08-04 … 08-17; first lawful day 08-18.
    assert (w.demand_end, w.earliest) == (D(2026, 8, 17), D(2026, 8, 18))
    # + 3 months = 10-06 (National Day) → rolls to 10-08.
    assert w.latest == D(2026, 10, 8)


@pytest.mark.parametrize(("served", "last", "first"), [
    # Thursday: calendar days would give 12-06 (Sun) → 12-07; working days end 12-10.
    (D(2026, 11, 26), D(2026, 12, 10), D(2026, 12, 11)),
    # Friday: the two weekends inside count for nothing.
    (D(2026, 11, 27), D(2026, 12, 11), D(2026, 12, 12)),
    # Across National Day (10-01…10-07) and the make-up workday Saturday 10-10, which counts.
    (D(2026, 9, 29), D(2026, 10, 19), D(2026, 10, 20)),
])
def test_demand_wait_is_ten_working_days(cal, served, last, first):
    # 行政强制法 第六十九条: the ten days of Art. 54 are working days.
    w = court_window(D(2026, 1, 5), served, cal)
    assert (w.demand_end, w.earliest) == (last, first)


def test_court_window_opens_after_appeal_periods(cal):
    # Decision served 2026-08-27: 复议 60 days → 10-26; 诉讼 6 months → 2027-02-27 (Sat) →
    # 03-01 (Mon). The court period (Art. 53) runs from there: first day 03-02, last 06-01.
    w = court_window(D(2026, 8, 27), D(2026, 9, 29), cal)
    assert w.appeal_end == D(2027, 3, 1)
    assert (w.earliest, w.latest) == (D(2027, 3, 2), D(2027, 6, 1))


def test_deferral_moves_the_court_period(cal):
    # 行政处罚法 第七十二条第二款: with a deferral ending after the appeal periods, the three
    # months run from the deferral's end.
    w = court_window(D(2026, 8, 27), D(2026, 9, 29), cal, payment_end=D(2027, 4, 30))
    assert w.period_start == D(2027, 4, 30)
    assert (w.earliest, w.latest) == (D(2027, 5, 1), D(2027, 7, 30))


def test_clock_colours(cal):
    c = Clock("x", "x", D(2026, 11, 1), D(2026, 11, 25), "")
    assert c.colour(D(2026, 11, 23), cal, 3) == YELLOW
    assert c.colour(D(2026, 11, 10), cal, 3) == GREEN
    assert c.colour(D(2026, 11, 26), cal, 3) == RED
    done = Clock("x", "x", D(2026, 11, 1), D(2026, 11, 25), "", done_on=D(2026, 11, 26))
    assert done.colour(D(2026, 12, 1), cal, 3) == "done"
