# SPDX-License-Identifier: MIT
"""A case made from a 12345 ticket shows its source ticket on the mediation and enforcement
pages (the link is kept both ways; the ticket side is tested with the hotline page)."""

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement.pages import EnforcementPage
from jiedao_desk.domains.hotline import links as hotline_links
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline import tickets_line
from jiedao_desk.domains.mediation.pages import MediationPage


def _ticket(store, actor, no, community_id):
    return hotline.add_ticket(store, actor, {
        "ticket_no": no, "received_at": "2026-11-20 09:00", "claim_type": "投诉",
        "title": "楼上漏水", "content": "楼上卫生间漏水到我家", "claimant_name": "张三",
        "claimant_phone": "13800138000", "place": "和平里小区3号楼", "community_id": community_id})


def _source_tickets(store, actor):
    """What the shell passes to the mediation page as ``notes_for``."""
    return lambda entity, record_id: tickets_line(store, actor, registry.domain_of(entity),
                                                  record_id)


def test_source_ticket_shown_on_both_case_pages(qtbot, store, actor, make_community):
    catalog.load_builtin(store, actor)
    c = make_community("甲社区")
    med_id, _ = hotline_links.to_mediation(store, actor, _ticket(store, actor, "T7", c.id),
                                           dispute_type="物业纠纷", respondent="李四")
    lead_id, _ = hotline_links.to_enforcement(store, actor, _ticket(store, actor, "T8", c.id))

    med = MediationPage(store, actor, notes_for=_source_tickets(store, actor))
    qtbot.addWidget(med)
    med.show_case(med_id)
    assert "来源工单（12345）：T7（2026-11-20，楼上漏水）" in med.summary.text()

    enf = EnforcementPage(store, actor, notes_for=_source_tickets(store, actor))
    qtbot.addWidget(enf)
    enf.select_case(lead_id)
    assert "来源工单（12345）：T8（2026-11-20，楼上漏水）" in enf.detail.header.text()

    # A mediator (who may read tickets) sees the line too, and only the own case's ticket.
    mediator = Actor(6, "调解员", "mediator")
    mediator_page = MediationPage(store, mediator, notes_for=_source_tickets(store, mediator))
    qtbot.addWidget(mediator_page)
    mediator_page.show_case(med_id)
    assert "T7" in mediator_page.summary.text() and "T8" not in mediator_page.summary.text()
