# SPDX-License-Identifier: MIT
"""Enforcement cases, second half: 事先告知, 听证, 决定, 送达, 执行, 简易程序, 结案, 归档.

See ``core.enforcement`` for the first half and the shared helpers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import auth, documents, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import cases as cases_settings
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import numbers
from jiedao_desk.domains.enforcement import search as esearch
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import (
    court_window,
    hearing_notice_latest,
    payment_due,
    period_due,
    surcharge_on,
)
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

SERVICE_METHODS = {"direct": "直接送达", "left": "留置送达", "post": "邮寄送达",
                   "notice": "公告送达", "electronic": "电子送达"}
SERVED_WHAT = {"prior_notice": "行政处罚事先告知书", "decision": "行政处罚决定书",
               "demand": "催告书", "rectification": "责令改正通知书", "other": "其他文书"}
# 行政处罚法 第五十一条: on-the-spot penalties up to 200 yuan (citizen) / 3,000 yuan (organisation).
SIMPLE_LIMIT = {"person": Decimal(200), "org": Decimal(3000)}
CLOSING_KIND = "enforcement_closing_approval"
DOSSIER_TYPE = "enforcement"


def _money(value, field: str = "罚款金额") -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{field}“{value}”不是有效金额。", field) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(f"{field}须为不小于零、最多两位小数的金额。", field)
    return amount


def _fen(amount: Decimal) -> int:
    return int(amount * 100)


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _served(store: Store, case_id: int, what: str) -> dt.date | None:
    return next((_day(e["day"]) for e in es.events(store, case_id, "service")
                 if e["details"].get("what") == what), None)


def hearing_threshold(store: Store, party_kind: str) -> Decimal | None:
    """The configured 较大数额 threshold for a party type, or None while UNSET."""
    value = settings_mod.get(
        store, cases_settings.SETTINGS[f"enforcement.hearing_threshold.{party_kind}"])
    return None if value in (None, "") else Decimal(str(value))


def prior_notice(store: Store, actor: Actor, case_id: int, day, intended_fine,
                 facts: str, basis: str, hearing: bool | None = None) -> dict:
    """事先告知: intended penalty, facts, grounds and basis; 陈述申辩 and (above the threshold)
    听证 rights (行政处罚法 第四十四、六十三条).

    Args:
        hearing: tell hearing rights; None = decide from the threshold setting, which is an
            error while that setting is UNSET (the officer must then say it explicitly).
    """
    row = enf._live_case(store, actor, case_id, "filed")
    day = validate.date(day, "告知日期", not_after_today=True)
    fine = _money(intended_fine, "拟罚款金额")
    from jiedao_desk.domains.enforcement.discretion import check_fine

    check_fine(store, case_id, fine, day)
    parties = es.parties(store, case_id)
    if not parties:
        raise ValidationError("请先登记当事人。", "party")
    if hearing is None:
        threshold = hearing_threshold(store, parties[0]["kind"])
        if threshold is None:
            raise ValidationError(
                "听证门槛（较大数额罚款）尚未设置：请在设置页填写，或在本次告知中明确"
                "是否告知听证权利。", "hearing")
        hearing = fine >= threshold
    details = {"intended_fine": str(fine), "facts": validate.required_text(facts, "违法事实", 3000),
               "basis": validate.required_text(basis, "处罚依据", 1000), "hearing": bool(hearing)}
    with store.atomic():
        enf._event(store, actor, row, "prior_notice", day, "enforcement.prior_notice", None,
                   details)
        enf.set_status(store, actor, row, "notified", "事先告知")
    return details


def record_statement(store: Store, actor: Actor, case_id: int, day, officer_list,
                     statement: str, person: str, place: str = "", review: str = "") -> int:
    """Record the party's 陈述、申辩 (行政处罚法 第四十五条: the authority must hear it and review
    the facts, reasons and evidence; it may not increase the penalty because of it).

    Args:
        person: who made the statement (the party or their agent).
        review: the authority's 复核 opinion (may be added later in a new record).
    """
    row = enf._live_case(store, actor, case_id, "notified")
    day = validate.date(day, "陈述申辩日期", not_after_today=True)
    people = enf.officers(officer_list)
    details = {"statement": validate.required_text(statement, "陈述申辩内容", 5000),
               "person": validate.required_text(person, "陈述申辩人", 50),
               "place": (place or "").strip(), "review": (review or "").strip()}
    with store.atomic():
        return enf._event(store, actor, row, "statement", day, "enforcement.statement", people,
                          details)


def serve(store: Store, actor: Actor, case_id: int, what: str, method: str, day,
          receiver: str = "", witnesses: list[str] | None = None, receipt: str = "",
          consent: bool = False, document_id: int | None = None) -> int:
    """Record the service (送达) of a document with method, date and receipt.

    Rules: 留置送达 needs witnesses (民事诉讼法 第八十九条); 电子送达 needs the party's consent
    (行政处罚法 第六十一条第二款). Serving the decision starts the 15-day payment clock.
    """
    row = enf._live_case(store, actor, case_id, "notified", "decided", "closed")
    if what not in SERVED_WHAT:
        raise ValidationError(f"送达文书须为：{'、'.join(SERVED_WHAT.values())}。", "what")
    if method not in SERVICE_METHODS:
        raise ValidationError(f"送达方式须为：{'、'.join(SERVICE_METHODS.values())}。", "method")
    day = validate.date(day, "送达日期", not_after_today=True)
    witnesses = [w.strip() for w in (witnesses or []) if w and w.strip()]
    if method == "left" and not witnesses:
        raise ValidationError(
            "留置送达须有见证人（民事诉讼法 第八十九条），请填写见证人。", "witnesses")
    if method == "electronic" and not consent:
        raise ValidationError(
            "电子送达须经当事人同意并签订确认书（行政处罚法 第六十一条）。", "consent")
    if method == "direct":
        receiver = validate.required_text(receiver, "签收人", 50)
    if what == "decision":
        if not row["decided_on"]:
            raise Conflict("尚未作出处罚决定，不能送达决定书。")
        if day < _day(row["decided_on"]):
            raise ValidationError("送达日期不能早于决定日期。", "day")
    details = {"what": what, "method": method, "receiver": (receiver or "").strip(),
               "witnesses": witnesses, "receipt": (receipt or "").strip(),
               "document_id": document_id}
    with store.atomic():
        eid = enf._event(store, actor, row, "service", day, "enforcement.serve", None, details)
        if what == "decision" and not row["served_on"]:
            es.update_case(store, case_id, served_on=day.isoformat())
    return eid


def request_hearing(store: Store, actor: Actor, case_id: int, day) -> dict:
    """Record a hearing request; returns whether it came within 5 working days (Art. 64)."""
    row = enf._live_case(store, actor, case_id, "notified")
    notice = es.events(store, case_id, "prior_notice")
    served = _served(store, case_id, "prior_notice")
    if not notice or not notice[0]["details"].get("hearing") or served is None:
        raise Conflict("本案未告知听证权利或告知书尚未送达。")
    day = validate.date(day, "申请日期", not_after_today=True)
    due = period_due("hearing_request", served, load_calendar(store))
    in_time = day <= due.date
    with store.atomic():
        enf._event(store, actor, row, "hearing_request", day, "enforcement.hearing_request",
                   None, {"due": due.date.isoformat(), "in_time": in_time})
    return {"due": due.date, "in_time": in_time}


def schedule_hearing(store: Store, actor: Actor, case_id: int, notice_day, hearing_on,
                     place: str) -> int:
    """Notify the hearing's time and place at least 7 (working) days before it (Art. 64, 85)."""
    row = enf._live_case(store, actor, case_id, "notified")
    if not es.events(store, case_id, "hearing_request"):
        raise Conflict("当事人未申请听证。")
    notice_day = validate.date(notice_day, "通知日期", not_after_today=True)
    hearing_on = validate.date(hearing_on, "听证日期")
    latest = hearing_notice_latest(hearing_on, load_calendar(store))
    if notice_day > latest.date:
        raise ValidationError(
            f"听证应在举行七个工作日前通知当事人：{hearing_on.isoformat()} 举行的听证，"
            f"最迟应在 {latest.date.isoformat()} 通知。", "hearing_on")
    with store.atomic():
        return enf._event(store, actor, row, "hearing_scheduled", notice_day,
                          "enforcement.hearing_schedule", None,
                          {"hearing_on": hearing_on.isoformat(),
                           "place": validate.required_text(place, "听证地点", 200)})


