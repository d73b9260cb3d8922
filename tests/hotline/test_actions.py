# SPDX-License-Identifier: MIT
"""Actions on a 12345 ticket: dispatch, 吹哨/报到, contact, handling, reply, visit, flags,
退单, and generic links."""

import pytest

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import tickets as hotline


def test_dispatch_summons_return_contact_reply_visit_flags(store, actor, make_community,
                                                            ticket):
    com = make_community("桃园社区")
    tid = ticket()
    t = hotline_actions.dispatch(store, actor, tid, community_id=com.id)
    assert (t.state, t.assignee, t.community_id) == ("dispatched", "桃园社区", com.id)
    with pytest.raises(ValidationError):
        hotline_actions.dispatch(store, actor, tid)
    sid = hotline_actions.summon(store, actor, tid, "2026-11-21 10:00", "城管执法队", "占道经营")
    hotline_actions.record_arrival(store, actor, sid, "2026-11-21 15:00", "已到场清理")
    with pytest.raises(ValidationError, match="联系人"):
        hotline_actions.record_contact(store, actor, tid, "2026-11-20 10:00", "")
    hotline_actions.record_contact(store, actor, tid, "2026-11-20 10:00", "王芳")
    hotline_actions.add_handling(store, actor, tid, "现场查看")
    hotline_actions.reply(store, actor, tid, "已协调清理", closed_at="2026-11-22 16:00")
    with pytest.raises(Conflict):
        hotline_actions.return_ticket(store, actor, tid, "非本辖区")
    hotline_actions.record_visit(store, actor, tid, True, True, "基本满意")
    hotline_actions.set_flags(store, actor, tid, unreasonable=False, appeal=True,
                              appeal_result="审核中", excluded=False, reason="已提交申诉材料")
    t = hotline.get_ticket(store, actor, tid)
    assert t.state == "closed" and t.closed_at == "2026-11-22 16:00"
    assert t.summons[0].arrived_at == "2026-11-21 15:00"
    assert t.contact_person == "王芳" and "现场查看" in t.handling
    assert (t.visit_contacted, t.visit_solved, t.visit_satisfaction) == (1, 1, "基本满意")
    assert t.appeal == 1 and t.appeal_result == "审核中"
    assert [e.kind for e in t.events] == ["create", "dispatch", "summon", "arrival",
                                               "contact", "handling", "reply", "visit", "flags"]
    other = ticket("T002")
    assert hotline_actions.return_ticket(store, actor, other, "非本辖区").state == "returned"


def test_link_both_ways(store, actor, ticket):
    tid = ticket()
    hotline_actions.link(store, actor, tid, "mediation_case", 7, "转人民调解")
    hotline_actions.link(store, actor, tid, "mediation_case", 7)  # no duplicate
    assert [(x.entity, x.entity_id) for x in hotline.get_ticket(
        store, actor, tid).links] == [("mediation_case", 7)]
    assert [x.ticket_no for x in hotline_actions.tickets_linked_to(
        store, actor, "mediation_case", 7)] == ["T001"]
    with pytest.raises(ValidationError):
        hotline_actions.link(store, actor, tid, "resident", 1)
