# SPDX-License-Identifier: MIT
"""Actions on a 12345 ticket: dispatch, 吹哨, 退单, extension, contact, reply, visit, flags.

Each is one core function = one transaction with its event row (who/when/what) and audit
row; whether it may be taken now is asked of ``rules.MACHINE``. The mechanics of 吹哨 records
and the time limits of 退单/延期 are not public (reference mediation-hotline.md §5, §7: U), so
they are recorded as facts, not enforced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError, NotFound, ValidationError
from jiedao_desk.core import auth
from jiedao_desk.core.exchange import ownership
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.clocks import deadlines, parse_time
from jiedao_desk.domains.hotline.model import SATISFACTION, LinkedTicket, Ticket
from jiedao_desk.domains.hotline.rules import CLOSED, ENTITY, MACHINE, permission
from jiedao_desk.domains.hotline.tickets import load
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store

Change = Callable[[Ticket, "str | None"], dict[str, Any]]


def _text(value: str | None, field: str, label: str, limit: int = 2000,
          required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"请填写{label}。", field)
    if len(text) > limit:
        raise ValidationError(f"{label}过长（最多{limit}字）。", field)
    return text


def check_action(store: Store, actor: Actor, ticket_id: int, key: str) -> str | None:
    """Why action ``key`` (of ``rules.MACHINE``) cannot be taken on the ticket now, in one
    Chinese sentence, or None if it can: asked before a form opens, so nobody types a form
    that cannot be saved. The action itself asks again when it is taken."""
    try:
        auth.require(actor, permission(key))
        t = load(store, actor, ticket_id)
        auth.require(actor, permission(key), t.community_id)
    except JiedaoError as exc:
        return str(exc)
    return MACHINE.refusal(key, t.state, t)


def _act(store: Store, actor: Actor, ticket_id: int, key: str, change: Change,
         detail: dict[str, Any], kind: str | None = None) -> Ticket:
    """Take action ``key``: load the ticket, ask the rules, apply ``change(ticket, target
    state)`` (the fields it returns), write the event (``kind``, default ``key``) and the
    audit row."""
    kind = kind or key
    auth.require(actor, permission(key))
    with store.atomic():
        t = load(store, actor, ticket_id)
        auth.require(actor, permission(key), t.community_id)
        action = MACHINE.require(key, t.state, t)
        values = change(t, action.target)
        before = hotline_store.columns({k: getattr(t, k) for k in values})
        hotline_store.update(store, ticket_id, values)
        hotline_store.add_event(store, ticket_id, kind, actor.name, detail, t.state,
                                values.get("state", t.state))
        audit_store.record(store, actor, f"hotline.{kind}", ENTITY, ticket_id, before,
                           hotline_store.columns(values))
    updated = hotline_store.get(store, ticket_id)
    if updated is None:  # tickets are voided, never deleted
        raise NotFound(f"没有编号为 {ticket_id} 的工单。")
    return updated


def dispatch(store: Store, actor: Actor, ticket_id: int, *, community_id: int | None = None,
             office: str = "", note: str = "") -> Ticket:
    """Assign a ticket (派单) to a community or to a street office (科室)."""
    auth.require(actor, permission("dispatch"))  # before telling anything about the input
    if (community_id is None) == (not office.strip()):
        raise ValidationError("请选择一个社区或填写一个科室（二者选一）。", "assignee")
    if community_id is not None:
        com = org_store.get_community(store, community_id)
        if com is None or com["voided_at"]:
            raise ValidationError("所选社区不存在或已作废。", "community_id")
        assignee_kind, name = "community", com["name"]
    else:
        assignee_kind, name = "office", _text(office, "office", "科室名称", 50)

    def change(t: Ticket, target: str | None) -> dict[str, Any]:
        values = {"assignee_kind": assignee_kind, "assignee": name, "state": target,
                  "dispatched_at": t.dispatched_at or parse_time(clock.now())}
        if community_id is not None:
            values["community_id"] = community_id
        return values

    with store.atomic():
        t = _act(store, actor, ticket_id, "dispatch", change,
                 {"assignee": name, "kind": assignee_kind, "note": note.strip()})
        # A community with its own PC answers there: the ticket travels to it in the next
        # exchange package and comes back with the reply (docs/exchange.md).
        if community_id is not None and ownership.hand_to_community_site(
                store, actor, ENTITY, ticket_id, community_id, f"派单至{name}"):
            t = hotline_store.get(store, ticket_id) or t
    return t


def return_ticket(store: Store, actor: Actor, ticket_id: int, reason: str) -> Ticket:
    """Send a ticket back (退单) with the reason (not ours, wrong area, ...)."""
    reason = _text(reason, "reason", "退单理由", 500)
    return _act(store, actor, ticket_id, "return", lambda t, target: {"state": target},
                {"reason": reason})


def extend(store: Store, actor: Actor, ticket_id: int, days: int, reason: str) -> Ticket:
    """Record an approved extension (延期) of the feedback deadline by ``days``."""
    reason = _text(reason, "reason", "延期理由", 500)
    if not isinstance(days, int) or not 1 <= days <= 90:
        raise ValidationError("延期天数应为1到90之间的整数。", "days")

    def change(t: Ticket, target: str | None) -> dict[str, Any]:
        total = t.extension_days + days
        _, feedback = deadlines(store, t.received_at, t.claim_class, total)
        return {"extension_days": total, "feedback_due": feedback}

    return _act(store, actor, ticket_id, "extend", change, {"days": days, "reason": reason})


def record_contact(store: Store, actor: Actor, ticket_id: int, contacted_at: Any,
                   person: str) -> Ticket:
    """Record the first contact with the caller (先行联系): time and who called.

    Time and person are both required once contacted (as the city form requires).
    """
    auth.require(actor, permission("contact"))  # before checking the input
    at = parse_time(contacted_at, "联系时间")
    person = _text(person, "contact_person", "联系人", 30)
    return _act(store, actor, ticket_id, "contact",
                lambda t, target: {"contacted_at": at, "contact_person": person},
                {"at": at, "person": person})


def add_handling(store: Store, actor: Actor, ticket_id: int, text: str) -> Ticket:
    """Append a line to the handling record (办理情况)."""
    text = _text(text, "handling", "办理情况", 2000)
    stamp = parse_time(clock.now())

    def change(t: Ticket, target: str | None) -> dict[str, Any]:
        old = t.handling
        return {"handling": (old + "\n" if old else "") + f"[{stamp} {actor.name}] {text}"}

    return _act(store, actor, ticket_id, "handling", change, {"text": text})


def reply(store: Store, actor: Actor, ticket_id: int, text: str, close: bool = True,
          closed_at: Any = None) -> Ticket:
    """Record the reply to the caller (反馈) and, by default, the ticket as done (办结)."""
    text = _text(text, "reply", "答复内容", 2000)
    at = parse_time(closed_at or clock.now(), "办结时间")

    def change(t: Ticket, target: str | None) -> dict[str, Any]:
        values: dict[str, Any] = {"reply": text, "state": target}
        if target == CLOSED:
            values["closed_at"] = at
        return values

    # One history row "答复/办结" either way; the rules tell 反馈 (stays open) from 办结.
    with store.atomic():
        t = _act(store, actor, ticket_id, "close" if close else "reply", change,
                 {"close": close, "at": at}, kind="reply")
        # answered on the community's PC: the ticket goes back to the street with the reply
        ownership.hand_back(store, actor, ENTITY, ticket_id, "社区已答复，交回街道")
    return t


def record_visit(store: Store, actor: Actor, ticket_id: int, contacted: bool, solved: bool,
                 satisfaction: str) -> Ticket:
    """Record the answers of the return visit (回访): contacted? solved? satisfied?"""
    auth.require(actor, permission("visit"))  # before checking the input
    if satisfaction not in SATISFACTION:
        raise ValidationError("满意度应为满意、基本满意或不满意。", "visit_satisfaction")
    values = {"visit_contacted": int(bool(contacted)), "visit_solved": int(bool(solved)),
              "visit_satisfaction": satisfaction}
    return _act(store, actor, ticket_id, "visit", lambda t, target: values, values)


def set_flags(store: Store, actor: Actor, ticket_id: int, *, unreasonable: bool,
              appeal: bool, appeal_result: str = "", excluded: bool, reason: str) -> Ticket:
    """Set 不合理诉求 / 考核申诉 (+ result) / 不纳入考核, with the reason.

    The official rule for excluding a claim from the 三率 is not public (reference §6: U);
    the flags only record what the city decided, they decide nothing here.
    """
    auth.require(actor, permission("flags"))
    reason = _text(reason, "reason", "理由或依据", 500)
    values = {"flag_unreasonable": int(unreasonable), "appeal": int(appeal),
              "appeal_result": _text(appeal_result, "appeal_result", "申诉结果", 200, False),
              "excluded": int(excluded)}
    return _act(store, actor, ticket_id, "flags", lambda t, target: values,
                {**values, "reason": reason})


def summon(store: Store, actor: Actor, ticket_id: int, summoned_on: Any, department: str,
           issue: str) -> int:
    """Record a 吹哨: the street summons a department (街乡吹哨、部门报到); returns its id."""
    auth.require(actor, permission("summon"))  # before checking the input
    on = parse_time(summoned_on, "吹哨时间")
    department = _text(department, "department", "部门", 60)
    issue = _text(issue, "issue", "问题", 1000)
    with store.atomic():
        t = load(store, actor, ticket_id)
        auth.require(actor, permission("summon"), t.community_id)
        MACHINE.require("summon", t.state, t)
        sid = hotline_store.add_summons(store, ticket_id, on, department, issue, actor.name)
        hotline_store.add_event(store, ticket_id, "summon", actor.name,
                                {"summons_id": sid, "department": department, "issue": issue})
        audit_store.record(store, actor, "hotline.summon", ENTITY, ticket_id, None,
                           {"summons_id": sid, "department": department, "on": on})
    return sid


def record_arrival(store: Store, actor: Actor, summons_id: int, arrived_at: Any,
                   result: str) -> None:
    """Record the department's arrival (报到) and what it did."""
    auth.require(actor, permission("arrival"))  # before checking the input
    at = parse_time(arrived_at, "报到时间")
    result = _text(result, "result", "结果", 1000)
    with store.atomic():
        s = hotline_store.get_summons(store, summons_id)
        if s is None:
            raise NotFound(f"没有编号为 {summons_id} 的吹哨记录。")
        t = load(store, actor, s.ticket_id)
        auth.require(actor, permission("arrival"), t.community_id)
        MACHINE.require("arrival", t.state, t)
        hotline_store.set_summons_arrival(store, summons_id, at, result)
        hotline_store.add_event(store, t.id, "arrival", actor.name,
                                {"summons_id": summons_id, "at": at, "result": result})
        audit_store.record(store, actor, "hotline.arrival", ENTITY, t.id,
                           {"arrived_at": s.arrived_at}, {"arrived_at": at})


