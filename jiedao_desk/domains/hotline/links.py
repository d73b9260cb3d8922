# SPDX-License-Identifier: MIT
"""Turn a 12345 ticket into a mediation case or an enforcement lead, keeping the link.

A claim that is a dispute between residents goes to the people's mediation committee
(人民调解法 第十七条: a committee may mediate on referral or on its own initiative); a claim
that reports a violation becomes an enforcement lead (线索, source 12345转办). The case is
created by the owning domain's own core function (so its checks, numbering and audit apply)
and the link is kept on the hotline side, readable both ways: the ticket shows its cases
(``links_of``) and a case page asks which tickets link to it (``tickets_for``,
``tickets_line``).
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import auth, validate
from jiedao_desk.domains import enforcement, mediation
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline import store_cases
from jiedao_desk.domains.hotline.model import LinkedTicket, LinkView, Ticket
from jiedao_desk.domains.hotline.rules import ENTITY, MACHINE, VOIDED_LABEL, permission
from jiedao_desk.domains.hotline.tickets import load, visible
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

DOMAINS = {"mediation": ("mediation_case", "人民调解案件", "mediation.view"),
           "enforcement": ("enforcement_case", "执法案件", "enforcement.view")}
REFERRED_BY = "12345市民服务热线"


def _ticket_to_transfer(store: Store, actor: Actor, ticket_id: int, action: str) -> Ticket:
    t = load(store, actor, ticket_id)
    auth.require(actor, "hotline.view", t.community_id)
    MACHINE.require(action, t.state, t)
    return t


def _phone_or_blank(phone: str) -> str:
    # A city export may carry a masked number (138****8000): the case then gets no phone
    # rather than failing, and the mediator asks the caller for it.
    try:
        return validate.phone(phone, "电话") if phone else ""
    except ValidationError:
        return ""


def _link(store: Store, actor: Actor, ticket: Ticket, domain: str, record_id: int,
          note: str, action: str) -> int:
    entity = DOMAINS[domain][0]
    lid = hotline_store.add_link(store, ticket.id, entity, record_id, note, actor.name,
                                 origin="created")
    hotline_store.add_event(store, ticket.id, "link", actor.name,
                            {"entity": entity, "entity_id": record_id, "origin": "created"})
    audit_store.record(store, actor, action, ENTITY, ticket.id, None,
                       {"domain": domain, "entity": entity, "entity_id": record_id,
                        "link_id": lid})
    return lid


def to_mediation(  # noqa: PLR0913 — the fields of the one 转人民调解 form, by keyword
        store: Store, actor: Actor, ticket_id: int, *, dispute_type: str, respondent: str,
        summary: str = "", applicant: str = "", applicant_phone: str = "",
        community_id: int | None = -1) -> tuple[int, int]:
    """Register a mediation case referred from a ticket (接受委托移送调解) and link it.

    One transaction: the case (through ``mediation.register_case``, source 'referral',
    referred by 12345 with the ticket number), the link and the audit rows.

    Args:
        dispute_type: an item of the dispute-type list in force.
        respondent: the other party's name (a person; the mediator completes particulars).
        summary: defaults to the ticket's content (or title).
        applicant: the caller's real name; required when the ticket says 保密.
        applicant_phone: defaults to the ticket's phone (when it is a valid number).
        community_id: the committee's community; -1 (default) = the ticket's community,
            None = the street committee.

    Returns:
        (mediation case id, link id).
    """
    auth.require(actor, permission("to_mediation"))
    with store.atomic():
        t = _ticket_to_transfer(store, actor, ticket_id, "to_mediation")
        name = (applicant or "").strip() or t.claimant_name
        if not name or name == "保密":
            raise ValidationError("来电人姓名保密：转调解须征得同意后填写申请人真实姓名。",
                                  "applicant")
        if not (respondent or "").strip():
            raise ValidationError("请填写被申请人（纠纷另一方）姓名或名称。", "respondent")
        phone = (applicant_phone or "").strip() or _phone_or_blank(t.claimant_phone)
        case = mediation.register_case(
            store, actor, community_id=t.community_id if community_id == -1 else community_id,
            source="referral", dispute_type=dispute_type,
            summary=(summary or "").strip() or t.content or t.title,
            parties=[{"role": "applicant", "kind": "person", "name": name, "phone": phone,
                      "address": t.place},
                     {"role": "respondent", "kind": "person", "name": respondent.strip()}],
            referred_by=f"{REFERRED_BY}（工单 {t.ticket_no}）")
        lid = _link(store, actor, t, "mediation", case.id, case.case_number,
                    "hotline.to_mediation")
    return case.id, lid


def to_enforcement(store: Store, actor: Actor, ticket_id: int, *, description: str = "",
                   place: str = "", found_on=None) -> tuple[int, int]:
    """Register an enforcement lead (线索, source 12345转办) from a ticket and link it.

    One transaction: the lead (through ``enforcement.register_lead``, which also runs the
    limitation check of 行政处罚法 第三十六条), the link and the audit rows.

    Returns:
        (enforcement case id, link id).
    """
    auth.require(actor, permission("to_enforcement"))
    with store.atomic():
        t = _ticket_to_transfer(store, actor, ticket_id, "to_enforcement")
        text = (description or "").strip() or t.content or t.title
        lead = enforcement.register_lead(
            store, actor, "hotline", found_on or t.received_at[:10],
            (place or "").strip() or t.place, f"{text}（12345工单 {t.ticket_no}）")
        lid = _link(store, actor, t, "enforcement", lead.case_id, "",
                    "hotline.to_enforcement")
    return lead.case_id, lid


def void_link(store: Store, actor: Actor, link_id: int, reason: str) -> None:
    """Void a wrong link (the linked case itself is untouched; void it in its own page)."""
    auth.require(actor, "hotline.edit")
    reason = validate.required_text(reason, "作废原因", 500)
    with store.atomic():
        x = hotline_store.get_link(store, link_id)
        if x is None or x.voided_at:
            raise NotFound(f"没有编号为 {link_id} 的有效关联。")
        ticket = visible(actor, hotline_store.get(store, x.ticket_id), x.ticket_id)
        auth.require(actor, "hotline.edit", ticket.community_id)
        hotline_store.void_link(store, link_id, reason)
        hotline_store.add_event(store, ticket.id, "void", actor.name,
                                {"link_id": link_id, "reason": reason})
        audit_store.record(store, actor, "hotline.link_void", ENTITY, ticket.id,
                           {"link_id": link_id}, {"voided": True, "reason": reason})


def _label(store: Store, actor: Actor, domain: str, record_id: int) -> str:
    name = DOMAINS[domain][1] if domain in DOMAINS else domain
    if domain not in DOMAINS:
        return f"{name} #{record_id}"
    if not auth.can(actor, DOMAINS[domain][2]):
        # The case exists, but its content is confidential to that domain's roles
        # (人民调解法 第十五条 for mediation); only the bare fact of the link shows.
        return f"{name} #{record_id}（无权查看详情）"
    if domain == "mediation":
        m = store_cases.mediation_brief(store, record_id)
        if m is None:
            return f"{name} #{record_id}（已不存在）"
        state = mediation.MACHINE.label(m["state"])
        return (f"{name} {m['case_number']}（{VOIDED_LABEL if m['voided_at'] else state}，"
                f"{m['dispute_type']}）")
    e = store_cases.enforcement_brief(store, record_id)
    if e is None:
        return f"{name} #{record_id}（已不存在）"
    state = enforcement.state_label(e["state"])
    return (f"{name} {enforcement.case_label(e['case_no'], e['id'])}"
            f"（{VOIDED_LABEL if e['voided_at'] else state}，"
            f"{e['found_on']} {e['place']}）")


def links_of(store: Store, actor: Actor, ticket_id: int) -> list[LinkView]:
    """The live links of a ticket, labelled for this viewer."""
    auth.require(actor, "hotline.view")
    visible(actor, hotline_store.get(store, ticket_id), ticket_id)
    out = []
    for x in hotline_store.links_of_ticket(store, ticket_id):
        domain = x.domain or x.entity.split("_")[0]
        out.append(LinkView(x.id, domain, x.entity_id, x.origin,
                            _label(store, actor, domain, x.entity_id), x.note,
                            x.created_at, x.created_by))
    return out


def tickets_for(store: Store, actor: Actor, domain: str, record_id: int) -> list[LinkedTicket]:
    """Which tickets link to this case ("来源工单" on a mediation or enforcement page).

    Allowed to whoever may view the case (``<domain>.view``) or the tickets; a community
    worker sees only the own community's tickets. Rows carry no phone numbers.
    """
    if domain not in DOMAINS:
        raise ValidationError(f"未知的业务类别“{domain}”（应为 mediation 或 enforcement）。",
                              "domain")
    entity, _, view = DOMAINS[domain]
    if not (auth.can(actor, view) or auth.can(actor, "hotline.view")):
        auth.require(actor, view)  # raises with the usual message
    scope = auth.community_scope(actor)
    return [r for r in hotline_store.tickets_linked_to(store, entity, int(record_id))
            if scope is None or r.community_id == scope]


def tickets_line(store: Store, actor: Actor, domain: str, record_id: int) -> str:
    """The "来源工单" line of a mediation or enforcement case: "\\n来源工单（12345）：…" listing
    the linked tickets, or "" when there are none (or the user may see neither the tickets nor
    the case). The case pages sit below hotline, so the shell hands it to them."""
    try:
        rows = tickets_for(store, actor, domain, record_id)
    except PermissionDenied:
        return ""
    if not rows:
        return ""
    return "\n来源工单（12345）：" + "、".join(
        f"{r.ticket_no}（{r.received_at[:10]}{'，' + r.title if r.title else ''}）"
        for r in rows)
