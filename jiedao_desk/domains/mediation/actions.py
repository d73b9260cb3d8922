# SPDX-License-Identifier: MIT
"""People's mediation: work on an accepted case, its outcome, and what follows.

Each function is one user action in one transaction with its audit row. Sources:
/work/shared/reference/mediation-hotline.md §1 (articles cited at each rule).
"""

from __future__ import annotations

import datetime as dt
import json

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import auth, validate
from jiedao_desk.domains.mediation import store as med_store
from jiedao_desk.domains.mediation.cases import (
    Case,
    change_state,
    committee_key,
    get_case,
    live_case,
    next_case_number,
    reindex,
    yuan_to_fen,
)
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

ENTITY = med_store.ENTITY
WORKING = ("accepted",)
RECORD_KINDS = {"investigation": "调查记录", "session": "调解记录", "risk": "风险情况",
                "follow_up": "回访记录"}
# Fields each record kind must carry (人民调解记录 head: 时间、地点、事由、参加人、当事人 — §2).
_RECORD_FIELDS = {
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
        row = live_case(store, case_id, WORKING, "指定调解员")
        change_state(store, actor, row, row["state"], "mediation.assign",
                     mediators=json.dumps(names, ensure_ascii=False))
    return get_case(store, actor, case_id)


def notify_rights(store: Store, actor: Actor, case_id: int, on=None,
                  manner: str = "书面") -> Case:
    """Record that the parties were told their rights and duties (若干规定 第三十条)."""
    auth.require(actor, "mediation.edit")
    if manner not in ("书面", "口头"):
        raise ValidationError("告知方式应为书面或口头。", "manner")
    with store.atomic():
        row = live_case(store, case_id, WORKING, "登记权利义务告知")
        day = _date(on, "告知日期")
        change_state(store, actor, row, row["state"], "mediation.notify_rights",
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
    missing = [label for key, label in _RECORD_FIELDS[kind].items() if not detail.get(key)]
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
    states = ("agreed", "closed") if kind == "follow_up" else (*WORKING,)
    with store.atomic():
        row = live_case(store, case_id, states, f"添加{RECORD_KINDS[kind]}")
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


def record_agreement(store: Store, actor: Actor, case_id: int, *, written: bool, facts: str,
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
        row = live_case(store, case_id, WORKING, "登记调解协议")
        if not row["rights_notified_on"]:
            raise Conflict("尚未登记权利义务告知（若干规定第三十条：调解前应当告知）。")
        if not med_store.events(store, case_id, "session"):
            raise Conflict("尚无调解记录（人民调解法第二十七条：调解员应当记录调解情况）。")
        effective = _date(effective_on, "协议生效日期")
        if effective < dt.date.fromisoformat(row["accepted_on"]):
            raise ValidationError("协议生效日期不能早于受理日期。", "effective_on")
        if perf["deadline"] and perf["deadline"] < effective.isoformat():
            raise ValidationError("履行期限不能早于协议生效日期。", "deadline")
        outcome = "written" if written else "oral"
        change_state(store, actor, row, "agreed", "mediation.agreement",
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
        row = live_case(store, case_id, WORKING, "终止调解")
        day = _date(on, "终止日期")
        change_state(store, actor, row, "terminated", "mediation.terminate", reason,
                     outcome="terminated", outcome_on=day.isoformat(),
                     termination_reason=reason, routes_told=routes)
    return get_case(store, actor, case_id)


def apply_judicial_confirmation(store: Store, actor: Actor, case_id: int, court: str,
                                on=None, late_ok: bool = False) -> Case:
    """Record the parties' joint 司法确认 application (人民调解法 第三十三条: within 30 days)."""
    from jiedao_desk.core.workdays import load_calendar

    auth.require(actor, "mediation.edit")
    court = validate.required_text(court, "受理法院", 200)
    with store.atomic():
        row = live_case(store, case_id, ("agreed", "closed"), "登记司法确认申请")
        if row["outcome"] != "written":
            raise Conflict("司法确认需提交书面调解协议（法释〔2011〕5号），口头协议不能申请。")
        if row["jc_applied_on"]:
            raise Conflict("已登记过司法确认申请。")
        day = _date(on, "申请日期")
        case = get_case(store, actor, case_id)
        window = case.jc_window(load_calendar(store))
        if day > window and not late_ok:
            raise ValidationError(f"已超过司法确认申请期限（{window.isoformat()}，人民调解法"
                                  "第三十三条）；如确已提交，请确认后登记。", "jc_applied_on")
        change_state(store, actor, row, row["state"], "mediation.jc_apply",
                     jc_applied_on=day.isoformat(), jc_court=court)
    return get_case(store, actor, case_id)


def record_judicial_result(store: Store, actor: Actor, case_id: int, confirmed: bool,
                           on=None, note: str = "") -> Case:
    """Record the court's ruling: confirmed (enforceable) or not (change/new agreement/sue)."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, ("agreed", "closed"), "登记司法确认结果")
        if not row["jc_applied_on"]:
            raise Conflict("尚未登记司法确认申请。")
        if row["jc_result"]:
            raise Conflict("已登记过司法确认结果。")
        day = _date(on, "裁定日期")
        if day < dt.date.fromisoformat(row["jc_applied_on"]):
            raise ValidationError("裁定日期不能早于申请日期。", "jc_result_on")
        change_state(store, actor, row, row["state"], "mediation.jc_result",
                     jc_result="confirmed" if confirmed else "rejected",
                     jc_result_on=day.isoformat(), jc_note=(note or "").strip())
    return get_case(store, actor, case_id)


def transfer_to_street(store: Store, actor: Actor, case_id: int, reason: str) -> Case:
    """Hand a community case to the street committee (小事不出社区、大事不出街道; 若干规定:
    disputes a residents' committee cannot settle go to the street). The street committee
    registers it under its own number; the old number and history stay on the case."""
    auth.require(actor, "mediation.edit")
    reason = validate.required_text(reason, "移交原因", 1000)
    with store.atomic():
        row = live_case(store, case_id, ("registered", "accepted"), "移交街道调委会")
        if row["level"] == "street":
            raise Conflict("该案件已由街道人民调解委员会办理。")
        year = clock.today().year
        number, serial = next_case_number(store, None, year)
        med_store.take_number(store, committee_key(None), year, serial, case_id, number)
        change_state(store, actor, row, row["state"], "mediation.transfer",
                     f"移交街道调委会（原卷号{row['case_number']}）：{reason}",
                     level="street", community_id=None, committee_key=committee_key(None),
                     case_number=number, year=year, serial=serial)
        med_store.add_transition(store, case_id, row["state"], row["state"], actor.name,
                                 f"移交街道调委会，原卷号{row['case_number']}，新卷号{number}："
                                 f"{reason}")
        reindex(store, case_id)  # new number and committee
    return get_case(store, actor, case_id)


def close_case(store: Store, actor: Actor, case_id: int, on=None) -> Case:
    """结案: after an agreement or a termination."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, ("agreed", "terminated"), "结案")
        day = _date(on, "结案日期")
        change_state(store, actor, row, "closed", "mediation.close", closed_on=day.isoformat())
    return get_case(store, actor, case_id)


def dossier_conditions(case: Case) -> set[str]:
    """What this case calls for among the dossier's as-needed items (``required_when`` in
    resources/dossiers/mediation.toml): an agreement, an agent, investigation or follow-up
    records, a 司法确认 application."""
    out = set()
    if case.outcome in ("written", "oral"):
        out.add("agreed")
    if any(p.agent_name for p in case.parties):
        out.add("has_agent")
    if case.records("investigation"):
        out.add("has_investigation")
    if case.records("follow_up"):
        out.add("has_follow_up")
    if case.jc_applied_on:
        out.add("jc_applied")
    return out


def dossier_missing(store: Store, actor: Actor, case_id: int) -> list[str]:
    """Names of dossier items this case needs but does not have yet (issued documents, or
    attachments whose note is the item label, e.g. ``party_identity``)."""
    from jiedao_desk.core import attachments, documents, dossier

    auth.require(actor, "mediation.view")
    case = get_case(store, actor, case_id)
    kinds = {d.kind for d in documents.list_documents(store, ENTITY, case_id) if not d.voided}
    kinds |= {f"attachment:{a.note.strip()}"
              for a in attachments.list_attachments(store, ENTITY, case_id)}
    return [r.name for r in dossier.check_completeness("mediation", kinds,
                                                       dossier_conditions(case))]


def archive(store: Store, actor: Actor, case_id: int, on=None) -> Case:
    """立卷归档 (人民调解法 第二十七条) — refused while a required dossier item is missing."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, ("closed",), "归档")
        missing = dossier_missing(store, actor, case_id)
        if missing:
            raise ValidationError("卷宗不完整，缺少：" + "、".join(missing) + "。", "dossier")
        day = _date(on, "归档日期")
        change_state(store, actor, row, "archived", "mediation.archive",
                     archived_on=day.isoformat())
    return get_case(store, actor, case_id)


def attachment_labels() -> dict[str, str]:
    """Dossier labels an attachment can carry (from resources/dossiers/mediation.toml)."""
    from jiedao_desk.core import dossier

    return {k.removeprefix("attachment:"): r.name for r in dossier.load_type("mediation").items
            for k in r.kinds if k.startswith("attachment:")}


def attach(store: Store, actor: Actor, case_id: int, path, label: str):
    """Attach a scan (identity proof, evidence, receipt…) to a case under a dossier label."""
    from jiedao_desk.core import attachments

    auth.require(actor, "mediation.edit")
    labels = attachment_labels()
    if label not in labels:
        raise ValidationError(f"附件标签“{label}”无效，可选："
                              + "、".join(f"{k}（{v}）" for k, v in labels.items()), "label")
    live_case(store, case_id, tuple(med_store.STATE_LABELS), "添加附件")
    return attachments.add_attachment(store, actor, path, ENTITY, case_id, label)
