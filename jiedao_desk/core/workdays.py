# SPDX-License-Identifier: MIT
"""The street's working-day calendar: chinesecalendar plus local overrides kept in the DB.

An administrator enters the State Council holiday notice for a year the installed
chinesecalendar does not know yet (or a local correction); until then such years fall back
to Monday–Friday and results are marked unconfirmed (see core/clock.py).
"""

from __future__ import annotations

import datetime as dt

from jiedao_desk.core import validate
from jiedao_desk.core.actor import Actor
from jiedao_desk.core.auth import require
from jiedao_desk.core.clock import WorkCalendar
from jiedao_desk.core.errors import NotFound
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import calendar as calendar_store


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