def record_hearing(store: Store, actor: Actor, case_id: int, day, summary: str) -> int:
    """Record the hearing held (听证笔录 summary)."""
    row = enf._live_case(store, actor, case_id, "notified")
    if not es.events(store, case_id, "hearing_scheduled"):
        raise Conflict("尚未通知听证时间地点。")
    day = validate.date(day, "听证日期", not_after_today=True)
    with store.atomic():
        return enf._event(store, actor, row, "hearing_held", day, "enforcement.hearing", None,
                          {"summary": validate.required_text(summary, "听证情况", 3000)})


def decide(store: Store, actor: Actor, case_id: int, day, fine, decision_text: str,
           party_present: bool = True, legal_review_required: bool = False,
           serious: bool = False, late_reason: str = "") -> dict:
    """Penalty decision (行政处罚决定) with its checks.

    Refuses when: the prior notice was not served (Art. 62); the hearing request window
    (5 working days, Art. 64/85) is still open and no request came; a requested hearing was
    not held; 法制审核 is missing where required (Art. 58, and always after a hearing);
    集体讨论 is missing for a serious case (Art. 57 ¶2); the decision is later than 90 days
    after 立案 (Art. 60) without a recorded reason.
    """
    row = enf._live_case(store, actor, case_id, "notified")
    cal = load_calendar(store)
    day = validate.date(day, "决定日期", not_after_today=True)
    amount = _money(fine)
    served = _served(store, case_id, "prior_notice")
    if served is None:
        raise ValidationError(
            "事先告知书尚未送达，不能作出处罚决定（行政处罚法 第六十二条）。", "notice")
    if day < served:
        raise ValidationError("决定日期不能早于事先告知书送达日期。", "day")
    notice = es.events(store, case_id, "prior_notice")[0]["details"]
    kinds = {e["kind"] for e in es.events(store, case_id)}
    if notice.get("hearing"):
        if "hearing_request" in kinds:
            if "hearing_held" not in kinds:
                raise ValidationError("当事人已申请听证，听证尚未举行。", "hearing")
            legal_review_required = True  # Art. 58 (二): went through a hearing
        elif day <= period_due("hearing_request", served, cal).date:
            raise ValidationError("听证申请期（五个工作日）尚未届满。", "hearing")
    if legal_review_required and "legal_review" not in kinds:
        raise ValidationError(
            "本案须经法制审核后才能作出决定（行政处罚法 第五十八条）。", "legal_review")
    if serious and "collective_discussion" not in kinds:
        raise ValidationError("情节复杂或重大违法行为须经集体讨论决定（行政处罚法 第五十七条）。",
                              "collective")
    from jiedao_desk.domains.enforcement.discretion import check_fine

    check_fine(store, case_id, amount, day)  # the chosen 裁量 tier's range, when known
    due = period_due("penalty_decision", _day(row["filed_on"]), cal).date
    late_reason = (late_reason or "").strip()
    if day > due and not late_reason:
        raise ValidationError(
            f"已超过立案后九十日的决定期限（{due.isoformat()}，行政处罚法 第六十条），"
            "请写明超期原因（依据的法律、法规、规章）。", "late_reason")
    fields = {"decided_on": day.isoformat(), "fine_fen": _fen(amount),
              "decision_text": validate.required_text(decision_text, "处罚内容", 2000)}
    with store.atomic():
        es.update_case(store, case_id, **fields)
        enf._event(store, actor, row, "decision", day, "enforcement.decide", None,
                   {"fine": str(amount), "legal_review_required": legal_review_required,
                    "serious": serious, "late_reason": late_reason, "due": due.isoformat()})
        if not party_present:  # Art. 61: served within 7 (working) days when absent
            enf._event(store, actor, row, "party_absent", day, "enforcement.party_absent")
        enf.set_status(store, actor, row, "decided", "作出处罚决定")
    return es.get_case(store, case_id)


