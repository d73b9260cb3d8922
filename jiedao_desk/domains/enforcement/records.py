# SPDX-License-Identifier: MIT
"""Photos on a lead (线索) and voiding one mistaken record of an enforcement case.

A lead may carry the photos that reported it (a 巡查 photo, a complainant's picture) before
立案; they are kept like evidence (SHA-256, EXIF time/GPS) but marked as lead material, so the
investigation evidence rules of ``enforcement.add_evidence`` (only after 立案) stay as they are.

A record entered by mistake (a 笔录, an evidence item, a service record …) is voided with a
reason, never deleted (design.md "Data"); the audit row keeps what it said. Records whose
dates drive the case status (事先告知, 决定, 缴款, 结案 …) cannot be voided one by one: their
effects on the case would be left behind. An issued document keeps its own void path
(``documents.void``) because its PDF is frozen.
"""

from __future__ import annotations

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound
from jiedao_desk.core import validate
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

LEAD_STAGE = "lead"  # details["stage"] of an evidence event attached to a lead

# Event kinds that can be voided one by one, and what they are called in messages.
VOIDABLE = {**enf.RECORD_KINDS, **enf.REVIEW_STEPS, "evidence": "证据",
            "preservation": "先行登记保存", "preservation_disposal": "登记保存处理决定",
            "withdrawal": "回避", "statement": "陈述申辩", "service": "送达",
            "hearing_held": "听证"}
_VOID_STATUSES = ("lead", "filed", "notified", "decided")


def add_lead_photo(store: Store, actor: Actor, case_id: int, path, description: str,
                   day=None) -> int:
    """Attach a photo (or other file) to a lead before 立案.

    Args:
        store: a file store (attachments live beside the database file).
        actor: needs ``enforcement.edit``.
        case_id: a case still in the 线索 status.
        path: the file.
        description: what it shows.
        day: when it was taken or received (default today, not in the future).

    Returns:
        The id of the evidence event (``details["stage"] == "lead"``).
    """
    from jiedao_desk.core import attachments

    row = enf._live_case(store, actor, case_id, "lead")
    desc = validate.required_text(description, "照片说明", 200)
    day = validate.date(day or clock.today(), "拍摄（收到）日期", not_after_today=True)
    with store.atomic():
        att = attachments.add_attachment(store, actor, path, enf.ENTITY, case_id, desc)
        return enf._event(store, actor, row, "evidence", day, "enforcement.lead_photo", None,
                          {"description": desc, "sha256": att.sha256,
                           "filename": att.filename, "stage": LEAD_STAGE},
                          attachment_id=att.id)


def void_record(store: Store, actor: Actor, case_id: int, event_id: int, reason: str) -> dict:
    """Void one mistaken record of a case with a reason (kept, audited, never deleted).

    Voiding the service of the decision moves the case's service date to the next live
    service of the decision (or clears it), since the payment clock runs from it
    (行政处罚法 第六十七条).

    Returns:
        The voided event row (before voiding, with ``void_reason``).

    Raises:
        NotFound: no such live record in this case.
        Conflict: the kind cannot be voided alone, or the case is closed/archived/void, or a
            先行登记保存 already has a disposal decision.
    """
    row = enf._live_case(store, actor, case_id, *_VOID_STATUSES)
    event = next((e for e in es.events(store, case_id) if e["id"] == event_id), None)
    if event is None:
        raise NotFound(f"本案没有编号为 {event_id} 的有效记录（可能已作废）。")
    if event["kind"] not in VOIDABLE:
        raise Conflict("此类记录关系案件状态或法定期限，不能单独作废；确有错误的，"
                       "请作废案件或出具更正文书。")
    if event["kind"] == "preservation" and any(
            e["details"].get("preservation_id") == event_id
            for e in es.events(store, case_id, "preservation_disposal")):
        raise Conflict("该先行登记保存已有处理决定，请先作废处理决定。")
    details = event["details"]
    decision_service = event["kind"] == "service" and details.get("what") == "decision"
    if decision_service and row["paid_on"]:
        raise Conflict("已登记缴款，缴款期限按此送达计算，不能再作废决定书的送达记录。")
    reason = validate.required_text(reason, "作废原因", 300)
    with store.atomic():
        es.void_event(store, event_id, reason)
        # A simple-procedure decision is served on the spot (served_on = decided_on).
        if decision_service and row["procedure"] != "simple" \
                and row["served_on"] == event["day"]:
            rest = [e["day"] for e in es.events(store, case_id, "service")
                    if e["details"].get("what") == "decision"]
            es.update_case(store, case_id, served_on=min(rest) if rest else None)
        audit_store.record(store, actor, "enforcement.void_record", enf.ENTITY, case_id,
                           {"event_id": event_id, "kind": event["kind"], "day": event["day"],
                            **details}, {"voided": True, "reason": reason})
    return {**event, "void_reason": reason}


def voidable_label(kind: str) -> str | None:
    """The Chinese name of a voidable record kind (None: it cannot be voided alone)."""
    return VOIDABLE.get(kind)
