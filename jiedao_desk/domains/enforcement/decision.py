# SPDX-License-Identifier: MIT
"""Towards the penalty decision: 事先告知, 陈述申辩, 听证, the decision itself, and the
简易程序 (当场处罚) that decides on the spot.

What each step needs before it may happen (notice served, hearing window over, 法制审核 …) is
in ``rules.py``; these functions validate what the officer entered, ask the rules and write.
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth, validate
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import numbers, parameters, rules, search
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import (
    add_event,
    add_party,
    case_for,
    fen,
    money,
    move,
    officers,
    power,
    register_lead,
)
from jiedao_desk.domains.enforcement.clocks import period_due
from jiedao_desk.domains.enforcement.facts import (
    Facts,
    decision_due,
    penalty_words,
)
from jiedao_desk.domains.enforcement.facts import legal_review_required as review_required
from jiedao_desk.domains.enforcement.model import (
    PARTY_KINDS,
    PENALTY_KINDS,
    Case,
    HearingRequest,
    PriorNotice,
    penalty_kinds_in,
)
from jiedao_desk.store import Store


def prior_notice(  # noqa: PLR0913 — the fields of the 告知 form; the optional ones by name
        store: Store, actor: Actor, case_id: int, day, intended_fine, facts: str, basis: str,
        hearing: bool | None = None, *, penalty_basis: str = "",
        penalties=None) -> PriorNotice:
    """事先告知: intended penalty, facts, grounds and basis; 陈述申辩 and (above the threshold)
    听证 rights (行政处罚法 第四十四、六十三条).

    Args:
        facts: the facts established (the decision prints these, not the lead's summary).
        basis: the provision the party violated (违反的规定).
        penalty_basis: the provision the penalty rests on (罚则); a decision states both
            (行政处罚法 第五十九条), so it is required.
        hearing: tell hearing rights; None = decide from the threshold setting, which is an
            error while that setting is UNSET (the officer must then say it explicitly).
        penalties: the PENALTY_KINDS keys intended (警告, 罚款 …); None = a fine. The fine is
            one of them exactly when ``intended_fine`` is above 0.
    """
    case = case_for(store, actor, case_id, "notice")
    day = validate.date(day, "告知日期", not_after_today=True)
    fine = money(intended_fine, "拟罚款金额")
    kinds = _penalties(penalties, fine, ("fine",) if fine > 0 else ())
    action = rules.require("notice", Facts(store, case, day,
                                                 {"fine": fine, "hearing": hearing}))
    if hearing is None:  # the threshold is set (rules.py refused otherwise)
        party = es.parties(store, case_id)[0]
        threshold = parameters.hearing_threshold(store, party.kind)
        if threshold is None:
            raise ValidationError("听证门槛（较大数额罚款）尚未设置：请在设置页填写，或在本次告知中"
                                  "明确是否告知听证权利。", "hearing")
        hearing = fine >= threshold
    notice = PriorNotice(str(fine), validate.required_text(facts, "违法事实", 3000),
                         validate.required_text(basis, "违反的规定", 1000), bool(hearing),
                         validate.required_text(penalty_basis, "处罚依据（罚则）", 1000), kinds)
    with store.atomic():
        add_event(store, actor, case, "prior_notice", day, "enforcement.prior_notice",
                  details={"intended_fine": notice.intended_fine, "facts": notice.facts,
                           "basis": notice.basis, "penalty_basis": notice.penalty_basis,
                           "hearing": notice.hearing, "penalties": list(kinds)})
        es.update_case(store, case_id, violated_provision=notice.basis,
                       penalty_provision=notice.penalty_basis)
        move(store, actor, case, action, "事先告知")
    return notice


def _penalties(given, fine, default: tuple[str, ...]) -> tuple[str, ...]:
    """The penalty kinds entered (PENALTY_KINDS keys, or their labels), checked against the
    fine: a fine is a kind exactly when its amount is above 0 (行政处罚法 第九条)."""
    if given is None:
        kinds = set(default)
    else:
        by_label = {v: k for k, v in PENALTY_KINDS.items()}
        kinds = set()
        for k in ([given] if isinstance(given, str) else given):
            key = by_label.get(str(k).strip(), str(k).strip())
            if key not in PENALTY_KINDS:
                raise ValidationError(f"处罚种类须为：{'、'.join(PENALTY_KINDS.values())}。",
                                      "penalties")
            kinds.add(key)
        if fine > 0:
            kinds.add("fine")
    if "fine" in kinds and fine <= 0:
        raise ValidationError("处罚种类含罚款时，请填写罚款金额。", "fine")
    if not kinds:
        raise ValidationError("请填写处罚种类（如警告）或罚款金额。", "penalties")
    return tuple(k for k in PENALTY_KINDS if k in kinds)


def record_statement(  # noqa: PLR0913 — the fields of the 陈述申辩 record; optional by name
        store: Store, actor: Actor, case_id: int, day, officer_list, statement: str,
        person: str, *, place: str = "", review: str = "") -> int:
    """Record the party's 陈述、申辩 (行政处罚法 第四十五条: the authority must hear it and review
    the facts, reasons and evidence; it may not increase the penalty because of it).

    Args:
        person: who made the statement (the party or their agent).
        review: the authority's 复核 opinion (may be added later in a new record).
    """
    case = case_for(store, actor, case_id, "statement")
    day = validate.date(day, "陈述申辩日期", not_after_today=True)
    people = officers(officer_list)
    details = {"statement": validate.required_text(statement, "陈述申辩内容", 5000),
               "person": validate.required_text(person, "陈述申辩人", 50),
               "place": (place or "").strip(), "review": (review or "").strip()}
    rules.require("statement", Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, "statement", day, "enforcement.statement",
                         officers=people, details=details)


def waive_statement(store: Store, actor: Actor, case_id: int, day, *,
                    record_id: int | None = None, signed_statement: str = "") -> int:
    """Record that the party expressly waived 陈述申辩 (行政处罚法 第六十二条 then allows the
    decision before the period ends). The waiver must be on record: ``record_id`` of the
    case's 陈述申辩笔录 or 询问笔录 that states it, or ``signed_statement``, the reference of
    a written statement the party signed (e.g. "当事人签名的放弃陈述申辩声明，附件3")."""
    case = case_for(store, actor, case_id, "statement_waiver")
    day = validate.date(day, "放弃日期", not_after_today=True)
    signed = (signed_statement or "").strip()
    if len(signed) > 200:
        raise ValidationError("书面声明的说明不能超过200字。", "signed_statement")
    rules.require("statement_waiver", Facts(store, case, day, {
        "record_id": record_id, "signed_statement": signed}))
    with store.atomic():
        return add_event(store, actor, case, "statement_waiver", day,
                         "enforcement.statement_waiver",
                         details={"record_id": record_id, "signed_statement": signed})


def request_hearing(store: Store, actor: Actor, case_id: int, day) -> HearingRequest:
    """Record a hearing request; says whether it came within 5 working days (Art. 64)."""
    case = case_for(store, actor, case_id, "hearing_request")
    facts = Facts(store, case)
    rules.require("hearing_request", facts)
    day = validate.date(day, "申请日期", not_after_today=True)
    due = period_due("hearing_request", facts.served_day("prior_notice"), load_calendar(store))
    request = HearingRequest(due.date, day <= due.date)
    with store.atomic():
        add_event(store, actor, case, "hearing_request", day, "enforcement.hearing_request",
                  details={"due": request.due.isoformat(), "in_time": request.in_time})
    return request


def schedule_hearing(store: Store, actor: Actor, case_id: int, notice_day, hearing_on,  # noqa: PLR0913
                     place: str, host: str = "") -> int:
    """Notify the hearing's time, place and 主持人 at least 7 (working) days before it
    (Art. 64, 85); the 主持人 is not one of the case's investigators (Art. 64 (4))."""
    case = case_for(store, actor, case_id, "hearing_schedule")
    notice_day = validate.date(notice_day, "通知日期", not_after_today=True)
    hearing_on = validate.date(hearing_on, "听证日期")
    host = validate.required_text(host, "听证主持人", 30)
    rules.require("hearing_schedule", Facts(store, case, notice_day,
                                                  {"hearing_on": hearing_on, "host": host}))
    with store.atomic():
        return add_event(store, actor, case, "hearing_scheduled", notice_day,
                         "enforcement.hearing_schedule",
                         details={"hearing_on": hearing_on.isoformat(),
                                  "place": validate.required_text(place, "听证地点", 200),
                                  "host": host})


