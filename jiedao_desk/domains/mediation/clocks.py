# SPDX-License-Identifier: MIT
"""People's mediation clocks on the home todo list (``SPEC.todo``).

One month from acceptance (若干规定 第三十三条, advisory), the 30-day 司法确认 window from
the agreement's effect (人民调解法 第三十三条) and the follow-up due date (local setting).
"""

from __future__ import annotations

import datetime as dt

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth, todo
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import STATUTORY_PERIODS, add_calendar_days
from jiedao_desk.core.workdays import WorkCalendar
from jiedao_desk.domains.mediation import store as med_store
from jiedao_desk.domains.mediation.cases import SETTINGS
from jiedao_desk.domains.mediation.rules import ENTITY
from jiedao_desk.store import Store


def todo_items(store: Store, actor: Actor, today: dt.date,
               cal: WorkCalendar) -> list[todo.TodoItem]:
    """One-month advisory, 司法确认 window and follow-up due dates of open cases."""
    if not auth.can(actor, "mediation.edit"):  # those who work on the cases
        return []
    items: list[todo.TodoItem] = []
    follow_days = int(settings_mod.get(store, SETTINGS["mediation.follow_up_days"]))
    for row in med_store.open_cases(store):
        no = row["case_number"]
        if row["state"] == "accepted" and row["accepted_on"]:
            advisory = STATUTORY_PERIODS["mediation_conclusion"].due(
                dt.date.fromisoformat(row["accepted_on"]), cal)
            items.append(todo.TodoItem("mediation", f"调解案件{no}一般应在一个月内调结（建议）",
                                       advisory.date, ENTITY, row["id"], advisory.confirmed,
                                       "人民调解工作若干规定 第三十三条（建议）"))
        if row["state"] not in ("agreed", "closed") or not row["effective_on"]:
            continue
        effective = dt.date.fromisoformat(row["effective_on"])
        if row["outcome"] == "written" and not row["jc_applied_on"]:
            window = STATUTORY_PERIODS["judicial_confirmation"].due(effective, cal)
            if window.date >= today:
                items.append(todo.TodoItem("mediation", f"{no}调解协议可申请司法确认的期限",
                                           window.date, ENTITY, row["id"], window.confirmed,
                                           "人民调解法 第三十三条（三十日内）"))
        if row["state"] == "agreed" and not med_store.events(store, row["id"], "follow_up"):
            visit = add_calendar_days(effective, follow_days, cal, roll=False).date
            items.append(todo.TodoItem("mediation", f"{no}调解协议履行情况回访", visit, ENTITY,
                                       row["id"], basis="人民调解法 第三十一条；回访期为本地设置"))
    return items
