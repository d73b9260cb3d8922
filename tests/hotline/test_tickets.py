# SPDX-License-Identifier: MIT
"""12345 tickets: manual entry, claim types, scope, void, time parsing, search."""

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline import tickets as hotline

SEARCH = registry.search_sources()


def test_manual_entry_sets_clocks_and_privacy_defaults(store, actor, ticket):
    tid = ticket()
    t = hotline.get_ticket(store, actor, tid)
    assert t.month == "2026-11"
    assert t.claimant_name == "保密"  # a withheld name
    assert t.dispatch_due == "2026-11-21 09:00"  # general: 24 h (setting)
    assert t.feedback_due == "2026-11-27 09:00"  # general: 7 calendar days
    assert [e.kind for e in t.events] == ["create"]
    with pytest.raises(ValidationError, match="已登记"):
        ticket()
    assert hotline.mask_phone("13800138000") == "*******8000"


def test_claim_type_follows_catalog(store, actor, ticket):
    ticket("FREE", claim_type="其他")  # no catalog loaded: free text kept
    catalog.load_builtin(store, actor)
    assert hotline.claim_types(store) == ["咨询", "求助", "投诉", "举报", "建议"]
    with pytest.raises(ValidationError, match="不在现行目录"):
        ticket("BAD", claim_type="其他")


def test_community_worker_sees_only_own_community(store, actor, make_community, ticket):
    a, b = make_community("甲社区"), make_community("乙社区")
    mine = ticket("A1", community_id=a.id)
    theirs = ticket("B1", community_id=b.id)
    worker = Actor(9, "社区工作者甲", "community_worker", a.id)
    assert hotline.get_ticket(store, worker, mine).ticket_no == "A1"
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
    assert hotline.get_ticket(store, enforcement, mine).id == mine
    with pytest.raises(PermissionDenied):
        hotline_actions.dispatch(store, enforcement, mine, office="城管科")


def test_void_keeps_record(store, actor, ticket):
    tid = ticket()
    hotline.void_ticket(store, actor, tid, "重复登记")
    assert hotline_store.get(store, tid).void_reason == "重复登记"
    assert hotline.list_source(store, actor).count() == 0
    with pytest.raises(Conflict):
        hotline_actions.dispatch(store, actor, tid, office="城管科")


def test_bad_time_rejected(store, actor, ticket):
    with pytest.raises(ValidationError, match="受理时间"):
        ticket(received_at="昨天")
    assert store.scalar("SELECT count(*) FROM hotline_ticket") == 0
    assert clock.today() == dt.date(2026, 11, 23)


def test_search_finds_tickets_for_allowed_viewers(store, actor, make_community,
                                                   ticket):
    from jiedao_desk.core import search

    a = make_community("甲社区")
    tid = ticket("S1", title="广场舞噪音扰民", community_id=a.id)
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