def record_payment(store: Store, actor: Actor, case_id: int, day, amount) -> dict:
    """Record payment of the fine; reports the surcharge owed on that day (Art. 72)."""
    row = enf._live_case(store, actor, case_id, "decided")
    if row["paid_on"]:
        raise Conflict("本案已登记缴款。")
    day = validate.date(day, "缴款日期", not_after_today=True)
    paid = _money(amount, "缴款金额")
    fine = Decimal(row["fine_fen"]) / 100
    if paid < fine:
        raise ValidationError(f"缴款金额少于罚款 {fine} 元。", "amount")
    late, extra = (surcharge_on(float(fine), _day(row["served_on"]), day, load_calendar(store))
                   if row["served_on"] else (0, 0.0))
    with store.atomic():
        es.update_case(store, case_id, paid_on=day.isoformat(), paid_fen=_fen(paid))
        enf._event(store, actor, row, "payment", day, "enforcement.payment", None,
                   {"amount": str(paid), "days_late": late, "surcharge": extra})
    return {"days_late": late, "surcharge": extra}


def demand(store: Store, actor: Actor, case_id: int, day) -> int:
    """Issue a 催告书 when the fine is unpaid after the due date (行政强制法 第五十四条)."""
    row = enf._live_case(store, actor, case_id, "decided")
    day = validate.date(day, "催告日期", not_after_today=True)
    if row["paid_on"] or not row["served_on"] or not row["fine_fen"]:
        raise Conflict("本案没有逾期未缴的罚款。")
    due = payment_due(_day(row["served_on"]), load_calendar(store))
    if day <= due:
        raise ValidationError(f"缴款期限 {due.isoformat()} 尚未届满，不能催告。", "day")
    with store.atomic():
        return enf._event(store, actor, row, "demand", day, "enforcement.demand")


