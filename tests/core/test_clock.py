# SPDX-License-Identifier: MIT
"""Working-day vectors around the 2026 National Day holiday (国务院办公厅 2026 安排:
10月1日至7日放假调休，9月20日（星期日）、10月10日（星期六）上班)."""

import datetime as dt

import pytest

from jiedao_desk.base import clock
from jiedao_desk.core.deadlines import (
    STATUTORY_PERIODS,
    add_calendar_days,
    add_months,
    add_working_days,
    surcharge,
    working_days_between,
)
from jiedao_desk.core.workdays import WorkCalendar

D = dt.date
CAL = WorkCalendar()


@pytest.mark.parametrize("day, workday, reason", [
    (D(2026, 9, 30), True, "工作日"),
    (D(2026, 10, 1), False, "国庆节"),
    (D(2026, 10, 7), False, "国庆节"),
    (D(2026, 10, 8), True, "工作日"),
    (D(2026, 10, 10), True, "调休上班"),   # make-up Saturday
    (D(2026, 10, 11), False, "周末"),
    (D(2026, 9, 20), True, "调休上班"),    # make-up Sunday before the holiday
])
def test_national_day_2026(day, workday, reason):
    info = CAL.day_info(day)
    assert (info.workday, info.confirmed) == (workday, True)
    assert reason in info.reason


@pytest.mark.parametrize("start, n, expected", [
    (D(2026, 9, 30), 1, D(2026, 10, 8)),    # holiday skipped
    (D(2026, 9, 30), 2, D(2026, 10, 9)),
    (D(2026, 9, 30), 3, D(2026, 10, 10)),   # the make-up Saturday counts
    (D(2026, 9, 30), 5, D(2026, 10, 13)),   # hearing request window from the last workday
    (D(2026, 9, 29), 1, D(2026, 9, 30)),
    (D(2026, 10, 8), -1, D(2026, 9, 30)),   # backwards over the holiday
    (D(2026, 9, 18), 1, D(2026, 9, 20)),    # Friday + 1 = the make-up Sunday
    (D(2026, 11, 23), 0, D(2026, 11, 23)),
])
def test_add_working_days(start, n, expected):
    due = add_working_days(start, n, CAL)
    assert due.date == expected and due.confirmed


def test_unknown_year_falls_back_and_is_marked():
    assert D(2040, 1, 3).weekday() == 1  # a Tuesday
    due = add_working_days(D(2040, 1, 3), 4, CAL)  # Wed, Thu, Fri, (weekend), Mon
    assert due.date == D(2040, 1, 9)
    assert due.confirmed is False
    assert "待核实" in due.note
    assert D(2040, 5, 1).weekday() == 1
    info = CAL.day_info(D(2040, 5, 1))  # Labour Day: a holiday by the 放假办法 itself, though
    assert info.confirmed is False and info.workday is False  # the 调休 of 2040 is unknown
    assert "调休安排未公布" in info.reason
    assert CAL.day_info(D(2040, 5, 3)).workday is True  # not a statutory holiday: a Thursday


def test_override_confirms_an_unknown_day():
    cal = WorkCalendar({D(2040, 5, 1): (False, "国办发明电〔2039〕X号")})
    info = cal.day_info(D(2040, 5, 1))
    assert (info.workday, info.confirmed) == (False, True)


def test_calendar_days_roll_past_holiday():
    # 90 days from 立案 ending on a holiday ends on the next working day
    due = add_calendar_days(D(2026, 7, 3), 90, CAL)
    assert D(2026, 7, 3) + dt.timedelta(days=90) == D(2026, 10, 1)
    assert due.date == D(2026, 10, 8) and "顺延" in due.note
    assert STATUTORY_PERIODS["penalty_decision"].due(D(2026, 7, 3), CAL).date == D(2026, 10, 8)


def test_months_and_between():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10), CAL) == 3
    assert working_days_between(D(2026, 10, 10), D(2026, 9, 30), CAL) == -3


def test_surcharge_capped_at_fine():
    assert surcharge(1000, 10) == 300
    assert surcharge(1000, 40) == 1000
    assert surcharge(1000, 0) == 0


def test_today_is_injectable():
    with clock.frozen(D(2030, 1, 2)):
        assert clock.today() == D(2030, 1, 2)
        assert clock.now().date() == D(2030, 1, 2)
    assert clock.today() == D(2026, 11, 23)  # the suite-wide frozen day
