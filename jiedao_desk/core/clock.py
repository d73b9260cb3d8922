# SPDX-License-Identifier: MIT
""""Today" and the working-day calendar.

"Today" is injectable (``set_today`` / ``frozen`` in tests, ``JIEDAO_DESK_TODAY`` for the
CLI) so that every date rule can be tested. Working days come from ``chinesecalendar``
(State Council holiday notices, including make-up workdays 调休) plus a local override
table for days the library does not know. A year the library does not cover falls back to
"Monday–Friday are workdays" and every result computed through such a day is marked
unconfirmed (``confirmed=False``) so the UI can show it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import chinese_calendar

_fixed_today: dt.date | None = None


def today() -> dt.date:
    """Return today's date (fixed by ``set_today``/``JIEDAO_DESK_TODAY`` if set)."""
    if _fixed_today is not None:
        return _fixed_today
    env = os.environ.get("JIEDAO_DESK_TODAY")
    if env:
        return dt.date.fromisoformat(env)
    return dt.date.today()


def now() -> dt.datetime:
    """Return the current local time; on a fixed day, that day at the current clock time."""
    real = dt.datetime.now().replace(microsecond=0)
    day = today()
    return real if day == real.date() else dt.datetime.combine(day, real.time())


def set_today(day: dt.date | None) -> None:
    """Fix "today" (None restores the real date)."""
    global _fixed_today
    _fixed_today = day


@contextlib.contextmanager
def frozen(day: dt.date) -> Iterator[None]:
    """Fix "today" inside a ``with`` block."""
    old = _fixed_today
    set_today(day)
    try:
        yield
    finally:
        set_today(old)


@dataclass(frozen=True)
class DayInfo:
    """Whether a day is a working day, and whether that is confirmed by an official source."""

    day: dt.date
    workday: bool
    confirmed: bool
    reason: str


@dataclass
class WorkCalendar:
    """Working-day calendar: local overrides first, then chinesecalendar, then weekends.

    Args:
        overrides: day → (is_workday, note) entered by an administrator, e.g. the holiday
            notice of a year the installed chinesecalendar does not know yet.
    """

    overrides: Mapping[dt.date, tuple[bool, str]] = field(default_factory=dict)

    def day_info(self, day: dt.date) -> DayInfo:
        """Classify one day."""
        if day in self.overrides:
            workday, note = self.overrides[day]
            default = "本地设定工作日" if workday else "本地设定休息日"
            return DayInfo(day, workday, True, note or default)
        return DayInfo(day, *_builtin_day(day))

    def is_workday(self, day: dt.date) -> bool:
        """Return True if ``day`` is a working day."""
        return self.day_info(day).workday

    def known_years(self) -> range:
        """Years covered by the installed chinesecalendar data."""
        years = sorted({d.year for d in chinese_calendar.holidays})
        return range(years[0], years[-1] + 1)


@functools.lru_cache(maxsize=16384)
def _builtin_day(day: dt.date) -> tuple[bool, bool, str]:
    """(workday, confirmed, reason) from the installed chinesecalendar data, or weekdays for a
    year it does not know. Cached: the data cannot change while the program runs, and
    clocks over many cases ask for the same days again and again (benchmarks/bench_domains)."""
    try:
        workday = chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5, False, "节假日安排未知，按周一至周五推算"
    if workday:
        return True, True, "调休上班" if day.weekday() >= 5 else "工作日"
    _, name = chinese_calendar.get_holiday_detail(day)
    return False, True, _HOLIDAY_NAMES.get(name, "法定节假日") if name else "周末"


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
