# SPDX-License-Identifier: MIT
"""The home page's todo list, fed by every domain through one interface.

Each domain lists its providers in its spec: ``provider(store, actor, today, calendar) ->
Iterable[TodoItem]``. ``collect`` asks the providers it is given (the app passes every
domain's, see jiedao_desk/registry.py) and colours each item by its due date in working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import working_days_between
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
        status / days_left: filled by ``collect`` (working days; negative when overdue).
    """

    domain: str
    title: str
    due: dt.date
    entity: str = ""
    entity_id: int | str | None = None
    confirmed: bool = True
    basis: str = ""
    status: str = field(default=OK)
    days_left: int = 0


Provider = Callable[[Store, Actor, dt.date, WorkCalendar], Iterable[TodoItem]]


def classify(due: dt.date, today: dt.date, cal: WorkCalendar, soon_days: int) -> tuple[str, int]:
    """Return (status, working days left) for a due date."""
    left = working_days_between(today, due, cal)
    if due < today:
        return OVERDUE, left
    return (DUE_SOON if left <= soon_days else OK), left


def collect(store: Store, actor: Actor, providers: Iterable[Provider]) -> list[TodoItem]:
    """All todo items of ``providers`` for ``actor``, most urgent first."""
    today = clock.today()
    cal = load_calendar(store)
    soon = int(settings_mod.get(store, settings_mod.DUE_SOON))
    items: list[TodoItem] = []
    for provider in providers:
        for item in provider(store, actor, today, cal):
            item.status, item.days_left = classify(item.due, today, cal, soon)
            items.append(item)
    order = {OVERDUE: 0, DUE_SOON: 1, OK: 2}
    items.sort(key=lambda i: (order[i.status], i.due, i.title))
    return items


def holiday_calendar_missing(store: Store, actor: Actor, today: dt.date,
                              cal: WorkCalendar) -> Iterable[TodoItem]:
    """Remind the administrator to enter next year's holidays once the library lacks them.

    The State Council publishes the next year's holiday notice around November; until the
    installed chinesecalendar or a local override covers that year, working-day deadlines
    that reach into it are only estimates.
    """
    if actor.role not in ("system", "admin"):
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
