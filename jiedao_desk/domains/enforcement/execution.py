# SPDX-License-Identifier: MIT
"""Service of documents (送达) and the execution of a decision: payment of the fine, 催告 and
the application to the court for enforcement (行政强制法 第五十三、五十四条).

The gates (witnesses for 留置送达, consent for 电子送达, the payment period over before 催告,
the court window …) are in ``rules.py``.
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import validate
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import add_event, case_for, fen, money
from jiedao_desk.domains.enforcement.clocks import surcharge_on
from jiedao_desk.domains.enforcement.model import SERVED_WHAT, SERVICE_METHODS, Payment
from jiedao_desk.store import Store


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
    rules.require("serve", rules.Facts(store, case, day, {
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
    """Record payment of the fine; reports the surcharge owed on that day (Art. 72)."""
    case = case_for(store, actor, case_id, "pay")
    rules.require("pay", rules.Facts(store, case))
    day = validate.date(day, "缴款日期", not_after_today=True)
    paid = money(amount, "缴款金额")
    if paid < case.fine:
        raise ValidationError(f"缴款金额少于罚款 {case.fine} 元。", "amount")
    late, extra = (surcharge_on(float(case.fine), case.served_on, day, load_calendar(store))
                   if case.served_on else (0, 0.0))
    with store.atomic():
        es.update_case(store, case_id, paid_on=day, paid_fen=fen(paid))
        add_event(store, actor, case, "payment", day, "enforcement.payment",
                  details={"amount": str(paid), "days_late": late, "surcharge": extra})
    return Payment(late, extra)


def demand(store: Store, actor: Actor, case_id: int, day) -> int:
    """Issue a 催告书 when the fine is unpaid after the due date (行政强制法 第五十四条)."""
    case = case_for(store, actor, case_id, "demand")
    day = validate.date(day, "催告日期", not_after_today=True)
    rules.require("demand", rules.Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, "demand", day, "enforcement.demand")


def court_application(store: Store, actor: Actor, case_id: int, day) -> int:
    """Apply to the court for enforcement within the window of 行政强制法 第五十三、五十四条."""
    case = case_for(store, actor, case_id, "court")
    day = validate.date(day, "申请日期", not_after_today=True)
    rules.require("court", rules.Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, "court_application", day, "enforcement.court")
