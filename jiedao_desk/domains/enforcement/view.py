# SPDX-License-Identifier: MIT
"""Enforcement cases as seen by people: case detail with clocks, home todo, statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.base.transition import Transition
from jiedao_desk.core import auth, documents, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.core.workdays import WorkCalendar, load_calendar
from jiedao_desk.domains.enforcement import parameters, publication, rules, stored_clocks
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import get_case
from jiedao_desk.domains.enforcement.clocks import COLOUR_LABELS, RED, Clock
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    SOURCES,
    Case,
    CaseRow,
    Discretion,
    EarlierCase,
    Event,
    Party,
    PublicationSummary,
    Statistics,
    case_label,
)
from jiedao_desk.domains.enforcement.required_documents import missing_documents
from jiedao_desk.domains.enforcement.stored_clocks import bulk_records, clocks_of
from jiedao_desk.store import Store

_WORST = ("red", "yellow", "green")


@dataclass(frozen=True)
class CaseDetail:
    """Everything the case page shows."""

    case: Case
    parties: list[Party]
    events: list[Event]
    history: list[Transition]
    clocks: list[tuple[Clock, str]]  # (clock, colour), by due date
    documents: list
    repeat: list[EarlierCase]
    missing: list[str]
    warnings: list[str] = field(default_factory=list)
    discretion: Discretion | None = None  # the live 裁量 choice
    publication: PublicationSummary | None = None  # 公示


def _soon(store: Store) -> int:
    return int(settings_mod.get(store, settings_mod.SETTINGS["todo.due_soon_working_days"]))


def case_detail(store: Store, actor: Actor, case_id: int) -> CaseDetail:
    """The case with parties, records, history, coloured clocks, documents and hints."""
    case = get_case(store, actor, case_id)
    cal, today, soon = load_calendar(store), clock.today(), _soon(store)
    parties = es.parties(store, case_id)
    repeat = []
    for p in parties:
        repeat += es.earlier_cases_of(store, case_id, p.id_number, p.address)
    warnings = []
    if parties and case.state == "filed" \
            and parameters.hearing_threshold(store, parties[0].kind) is None:
        warnings.append("听证门槛（较大数额罚款）未设置：事先告知时须明确是否告知听证权利。")
    missing = ([r.name for r in missing_documents(store, case_id, for_archive=True)]
               if case.procedure == "general" and case.state in ("decided", "closed") else [])
    return CaseDetail(case, parties, es.events(store, case_id), es.history(store, case_id),
                      [(c, c.colour(today, cal, soon)) for c in sorted(
                          clocks_of(store, case, cal), key=lambda k: k.due)],
                      documents.list_documents(store, ENTITY, case_id),
                      repeat, missing, warnings, es.current_discretion(store, case_id),
                      publication.summary(store, actor, case_id))


def list_cases(store: Store, actor: Actor, state: str | None = None) -> list[CaseRow]:
    """Cases (newest first) with their party names and worst clock colour."""
    auth.require(actor, "enforcement.view")
    cal, today, soon = load_calendar(store), clock.today(), _soon(store)
    out = []
    for case in es.list_cases(store, state):
        colours = [c.colour(today, cal, soon) for c in clocks_of(store, case, cal)]
        worst = next((c for c in _WORST if c in colours), "")
        names = "、".join(p.name for p in es.parties(store, case.id))
        out.append(CaseRow(case, names, worst))
    return out


def todo_items(store: Store, actor: Actor, today: dt.date, cal: WorkCalendar) -> Iterable[TodoItem]:
    """Open clocks of live cases (only for roles that work on case files): the stored clocks
    (one indexed query), or every case's clocks counted from its records while the stored
    ones are not current."""
    if not auth.can(actor, "enforcement.edit"):
        return []
    found = stored_clocks.running(store, today)
    if found is None:
        found = _running_counted(store, today, cal)
    return [TodoItem("enforcement", f"执法案件 {case_label(number, case_id)}：{c.label}", c.due,
                     ENTITY, case_id, c.confirmed, c.basis)
            for case_id, number, _state, c in found]


def _running_counted(store: Store, today: dt.date,
                     cal: WorkCalendar) -> list[tuple[int, str | None, str, Clock]]:
    """What ``stored_clocks.running`` gives, counted from every case's records."""
    out = []
    bulk = bulk_records(store)
    for case in es.list_cases(store):
        if case.state in ("archived", "not_opened"):
            continue
        for c in clocks_of(store, case, cal, bulk):
            lapsed = c.party_option and c.due < today  # the party let it pass: no task
            if c.done_on is None and not c.earliest and not lapsed:
                out.append((case.id, case.case_number, case.state, c))
    return out


def overdue_counted(store: Store, today: dt.date, cal: WorkCalendar) -> dict[str, int]:
    """Clocks overdue on ``today`` by label, counted from every case's records (what the
    stored clocks answer in one query; the reference their tests compare with)."""
    overdue: dict[str, int] = {}
    bulk = bulk_records(store)
    for case in es.list_cases(store):
        for c in clocks_of(store, case, cal, bulk):
            if c.colour(today, cal, 0) == RED:
                overdue[c.label] = overdue.get(c.label, 0) + 1
    return dict(sorted(overdue.items()))


def statistics(store: Store, actor: Actor, date_from, date_to) -> Statistics:
    """Monthly-report figures: cases by source, power, state; fines; overdue clocks.

    Cases are counted by the date found; fines decided by decision date and collected by
    payment date; overdue clocks as of today over all live cases.
    """
    auth.require(actor, "enforcement.stats")  # counts only: the monthly report's readers
    a = validate.date(date_from, "起始日期").isoformat()
    b = validate.date(date_to, "截止日期").isoformat()
    if b < a:
        raise ValidationError("截止日期不能早于起始日期。", "date_to")
    today = clock.today()
    overdue = stored_clocks.overdue(store, today)
    if overdue is None:
        overdue = overdue_counted(store, today, load_calendar(store))
    decided, collected = es.fine_totals(store, a, b)

    found = es.counts_found(store, a, b)  # one pass, counted three ways below

    def named(column: str, labels: dict | None) -> dict:
        counts: dict[str, int] = {}
        for r in found:
            counts[r[column]] = counts.get(r[column], 0) + r["n"]
        return {(labels or {}).get(k, k) or "（未选职权）": n
                for k, n in sorted(counts.items(), key=lambda kn: (-kn[1], kn[0]))}
    return Statistics(a, b, named("source", SOURCES), named("power_text", None),
                      named("status", rules.STATES), decided / 100, collected / 100, overdue,
                      COLOUR_LABELS)
