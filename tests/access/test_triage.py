# SPDX-License-Identifier: MIT
"""Triage against the duty list: branches, suggestions confirmed by a person, versions."""

import datetime as dt

import pytest

from jiedao_desk.base import clock
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import triage as access_triage
from jiedao_desk.store import audit as audit_store
from tests.access.support import STAFF, import_list, register


def test_empty_duty_list_says_so_and_needs_approval(store, actor, env):
    req = register(store, actor, [env["a"].id])
    res = access_triage.triage_request(store, actor, req.id)
    shipped = catalog.find_version(store, "duty_list", "2019-12")
    assert res.outcome == "no_list" and res.list_empty
    assert "职责清单未导入，无法比对，需审批" in res.message
    assert res.version_id == shipped.id and "2019-12" in res.version_text
    assert access.get_request(store, actor, req.id).state == "review"
    with pytest.raises(Conflict, match="职责清单未导入"):
        access_triage.confirm_match(store, actor, req.id, 1)


def test_own_item_suggested_confirmed_by_person_then_admitted(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    req = register(store, STAFF, [env["a"].id], title="组织开展社区居民自治活动（楼门议事）",
                   content="", task_type="其他", role_verbs=[])
    res = access_triage.triage_request(store, STAFF, req.id)
    assert res.outcome == "unconfirmed"
    assert res.suggestions[0].seq == 1 and res.suggestions[0].kind == "own"
    with pytest.raises(Conflict, match="人工确认"):
        access.decide(store, STAFF, req.id, "admit")
    res = access_triage.confirm_match(store, STAFF, req.id, 1)
    assert (res.outcome, res.match_confirmed, res.match_confirmed_by) == ("own", True, "街道王")
    assert access.decide(store, STAFF, req.id, "admit").state == "admitted"


def test_assist_item_with_verbs_and_conditions_in_order(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    req = register(store, actor, [env["a"].id])
    res = access_triage.triage_request(store, actor, req.id)
    assert res.suggestions[0].seq == 2
    res = access_triage.confirm_match(store, actor, req.id, 2)
    assert res.outcome == "assist_ok"
    assert res.missing_verbs == () and res.missing_conditions == ()


def test_assist_item_with_role_verb_outside_list_is_flagged(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    req = register(store, STAFF, [env["a"].id], role_verbs=["协助入户", "数据录入"])
    access_triage.triage_request(store, STAFF, req.id)
    res = access_triage.confirm_match(store, STAFF, req.id, 2)
    assert res.outcome == "assist_flagged"
    assert res.missing_verbs == ("数据录入",) and res.missing_conditions == ()
    assert "数据录入" in res.message and "联系居民" in res.role_verb_text
    with pytest.raises(ValidationError, match="审批意见"):
        access.decide(store, STAFF, req.id, "admit")
    assert access.get_request(store, STAFF, req.id).community_may_refuse


def test_assist_item_missing_conditions_is_flagged(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    req = register(store, actor, [env["a"].id],
                   conditions={"培训": {"needed": True, "provided": False},
                               "设备": {"provided": True}})
    access_triage.triage_request(store, actor, req.id)
    res = access_triage.confirm_match(store, actor, req.id, 2)
    assert res.outcome == "assist_flagged"
    assert res.missing_conditions == ("经费", "培训") and res.missing_verbs == ()
    assert "未提供必要工作条件：经费、培训" in res.message


def test_not_on_list_needs_approval_with_working_day_deadlines(store, actor, env, tmp_path):
    audit_store.excuse_clock(store, actor, "测试：按历史日期补录")  # the test travels back in time
    import_list(store, actor, tmp_path)
    with clock.frozen(dt.date(2026, 9, 15)):
        req = register(store, actor, [env["a"].id], title="创建文明楼院评比挂牌",
                       content="挂牌", task_type="挂牌", planned_start="2026-10-20")
        access_triage.triage_request(store, actor, req.id)
        res = access_triage.confirm_match(store, actor, req.id, None)
    assert res.outcome == "needs_approval" and res.match_confirmed
    # 15 working days after 9-15 cross 中秋 (9-25), 国庆 (10-1..7) and the 调休 days 9-20, 10-10.
    assert res.needs_decision_by == dt.date(2026, 10, 12)
    req = access.get_request(store, actor, req.id)
    assert req.apply_by == dt.date(2026, 9, 2) and req.late_application
    assert req.community_may_refuse and req.overdue(dt.date(2026, 10, 13))
    assert not req.overdue(dt.date(2026, 10, 12))


def test_later_list_version_does_not_rewrite_past_decision(store, actor, env, tmp_path):
    audit_store.excuse_clock(store, actor, "测试：按历史日期补录")  # the test travels back in time
    v1 = import_list(store, actor, tmp_path)
    with clock.frozen(dt.date(2026, 3, 2)):
        old = register(store, actor, [env["a"].id], title="组织开展社区居民自治活动", content="")
        access_triage.triage_request(store, actor, old.id)
        access_triage.confirm_match(store, actor, old.id, 1)
        access.decide(store, actor, old.id, "admit")
    v2 = import_list(store, actor, tmp_path, label="test-2026b", start="2026-06-01",
                     kind1="assist")
    before = access_triage.triage_result(store, actor, old.id)
    assert (before.version_id, before.outcome) == (v1.id, "own")
    with pytest.raises(Conflict, match="不再重新比对"):
        access_triage.triage_request(store, actor, old.id)
    new = register(store, actor, [env["a"].id], title="组织开展社区居民自治活动", content="",
                   role_verbs=["组织动员"], conditions={})
    access_triage.triage_request(store, actor, new.id)
    res = access_triage.confirm_match(store, actor, new.id, 1)
    assert (res.version_id, res.outcome, res.missing_conditions) == (v2.id, "assist_flagged",
                                                                     ("经费",))
    assert access_triage.triage_result(store, actor, old.id) == before