def record_hearing(store: Store, actor: Actor, case_id: int, day, summary: str) -> int:
    """Record the hearing held (听证笔录 summary)."""
    case = case_for(store, actor, case_id, "hearing_record")
    rules.require("hearing_record", Facts(store, case))
    day = validate.date(day, "听证日期", not_after_today=True)
    with store.atomic():
        return add_event(store, actor, case, "hearing_held", day, "enforcement.hearing",
                         details={"summary": validate.required_text(summary, "听证情况", 3000)})


def decide(  # noqa: PLR0913 — the fields of the decision form; the optional ones by name
        store: Store, actor: Actor, case_id: int, day, fine, decision_text: str, *,
        party_present: bool = True, legal_review_required: bool = False,
        serious: bool = False, late_reason: str = "", penalties=None) -> Case:
    """Penalty decision (行政处罚决定) once every gate of ``rules`` action ``decide`` passes:
    prior notice served (Art. 62), hearing window over or a requested hearing held (Art. 64),
    法制审核 (Art. 58, always after a hearing), 集体讨论 for a serious case (Art. 57 ¶2), the
    fine within the chosen 裁量 tier, no heavier than told (Art. 44, 45 ¶2, 62), and within 90
    days of 立案 or with a reason (Art. 60).

    Args:
        penalties: the PENALTY_KINDS keys decided; None = those ``decision_text`` names,
            and the fine when its amount is above 0.
    """
    case = case_for(store, actor, case_id, "decide")
    day = validate.date(day, "决定日期", not_after_today=True)
    amount = money(fine)
    late_reason = (late_reason or "").strip()
    kinds = _penalties(penalties, amount, penalty_kinds_in(decision_text, amount))
    facts = Facts(store, case, day, {
        "fine": amount, "legal_review_required": legal_review_required, "serious": serious,
        "late_reason": late_reason, "penalties": kinds})
    action = rules.require("decide", facts)
    due = decision_due(facts)
    fields = {"decided_on": day, "fine_fen": fen(amount),
              "decision_text": validate.required_text(decision_text, "处罚内容", 2000)}
    with store.atomic():
        es.update_case(store, case_id, **fields)
        add_event(store, actor, case, "decision", day, "enforcement.decide",
                  details={"fine": str(amount), "penalties": list(kinds),
                           "legal_review_required": review_required(facts),
                           "serious": serious, "late_reason": late_reason,
                           "due": due.isoformat()})
        if not party_present:  # Art. 61: served within 7 (working) days when absent
            add_event(store, actor, case, "party_absent", day, "enforcement.party_absent")
        move(store, actor, case, action, "作出处罚决定")
    return es.read_case(store, case_id)


