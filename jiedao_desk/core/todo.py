# SPDX-License-Identifier: MIT
"""The home page's todo list, fed by every domain through one interface.

Each domain lists its providers in its spec: ``provider(store, actor, today, calendar) ->
Iterable[TodoItem]``. ``collect`` asks the providers it is given (the app passes every
domain's, see jiedao_desk/registry.py) and colours each item by its due date in working days.

A provider lists only what the actor may act on (the permission that changes the record, not
the one that reads it): a todo list of things one cannot do is noise that hides one's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import working_days_between
from jiedao_desk.core.permissions import can
from jiedao_desk.core.workdays import WorkCalendar, load_calendar
from jiedao_desk.store import Store

OVERDUE, DUE_SOON, OK = "overdue", "due_soon", "ok"
STATUS_LABELS = {OVERDUE: "已超期", DUE_SOON: "即将到期", OK: "未到期"}


@dataclass
class TodoItem:
    """Something a user must do by a date.

    Attributes:
        domain: module key ("access", "enforcement", "calendar", …).
        title: Chinese one-line description.
        due: last day to act.
        entity / entity_id: what to open when the item is double-clicked.
        confirmed: False when the due date depends on an unknown holiday calendar.
        basis: legal basis or setting the deadline comes from.
        due_at: the moment of a deadline counted in hours (12345 time limits); past it the
            item is overdue although its day is today.
        near: the domain's own clock already warns (a 12345 ticket with little of its time
            left), so the item is amber even when its day is further off.
        status / days_left / when: filled by ``collect`` (working days, negative when
            overdue; ``when`` says it in words: "已超期（今天 09:00）", "明天到期" …).
    """

    domain: str
    title: str
    due: dt.date
    entity: str = ""
    entity_id: int | str | None = None
    confirmed: bool = True
    basis: str = ""
    due_at: dt.datetime | None = None
    near: bool = False
    status: str = field(default=OK)
    days_left: int = 0
    when: str = ""


Provider = Callable[[Store, Actor, dt.date, WorkCalendar], Iterable[TodoItem]]


def classify(due: dt.date, today: dt.date, cal: WorkCalendar, soon_days: int,
             due_at: dt.datetime | None = None, now: dt.datetime | None = None,
             near: bool = False) -> tuple[str, int]:
    """Return (status, working days left) for a due date (and, for an hour limit, its time).

    Overdue: the day has passed, or the moment ``due_at`` has passed ``now``. Due soon: due
    today, within ``soon_days`` working days, or ``near`` by the domain's own clock.
    """
    left = working_days_between(today, due, cal)
    if due < today or (due_at is not None and now is not None and due_at < now):
        return OVERDUE, left
    return (DUE_SOON if due == today or near or left <= soon_days else OK), left


def when_text(item: TodoItem, today: dt.date) -> str:
    """How far off ``item`` is, in words, from its status and days (after ``classify``)."""
    at = f" {item.due_at:%H:%M} " if item.due_at is not None else ""
    if item.status == OVERDUE:
        if item.days_left < 0:
            return f"超期 {-item.days_left} 个工作日"
        if item.due == today:
            return f"已超期（今天{at.rstrip()}）"
        return f"已超期 {(today - item.due).days} 天"
    if item.due == today:
        return f"今天{at}到期"
    if item.due == today + dt.timedelta(days=1):
        return f"明天{at}到期"
    if item.days_left > 0:
        return f"{item.days_left} 个工作日"
    return f"{(item.due - today).days} 天后（休息日）"


def collect(store: Store, actor: Actor, providers: Iterable[Provider]) -> list[TodoItem]:
    """All todo items of ``providers`` for ``actor``, most urgent first."""
    today = clock.today()
    now = clock.now()
    cal = load_calendar(store)
    soon = int(settings_mod.get(store, settings_mod.DUE_SOON))
    items: list[TodoItem] = []
    for provider in providers:
        for item in provider(store, actor, today, cal):
            item.status, item.days_left = classify(item.due, today, cal, soon, item.due_at,
                                                   now, item.near)
            item.when = when_text(item, today)
            items.append(item)
    order = {OVERDUE: 0, DUE_SOON: 1, OK: 2}
    items.sort(key=lambda i: (order[i.status], i.due, i.due_at or dt.datetime.min, i.title))
    return items


def counts(items: Iterable[TodoItem]) -> dict[str, int]:
    """How many items of each status (the page's summary line and the command's)."""
    found = {OVERDUE: 0, DUE_SOON: 0, OK: 0}
    for item in items:
        found[item.status] += 1
    return found


def as_dict(item: TodoItem) -> dict:
    """One item as plain data (``todo --json``): dates in ISO form, the status in words too."""
    return {"status": item.status, "status_label": STATUS_LABELS[item.status],
            "due": item.due.isoformat(),
            "due_at": item.due_at.strftime("%Y-%m-%d %H:%M") if item.due_at else None,
            "days_left": item.days_left, "when": item.when, "domain": item.domain,
            "title": item.title, "entity": item.entity, "entity_id": item.entity_id,
            "confirmed": item.confirmed, "basis": item.basis}


def holiday_calendar_missing(store: Store, actor: Actor, today: dt.date,
                              cal: WorkCalendar) -> Iterable[TodoItem]:
    """Remind the administrator to enter next year's holidays once the library lacks them.

    The State Council publishes the next year's holiday notice around November; until the
    installed chinesecalendar or a local override covers that year, working-day deadlines
    that reach into it are only estimates.
    """
    if not can(actor, "catalog.manage"):  # the holiday notice is imported as a catalogue
        return []
    next_year = today.year + 1
    if today.month < 11 or next_year in cal.official_years():
        return []
    if any(d.year == next_year for d in cal.overrides):
        return []
    text = (f"导入{next_year}年节假日安排通知（目前只按放假办法预标法定假日，调休未知，"
            "相关期限待核实）")
    return [TodoItem("calendar", text,
                     dt.date(today.year, 12, 31), "calendar", next_year,
                     basis="国务院办公厅节假日安排通知")]
