# SPDX-License-Identifier: MIT
"""People's mediation: work on an accepted case, its outcome, and what follows.

Each function is one user action in one transaction with its audit row; whether the case may
take it now is asked of rules.py (state and legal gates). Sources:
/work/shared/reference/mediation-hotline.md §1 (articles cited at each rule).
"""

from __future__ import annotations

import datetime as dt
import json

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth, site, validate
from jiedao_desk.core.exchange import ownership
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.mediation import dossier, rules
from jiedao_desk.domains.mediation import store as med_store
from jiedao_desk.domains.mediation.cases import (
    change_state,
    committee_key,
    facts_of,
    get_case,
    live_case,
    next_case_number,
    reindex,
    yuan_to_fen,
)
from jiedao_desk.domains.mediation.model import Case
from jiedao_desk.domains.mediation.rules import ENTITY, RECORD_KINDS
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

# Fields each record kind must carry (人民调解记录 head: 时间、地点、事由、参加人、当事人 — §2).
RECORD_REQUIRED = {
    "investigation": {"place": "地点", "content": "调查内容"},
    "session": {"place": "地点", "matter": "事由", "content": "调解情况"},
    "risk": {"sign": "激化迹象", "measure": "采取的措施"},
    "follow_up": {"party": "回访对象", "performance": "协议履行情况"},
}


def _date(value, label: str) -> dt.date:
    return validate.date(value or clock.today(), label, not_after_today=True)


def assign_mediators(store: Store, actor: Actor, case_id: int, names: list[str]) -> Case:
    """Appoint the mediators (人民调解法 第十九条: one or more, or chosen by the parties)."""
    auth.require(actor, "mediation.edit")
    names = [n.strip() for n in names if n and n.strip()]
    if not names:
        raise ValidationError("至少指定一名人民调解员。", "mediators")
    with store.atomic():
        row = live_case(store, case_id, "assign")
        change_state(store, actor, row, "assign", "mediation.assign",
                     mediators=json.dumps(names, ensure_ascii=False))
    return get_case(store, actor, case_id)


def notify_rights(store: Store, actor: Actor, case_id: int, on=None,
                  manner: str = "书面") -> Case:
    """Record that the parties were told their rights and duties (若干规定 第三十条)."""
    auth.require(actor, "mediation.edit")
    if manner not in ("书面", "口头"):
        raise ValidationError("告知方式应为书面或口头。", "manner")
    with store.atomic():
        row = live_case(store, case_id, "notify")
        day = _date(on, "告知日期")
        change_state(store, actor, row, "notify", "mediation.notify_rights",
                     rights_notified_on=day.isoformat(), rights_notice_manner=manner)
    return get_case(store, actor, case_id)


def clean_record(kind: str, detail: dict | None) -> dict:
    """Check the content of a work record of ``kind``; the stripped detail.

    A risk flag must say whom it was reported to when the dispute may turn into a public-order
    or criminal case (若干规定 第三十二条).
    """
    if kind not in RECORD_KINDS:
        raise ValidationError(f"未知的记录类型“{kind}”。", "kind")
    detail = {k: (v.strip() if isinstance(v, str) else v) for k, v in (detail or {}).items()}
    missing = [label for key, label in RECORD_REQUIRED[kind].items() if not detail.get(key)]
    if missing:
        raise ValidationError(f"{RECORD_KINDS[kind]}缺少：{'、'.join(missing)}。", "detail")
    if kind == "risk" and detail.get("escalation") and not detail.get("reported_to"):
        raise ValidationError("可能激化为治安或刑事案件的，应写明已报告的公安机关或有关部门"
                              "（若干规定第三十二条）。", "reported_to")
    return detail


