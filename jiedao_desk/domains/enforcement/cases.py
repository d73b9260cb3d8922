# SPDX-License-Identifier: MIT
"""Comprehensive administrative enforcement (综合行政执法) case files: reading a case, the lead
(线索), 立案 or not, parties, voiding — and the helpers every case action shares.

Since 2020-07-01 the street exercises devolved penalty powers in its own name (京政发〔2020〕9号).
Every function checks ``enforcement.*`` permissions (only enforcement officers and
administrators see case files), asks the rules (``rules.py``) whether the case may take the
action, and is one audited transaction. The other steps of a case are in ``investigation``,
``decision``, ``execution`` and ``closing``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.base.states import Action
from jiedao_desk.core import auth, catalog, validate
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import numbers, rules, search
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import limitation_end
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    PARTY_KINDS,
    SOURCES,
    Case,
    LeadResult,
    NewParty,
    Officer,
    PowerItem,
)
from jiedao_desk.store import Store, now_text
from jiedao_desk.store import audit as audit_store

POWER_CATALOG = "enforcement_power"


# -- reading and the shared helpers ------------------------------------------------------------
def get_case(store: Store, actor: Actor, case_id: int) -> Case:
    """One case (NotFound / PermissionDenied)."""
    auth.require(actor, "enforcement.view")
    case = es.get_case(store, case_id)
    if case is None:
        raise NotFound(f"没有编号为 {case_id} 的执法案件。")
    return case


def case_for(store: Store, actor: Actor, case_id: int, action: str) -> Case:
    """The case an officer is about to change with ``action`` (a key of ``rules.MACHINE``):
    checks ``enforcement.edit`` and that the case's state allows the action (its guards are
    checked when the entered values are known, ``rules.require``)."""
    auth.require(actor, "enforcement.edit")
    case = get_case(store, actor, case_id)
    rules.require_state(action, case)
    return case


def move(store: Store, actor: Actor, case: Case, action: Action, reason: str) -> None:
    """Put the case in ``action``'s target state with a history row (inside the caller's
    transaction)."""
    target = action.target
    if target is None:  # only the actions with a target state are passed here
        raise Conflict(f"“{action.label}”不改变案件状态。")
    es.update_case(store, case.id, state=target)
    es.add_history(store, case.id, case.state, target, actor.name, reason)


def add_event(  # noqa: PLR0913 — the fields of one record; callers name the optional ones
        store: Store, actor: Actor, case: Case, kind: str, day: dt.date, audit_action: str, *,
        officers: tuple[Officer, ...] = (), details: dict | None = None,
        attachment_id: int | None = None) -> int:
    """Add a record to the case with its audit row (inside the caller's transaction)."""
    eid = es.insert_event(store, case.id, kind, day, actor.name, officers, details,
                          attachment_id=attachment_id)
    audit_store.record(store, actor, audit_action, ENTITY, case.id, None,
                       {"event_id": eid, "kind": kind, "day": day.isoformat(),
                        "officers": es.officer_rows(officers), **(details or {})})
    return eid


def officers(value) -> tuple[Officer, ...]:
    """Validate the officers of a record: at least two, each with an enforcement-ID number.

    行政处罚法 第四十二条 (2021 numbering not re-verified, reference §1.1 row 3): investigation
    is done by at least two officers who show their enforcement IDs.
    """
    result = []
    for o in value or []:
        name, cert = (o.name, o.cert_no) if isinstance(o, Officer) else (o[0], o[1])
        result.append(Officer(validate.required_text(name, "执法人员姓名", 30),
                              validate.required_text(cert, f"执法人员“{name}”的执法证号", 40)))
    if len({o.cert_no for o in result}) < 2:
        raise ValidationError("调查取证须有两名以上执法人员，并记录各自的执法证号"
                              "（行政处罚法 第四十二条）。", "officers")
    return tuple(result)


def money(value, label: str = "罚款金额") -> Decimal:
    """An amount of yuan entered by the officer: not negative, at most two decimals."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}“{value}”不是有效金额。", label) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(f"{label}须为不小于零、最多两位小数的金额。", label)
    return amount


def fen(amount: Decimal) -> int:
    """Yuan as fen (the database keeps money in fen)."""
    return int(amount * 100)


def power_choices(store: Store) -> tuple[list[PowerItem], str]:
    """Items of every non-void powers-catalogue version, and a warning when the version in
    force is empty or unknown (the official annex was not public; an administrator imports it).
    """
    out = []
    current = catalog.current_version(store, POWER_CATALOG)
    for v in catalog.versions(store, POWER_CATALOG):
        if v.voided_at or v.id is None:  # a stored version always has its id
            continue
        for it in catalog.items(store, v.id):
            if it.id is None:  # likewise a stored item
                continue
            out.append(PowerItem(v.id, v.label, it.id, it.seq, it.text, v.confidence,
                                 bool(current and current.id == v.id), it.extra))
    warning = ""
    if current is None or current.item_count == 0:
        label = f"“{current.label}”" if current else ""
        warning = (
            f"现行职权目录{label}为空或未知（京政发〔2020〕9号附件未公开）。可暂用参考样例条目，"
            "请管理员在“参考目录”页导入正式职权目录。")
    return out, warning


def power(store: Store, item_id: int) -> PowerItem:
    """The powers-catalogue item ``item_id`` of a non-void version (ValidationError if none)."""
    found = next((p for p in power_choices(store)[0] if p.item_id == item_id), None)
    if found is None:
        raise ValidationError(f"职权目录中没有编号为 {item_id} 的事项（或该版本已作废）。", "power")
    return found


# -- lead and 立案 ---------------------------------------------------------------------------
def register_lead(  # noqa: PLR0913 — the fields of the lead form; the optional ones by name
        store: Store, actor: Actor, source: str, found_on, place: str, description: str, *,
        act_on=None, act_ended_on=None, serious_harm: bool = False) -> LeadResult:
    """Register a lead (线索) with the limitation check of 行政处罚法 第三十六条.

    The lead is recorded even if the limitation has run (the record shows why it is not
    pursued); ``file_case`` then refuses it.
    """
    auth.require(actor, "enforcement.edit")
    if source not in SOURCES:
        raise ValidationError(f"案件来源须为：{'、'.join(SOURCES.values())}。", "source")
    found = validate.date(found_on, "发现日期", not_after_today=True)
    act = validate.date(act_on, "违法行为发生日期") if act_on else None
    ended = validate.date(act_ended_on, "违法行为终了日期") if act_ended_on else None
    if act and act > found:
        raise ValidationError("违法行为发生日期不能晚于发现日期。", "act_on")
    if ended and act and ended < act:
        raise ValidationError("违法行为终了日期不能早于发生日期。", "act_ended_on")
    state = rules.LEAD  # the target of rules.REGISTER_LEAD
    values = {"procedure": "general", "state": state, "source": source,
              "found_on": found, "place": validate.required_text(place, "地点", 200),
              "description": validate.required_text(description, "线索描述", 2000),
              "act_on": act, "act_ended_on": ended, "serious_harm": bool(serious_harm)}
    limit, expired, warnings = None, False, []
    start = act or ended
    if start:
        limit = limitation_end(start, ended, serious_harm, load_calendar(store))
        expired = found > limit
        if expired:
            warnings.append(f"违法行为在{limit.isoformat()}后才被发现，已超过追责时效，不再给予行政处罚"
                            "（行政处罚法 第三十六条）。")
    else:
        warnings.append("未填写违法行为发生日期，无法核对追责时效。")
    with store.atomic():
        case_id = es.insert_case(store, values, actor.name)
        es.add_history(store, case_id, None, state, actor.name, "登记线索")
        search.reindex(store, case_id)
        audit_store.record(store, actor, "enforcement.lead", ENTITY, case_id, None, {
            "procedure": "general", "status": state, "source": source,
            "found_on": found.isoformat(), "place": values["place"],
            "description": values["description"], "act_on": act.isoformat() if act else None,
            "act_ended_on": ended.isoformat() if ended else None,
            "serious_harm": int(bool(serious_harm)),
            "limitation_end": limit.isoformat() if limit else None})
    return LeadResult(case_id, limit, expired, warnings)


def file_case(store: Store, actor: Actor, case_id: int, filed_on, approved_by: str,
              power_item_id: int) -> Case:
    """立案 with the approver's name; records the powers-catalogue version and item used, and
    gives the case its number (立案编号, ``numbers``) in the filing date's year."""
    case = case_for(store, actor, case_id, "file")
    day = validate.date(filed_on, "立案日期", not_after_today=True)
    if day < case.found_on:
        raise ValidationError("立案日期不能早于发现日期。", "filed_on")
    action = rules.require("file", Facts(store, case, day))
    item = power(store, power_item_id)
    fields = {"filed_on": day.isoformat(),
              "filed_approved_by": validate.required_text(approved_by, "立案审批人", 30),
              "power_version_id": item.version_id, "power_item_id": item.item_id,
              "power_text": item.text}
    numbers.pattern(store)  # a bad number pattern fails before anything is written
    with store.atomic():
        es.update_case(store, case_id, **fields)
        fields["case_no"] = numbers.assign(store, case_id, day)
        move(store, actor, case, action, "立案")
        search.reindex(store, case_id)  # the case number is searchable
        audit_store.record(store, actor, "enforcement.file", ENTITY, case_id,
                           {"status": case.state}, fields)
    return es.read_case(store, case_id)


def not_open(store: Store, actor: Actor, case_id: int, reason: str) -> Case:
    """Record that a lead is not opened as a case, with the reason (不予立案)."""
    case = case_for(store, actor, case_id, "not_open")
    reason = validate.required_text(reason, "不予立案理由", 500)
    action = rules.require("not_open", Facts(store, case))
    with store.atomic():
        es.update_case(store, case_id, not_opened_reason=reason)
        move(store, actor, case, action, reason)
        audit_store.record(store, actor, "enforcement.not_open", ENTITY, case_id,
                           {"status": case.state}, {"reason": reason})
    return es.read_case(store, case_id)


# -- parties --------------------------------------------------------------------------------
def add_party(  # noqa: PLR0913 — the fields of the party form; the optional ones by name
        store: Store, actor: Actor, case_id: int, kind: str, name: str, id_number: str, *,
        address: str = "", phone: str = "", legal_rep: str = "") -> NewParty:
    """Add a party (当事人): a person (ID checked) or an organisation (USCC checked).

    Returns:
        The party, and the earlier cases with the same ID/USCC or address (a hint for 从重
        discretion, never a finding).
    """
    case = case_for(store, actor, case_id, "party")
    if kind not in PARTY_KINDS:
        raise ValidationError("当事人类型须为自然人或法人/其他组织。", "kind")
    if kind == "person":
        number = validate.id_card(id_number).number
        legal_rep = ""
    else:
        number = validate.credit_code(id_number)
        legal_rep = validate.required_text(legal_rep, "法定代表人（负责人）", 30)
    values = {"kind": kind, "name": validate.required_text(name, "当事人名称", 100),
              "id_number": number, "legal_rep": legal_rep, "address": (address or "").strip(),
              "phone": validate.phone(phone) if (phone or "").strip() else ""}
    rules.require("party", Facts(store, case))
    with store.atomic():
        pid = es.insert_party(store, case.id, values)
        search.reindex(store, case_id)
        audit_store.record(store, actor, "enforcement.party", ENTITY, case_id, None,
                           {**values, "party_id": pid})
    party = next(p for p in es.parties(store, case_id) if p.id == pid)
    return NewParty(party, tuple(es.earlier_cases_of(store, case_id, number, values["address"])))


# -- voiding ---------------------------------------------------------------------------------
def void_case(store: Store, actor: Actor, case_id: int, reason: str) -> Case:
    """Void a case registered by mistake (records are never deleted; design.md "Data")."""
    case = case_for(store, actor, case_id, "void")
    reason = validate.required_text(reason, "作废原因", 300)
    rules.require("void", Facts(store, case))
    with store.atomic():
        es.update_case(store, case_id, voided_at=now_text(), void_reason=reason)
        search.reindex(store, case_id)  # a void case leaves global search
        audit_store.record(store, actor, "enforcement.void", ENTITY, case_id,
                           {"voided_at": None}, {"reason": reason})
    return es.read_case(store, case_id)

