# SPDX-License-Identifier: MIT
"""The street's working-day calendar and its arithmetic.

A day is classified, first match wins: a local override an administrator entered; the State
Council's yearly holiday notice imported as a catalog version (``holiday_notice``, one
version per year, with provenance — see ``notice_template``); the installed
``chinesecalendar`` data; for any other year, the holidays the 《全国年节及纪念日放假办法》
itself fixes (core/holidays.py) and Monday–Friday otherwise. Only the first three are
"confirmed": a deadline counted through an estimated year says so (``confirmed=False``).

Counting is O(1): a calendar builds, once per content, a cumulative index of working days
over ``INDEX_YEARS``; "working days between" is one subtraction, "the n-th working day
after" and "the next working day" one bisection. The day-by-day walk stays as the reference
(tests compare the two). ``load_calendar`` keeps one calendar per open database and rebuilds
it only when the database's calendar version changes (a local override set or removed, a
yearly notice imported or voided), so every screen and report of a session shares one index.

Dates a domain stored from the calendar (an access request's 决定期限, a 12345 ticket's
反馈期限 counted in working days) are declared in its spec as ``DueDates``; a change of the
calendar recomputes them inside its own transaction (``recompute_due_dates``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound
from jiedao_desk.core import catalog, holidays, validate
from jiedao_desk.core.auth import can, require
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import calendar as calendar_store
from jiedao_desk.store import exchange as exchange_store

NOTICE_CATALOG = catalog.HOLIDAY_NOTICE
INDEX_YEARS = range(2000, 2061)  # days outside are counted one by one
_INDEX_START = dt.date(INDEX_YEARS.start, 1, 1)
_INDEX_DAYS = (dt.date(INDEX_YEARS.stop, 1, 1) - _INDEX_START).days


@dataclass(frozen=True)
class DayInfo:
    """Whether a day is a working day, and whether that is confirmed by an official source."""

    day: dt.date
    workday: bool
    confirmed: bool
    reason: str


@dataclass(frozen=True)
class _Index:
    """Cumulative counts from ``_INDEX_START``: ``work[i]`` working days and ``unsure[i]``
    unconfirmed days among the first ``i`` days (so a range is a difference of two)."""

    work: list[int]
    unsure: list[int]


@dataclass(eq=False)
class WorkCalendar:
    """Working-day calendar (see the module docstring for the order of sources).

    Args:
        overrides: day → (is_workday, note) entered by an administrator.
        notices: day → (is_workday, holiday name) from imported yearly notices.
        notice_years: years an imported notice covers completely (days of such a year that
            the notice does not list are ordinary weekdays/weekends, confirmed).
    """

    overrides: Mapping[dt.date, tuple[bool, str]] = field(default_factory=dict)
    notices: Mapping[dt.date, tuple[bool, str]] = field(default_factory=dict)
    notice_years: frozenset[int] = frozenset()

    def day_info(self, day: dt.date) -> DayInfo:
        """Classify one day."""
        if day in self.overrides:
            workday, note = self.overrides[day]
            default = "本地设定工作日" if workday else "本地设定休息日"
            return DayInfo(day, workday, True, note or default)
        if day in self.notices:
            workday, name = self.notices[day]
            return DayInfo(day, workday, True,
                           ("调休上班" if workday else name or "法定节假日"))
        if day.year in self.notice_years:
            weekday = day.weekday() < 5
            return DayInfo(day, weekday, True, "工作日" if weekday else "周末")
        return DayInfo(day, *_builtin_day(day))

    def known_years(self) -> range:
        """Years covered by official data (installed chinesecalendar and imported notices)."""
        import chinese_calendar  # loaded with the first calendar question, not at start

        years = {d.year for d in chinese_calendar.holidays} | set(self.notice_years)
        return range(min(years), max(years) + 1)

    def official_years(self) -> set[int]:
        """Every year with official day-by-day data (may have gaps, unlike known_years)."""
        import chinese_calendar

        return {d.year for d in chinese_calendar.holidays} | set(self.notice_years)

    # -- counting (O(1) inside INDEX_YEARS) --------------------------------------------------
    @functools.cached_property
    def _idx(self) -> _Index:
        # The mappings are never changed after construction (load_calendar builds a new
        # calendar for a new calendar version), so the index is taken once per instance.
        key = (tuple(sorted(self.overrides.items())), tuple(sorted(self.notices.items())),
               tuple(sorted(self.notice_years)))
        return _build_index(key)

    def _index(self) -> _Index:
        return self._idx

    def is_workday(self, day: dt.date) -> bool:
        """Return True if ``day`` is a working day (one index lookup inside INDEX_YEARS)."""
        i = (day - _INDEX_START).days
        if 0 <= i < _INDEX_DAYS:
            work = self._idx.work
            return work[i + 1] != work[i]
        return self.day_info(day).workday

    def next_workday(self, day: dt.date) -> tuple[dt.date, bool]:
        """(the first working day on or after ``day``, every day passed confirmed): where a
        period whose last day is a rest day ends (期间届满日遇节假日顺延)."""
        return self.add_working_days(day - dt.timedelta(days=1), 1)

    def working_days_between(self, a: dt.date, b: dt.date) -> tuple[int, bool]:
        """(working days in (a, b], all of them confirmed); negative count if b < a."""
        if b < a:
            n, ok = self.working_days_between(b, a)
            return -n, ok
        i, j = (a - _INDEX_START).days, (b - _INDEX_START).days
        if i >= 0 and j < _INDEX_DAYS:
            idx = self._index()
            return (idx.work[j + 1] - idx.work[i + 1],
                    idx.unsure[j + 1] == idx.unsure[i + 1])
        count, ok, day = 0, True, a
        while day < b:
            day += dt.timedelta(days=1)
            info = self.day_info(day)
            count += info.workday
            ok &= info.confirmed
        return count, ok

    def add_working_days(self, start: dt.date, n: int) -> tuple[dt.date, bool]:
        """(the n-th working day after ``start`` — before it if n < 0 —, every day passed
        confirmed); ``start`` itself is not counted."""
        i = (start - _INDEX_START).days
        idx = self._index() if 0 <= i < _INDEX_DAYS else None
        if idx is not None and n != 0:
            # k = (index of the answer) + 1: the first prefix length reaching the count
            if n > 0:  # work[k] - work[i + 1] == n, the answer after the start day
                k = bisect.bisect_left(idx.work, idx.work[i + 1] + n, lo=i + 2)
            else:  # work[i] - work[k - 1] == -n, the answer before the start day
                k = bisect.bisect_left(idx.work, idx.work[i] + n + 1, hi=i)
            if 1 <= k <= _INDEX_DAYS and idx.work[k] - idx.work[k - 1] == 1:
                day = _INDEX_START + dt.timedelta(days=k - 1)
                # the days passed: (start, answer] going forward, [answer, start) going back
                lo, hi = (i + 1, k) if n > 0 else (k - 1, i)
                return day, idx.unsure[hi] == idx.unsure[lo]
        return self._walk(start, n)

    def _walk(self, start: dt.date, n: int) -> tuple[dt.date, bool]:
        """The day-by-day reference for ``add_working_days``."""
        step = 1 if n >= 0 else -1
        remaining, day, confirmed = abs(n), start, True
        while remaining:
            day += dt.timedelta(days=step)
            info = self.day_info(day)
            confirmed &= info.confirmed
            if info.workday:
                remaining -= 1
        return day, confirmed


@functools.lru_cache(maxsize=8)
def _build_index(key: tuple) -> _Index:
    """The cumulative index of one calendar content (cached: every screen and report of one
    database asks with the same content)."""
    import chinese_calendar

    overrides, notices, years = dict(key[0]), dict(key[1]), frozenset(key[2])
    official = {d.year for d in chinese_calendar.holidays}
    lib_holidays, lib_workdays = chinese_calendar.holidays, chinese_calendar.workdays
    work, unsure = [0] * (_INDEX_DAYS + 1), [0] * (_INDEX_DAYS + 1)
    day = _INDEX_START
    for i in range(_INDEX_DAYS):
        # The same order as WorkCalendar.day_info, on plain lookups (about 20 ms for 61 years).
        sure = True
        if day in overrides:
            workday = overrides[day][0]
        elif day in notices:
            workday = notices[day][0]
        elif day.year in years:
            workday = day.weekday() < 5
        elif day.year in official:
            workday = day in lib_workdays or (day.weekday() < 5 and day not in lib_holidays)
        else:
            sure = False
            workday = day.weekday() < 5 and day not in holidays.statutory_holidays(day.year)
        work[i + 1] = work[i] + workday
        unsure[i + 1] = unsure[i] + (not sure)
        day += dt.timedelta(days=1)
    return _Index(work, unsure)


@functools.lru_cache(maxsize=16384)
def _builtin_day(day: dt.date) -> tuple[bool, bool, str]:
    """(workday, confirmed, reason) from the installed chinesecalendar data; for a year it does
    not know, the holidays the 放假办法 fixes and weekdays otherwise, unconfirmed."""
    import chinese_calendar

    try:
        workday = chinese_calendar.is_workday(day)
    except NotImplementedError:
        name = holidays.statutory_holidays(day.year).get(day)
        if name:
            return False, False, f"{name}（法定假日；调休安排未公布）"
        return day.weekday() < 5, False, "节假日安排未公布，按周一至周五推算"
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


# One calendar per open database, with the calendar version it was built from: rebuilding
# reads every override and notice item, which a todo list or a report must not do per record.
_LOADED: weakref.WeakKeyDictionary[Store, tuple[tuple, WorkCalendar]] = (
    weakref.WeakKeyDictionary())


def load_calendar(store: Store | None) -> WorkCalendar:
    """The calendar with this database's overrides and imported notices (no store: the
    library alone). Built once per calendar version: one small query checks the version."""
    if store is None:
        return WorkCalendar()
    version = calendar_store.version(store, NOTICE_CATALOG)
    cached = _LOADED.get(store)
    if cached is not None and cached[0] == version:
        return cached[1]
    overrides = {
        dt.date.fromisoformat(r["day"]): (bool(r["is_workday"]), r["note"])
        for r in calendar_store.list_overrides(store)
    }
    notices, years = _notices(store)
    cal = WorkCalendar(overrides, notices, frozenset(years))
    _LOADED[store] = (version, cal)
    return cal


def _notices(store: Store) -> tuple[dict[dt.date, tuple[bool, str]], set[int]]:
    """Days of every imported yearly notice; a later version of a year replaces an earlier
    one (a corrected notice is imported as a new version, the old one stays on record)."""
    by_year: dict[int, list] = {}
    for version in catalog.versions(store, NOTICE_CATALOG):  # oldest first
        if version.voided_at or not version.label.isdigit() or version.id is None:
            continue
        by_year[int(version.label)] = catalog.items(store, version.id)
    days: dict[dt.date, tuple[bool, str]] = {}
    for year, items in by_year.items():
        for item in items:
            day = dt.date.fromisoformat(item.code)
            if day.year == year:
                days[day] = (item.category == "workday", item.text)
    return days, {y for y, items in by_year.items() if items}


def set_override(store: Store, actor: Actor, day: str | dt.date, is_workday: bool,
                 note: str = "", *, on_calendar_change: CalendarHook | None = None) -> None:
    """Declare a day a working day or a rest day.

    ``on_calendar_change`` (the shell passes ``registry.calendar_changed``) recomputes the
    due dates the domains stored from the calendar, in the same transaction.
    """
    require(actor, "calendar.manage")
    d = validate.date(day, "日期")
    with store.atomic():
        before = calendar_store.get_override(store, d.isoformat())
        calendar_store.put_override(store, d.isoformat(), is_workday, note.strip(), actor.name)
        audit_store.record(store, actor, "calendar.set", "calendar_override", d.isoformat(),
                           before, {"is_workday": is_workday, "note": note.strip()})
        if on_calendar_change is not None:
            on_calendar_change(store, actor)


def remove_override(store: Store, actor: Actor, day: str | dt.date, *,
                    on_calendar_change: CalendarHook | None = None) -> None:
    """Remove an override (``on_calendar_change`` as for ``set_override``)."""
    require(actor, "calendar.manage")
    d = validate.date(day, "日期")
    with store.atomic():
        before = calendar_store.get_override(store, d.isoformat())
        if before is None:
            raise NotFound(f"{d.isoformat()} 没有本地设定。")
        calendar_store.remove_override(store, d.isoformat())
        audit_store.record(store, actor, "calendar.remove", "calendar_override",
                           d.isoformat(), before, None)
        if on_calendar_change is not None:
            on_calendar_change(store, actor)


# -- stored due dates -------------------------------------------------------------------------
CalendarHook = catalog.CalendarHook


@dataclass(frozen=True)
class Moved:
    """One stored record whose dates a calendar change moved: ``before``/``after`` hold the
    changed columns (for its audit row)."""

    entity_id: int
    before: dict
    after: dict


@dataclass(frozen=True)
class DueDates:
    """Dates a domain stores from the calendar, declared in its spec.

    ``recompute(store, calendar)`` recounts the open records' dates on ``calendar`` (the
    periods they were given stay what they were; where they end may move), writes the ones
    that changed and returns them.
    """

    entity: str
    label: str
    recompute: Callable[[Store, WorkCalendar], list[Moved]]


def recompute_due_dates(store: Store, actor: Actor, dependents: Iterable[DueDates]) -> int:
    """Recompute every declared stored due date on the current calendar, inside the open
    transaction, with one audit row per record moved; returns how many moved.

    Only who may change the calendar — an override (calendar.manage) or a yearly notice
    (catalog.manage) — sets it off."""
    if not can(actor, "calendar.manage"):
        require(actor, "catalog.manage")
    store.require_transaction()
    cal = load_calendar(store)
    moved = 0
    # Due dates are derived from this site's own calendar: copies of other sites' records
    # are recounted here too, and a recount is no change that travels (docs/exchange.md).
    with exchange_store.derived(store):
        for dep in dependents:
            for m in dep.recompute(store, cal):
                audit_store.record(store, actor, "calendar.recompute", dep.entity,
                                   m.entity_id, m.before, m.after)
                moved += 1
    return moved
