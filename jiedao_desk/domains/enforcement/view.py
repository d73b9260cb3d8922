# SPDX-License-Identifier: MIT
"""Enforcement cases as seen by people: case detail with clocks, home todo, statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth, documents
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.core.workdays import WorkCalendar, load_calendar
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement import store_discretion as em
from jiedao_desk.domains.enforcement.clocks import COLOUR_LABELS, RED, Clock, case_clocks
from jiedao_desk.domains.enforcement.decision import hearing_threshold, missing_documents
from jiedao_desk.domains.enforcement.numbers import label
from jiedao_desk.domains.enforcement.publication import publication_clock
from jiedao_desk.domains.enforcement.publication import status as publication_status
from jiedao_desk.store import Store

_DATE_FIELDS = ("found_on", "act_on", "act_ended_on", "filed_on", "decided_on", "served_on",
                "paid_on", "closed_on")


@dataclass
class CaseDetail:
    """Everything the case page shows."""

    case: dict
    parties: list[dict]
    events: list[dict]
    history: list[dict]
    clocks: list[tuple[Clock, str]]  # (clock, colour)
    documents: list
    repeat: list[dict]
    missing: list[str]
    warnings: list[str] = field(default_factory=list)
    discretion: dict | None = None  # live 裁量 choice (enforcement_discretion)
    publication: dict | None = None  # 公示 status (enforcement_publication.status)


def _dated(row: dict) -> dict:
    out = dict(row)
    for k in _DATE_FIELDS:
        if out.get(k):
            out[k] = dt.date.fromisoformat(out[k])
    return out


def clocks_of(store: Store, row: dict, cal: WorkCalendar) -> list[Clock]:
    """The clocks of one case row."""
    events = [{**e, "day": dt.date.fromisoformat(e["day"]),
               "details": {**e["details"], **({"hearing_on": dt.date.fromisoformat(
                   e["details"]["hearing_on"])} if "hearing_on" in e["details"] else {})}}
              for e in es.events(store, row["id"])]
    out = case_clocks(_dated(row), events, cal)
    published = publication_clock(store, row, cal)  # 公示 (Art. 48; period is a local rule)
    return out + ([published] if published else [])


def case_detail(store: Store, actor: Actor, case_id: int) -> CaseDetail:
    """The case with parties, events, history, coloured clocks, documents and hints."""
    row = enf.get_case(store, actor, case_id)
    cal, today = load_calendar(store), clock.today()
    soon = int(settings_mod.get(store, settings_mod.SETTINGS["todo.due_soon_working_days"]))
    parties = es.parties(store, case_id)
    repeat = []
    for p in parties:
        repeat += es.earlier_cases_of(store, case_id, p["id_number"], p["address"])
    warnings = []
    if (parties and row["status"] == "filed"
            and hearing_threshold(store, parties[0]["kind"]) is None):
        warnings.append("听证门槛（较大数额罚款）未设置：事先告知时须明确是否告知听证权利。")
    missing = ([r.name for r in missing_documents(store, case_id, for_archive=True)]
               if row["procedure"] == "general" and row["status"] in ("decided", "closed") else [])
    return CaseDetail(row, parties, es.events(store, case_id), es.history(store, case_id),
                      [(c, c.colour(today, cal, soon)) for c in sorted(
                          clocks_of(store, row, cal), key=lambda k: k.due)],
                      documents.list_documents(store, enf.ENTITY, case_id),
                      repeat, missing, warnings, em.current_discretion(store, case_id),
                      publication_status(store, actor, case_id))


def list_cases(store: Store, actor: Actor, status: str | None = None) -> list[dict]:
    """Cases (newest first) with their worst clock colour, for the list screen."""
    auth.require(actor, "enforcement.view")
    cal, today = load_calendar(store), clock.today()
    soon = int(settings_mod.get(store, settings_mod.SETTINGS["todo.due_soon_working_days"]))
    out = []
    for row in es.list_cases(store, status):
        colours = [c.colour(today, cal, soon) for c in clocks_of(store, row, cal)]
        worst = next((c for c in ("red", "yellow", "green") if c in colours), "")
        names = "、".join(p["name"] for p in es.parties(store, row["id"]))
        out.append({**row, "parties": names, "clock": worst})
    return out


def todo_items(store: Store, actor: Actor, today: dt.date, cal: WorkCalendar) -> Iterable[TodoItem]:
    """Open clocks of live cases (only for roles that may see case files)."""
    if not auth.can(actor, "enforcement.view"):
        return []
    items = []
    for row in es.list_cases(store):
        if row["status"] in ("archived", "not_opened"):
            continue
        for c in clocks_of(store, row, cal):
            if c.done_on is None and not c.earliest:
                items.append(TodoItem("enforcement", f"执法案件 {label(row)}：{c.label}", c.due,
                                      enf.ENTITY, row["id"], c.confirmed, c.basis))
    return items


def statistics(store: Store, actor: Actor, date_from, date_to) -> dict:
    """Monthly-report figures: cases by source, power, status; fines; overdue clocks.

    Cases are counted by the date found; fines decided by decision date and collected by
    payment date; overdue clocks as of today over all live cases.
    """
    from jiedao_desk.core import validate

    auth.require(actor, "enforcement.stats")  # counts only: the monthly report's readers
    a = validate.date(date_from, "起始日期").isoformat()
    b = validate.date(date_to, "截止日期").isoformat()
    if b < a:
        raise ValidationError("截止日期不能早于起始日期。", "date_to")
    cal, today = load_calendar(store), clock.today()
    overdue: dict[str, int] = {}
    for row in es.list_cases(store):
        for c in clocks_of(store, row, cal):
            if c.colour(today, cal, 0) == RED:
                overdue[c.label] = overdue.get(c.label, 0) + 1
    fines = es.fine_totals(store, a, b)

    def named(col: str, labels: dict | None) -> dict:
        return {(labels or {}).get(r["key"], r["key"]) or "（未选职权）": r["n"]
                for r in es.count_by(store, col, a, b)}
    return {"from": a, "to": b, "by_source": named("source", enf.SOURCES),
            "by_power": named("power_text", None), "by_status": named("status", enf.STATUSES),
            "fines_decided": fines["decided_fen"] / 100,
            "fines_collected": fines["collected_fen"] / 100, "overdue_clocks": overdue,
            "colour_labels": COLOUR_LABELS}