def simple_penalty(  # noqa: PLR0913 — the fields of the 当场处罚 form, all by name
        store: Store, actor: Actor, *, source: str, day, place: str, facts: str, party: dict,
        fine, power_item_id: int, paper_number: str, officer_list, basis: str = "",
        penalty_basis: str = "", penalties=None, collect_on_spot: bool = False,
        collection_reason: str = "") -> int:
    """简易程序 (当场处罚, Art. 51/52): a warning, or a fine ≤200 yuan for a person, ≤3,000 for
    an organisation; the pre-numbered paper decision's number is recorded. Returns the case id.

    Args:
        basis: the provision violated (违反的规定) and ``penalty_basis`` the one the penalty
            rests on (罚则): a 当场处罚 needs a 法定依据 (Art. 51) and its decision states the
            penalty's basis (Art. 52 ¶2), as a general-procedure decision does.
        penalties: the PENALTY_KINDS keys (警告 and/or 罚款); None = a fine.
        collect_on_spot: the officers collected the fine on the spot (Art. 68: up to the
            limit setting, or above it with ``collection_reason``, why it would be hard to
            enforce afterwards); the payment is recorded with the decision. Otherwise the
            party pays at the bank or electronically within 15 days (Art. 67).
    """
    auth.require(actor, "enforcement.edit")
    amount = money(fine)
    kinds = _penalties(penalties, amount, ("fine",) if amount > 0 else ())
    if set(kinds) - {"warning", "fine"}:
        raise ValidationError("当场处罚只能是警告或罚款（行政处罚法 第五十一条）。", "penalties")
    kind = party.get("kind", "")
    if kind not in PARTY_KINDS:
        raise ValidationError("当事人类型须为自然人或法人/其他组织。", "kind")
    number = validate.required_text(paper_number, "当场处罚决定书编号", 60)
    reason = (collection_reason or "").strip() if collect_on_spot else ""
    if collect_on_spot and amount <= 0:
        raise ValidationError("只有罚款才能当场收缴。", "collect_on_spot")
    rules.require_start(rules.SIMPLE_PENALTY, Facts(store, None, None, {
        "fine": amount, "kind": kind, "paper_number": number,
        "collect_on_spot": collect_on_spot, "collection_reason": reason}))
    violated = validate.required_text(basis, "违反的规定", 1000)
    penalty_provision = validate.required_text(penalty_basis, "处罚依据（罚则）", 1000)
    # Art. 52 ¶2 / Art. 59 ¶1 (1): the decision handed over names the party and their address.
    validate.required_text(party.get("address", ""), "当事人地址（住址）", 200)
    numbers.pattern(store)  # a bad case-number pattern fails before anything is written
    day = validate.date(day, "处罚日期", not_after_today=True)
    people = officers(officer_list)
    with store.atomic():
        cid = register_lead(store, actor, source, day, place, facts).case_id
        item = power(store, power_item_id)
        es.update_case(store, cid, power_version_id=item.version_id,
                       power_item_id=item.item_id, power_text=item.text, procedure="simple")
        add_party(store, actor, cid, kind, party.get("name", ""), party.get("id_number", ""),
                  address=party.get("address", ""), phone=party.get("phone", ""),
                  legal_rep=party.get("legal_rep", ""))
        case = es.read_case(store, cid)
        es.update_case(store, cid, decided_on=day, served_on=day, fine_fen=fen(amount),
                       decision_text=penalty_words(kinds, amount), paper_number=number,
                       violated_provision=violated, penalty_provision=penalty_provision)
        add_event(store, actor, case, "simple_decision", day, "enforcement.simple", officers=people,
                  details={"paper_number": number, "fine": str(amount),
                           "penalties": list(kinds), "basis": violated,
                           "penalty_basis": penalty_provision,
                           "collected_on_spot": bool(collect_on_spot),
                           "collection_reason": reason})
        if collect_on_spot:  # Art. 68: collected there and then (receipt: Art. 70)
            es.update_case(store, cid, paid_on=day, paid_fen=fen(amount))
            add_event(store, actor, case, "payment", day, "enforcement.payment",
                      details={"amount": str(amount), "days_late": 0, "surcharge": 0.0,
                               "on_the_spot": True})
        numbers.assign(store, cid, day)  # 简易程序 cases are numbered when registered
        move(store, actor, case, rules.SIMPLE_PENALTY, "当场处罚")
        search.reindex(store, cid)  # the case and paper decision numbers are searchable
    return cid