def add_record(store: Store, actor: Actor, case_id: int, kind: str, detail: dict,
               on=None) -> Case:
    """Add an investigation record, a session record, a risk flag or a follow-up visit.

    A risk flag must say whom it was reported to when the dispute may turn into a public-order
    or criminal case (若干规定 第三十二条). Follow-ups need a reached agreement (第三十一条).
    """
    auth.require(actor, "mediation.edit")
    detail = clean_record(kind, detail)
    with store.atomic():
        row = live_case(store, case_id, f"record_{kind}")
        day = _date(on, "记录日期")
        if row["accepted_on"] and day < dt.date.fromisoformat(row["accepted_on"]):
            raise ValidationError("记录日期不能早于受理日期。", "on_date")
        if kind == "follow_up":
            detail.setdefault("agreement_number", row["agreement_number"])
        event_id = med_store.insert_event(store, case_id, kind, day.isoformat(),
                                          json.dumps(detail, ensure_ascii=False), actor.name)
        audit_store.record(store, actor, f"mediation.record.{kind}", ENTITY, case_id, None,
                           {"event_id": event_id, "on_date": day.isoformat(), **detail})
    return get_case(store, actor, case_id)


def record_agreement(  # noqa: PLR0913 — the fields of the one agreement form, by keyword
        store: Store, actor: Actor, case_id: int, *, written: bool, facts: str,
        terms: list[str], amount_yuan=0, manner: str = "", place: str = "",
        deadline=None, effective_on=None) -> Case:
    """Register the agreement reached (人民调解法 第二十八、二十九条).

    A written agreement states facts and responsibilities, agreed terms and the manner, place
    and time limit of performance (第二十九条; 若干规定 第三十五条); it takes effect when all
    signed and the committee sealed it. An oral agreement takes effect the day it is reached.
    The agreement number is the case number (its own pattern was not seen: §2).
    """
    auth.require(actor, "mediation.edit")
    terms = [t.strip() for t in terms or [] if t and t.strip()]
    if not terms:
        raise ValidationError("请填写协议内容（至少一条）。", "terms")
    facts = validate.required_text(facts, "纠纷事实、争议事项及各方责任", 4000)
    fen = yuan_to_fen(amount_yuan)
    perf = {"manner": (manner or "").strip(), "place": (place or "").strip(), "deadline": ""}
    if written:
        if not perf["manner"]:
            raise ValidationError("书面协议应写明履行方式（人民调解法第二十九条）。", "manner")
        if deadline:
            perf["deadline"] = validate.date(deadline, "履行期限").isoformat()
        else:
            raise ValidationError("书面协议应写明履行期限（人民调解法第二十九条）。", "deadline")
    with store.atomic():
        row = live_case(store, case_id, "agree")
        effective = _date(effective_on, "协议生效日期")
        if effective < dt.date.fromisoformat(row["accepted_on"]):
            raise ValidationError("协议生效日期不能早于受理日期。", "effective_on")
        if perf["deadline"] and perf["deadline"] < effective.isoformat():
            raise ValidationError("履行期限不能早于协议生效日期。", "deadline")
        outcome = "written" if written else "oral"
        change_state(store, actor, row, "agree", "mediation.agreement",
                     "书面协议" if written else "口头协议", outcome=outcome,
                     outcome_on=effective.isoformat(), agreement_number=row["case_number"],
                     facts=facts, terms=json.dumps(terms, ensure_ascii=False),
                     performance=json.dumps(perf, ensure_ascii=False),
                     effective_on=effective.isoformat(), amount_fen=fen)
    return get_case(store, actor, case_id)


def terminate(store: Store, actor: Actor, case_id: int, reason: str, routes: str,
              on=None) -> Case:
    """End a failed mediation (终止调解) and record the routes the parties were told
    (arbitration, administrative or judicial channels — §1 "Mediation fails")."""
    auth.require(actor, "mediation.edit")
    reason = validate.required_text(reason, "终止调解的原因", 1000)
    routes = validate.required_text(routes, "告知当事人的途径", 1000)
    with store.atomic():
        row = live_case(store, case_id, "terminate")
        day = _date(on, "终止日期")
        change_state(store, actor, row, "terminate", "mediation.terminate", reason,
                     outcome="terminated", outcome_on=day.isoformat(),
                     termination_reason=reason, routes_told=routes)
    return get_case(store, actor, case_id)


