# SPDX-License-Identifier: MIT
"""Service of documents (送达) and the execution of a decision: payment of the fine, 催告 and
the application to the court for enforcement (行政强制法 第五十三、五十四条).

The gates (witnesses for 留置送达, consent for 电子送达, the payment period over before 催告,
the court window …) are in ``rules.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents, validate
from jiedao_desk.core.documents import IssuedDocument
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import court_paper, rules
from jiedao_desk.domains.enforcement import document_data as data_of
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import add_event, case_for, fen, money
from jiedao_desk.domains.enforcement.clocks import (
    payment_schedule,
    payments,
    schedule_surcharge,
)
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import (
    APPEALS,
    ENTITY,
    SERVED_WHAT,
    SERVICE_METHODS,
    Payment,
)
from jiedao_desk.store import Store


class CourtApplication(NamedTuple):
    """The court-application record and the 强制执行申请书 issued with it."""

    event_id: int
    document: IssuedDocument


def serve(  # noqa: PLR0913 — the fields of the service record; the optional ones by name
        store: Store, actor: Actor, case_id: int, what: str, method: str, day, *,
        receiver: str = "", witnesses: list[str] | None = None, receipt: str = "",
        consent: bool = False, document_id: int | None = None) -> int:
    """Record the service (送达) of a document with method, date and receipt.

    Serving the decision starts the 15-day payment clock (its first service is the case's
    ``served_on``).
    """
    case = case_for(store, actor, case_id, "serve")
    if what not in SERVED_WHAT:
        raise ValidationError(f"送达文书须为：{'、'.join(SERVED_WHAT.values())}。", "what")
    if method not in SERVICE_METHODS:
        raise ValidationError(f"送达方式须为：{'、'.join(SERVICE_METHODS.values())}。", "method")
    day = validate.date(day, "送达日期", not_after_today=True)
    witnesses = [w.strip() for w in (witnesses or []) if w and w.strip()]
    rules.require("serve", Facts(store, case, day, {
        "what": what, "method": method, "witnesses": witnesses, "consent": consent}))
    if method == "direct":
        receiver = validate.required_text(receiver, "签收人", 50)
    if what == "decision" and day < case.decided_on:
        raise ValidationError("送达日期不能早于决定日期。", "day")
    details = {"what": what, "method": method, "receiver": (receiver or "").strip(),
               "witnesses": witnesses, "receipt": (receipt or "").strip(),
               "document_id": document_id}
    with store.atomic():
        eid = add_event(store, actor, case, "service", day, "enforcement.serve", details=details)
        if what == "decision" and not case.served_on:
            es.update_case(store, case_id, served_on=day)
    return eid


def record_payment(store: Store, actor: Actor, case_id: int, day, amount) -> Payment:
    """Record a payment of the fine; reports the surcharge owed on that day (Art. 72).

    Without a plan the whole fine is paid at once; under an approved instalment plan
    (Art. 66) each instalment may be paid on its own, and the case counts as paid once the
    payments reach the fine.
    """
    case = case_for(store, actor, case_id, "pay")
    rules.require("pay", Facts(store, case))
    day = validate.date(day, "缴款日期", not_after_today=True)
    paid = money(amount, "缴款金额")
    events = es.events(store, case_id)
    earlier = payments(events)
    total = sum(f for _, f in earlier) + fen(paid)
    if paid <= 0:
        raise ValidationError("缴款金额须大于零。", "amount")
    if "payment_plan" not in {e.kind for e in events} and paid < case.fine:
        raise ValidationError(f"缴款金额少于罚款 {case.fine} 元。", "amount")
    late, extra = (schedule_surcharge(payment_schedule(case, events, load_calendar(store)),
                                      [*earlier, (day, fen(paid))], day)
                   if case.served_on else (0, 0.0))
    with store.atomic():
        if total >= case.fine_fen:
            es.update_case(store, case_id, paid_on=day, paid_fen=total)
        else:
            es.update_case(store, case_id, paid_fen=total)
        add_event(store, actor, case, "payment", day, "enforcement.payment",
                  details={"amount": str(paid), "days_late": late, "surcharge": extra})
    return Payment(late, extra)


def record_appeal(store: Store, actor: Actor, case_id: int, day, what: str,
                  reference: str = "") -> int:
    """Record that the party applied for 行政复议 or sued (行政诉讼) against the decision: the
    court application of 行政强制法 第五十三条 is then refused (rules ``not_appealed``)."""
    case = case_for(store, actor, case_id, "appeal")
    if what not in APPEALS:
        raise ValidationError(f"请选择：{'、'.join(APPEALS.values())}。", "what")
    day = validate.date(day, "申请（起诉）日期", not_after_today=True)
    if case.decided_on and day < case.decided_on:
        raise ValidationError("申请（起诉）日期不能早于决定日期。", "day")
    rules.require("appeal", Facts(store, case, day))
    details = {"what": what, "reference": (reference or "").strip()[:200]}
    with store.atomic():
        return add_event(store, actor, case, "appeal", day, "enforcement.appeal",
                         details=details)


def approve_payment_plan(store: Store, actor: Actor, case_id: int, day, instalments,
                         reason: str) -> int:
    """Approve a deferral (one date) or instalments (行政处罚法 第六十六条第二款: on the
    party's application, for real economic hardship).

    The payment clock then runs to each instalment's date; the 加处罚款 of an instalment runs
    from the day after its date (Art. 72 ¶1), and the court periods from the end of the
    deferral or instalment (Art. 72 ¶2). A later approval replaces the plan.

    Args:
        instalments: [(date, amount in yuan)], dates rising; the amounts add up to the fine.
        reason: the party's application and the hardship found.
    """
    case = case_for(store, actor, case_id, "payment_plan")
    day = validate.date(day, "批准日期", not_after_today=True)
    rules.require("payment_plan", Facts(store, case, day))
    reason = validate.required_text(reason, "申请及经济困难情况", 1000)
    rows: list[list] = []
    for n, (due, amount) in enumerate(instalments or [], 1):
        due = validate.date(due, f"第{n}期缴纳日期")
        if due <= day or (rows and due <= dt.date.fromisoformat(rows[-1][0])):
            raise ValidationError("缴纳日期须晚于批准日期，且各期日期依次推后。", "instalments")
        rows.append([due.isoformat(), fen(money(amount, f"第{n}期金额"))])
    if not rows:
        raise ValidationError("请填写延期缴纳的日期，或分期缴纳的各期日期和金额。", "instalments")
    if any(f <= 0 for _, f in rows) or sum(f for _, f in rows) != case.fine_fen:
        raise ValidationError(f"各期金额须大于零，合计须等于罚款 {case.fine} 元。", "instalments")
    kind = "deferral" if len(rows) == 1 else "instalments"
    with store.atomic():
        return add_event(store, actor, case, "payment_plan", day, "enforcement.payment_plan",
                         details={"plan": kind, "instalments": rows, "reason": reason})


def demand(store: Store, actor: Actor, case_id: int, day) -> int:
    """Issue a 催告书 when the fine is unpaid after the due date (行政强制法 第五十四条)."""
    case = case_for(store, actor, case_id, "demand")
    day = validate.date(day, "催告日期", not_after_today=True)
    rules.require("demand", Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, "demand", day, "enforcement.demand")


def court_application(store: Store, actor: Actor, case_id: int, day, court: str = "",
                      opinion: str = "") -> CourtApplication:
    """Apply to the court for enforcement within the window of 行政强制法 第五十三、五十四条,
    issuing its 强制执行申请书 (第五十五条) in the same transaction: the step is never recorded
    without the application it files.

    Args:
        court: the court applied to (第五十四条: 所在地有管辖权的人民法院).
        opinion: the party's opinion after the 催告 (第五十五条第（三）项), e.g. "未提出陈述、申辩".
    """
    case = case_for(store, actor, case_id, "court")
    day = validate.date(day, "申请日期", not_after_today=True)
    rules.require("court", Facts(store, case, day))
    court = validate.required_text(court, "受理法院", 100)
    opinion = validate.required_text(opinion, "当事人的意见", 1000)
    with store.atomic():
        eid = add_event(store, actor, case, "court_application", day, "enforcement.court",
                        details={"court": court, "opinion": opinion})
        data = court_paper.application_data(store, case, data_of.case_data(store, case))
        data["title"] = court_paper.TITLE
        doc = documents.issue(store, actor, court_paper.KIND, data, entity=ENTITY,
                              entity_id=case.id)
    return CourtApplication(eid, doc)