def link(store: Store, actor: Actor, ticket_id: int, entity: str, entity_id: int,
         note: str = "") -> int:
    """Link a ticket to a record of another domain by entity reference (both ways readable:
    the ticket's ``links`` and ``tickets_linked_to``)."""
    auth.require(actor, permission("link"))  # before checking the input
    if not entity or not (entity.startswith(("mediation", "enforcement", "access"))):
        raise ValidationError("只能关联调解、执法或准入的记录。", "entity")
    with store.atomic():
        t = load(store, actor, ticket_id)
        auth.require(actor, permission("link"), t.community_id)
        MACHINE.require("link", t.state, t)
        lid = hotline_store.add_link(store, ticket_id, entity, int(entity_id), note.strip(),
                                     actor.name)
        hotline_store.add_event(store, ticket_id, "link", actor.name,
                                {"entity": entity, "entity_id": entity_id})
        audit_store.record(store, actor, "hotline.link", ENTITY, ticket_id, None,
                           {"entity": entity, "entity_id": entity_id})
    return lid


def tickets_linked_to(store: Store, actor: Actor, entity: str,
                      entity_id: int) -> list[LinkedTicket]:
    """Tickets linked to another domain's record (the other side of ``link``)."""
    auth.require(actor, "hotline.view")
    scope = auth.community_scope(actor)
    return [r for r in hotline_store.tickets_linked_to(store, entity, entity_id)
            if scope is None or r.community_id == scope]