def court_application(store: Store, actor: Actor, case_id: int, day) -> int:
    """Apply to the court for enforcement within the window of 行政强制法 第五十三、五十四条."""
    row = enf._live_case(store, actor, case_id, "decided")
    day = validate.date(day, "申请日期", not_after_today=True)
    demand_served = _served(store, case_id, "demand")
    if demand_served is None:
        raise ValidationError(
            "催告书尚未送达，不能申请法院强制执行（行政强制法 第五十四条）。", "demand")
    earliest, latest = court_window(_day(row["served_on"]), demand_served, load_calendar(store))
    if day < earliest:
        raise ValidationError(f"催告书送达满十日后才能申请（最早 {earliest.isoformat()}）。", "day")
    if day > latest:
        raise ValidationError(
            f"已超过申请期限 {latest.isoformat()}（行政强制法 第五十三条）。", "day")
    with store.atomic():
        return enf._event(store, actor, row, "court_application", day, "enforcement.court")


def simple_penalty(store: Store, actor: Actor, source: str, day, place: str, facts: str,
                   party: dict, fine, power_item_id: int, paper_number: str,
                   officer_list) -> int:
    """简易程序 (当场处罚, Art. 51/52): ≤200 yuan for a person, ≤3,000 for an organisation;
    the pre-numbered paper decision's number is recorded. Returns the case id."""
    auth.require(actor, "enforcement.edit")
    amount = _money(fine)
    kind = party.get("kind", "")
    if kind not in SIMPLE_LIMIT:
        raise ValidationError("当事人类型须为自然人或法人/其他组织。", "kind")
    if amount > SIMPLE_LIMIT[kind]:
        raise ValidationError(f"当场处罚的罚款上限为{enf.PARTY_KINDS[kind]} {SIMPLE_LIMIT[kind]} 元"
                              "（行政处罚法 第五十一条），请按一般程序办理。", "fine")
    number = validate.required_text(paper_number, "当场处罚决定书编号", 60)
    used = es.case_with_paper_number(store, number)
    if used is not None:  # pre-printed numbers are used once (reference §2)
        raise Conflict(f"当场处罚决定书编号“{number}”已用于案件 "
                       f"{numbers.label(es.get_case(store, used))}。")
    numbers.pattern(store)  # a bad case-number pattern fails before anything is written
    day = validate.date(day, "处罚日期", not_after_today=True)
    enf.officers(officer_list)
    with store.atomic():
        lead = enf.register_lead(store, actor, source, day, place, facts)
        cid = lead.case_id
        power = enf._power(store, power_item_id)
        es.update_case(store, cid, power_version_id=power["version_id"],
                       power_item_id=power["item_id"], power_text=power["text"],
                       procedure="simple")
        enf.add_party(store, actor, cid, kind, party.get("name", ""), party.get("id_number", ""),
                      party.get("address", ""), party.get("phone", ""),
                      party.get("legal_rep", ""))
        row = es.get_case(store, cid)
        es.update_case(store, cid, decided_on=day.isoformat(), served_on=day.isoformat(),
                       fine_fen=_fen(amount), decision_text=f"罚款{amount}元",
                       paper_number=number)
        enf._event(store, actor, row, "simple_decision", day, "enforcement.simple",
                   enf.officers(officer_list), {"paper_number": number, "fine": str(amount)})
        numbers.assign(store, cid, day)  # 简易程序 cases are numbered when registered
        enf.set_status(store, actor, row, "decided", "当场处罚")
        esearch.reindex(store, cid)  # the case and paper decision numbers are searchable
    return cid


