# SPDX-License-Identifier: MIT
"""Statutory clocks shared by all domains.

Counting rule: the day on which a period starts is not counted (行政处罚法 第八十五条 with
民事诉讼法 期间 rules); a calendar-day period whose last day is a rest day ends on the next
working day. Under 行政处罚法 第八十五条 the law's "二日、三日、五日、七日" are working days
(source: secondary, shared/reference/enforcement.md §1.1 row 8c).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from jiedao_desk.core.workdays import WorkCalendar


class Unit(StrEnum):
    """How a period is counted."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    YEARS = "years"


UNIT_LABELS = {
    Unit.WORKING_DAYS: "个工作日",
    Unit.CALENDAR_DAYS: "日",
    Unit.MONTHS: "个月",
    Unit.YEARS: "年",
}


@dataclass(frozen=True)
class DueDate:
    """A computed deadline.

    Attributes:
        date: the last day of the period (the act must be done by the end of it).
        confirmed: False if any day counted lies in a year whose holidays are unknown.
        note: explanation for the user (e.g. why it was rolled forward).
    """

    date: dt.date
    confirmed: bool = True
    note: str = ""


def add_working_days(start: dt.date, n: int, cal: WorkCalendar) -> DueDate:
    """Return the n-th working day after ``start`` (``start`` itself is not counted).

    ``n`` may be negative: the n-th working day before ``start`` (e.g. "apply 30 working
    days ahead"). Counted on the calendar's cumulative index (core/workdays.py).
    """
    day, confirmed = cal.add_working_days(start, n)
    return DueDate(day, confirmed, "" if confirmed else "含节假日安排未知的年份，结果待核实")


def roll_to_workday(day: dt.date, cal: WorkCalendar) -> DueDate:
    """Move a period's last day forward past rest days (期间届满日遇节假日顺延)."""
    moved, confirmed = cal.next_workday(day)
    note = f"届满日{day.isoformat()}为休息日，顺延至{moved.isoformat()}" if moved != day else ""
    if not confirmed:
        note = (note + "；" if note else "") + "含节假日安排未知的年份，结果待核实"
    return DueDate(moved, confirmed, note)


def add_calendar_days(start: dt.date, n: int, cal: WorkCalendar, roll: bool = True) -> DueDate:
    """Return ``start`` + n days; with ``roll``, a last day that is a rest day moves forward."""
    day = start + dt.timedelta(days=n)
    return roll_to_workday(day, cal) if roll else DueDate(day)


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; the last day of the month if that day does not exist."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return dt.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def add_period(start: dt.date, amount: int, unit: Unit, cal: WorkCalendar,
               roll: bool = True) -> DueDate:
    """Add a period in any unit."""
    if unit is Unit.WORKING_DAYS:
        return add_working_days(start, amount, cal)
    if unit is Unit.CALENDAR_DAYS:
        return add_calendar_days(start, amount, cal, roll)
    end = add_months(start, amount * (12 if unit is Unit.YEARS else 1))
    return roll_to_workday(end, cal) if roll else DueDate(end)


def working_days_between(a: dt.date, b: dt.date, cal: WorkCalendar) -> int:
    """Number of working days in (a, b]; negative if b < a."""
    return cal.working_days_between(a, b)[0]


@dataclass(frozen=True)
class StatutoryPeriod:
    """A period fixed by law, cited by article, used by the domain modules."""

    key: str
    label: str
    amount: int
    unit: Unit
    basis: str
    confidence: str

    def due(self, start: dt.date, cal: WorkCalendar) -> DueDate:
        """Compute the deadline for a period starting on ``start``."""
        return add_period(start, self.amount, self.unit, cal)

    @property
    def text(self) -> str:
        """Human-readable length, e.g. "5个工作日"."""
        return f"{self.amount}{UNIT_LABELS[self.unit]}"


# Confidence labels follow shared/reference/enforcement.md §5 and mediation-hotline.md.
STATUTORY_PERIODS: dict[str, StatutoryPeriod] = {p.key: p for p in [
    StatutoryPeriod("penalty_limitation", "违法行为追责时效", 2, Unit.YEARS,
                    "行政处罚法 第三十六条", "exact"),
    StatutoryPeriod("penalty_limitation_safety", "追责时效（生命健康安全、金融安全且有危害后果）",
                    5, Unit.YEARS, "行政处罚法 第三十六条", "exact"),
    StatutoryPeriod("penalty_decision", "立案后作出处罚决定", 90, Unit.CALENDAR_DAYS,
                    "行政处罚法 第六十条", "exact"),
    StatutoryPeriod("registered_preservation", "先行登记保存物品处理决定", 7, Unit.WORKING_DAYS,
                    "行政处罚法 第五十六条、第八十五条", "secondary"),
    StatutoryPeriod("hearing_request", "当事人申请听证", 5, Unit.WORKING_DAYS,
                    "行政处罚法 第六十四条、第八十五条", "secondary"),
    StatutoryPeriod("hearing_notice", "听证通知（举行听证七日前）", 7, Unit.WORKING_DAYS,
                    "行政处罚法 第六十四条、第八十五条", "secondary"),
    StatutoryPeriod("service_absent", "当事人不在场时送达决定书", 7, Unit.WORKING_DAYS,
                    "行政处罚法 第六十一条、第八十五条", "paraphrase"),
    StatutoryPeriod("fine_payment", "缴纳罚款", 15, Unit.CALENDAR_DAYS,
                    "行政处罚法 第六十七条", "paraphrase"),
    # 行政强制法 第六十九条: that law's periods of ten days or less are working days.
    StatutoryPeriod("demand_before_court", "催告书送达后申请强制执行", 10, Unit.WORKING_DAYS,
                    "行政强制法 第五十四条、第六十九条", "exact"),
    StatutoryPeriod("court_enforcement", "复议/诉讼期限届满后申请法院强制执行", 3, Unit.MONTHS,
                    "行政强制法 第五十三条", "exact"),
    StatutoryPeriod("reconsideration", "申请行政复议", 60, Unit.CALENDAR_DAYS,
                    "行政复议法 第二十条", "paraphrase"),
    StatutoryPeriod("litigation", "提起行政诉讼", 6, Unit.MONTHS,
                    "行政诉讼法 第四十六条", "paraphrase"),
    StatutoryPeriod("judicial_confirmation", "调解协议申请司法确认", 30, Unit.CALENDAR_DAYS,
                    "人民调解法 第三十三条", "exact"),
    StatutoryPeriod("mediation_conclusion", "调解一般在一个月内结束（建议性）", 1, Unit.MONTHS,
                    "人民调解工作若干规定 第三十三条", "exact"),
]}


def surcharge(fine_yuan: float, days_late: int) -> float:
    """加处罚款: 3 % of the fine per day late, never more than the fine (行政处罚法 第七十二条)."""
    if days_late <= 0:
        return 0.0
    return round(min(fine_yuan * 0.03 * days_late, fine_yuan), 2)
