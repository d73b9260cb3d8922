# SPDX-License-Identifier: MIT
"""12345 tickets: manual entry, clocks (settings), actions, scope, todo."""

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import catalog, settings, todo
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline import tickets as hotline

TODO = registry.todo_providers()
SEARCH = registry.search_sources()


def ticket(store, actor, no="T001", **kw):
    values = {"ticket_no": no, "received_at": "2026-11-20 09:00", "claim_type": "投诉",
              "title": "楼道堆物", "content": "三号楼楼道堆物", "claimant_phone": "13800138000"}
    values.update(kw)
    return hotline.add_ticket(store, actor, values)


def test_manual_entry_sets_clocks_and_privacy_defaults(store, actor):
    tid = ticket(store, actor)
    t = hotline.get_ticket(store, actor, tid)
    assert t["month"] == "2026-11"
    assert t["claimant_name"] == "保密"  # a withheld name
    assert t["dispatch_due"] == "2026-11-21 09:00"  # general: 24 h (setting)
    assert t["feedback_due"] == "2026-11-27 09:00"  # general: 7 calendar days
    assert [e["kind"] for e in t["events"]] == ["create"]
    with pytest.raises(ValidationError, match="已登记"):
        ticket(store, actor)
    assert hotline.mask_phone("13800138000") == "*******8000"


@pytest.mark.parametrize("cls, dispatch, feedback", [
    ("urgent", "2026-11-20 10:00", "2026-11-20 11:00"),
    ("livelihood", "2026-11-20 11:00", "2026-11-21 09:00"),
    ("complex", "2026-11-21 09:00", "2026-12-05 09:00"),
])
def test_deadlines_by_claim_class(store, cls, dispatch, feedback):
    assert hotline.deadlines(store, "2026-11-20 09:00", cls) == (dispatch, feedback)


def test_working_day_setting_and_extension(store, actor):
    settings.set_value(store, actor, registry.setting("hotline.feedback_day_kind"), "工作日")
    # Fri 2026-11-20 + 7 working days = Tue 2026-12-01 (weekends skipped).
    assert hotline.deadlines(store, "2026-11-20 09:00", "general")[1] == "2026-12-01 09:00"
    tid = ticket(store, actor)
    t = hotline_actions.extend(store, actor, tid, 3, "需协调产权单位")
    assert t["extension_days"] == 3 and t["feedback_due"] == "2026-12-04 09:00"
    settings.set_value(store, actor, registry.setting("hotline.dispatch_hours.general"), 2)
    assert hotline.deadlines(store, "2026-11-20 09:00", "general")[0] == "2026-11-20 11:00"
    settings.set_value(store, actor, registry.setting("hotline.feedback_day_kind"), "周")
    with pytest.raises(ValidationError, match="自然日"):
        hotline.deadlines(store, "2026-11-20 09:00", "general")


def test_clock_colours(store, actor):
    t = {"status": "dispatched", "received_at": "2026-11-16 09:00",
         "dispatch_due": "2026-11-17 09:00", "feedback_due": "2026-11-23 09:00"}
    assert hotline.clock_of(store, t, dt.datetime(2026, 11, 23, 10, 0)).colour == hotline.RED
    assert hotline.clock_of(store, t, dt.datetime(2026, 11, 22, 9, 0)).colour == hotline.YELLOW
    assert hotline.clock_of(store, t, dt.datetime(2026, 11, 18, 9, 0)).colour == hotline.GREEN
    received = {**t, "status": "received"}
    c = hotline.clock_of(store, received, dt.datetime(2026, 11, 16, 10, 0))
    assert c.label == "派单" and c.colour == hotline.GREEN
    assert hotline.clock_of(store, {**t, "status": "closed"}) is None
    assert hotline.clock_of(store, {**t, "status": "returned"}) is None


def test_todo_lists_open_tickets_by_urgency(store, actor):
    ticket(store, actor, "OLD", received_at="2026-11-01 09:00")
    closed = ticket(store, actor, "DONE", received_at="2026-11-01 09:00")
    hotline_actions.reply(store, actor, closed, "已清理")
    items = [i for i in todo.collect(store, actor, TODO) if i.domain == "hotline"]
    assert len(items) == 1 and "OLD" in items[0].title and "【超时】" in items[0].title
    assert items[0].status == todo.OVERDUE


def test_claim_type_follows_catalog(store, actor):
    ticket(store, actor, "FREE", claim_type="其他")  # no catalog loaded: free text kept
    catalog.load_builtin(store, actor)
    assert hotline.claim_types(store) == ["咨询", "求助", "投诉", "举报", "建议"]
    with pytest.raises(ValidationError, match="不在现行目录"):
        ticket(store, actor, "BAD", claim_type="其他")


