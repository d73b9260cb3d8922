# SPDX-License-Identifier: MIT
"""The street's working-day calendar: chinesecalendar plus local overrides kept in the DB.

An administrator enters the State Council holiday notice for a year the installed
chinesecalendar does not know yet (or a local correction); until then such years fall back
to Monday–Friday and results are marked unconfirmed.

Working days come from ``chinesecalendar`` (State Council holiday notices, including make-up
workdays 调休) plus a local override table for days the library does not know. A year the
library does not cover falls back to "Monday–Friday are workdays" and every result computed
through such a day is marked unconfirmed (``confirmed=False``) so the UI can show it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import chinese_calendar

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound
from jiedao_desk.core import validate
from jiedao_desk.core.auth import require
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import calendar as calendar_store


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


def load_calendar(store: Store | None) -> WorkCalendar:
    """The calendar with this database's overrides (no store: the library alone)."""
    if store is None:
        return WorkCalendar()
    overrides = {
        dt.date.fromisoformat(r["day"]): (bool(r["is_workday"]), r["note"])
        for r in calendar_store.list_overrides(store)
    }
    return WorkCalendar(overrides)


def set_override(store: Store, actor: Actor, day: str | dt.date, is_workday: bool,
                 note: str = "") -> None:
    """Declare a day a working day or a rest day."""
    require(actor, "calendar.manage")
    d = validate.date(day, "日期")
    with store.atomic():
        before = calendar_store.get_override(store, d.isoformat())
        calendar_store.put_override(store, d.isoformat(), is_workday, note.strip(), actor.name)
        audit_store.record(store, actor, "calendar.set", "calendar_override", d.isoformat(),
                           before, {"is_workday": is_workday, "note": note.strip()})


def remove_override(store: Store, actor: Actor, day: str | dt.date) -> None:
    """Remove an override."""
    require(actor, "calendar.manage")
    d = validate.date(day, "日期")
    with store.atomic():
        before = calendar_store.get_override(store, d.isoformat())
        if before is None:
            raise NotFound(f"{d.isoformat()} 没有本地设定。")
        calendar_store.remove_override(store, d.isoformat())
        audit_store.record(store, actor, "calendar.remove", "calendar_override",
                           d.isoformat(), before, None)
