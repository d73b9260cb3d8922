# SPDX-License-Identifier: MIT
"""接诉即办 (12345 hotline) tickets on the street's side: entry, reading, the list, search.

The street is the hub answering citizens' 12345 claims (《北京市接诉即办工作条例》, 2021-09-24).
The city platform is the system of record; this is the street's offline view of its tickets.
Actions on a ticket (dispatch, 吹哨, 退单, extension, contact, reply, return visit, flags,
links) are in ``actions``, their rules in ``rules``; deadlines and the todo list in ``clocks``;
the import in ``importing``; 三率 in ``rates``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.core import auth, catalog
from jiedao_desk.core.spec import SearchSource
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.clocks import deadlines, parse_time
from jiedao_desk.domains.hotline.model import CLAIM_CLASSES, NATURES, Ticket
from jiedao_desk.domains.hotline.rules import ENTITY, MACHINE, RECEIVED, permission
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store import search as search_store
from jiedao_desk.store.lists import ListSource


def claim_types(store: Store) -> list[str]:
    """Claim types (诉求类型) of the hotline_claim_type catalog in force ([] if not loaded)."""
    try:
        version = catalog.current_version(store, "hotline_claim_type", on=clock.today())
    except NotFound:  # the catalog was never loaded into this database
        return []
    if version is None:
        return []
    assert version.id is not None, "a stored catalog version always has its id"
    return [i.text for i in catalog.items(store, version.id)]


def check_claim_type(store: Store, value: str) -> str:
    """A claim type must be in the catalog in force; free text only while none is loaded."""
    value = (value or "").strip()
    known = claim_types(store)
    if value and known and value not in known:
        raise ValidationError(f"诉求类型“{value}”不在现行目录（{'、'.join(known)}）中。",
                              "claim_type")
    return value


def _community_ok(store: Store, community_id: int | None) -> None:
    if community_id is None:
        return
    row = org_store.get_community(store, community_id)
    if row is None or row["voided_at"]:
        raise ValidationError("所选社区不存在或已作废。", "community_id")


def normalize(store: Store, values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the city-owned fields of a ticket (manual entry and import)."""
    v = dict(values)
    no = str(v.get("ticket_no") or "").strip()
    if not no or len(no) > 40:
        raise ValidationError("工单编号不能为空（最多40字符）。", "ticket_no")
    v["ticket_no"] = no
    v["received_at"] = parse_time(v.get("received_at"), "受理时间")
    v["month"] = v["received_at"][:7]
    v["claim_type"] = check_claim_type(store, v.get("claim_type") or "")
    v["claim_class"] = v.get("claim_class") or "general"
    if v["claim_class"] not in CLAIM_CLASSES:
        raise ValidationError(f"时限类别“{v['claim_class']}”未知。", "claim_class")
    v["nature"] = v.get("nature") or "主办"
    if v["nature"] not in NATURES:
        raise ValidationError(f"工单性质“{v['nature']}”应为主办、协办或转办。", "nature")
    if isinstance(v.get("category"), (list, tuple)):
        v["category"] = "->".join(str(x).strip() for x in v["category"] if str(x).strip())
    for key, limit in (("title", 200), ("content", 5000), ("claimant_name", 30),
                       ("claimant_phone", 30), ("place", 200), ("category", 200)):
        text = str(v.get(key) or "").strip()
        if len(text) > limit:
            raise ValidationError(f"“{key}”过长（最多{limit}字）。", key)
        v[key] = text
    if not v["claimant_name"]:
        v["claimant_name"] = "保密"  # withheld by the caller (诉求人 privacy, 条例)
    _community_ok(store, v.get("community_id"))
    return v


def index_ticket(store: Store, ticket_id: int) -> None:
    """(Re)index a ticket for search: number, title, content, category, place, name.

    The phone is left out (lists and search never show full numbers).
    """
    t = hotline_store.get(store, ticket_id)
    if t is None:
        return
    search_store.index(store, ENTITY, ticket_id, " ".join(
        str(v or "") for v in (t.ticket_no, t.title, t.content, t.category, t.place,
                               t.claimant_name, t.community_name)))


def add_ticket(store: Store, actor: Actor, values: dict[str, Any]) -> int:
    """Enter a ticket by hand (手工登记); returns its id.

    Args:
        values: ticket_no, received_at, claim_type, claim_class, category, title, content,
            claimant_name, claimant_phone, community_id, place, nature.
    """
    auth.require(actor, "hotline.edit", values.get("community_id"))
    if auth.community_scope(actor) is not None and values.get("community_id") is None:
        values = {**values, "community_id": actor.community_id}
    v = normalize(store, values)
    v["dispatch_due"], v["feedback_due"] = deadlines(store, v["received_at"], v["claim_class"])
    v["state"], v["source"] = RECEIVED, "manual"
    with store.atomic():
        if hotline_store.find_by_number(store, v["ticket_no"]):
            raise ValidationError(f"工单编号“{v['ticket_no']}”已登记。", "ticket_no")
        tid = hotline_store.insert(store, v, actor.name)
        hotline_store.add_event(store, tid, "create", actor.name, to_state=RECEIVED)
        index_ticket(store, tid)
        audit_store.record(store, actor, "hotline.add", ENTITY, tid, None,
                           {k: v[k] for k in ("ticket_no", "received_at", "claim_type")})
    return tid


