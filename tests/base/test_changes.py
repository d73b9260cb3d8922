# SPDX-License-Identifier: MIT
"""Change notices: every committed action announces what it touched; a rollback announces
nothing; a failing listener does not undo the committed action."""

import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.org import service as org


def test_commit_announces_the_audited_records(store, actor):
    seen = []
    store.subscribe(seen.append)
    c = org.add_community(store, actor, "甲社区", "A01")
    assert len(seen) == 1
    assert seen[0].touches("community") and seen[0].ids("community") == {str(c.id)}
    assert not seen[0].touches("resident")


def test_rollback_announces_nothing(store, actor):
    seen = []
    store.subscribe(seen.append)
    with pytest.raises(ValidationError):
        org.add_community(store, actor, "", "A01")
    with pytest.raises(RuntimeError), store.atomic():
        from jiedao_desk.store import audit

        audit.record(store, actor, "test", "community", 1)
        raise RuntimeError("abort")
    assert seen == []


def test_a_failing_listener_does_not_undo_the_action(store, actor):
    def broken(changes):
        raise ValueError("listener bug")

    unsubscribe = store.subscribe(broken)
    c = org.add_community(store, actor, "甲社区", "A01")
    assert [x.id for x in org.list_communities(store)] == [c.id]
    unsubscribe()
    seen = []
    store.subscribe(seen.append)
    org.add_community(store, actor, "乙社区", "A02")
    assert len(seen) == 1


def test_nested_atomic_announces_once_after_the_outer_commit(store, actor):
    seen = []
    store.subscribe(seen.append)
    with store.atomic():
        org.add_community(store, actor, "甲社区", "A01")
        assert seen == []
        org.add_community(store, actor, "乙社区", "A02")
    assert len(seen) == 1 and len(seen[0].changes) == 2
