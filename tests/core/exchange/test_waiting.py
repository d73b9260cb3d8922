# SPDX-License-Identifier: MIT
"""``exchange status``: the changes waiting for a site are what its next package would carry
as its own — only what that site may see."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core import exchange as exchange_core
from jiedao_desk.core.exchange import changes, collect
from jiedao_desk.domains import residents
from tests.core.exchange.sites import exchange, make_sites, receiver


@pytest.fixture
def sites(tmp_path):
    street, a, b = make_sites(tmp_path)
    yield street, a, b
    for s in (street, a, b):
        s.store.close()


def waiting(site_, peer) -> int:
    rows = {w.uid: w for w in changes.status(site_.store, SYSTEM)}
    return rows[peer.uid].changes_waiting


def test_waiting_counts_only_what_the_receiver_may_see(sites):
    street, a, b = sites
    exchange(street, a)
    exchange(street, b)
    residents.add_resident(street.store, SYSTEM, street.community_id("A01"), "甲的居民")
    residents.add_resident(street.store, SYSTEM, street.community_id("A01"), "甲的居民二")
    residents.add_resident(street.store, SYSTEM, street.community_id("B01"), "乙的居民")
    # (the statuses count what the sites' own bookkeeping says was acknowledged; the test's
    # hand delivery does not record acknowledgements, so compare with a fresh collect)
    for peer, mine in ((a, 2), (b, 1)):
        got = collect.collect(street.store, receiver(street, peer), street.sent[peer.uid])
        assert got.rows == mine
        assert collect.waiting(street.store, receiver(street, peer),
                               street.sent[peer.uid]) == mine
    # the status line: each community's count is its own, never the other's rows
    assert waiting(street, a) >= 2 and waiting(street, b) >= 1
    assert waiting(street, a) - waiting(street, b) == 1
    # the street receives everything a community records
    residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "社区登记的")
    assert collect.waiting(a.store, receiver(a, street), a.sent.get(street.uid, 0)) == 1


def test_a_community_worker_sees_only_their_communitys_exchange(sites):
    street, a, _b = sites
    a_id = street.community_id("A01")
    worker = Actor(None, "社区工作者丙", "community_worker", community_id=a_id)
    assert {w.name for w in changes.status(street.store, SYSTEM)} == {"甲社区", "乙社区"}
    assert [w.name for w in changes.status(street.store, worker)] == ["甲社区"]
    assert [p.name for p in exchange_core.list_sites(street.store, worker)] == ["甲社区"]
    assert {q.name for q in changes.quiet_sites(street.store, SYSTEM, 0)} == {"甲社区", "乙社区"}
    assert [q.name for q in changes.quiet_sites(street.store, worker, 0)] == ["甲社区"]
    # on the community's own PC its worker sees the street; another community's worker nothing
    own = Actor(None, "社区工作者丁", "community_worker", community_id=a.community_id("A01"))
    assert [w.name for w in changes.status(a.store, own)] == ["街道"]
    stranger = Actor(None, "社区工作者戊", "community_worker",
                     community_id=a.community_id("A01") + 1)
    assert changes.status(a.store, stranger) == []
