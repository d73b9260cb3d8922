# SPDX-License-Identifier: MIT
"""Access requests: registering, state changes with who/when/why, decisions, permissions."""

import pytest

from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import triage as access_triage
from tests.access.support import READONLY, register


def _rows(store):
    return tuple(store.scalar(f"SELECT COUNT(*) FROM {t}") for t in
                 ("access_request", "access_request_community", "access_transition", "audit_log"))


def test_transitions_keep_who_when_why_and_refuse_illegal_moves(store, actor, env):
    req = register(store, actor, [env["a"].id])
    with pytest.raises(Conflict, match="不能从“登记”转为“准入”"):
        access.transition(store, actor, req.id, "admitted", "直接准入")
    access_triage.triage_request(store, actor, req.id)
    with pytest.raises(Conflict, match="作出决定"):
        access.transition(store, actor, req.id, "admitted", "直接准入")
    access.decide(store, actor, req.id, "admit", "经审批同意")
    access.transition(store, actor, req.id, "in_progress", "已开始入户")
    done = access.transition(store, actor, req.id, "done", "已完成")
    assert [(t.from_state, t.to_state) for t in done.history] == [
        (None, "registered"), ("registered", "review"), ("review", "admitted"),
        ("admitted", "in_progress"), ("in_progress", "done")]
    assert done.history[2].reason == "经审批同意" and done.history[2].actor_name == "系统"
    with pytest.raises(Conflict, match="当前可转为：无"):
        access.transition(store, actor, req.id, "in_progress", "重新开始")
    with pytest.raises(ValidationError, match="未知状态"):
        access.transition(store, actor, req.id, "finished", "x")


def test_refuse_needs_reason_and_nothing_partial_on_bad_input(store, actor, env):
    req = register(store, actor, [env["a"].id])
    access_triage.triage_request(store, actor, req.id)
    with pytest.raises(ValidationError, match="写明理由"):
        access.decide(store, actor, req.id, "refuse", "  ")
    before = _rows(store)
    for bad in ({"applicant_level": "省"}, {"task_type": "摊派"}, {"community_ids": []},
                {"planned_start": "2027-02-30"}, {"community_ids": [env["a"].id, 999]}):
        with pytest.raises(ValidationError):
            register(store, actor, **{"community_ids": [env["a"].id], **bad})
    assert _rows(store) == before


def test_permissions(store, actor, env):
    worker = env["worker"]
    mine = register(store, worker, [env["a"].id])
    other = register(store, actor, [env["b"].id])
    with pytest.raises(PermissionDenied, match="本社区"):
        register(store, worker, [env["b"].id])
    with pytest.raises(PermissionDenied, match="本社区"):
        access.get_request(store, worker, other.id)
    source = access.list_source(store, worker)
    assert source.count() == 1 and source.page(0)[0][0] == mine.id
    with pytest.raises(PermissionDenied):
        access.list_source(store, worker, env["b"].id)
    with pytest.raises(PermissionDenied):
        register(store, READONLY, [env["a"].id])
    access_triage.triage_request(store, worker, mine.id)
    with pytest.raises(PermissionDenied):
        access.decide(store, worker, mine.id, "refuse", "不在清单")
    assert access.list_source(store, READONLY).count() == 2