def required_conditions(store: Store, case_id: int) -> set[str]:
    """The ``required_when`` conditions of dossier ``enforcement`` this case meets.

    The law requires a document only when its step happened: 先行登记保存 (Art. 56), 陈述申辩
    (Art. 45), 听证 requested (Art. 64), 调查终结 (Art. 57), 法制审核 for Art. 58 cases
    (always after a hearing, Art. 58 (二)) and 集体讨论 for serious cases (Art. 57 ¶2).
    """
    events = es.events(store, case_id)
    kinds = {e["kind"] for e in events}
    out = {k for k, ev in (("preservation", "preservation"), ("statement", "statement"),
                           ("hearing_requested", "hearing_request"),
                           ("investigation_end", "investigation_end"),
                           ("legal_review", "legal_review"),
                           ("collective", "collective_discussion")) if ev in kinds}
    for e in events:
        if e["kind"] == "decision":
            if e["details"].get("legal_review_required"):
                out.add("legal_review")
            if e["details"].get("serious"):
                out.add("collective")
    if "hearing_held" in kinds:
        out.add("legal_review")
    return out


def missing_documents(store: Store, case_id: int, for_archive: bool = False) -> list:
    """Required dossier items with no issued (non-void) document of this case (conditional
    items only when the case meets their condition, see ``required_conditions``)."""
    from jiedao_desk.core.dossier import check_completeness

    kinds = {d.kind for d in documents.list_documents(store, enf.ENTITY, case_id) if not d.voided}
    missing = check_completeness(DOSSIER_TYPE, kinds, required_conditions(store, case_id))
    return [r for r in missing if for_archive or CLOSING_KIND not in r.kinds]


def close_case(store: Store, actor: Actor, case_id: int, day, approved_by: str,
               result: str) -> dict:
    """结案 with approval. A 一般程序 case cannot close while required documents are missing
    (dossier ``enforcement``) or while the fine is neither paid nor before the court."""
    row = enf._live_case(store, actor, case_id, "decided")
    day = validate.date(day, "结案日期", not_after_today=True)
    kinds = {e["kind"] for e in es.events(store, case_id)}
    if row["fine_fen"] and not row["paid_on"] and "court_application" not in kinds:
        raise ValidationError("罚款未缴纳，也未申请法院强制执行，不能结案。", "payment")
    if row["procedure"] == "general":
        missing = missing_documents(store, case_id)
        if missing:
            raise ValidationError(
                "案卷缺少必备文书，不能结案：" + "、".join(r.name for r in missing),
                                  "documents")
    fields = {"closed_on": day.isoformat(),
              "closed_approved_by": validate.required_text(approved_by, "结案审批人", 30)}
    with store.atomic():
        es.update_case(store, case_id, **fields)
        enf._event(store, actor, row, "close", day, "enforcement.close", None,
                   {"result": validate.required_text(result, "执行情况", 500)})
        enf.set_status(store, actor, row, "closed", "结案")
    return es.get_case(store, case_id)


def archive_case(store: Store, actor: Actor, case_id: int) -> str:
    """归档: 归档号 = 4-digit year + 4-digit serial (reference §4, generic, unverified for
    Beijing); the full dossier (结案审批表 included) must be complete for a 一般程序 case."""
    row = enf._live_case(store, actor, case_id, "closed")
    if row["procedure"] == "general":
        missing = missing_documents(store, case_id, for_archive=True)
        if missing:
            raise ValidationError(
                "案卷缺少必备文书，不能归档：" + "、".join(r.name for r in missing),
                                  "documents")
    year = _day(row["closed_on"]).year
    with store.atomic():
        number = f"{year}{es.next_archive_serial(store, year):04d}"
        retention = str(settings_mod.get(
            store, cases_settings.SETTINGS["enforcement.archive_retention"]))
        es.update_case(store, case_id, archive_no=number, retention=retention)
        esearch.reindex(store, case_id)  # the 归档号 is searchable
        enf.set_status(store, actor, row, "archived", f"归档号 {number}")
        audit_store.record(store, actor, "enforcement.archive", enf.ENTITY, case_id, None,
                           {"archive_no": number, "retention": retention})
    return number
