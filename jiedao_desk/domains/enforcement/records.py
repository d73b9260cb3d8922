# SPDX-License-Identifier: MIT
"""Voiding one mistaken record of an enforcement case.

A record entered by mistake (a 笔录, an evidence item, a service record …) is voided with a
reason, never deleted (design.md "Data"); the audit row keeps what it said. Records whose
dates drive the case's state (事先告知, 决定, 缴款, 结案 …) cannot be voided one by one: their
effects on the case would be left behind. An issued document keeps its own void path
(``documents.void``) because its PDF is frozen.
"""

from __future__ import annotations

import dataclasses

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound
from jiedao_desk.core import validate
from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import case_for
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    EVENT_KINDS,
    RECORD_KINDS,
    REVIEW_STEPS,
    Event,
)
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

# Record kinds that can be voided one by one.
VOIDABLE = frozenset({*RECORD_KINDS, *REVIEW_STEPS, "evidence", "preservation",
                      "preservation_disposal", "withdrawal", "statement", "service",
                      "hearing_held"})


def void_record(store: Store, actor: Actor, case_id: int, event_id: int, reason: str) -> Event:
    """Void one mistaken record of a case with a reason (kept, audited, never deleted).

    Voiding the service of the decision moves the case's service date to the next live
    service of the decision (or clears it), since the payment clock runs from it
    (行政处罚法 第六十七条).

    Returns:
        The voided record (with ``void_reason``).

    Raises:
        NotFound: no such live record in this case.
        Conflict: the kind cannot be voided alone, or the case is closed/archived/void, or a
            先行登记保存 already has a disposal decision.
    """
    case = case_for(store, actor, case_id, "void_record")
    event = next((e for e in es.events(store, case_id) if e.id == event_id), None)
    if event is None:
        raise NotFound(f"本案没有编号为 {event_id} 的有效记录（可能已作废）。")
    if event.kind not in VOIDABLE:
        raise Conflict("此类记录关系案件状态或法定期限，不能单独作废；确有错误的，"
                       "请作废案件或出具更正文书。")
    if event.kind == "preservation" and any(
            e.details.get("preservation_id") == event_id
            for e in es.events(store, case_id, "preservation_disposal")):
        raise Conflict("该先行登记保存已有处理决定，请先作废处理决定。")
    decision_service = event.kind == "service" and event.details.get("what") == "decision"
    if decision_service and case.paid_on:
        raise Conflict("已登记缴款，缴款期限按此送达计算，不能再作废决定书的送达记录。")
    reason = validate.required_text(reason, "作废原因", 300)
    rules.require("void_record", Facts(store, case))
    with store.atomic():
        es.void_event(store, event_id, reason)
        # A simple-procedure decision is served on the spot (served_on = decided_on).
        if decision_service and case.procedure != "simple" and case.served_on == event.day:
            rest = [e.day for e in es.events(store, case_id, "service")
                    if e.details.get("what") == "decision"]
            es.update_case(store, case_id, served_on=min(rest) if rest else None)
        audit_store.record(store, actor, "enforcement.void_record", ENTITY, case_id,
                           {"event_id": event_id, "kind": event.kind,
                            "day": event.day.isoformat(), **event.details},
                           {"voided": True, "reason": reason})
    return dataclasses.replace(event, void_reason=reason)


def voidable_label(kind: str) -> str | None:
    """The Chinese name of a voidable record kind (None: it cannot be voided alone)."""
    return EVENT_KINDS[kind] if kind in VOIDABLE else None