def visible(actor: Actor, ticket: Ticket | None, ticket_id: Any) -> Ticket:
    """``ticket`` if this actor may see it; NotFound if it does not exist or belongs to
    another community (other communities' tickets are invisible to a community worker)."""
    if ticket is None:
        raise NotFound(f"没有编号为 {ticket_id} 的工单。")
    scope = auth.community_scope(actor)
    if scope is not None and ticket.community_id != scope:
        raise NotFound(f"没有编号为 {ticket_id} 的工单。")
    return ticket


def load(store: Store, actor: Actor, ticket_id: int) -> Ticket:
    """A ticket this actor may see (NotFound otherwise), with its live links (the rules read
    them), without its history."""
    t = visible(actor, hotline_store.get(store, ticket_id), ticket_id)
    return dataclasses.replace(t, links=hotline_store.links_of_ticket(store, ticket_id))


def get_ticket(store: Store, actor: Actor, ticket_id: int) -> Ticket:
    """One ticket with its events, summons and links."""
    auth.require(actor, "hotline.view")
    t = visible(actor, hotline_store.get(store, ticket_id), ticket_id)
    return dataclasses.replace(t, events=hotline_store.events(store, ticket_id),
                               summons=hotline_store.summons(store, ticket_id),
                               links=hotline_store.links_of_ticket(store, ticket_id))


def find_ticket(store: Store, actor: Actor, ticket_no: str) -> Ticket:
    """A ticket by its city number."""
    auth.require(actor, "hotline.view")
    t = visible(actor, hotline_store.find_by_number(store, ticket_no), ticket_no)
    return get_ticket(store, actor, t.id)


def as_json(ticket: Ticket) -> dict[str, Any]:
    """The ticket for ``--json``: its columns by their database names (``extra`` decoded,
    the phone masked), ``status_text``, and its events, summons and links."""
    row = hotline_store.as_row(ticket)
    row["claimant_phone"] = mask_phone(ticket.claimant_phone)
    row["status_text"] = ticket.state_label
    row["events"] = [{**hotline_store.event_row(e), "kind_text": e.kind_label}
                     for e in ticket.events]
    row["summons"] = [dataclasses.asdict(s) for s in ticket.summons]
    row["links"] = [dataclasses.asdict(x) for x in ticket.links]
    return row


def mask_phone(phone: str) -> str:
    """Only the last 4 digits of a phone (lists and exports show no full numbers)."""
    phone = phone or ""
    return phone if len(phone) <= 4 else "*" * 7 + phone[-4:]


def list_source(store: Store, actor: Actor, community_id: int | None = None) -> ListSource:
    """The tickets this actor may see; filters ``community_id``, ``month``, ``state``."""
    auth.require(actor, "hotline.view", community_id)
    return hotline_store.list_source(store, auth.community_scope(actor) or community_id)


def void_ticket(store: Store, actor: Actor, ticket_id: int, reason: str) -> None:
    """Void a ticket entered by mistake (records are never deleted)."""
    auth.require(actor, permission("void"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因。", "reason")
    with store.atomic():
        t = load(store, actor, ticket_id)
        auth.require(actor, permission("void"), t.community_id)
        MACHINE.require("void", t.state, t)
        hotline_store.void(store, ticket_id, reason)
        search_store.unindex(store, ENTITY, ticket_id)
        hotline_store.add_event(store, ticket_id, "void", actor.name, {"reason": reason})
        audit_store.record(store, actor, "hotline.void", ENTITY, ticket_id,
                           {"voided": False}, {"voided": True, "reason": reason})


def count_tickets(store: Store) -> int:
    """How many tickets the database holds, voided ones included (the demo and the benchmarks
    ask before they generate any)."""
    return hotline_store.count_all(store)


def describe(store: Store, actor: Actor, ticket_id: int) -> tuple[str, str] | None:
    """Search hit of a ticket, hidden from roles and communities that may not see it."""
    if not auth.can(actor, "hotline.view"):
        return None
    t = hotline_store.get(store, ticket_id)
    scope = auth.community_scope(actor)
    if t is None or t.voided or (scope is not None and t.community_id != scope):
        return None
    return (f"12345工单 {t.ticket_no} {t.title}",
            f"{t.received_at} {t.community_name or ''} {t.category}".strip())


SOURCE = SearchSource(ENTITY, "12345工单", describe, index_ticket)