def apply_judicial_confirmation(store: Store, actor: Actor, case_id: int, court: str,
                                on=None, late_ok: bool = False) -> Case:
    """Record the parties' joint 司法确认 application (人民调解法 第三十三条: within 30 days)."""
    auth.require(actor, "mediation.edit")
    court = validate.required_text(court, "受理法院", 200)
    with store.atomic():
        row = live_case(store, case_id, "jc_apply")
        day = _date(on, "申请日期")
        window = get_case(store, actor, case_id).jc_window(load_calendar(store))
        rules.require("jc_apply", facts_of(store, row, applied_on=day, jc_window=window,
                                           late_ok=late_ok))
        change_state(store, actor, row, "jc_apply", "mediation.jc_apply",
                     jc_applied_on=day.isoformat(), jc_court=court)
    return get_case(store, actor, case_id)


def record_judicial_result(store: Store, actor: Actor, case_id: int, confirmed: bool,
                           on=None, note: str = "") -> Case:
    """Record the court's ruling: confirmed (enforceable) or not (change/new agreement/sue)."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, "jc_result")
        day = _date(on, "裁定日期")
        if day < dt.date.fromisoformat(row["jc_applied_on"]):
            raise ValidationError("裁定日期不能早于申请日期。", "jc_result_on")
        change_state(store, actor, row, "jc_result", "mediation.jc_result",
                     jc_result="confirmed" if confirmed else "rejected",
                     jc_result_on=day.isoformat(), jc_note=(note or "").strip())
    return get_case(store, actor, case_id)


def transfer_to_street(store: Store, actor: Actor, case_id: int, reason: str) -> Case:
    """Hand a community case to the street committee (小事不出社区、大事不出街道; 若干规定:
    disputes a residents' committee cannot settle go to the street). The street committee
    registers it under its own number; the old number and history stay on the case."""
    auth.require(actor, "mediation.edit")
    reason = validate.required_text(reason, "移交原因", 1000)
    if site.get_site(store).role == "community":
        return _hand_to_street_site(store, actor, case_id, reason)
    with store.atomic():
        row = live_case(store, case_id, "transfer")
        year = clock.today().year
        number, serial = next_case_number(store, None, year)
        med_store.take_number(store, committee_key(None), year, serial, case_id, number)
        change_state(store, actor, row, "transfer", "mediation.transfer",
                     f"移交街道调委会（原卷号{row['case_number']}）：{reason}",
                     level="street", community_id=None, committee_key=committee_key(None),
                     case_number=number, year=year, serial=serial)
        med_store.add_transition(store, case_id, row["state"], row["state"], actor.name,
                                 f"移交街道调委会，原卷号{row['case_number']}，新卷号{number}："
                                 f"{reason}")
        reindex(store, case_id)  # new number and committee
    return get_case(store, actor, case_id)


def _hand_to_street_site(store: Store, actor: Actor, case_id: int, reason: str) -> Case:
    """On a community's own PC the street committee's numbers are not known: the case (with
    its parties, records, documents and files) is handed over to the street's site and
    travels in the next exchange package; the street committee registers it under its own
    number there (the same action, on the street's PC). The community keeps a read-only
    copy."""
    with store.atomic():
        row = live_case(store, case_id, "transfer")
        to = ownership.street_uid(store)
        ownership.require_own(store, ENTITY, case_id)
        med_store.add_transition(store, case_id, row["state"], row["state"], actor.name,
                                 f"移交街道调委会（原卷号{row['case_number']}，随下一个交换包"
                                 f"送到街道）：{reason}")
        ownership.hand_over(store, actor, ENTITY, case_id, to, reason,
                            audit_action="mediation.hand_over")
    return get_case(store, actor, case_id)


def close_case(store: Store, actor: Actor, case_id: int, on=None) -> Case:
    """结案: after an agreement or a termination."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, "close")
        day = _date(on, "结案日期")
        change_state(store, actor, row, "close", "mediation.close", closed_on=day.isoformat())
    return get_case(store, actor, case_id)


def archive(store: Store, actor: Actor, case_id: int, on=None) -> Case:
    """立卷归档 (人民调解法 第二十七条) — refused while a required dossier item is missing."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, "archive")
        missing = dossier.dossier_missing(store, actor, case_id)
        rules.require("archive", facts_of(store, row, dossier_missing=tuple(missing)))
        day = _date(on, "归档日期")
        change_state(store, actor, row, "archive", "mediation.archive",
                     archived_on=day.isoformat())
    return get_case(store, actor, case_id)