def test_dispatch_summons_return_contact_reply_visit_flags(store, actor, make_community):
    com = make_community("桃园社区")
    tid = ticket(store, actor)
    t = hotline_actions.dispatch(store, actor, tid, community_id=com.id)
    assert (t["status"], t["assignee"], t["community_id"]) == ("dispatched", "桃园社区", com.id)
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
    assert t["status"] == "closed" and t["closed_at"] == "2026-11-22 16:00"
    assert t["summons"][0]["arrived_at"] == "2026-11-21 15:00"
    assert t["contact_person"] == "王芳" and "现场查看" in t["handling"]
    assert (t["visit_contacted"], t["visit_solved"], t["visit_satisfaction"]) == (1, 1, "基本满意")
    assert t["appeal"] == 1 and t["appeal_result"] == "审核中"
    assert [e["kind"] for e in t["events"]] == ["create", "dispatch", "summon", "arrival",
                                               "contact", "handling", "reply", "visit", "flags"]
    other = ticket(store, actor, "T002")
    assert hotline_actions.return_ticket(store, actor, other, "非本辖区")["status"] == "returned"


def test_link_both_ways(store, actor):
    tid = ticket(store, actor)
    hotline_actions.link(store, actor, tid, "mediation_case", 7, "转人民调解")
    hotline_actions.link(store, actor, tid, "mediation_case", 7)  # no duplicate
    assert [(x["entity"], x["entity_id"]) for x in hotline.get_ticket(
        store, actor, tid)["links"]] == [("mediation_case", 7)]
    assert [x["ticket_no"] for x in hotline_actions.tickets_linked_to(
        store, actor, "mediation_case", 7)] == ["T001"]
    with pytest.raises(ValidationError):
        hotline_actions.link(store, actor, tid, "resident", 1)


def test_community_worker_sees_only_own_community(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    mine = ticket(store, actor, "A1", community_id=a.id)
    theirs = ticket(store, actor, "B1", community_id=b.id)
    worker = Actor(9, "社区工作者甲", "community_worker", a.id)
    assert hotline.get_ticket(store, worker, mine)["ticket_no"] == "A1"
    with pytest.raises(NotFound):
        hotline.get_ticket(store, worker, theirs)
    with pytest.raises(NotFound):
        hotline_actions.dispatch(store, worker, theirs, office="城管科")
    source = hotline.list_source(store, worker)
    assert source.count() == 1
    with pytest.raises(PermissionDenied):
        hotline.add_ticket(store, worker, {"ticket_no": "X", "received_at": "2026-11-20 9:00",
                                           "community_id": b.id})
    # An enforcement officer reads tickets (to take one up as a lead) but cannot change them.
    enforcement = Actor(10, "队员", "enforcement_officer")
    assert hotline.get_ticket(store, enforcement, mine)["id"] == mine
    with pytest.raises(PermissionDenied):
        hotline_actions.dispatch(store, enforcement, mine, office="城管科")


def test_void_keeps_record(store, actor):
    tid = ticket(store, actor)
    hotline.void_ticket(store, actor, tid, "重复登记")
    assert hotline_store.get(store, tid)["void_reason"] == "重复登记"
    assert hotline.list_source(store, actor).count() == 0
    with pytest.raises(Conflict):
        hotline_actions.dispatch(store, actor, tid, office="城管科")


def test_bad_time_rejected(store, actor):
    with pytest.raises(ValidationError, match="受理时间"):
        ticket(store, actor, received_at="昨天")
    assert store.scalar("SELECT count(*) FROM hotline_ticket") == 0
    assert clock.today() == dt.date(2026, 11, 23)


def test_search_finds_tickets_for_allowed_viewers(store, actor, make_community):
    from jiedao_desk.core import search

    a = make_community("甲社区")
    tid = ticket(store, actor, "S1", title="广场舞噪音扰民", community_id=a.id)
    hits = [h for h in search.search(store, actor, "广场舞", SEARCH) if h.entity == hotline.ENTITY]
    assert [h.entity_id for h in hits] == [tid] and "S1" in hits[0].title
    assert [h for h in search.search(store, Actor(2, "访客", "nobody"), "广场舞", SEARCH)
            if h.entity == hotline.ENTITY] == []
    # A community worker of another community does not find it either.
    other = make_community("乙社区")
    assert [h for h in search.search(store, Actor(3, "乙", "community_worker", other.id),
                                     "广场舞", SEARCH) if h.entity == hotline.ENTITY] == []
    source = hotline.list_source(store, actor)
    source.set_search("噪音")
    assert source.count() == 1
    hotline.void_ticket(store, actor, tid, "重复")
    assert [h for h in search.search(store, actor, "广场舞",
                                     SEARCH) if h.entity == hotline.ENTITY] == []
