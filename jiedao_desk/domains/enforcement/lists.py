# SPDX-License-Identifier: MIT
"""Read functions for the enforcement page: the windowed case list, a case's clock colour,
evidence files and open 先行登记保存 records.

Every function checks the ``enforcement.view`` permission (case files are hidden from other
roles).
"""

from __future__ import annotations

import re

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import attachments, auth
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import rules, store_lists
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import get_case
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    PROCEDURES,
    SOURCES,
    Evidence,
    OpenPreservation,
)
from jiedao_desk.domains.enforcement.store_lists import CaseListSource
from jiedao_desk.domains.enforcement.view import clocks_of
from jiedao_desk.store import Store

HIDDEN_COLUMNS = store_lists.HIDDEN_COLUMNS
_WORST = ("red", "yellow", "green")


def list_source(store: Store, actor: Actor) -> CaseListSource:
    """The case list (newest first) for a windowed list screen and its 台账 export.

    Filters: ``state`` (keys of ``rules.RECORDED_STATES``), ``source``
    (``SOURCES``) and ``procedure`` (``PROCEDURES``); ``set_month`` (found in a month) and
    ``set_search`` (case number, archive/paper numbers, party names, place, description).
    """
    auth.require(actor, "enforcement.view")
    return store_lists.list_source(store, store_lists.columns(rules.STATES, SOURCES, PROCEDURES))


def check_month(month: str) -> str:
    """A month as "YYYY-MM" (the dashboard's figures open a month's list).

    Raises:
        ValidationError: not a month.
    """
    text = (month or "").strip()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise ValidationError(f"月份应写成 2026-10 这样（收到“{month}”）。", "month")
    return text


def clock_colours(store: Store, actor: Actor, case_ids: list[int]) -> dict[int, str]:
    """The worst open clock colour ("red", "yellow", "green" or "") of each case.

    The list shows it per row; it is computed only for the rows on screen, since the clocks
    depend on the working-day calendar and on today (not storable in a column).
    """
    auth.require(actor, "enforcement.view")
    cal, today = load_calendar(store), clock.today()
    soon = int(settings_mod.get(store, settings_mod.SETTINGS["todo.due_soon_working_days"]))
    out: dict[int, str] = {}
    for case_id in case_ids:
        case = es.get_case(store, case_id)
        if case is None:
            out[case_id] = ""
            continue
        colours = {c.colour(today, cal, soon) for c in clocks_of(store, case, cal)}
        out[case_id] = next((c for c in _WORST if c in colours), "")
    return out


def evidence_of(store: Store, actor: Actor, case_id: int) -> list[Evidence]:
    """Evidence of a case: each evidence record with its attachment (SHA-256, EXIF time/GPS);
    ``stage`` is "lead" for a photo attached to the lead before 立案."""
    get_case(store, actor, case_id)
    files = {a.id: a for a in attachments.list_attachments(store, ENTITY, case_id)}
    out = []
    for e in es.events(store, case_id, "evidence"):
        att = None if e.attachment_id is None else files.get(e.attachment_id)
        out.append(Evidence(
            e.id, e.day, e.details.get("description", ""), e.attachment_id,
            att.filename if att else e.details.get("filename", ""),
            att.sha256 if att else e.details.get("sha256", ""), att.size if att else 0,
            (att.exif_time or "") if att else "", (att.exif_gps or "") if att else "",
            e.recorded_by, e.details.get("stage", "")))
    return out


def open_preservations(store: Store, actor: Actor, case_id: int) -> list[OpenPreservation]:
    """先行登记保存 records still waiting for their disposal decision (7-working-day clock)."""
    get_case(store, actor, case_id)
    done = {e.details.get("preservation_id")
            for e in es.events(store, case_id, "preservation_disposal")}
    return [OpenPreservation(e.id, e.day, e.details.get("items", ""))
            for e in es.events(store, case_id, "preservation") if e.id not in done]
