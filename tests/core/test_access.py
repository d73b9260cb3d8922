# SPDX-License-Identifier: MIT
"""Access requests (社区工作准入): triage branches, versions, states, permissions, stats, docs."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog, documents, todo
from jiedao_desk.domains.access import (
    complaints as access_complaints,
)
from jiedao_desk.domains.access import (
    documents as access_docs,
)
from jiedao_desk.domains.access import (
    requests as access,
)
from jiedao_desk.domains.access import (
    stats as access_stats,
)
from jiedao_desk.domains.access import (
    triage as access_triage,
)
from jiedao_desk.domains.org import service as org

TODO = registry.todo_providers()

# TEST DATA ONLY: invented items, NOT the Beijing 社区职责清单 (whose items are not public).
TEST_DUTY_LIST = """
[catalog]
key = "duty_list"
title = "社区职责清单"

[version]
label = "{label}"
issuer = "测试数据（非正式清单）"
doc_number = ""
effective_from = "{start}"
effective_to = ""
source_urls = []
confidence = "unknown"
notes = "单元测试用的虚构条目，不是北京市社区职责清单。"

[[items]]
seq = 1
text = "组织开展社区居民自治活动"
category = "{kind1}"

[[items]]
seq = 2
text = "协助开展人口普查和统计调查"
category = "assist"
"""

STAFF = Actor(1, "街道王", "street_staff")
READONLY = Actor(3, "统计员", "readonly")


@pytest.fixture
def env(store, actor, make_community):
    catalog.load_builtin(store, actor)
    org.set_street(store, actor, "测试街道办事处")
    a, b = make_community("甲社区", "A01"), make_community("乙社区", "B01")
    return {"a": a, "b": b, "worker": Actor(2, "社区李", "community_worker", a.id)}


def import_list(store, actor, tmp_path, label="test-2026", start="2026-01-01", kind1="own"):
    path = tmp_path / f"duty_list--{label}.toml"
    path.write_text(TEST_DUTY_LIST.format(label=label, start=start, kind1=kind1),
                    encoding="utf-8")
    return catalog.import_version(store, actor, path).version


def register(store, actor, community_ids=(), **over):
    values = {"applicant_unit": "区统计局", "applicant_level": "区", "title": "人口普查入户登记",
              "content": "协助开展人口普查和统计调查，入户登记", "task_type": "调查统计",
              "community_ids": community_ids, "planned_start": "2027-03-01",
              "role_verbs": ["协助入户", "联系居民"],
              "conditions": {"经费": {"provided": True, "amount": "2万元"}}}
    values.update(over)
    return access.register_request(store, actor, **values)


def _rows(store):
    return tuple(store.scalar(f"SELECT COUNT(*) FROM {t}") for t in
                 ("access_request", "access_request_community", "access_transition", "audit_log"))


# -- triage branches -------------------------------------------------------------------------
def test_empty_duty_list_says_so_and_needs_approval(store, actor, env):
    req = register(store, actor, [env["a"].id])
    res = access_triage.triage(store, actor, req.id)
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
    res = access_triage.triage(store, STAFF, req.id)
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
    res = access_triage.triage(store, actor, req.id)
    assert res.suggestions[0].seq == 2
    res = access_triage.confirm_match(store, actor, req.id, 2)
    assert res.outcome == "assist_ok"
    assert res.missing_verbs == () and res.missing_conditions == ()


def test_assist_item_with_role_verb_outside_list_is_flagged(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    req = register(store, STAFF, [env["a"].id], role_verbs=["协助入户", "数据录入"])
    access_triage.triage(store, STAFF, req.id)
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
    access_triage.triage(store, actor, req.id)
    res = access_triage.confirm_match(store, actor, req.id, 2)
    assert res.outcome == "assist_flagged"
    assert res.missing_conditions == ("经费", "培训") and res.missing_verbs == ()
    assert "未提供必要工作条件：经费、培训" in res.message


def test_not_on_list_needs_approval_with_working_day_deadlines(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    with clock.frozen(dt.date(2026, 9, 15)):
        req = register(store, actor, [env["a"].id], title="创建文明楼院评比挂牌",
                       content="挂牌", task_type="挂牌", planned_start="2026-10-20")
        access_triage.triage(store, actor, req.id)
        res = access_triage.confirm_match(store, actor, req.id, None)
    assert res.outcome == "needs_approval" and res.match_confirmed
    # 15 working days after 9-15 cross 中秋 (9-25), 国庆 (10-1..7) and the 调休 days 9-20, 10-10.
    assert res.needs_decision_by == dt.date(2026, 10, 12)
    req = access.get_request(store, actor, req.id)
    assert req.apply_by == dt.date(2026, 9, 2) and req.late_application
    assert req.community_may_refuse and req.overdue(dt.date(2026, 10, 13))
    assert not req.overdue(dt.date(2026, 10, 12))


def test_later_list_version_does_not_rewrite_past_decision(store, actor, env, tmp_path):
    v1 = import_list(store, actor, tmp_path)
    with clock.frozen(dt.date(2026, 3, 2)):
        old = register(store, actor, [env["a"].id], title="组织开展社区居民自治活动", content="")
        access_triage.triage(store, actor, old.id)
        access_triage.confirm_match(store, actor, old.id, 1)
        access.decide(store, actor, old.id, "admit")
    v2 = import_list(store, actor, tmp_path, label="test-2026b", start="2026-06-01",
                     kind1="assist")
    before = access_triage.result(store, actor, old.id)
    assert (before.version_id, before.outcome) == (v1.id, "own")
    with pytest.raises(Conflict, match="不再重新比对"):
        access_triage.triage(store, actor, old.id)
    new = register(store, actor, [env["a"].id], title="组织开展社区居民自治活动", content="",
                   role_verbs=["组织动员"], conditions={})
    access_triage.triage(store, actor, new.id)
    res = access_triage.confirm_match(store, actor, new.id, 1)
    assert (res.version_id, res.outcome, res.missing_conditions) == (v2.id, "assist_flagged",
                                                                     ("经费",))
    assert access_triage.result(store, actor, old.id) == before


# -- states ----------------------------------------------------------------------------------
def test_transitions_keep_who_when_why_and_refuse_illegal_moves(store, actor, env):
    req = register(store, actor, [env["a"].id])
    with pytest.raises(Conflict, match="不能从“登记”转为“准入”"):
        access.transition(store, actor, req.id, "admitted", "直接准入")
    access_triage.triage(store, actor, req.id)
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
    access_triage.triage(store, actor, req.id)
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
    access_triage.triage(store, worker, mine.id)
    with pytest.raises(PermissionDenied):
        access.decide(store, worker, mine.id, "refuse", "不在清单")
    assert access.list_source(store, READONLY).count() == 2


# -- statistics, documents, complaints, todo -------------------------------------------------
def _seed_month(store, actor, env):
    def on(day, fn, *args, **kw):
        with clock.frozen(day):
            return fn(*args, **kw)

    a = [env["a"].id]
    sep = on(dt.date(2026, 9, 1), register, store, actor, a, applicant_unit="区民政局",
             task_type="台账")
    r1 = on(dt.date(2026, 10, 9), register, store, actor, a)
    r2 = on(dt.date(2026, 10, 12), register, store, actor, a, applicant_unit="区民政局",
            task_type="台账")
    r3 = on(dt.date(2026, 10, 20), register, store, actor, a)
    r4 = on(dt.date(2026, 10, 28), register, store, actor, a)
    for r in (sep, r1, r2, r3, r4):
        on(r.received_on, access_triage.triage, store, actor, r.id)
    on(dt.date(2026, 10, 15), access.decide, store, actor, r1.id, "admit", "同意")
    on(dt.date(2026, 10, 30), access.decide, store, actor, r2.id, "refuse", "清单外")
    on(dt.date(2026, 11, 3), access.decide, store, actor, r3.id, "admit", "同意")
    on(dt.date(2026, 11, 2), register, store, actor, a)  # next month: not counted


def test_month_stats_on_seeded_october(store, actor, env):
    _seed_month(store, actor, env)
    s = access_stats.month_stats(store, actor, "2026-10")
    t = s.total
    # received 4 in Oct; r1 admitted, r2 refused in Oct; pending on 10-31: sep, r3, r4;
    # overdue: sep only (decide_by 2026-09-22 + 国庆 → before 10-31); r3/r4 still in time.
    assert (t.received, t.admitted, t.refused, t.pending, t.overdue) == (4, 1, 1, 3, 1)
    by_unit = {r.key: (r.received, r.admitted, r.refused, r.pending, r.overdue) for r in s.by_unit}
    assert by_unit == {"区民政局": (1, 0, 1, 1, 1), "区统计局": (3, 1, 0, 2, 0)}
    by_type = {r.key: r.received for r in s.by_type}
    assert by_type == {"台账": 1, "调查统计": 3}
    assert s.as_of == dt.date(2026, 10, 31)
    assert "区统计局" in access_stats.stats_table(s)
    with pytest.raises(ValidationError):
        access_stats.month_stats(store, actor, "2026-13")


def test_refusal_notice_names_reason_and_list_and_locks_request(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    req = register(store, actor, [env["a"].id], title="创建文明楼院评比挂牌", content="",
                   task_type="挂牌")
    access_triage.triage(store, actor, req.id)
    access_triage.confirm_match(store, actor, req.id, None)
    with pytest.raises(Conflict, match="不予准入"):
        access_docs.issue_refusal_notice(store, actor, req.id)
    access.decide(store, actor, req.id, "refuse", "挂牌事项不在社区职责清单内且未经审批")
    doc = access_docs.issue_refusal_notice(store, actor, req.id)
    text = "".join(p.extract_text() for p in
                   PdfReader(io.BytesIO(documents.reprint(store, doc.id))).pages)
    text = text.replace("\n", "")
    assert "挂牌事项不在社区职责清单内且未经审批" in text
    assert "社区职责清单 test-2026" in text and "区统计局" in text
    assert documents.is_locked(store, access.ENTITY, req.id)
    form = access_docs.issue_approval_form(store, actor, req.id, {"handler_name": "张三"})
    assert form.pages == 1


def test_issued_approval_form_locks_fields(store, actor, env):
    req = register(store, actor, [env["a"].id])
    access_triage.triage(store, actor, req.id)
    access_docs.issue_approval_form(store, actor, req.id)
    with pytest.raises(Conflict, match="已据以签发文书"):
        access.update_request(store, actor, req.id, applicant_unit="区统计局",
                              applicant_level="区", title="改名", task_type="调查统计",
                              community_ids=[env["a"].id], planned_start="2027-03-01")
    with pytest.raises(Conflict, match="已据以签发文书"):
        access_triage.triage(store, actor, req.id)


def test_complaint_only_for_refused_or_unapproved(store, actor, env):
    req = register(store, actor, [env["a"].id])
    access_triage.triage(store, actor, req.id)
    c = access_complaints.add_complaint(store, actor, req.id, "12345市民服务热线", "已转区社会办")
    assert access_complaints.complaints(store, actor, req.id) == [c]
    access.decide(store, actor, req.id, "admit", "经审批同意")
    with pytest.raises(Conflict, match="已准入"):
        access_complaints.add_complaint(store, actor, req.id, "12345市民服务热线")


def test_todo_lists_pending_decisions_and_unapproved_starts(store, actor, env):
    soon = register(store, env["worker"], [env["a"].id], planned_start="2026-11-27")
    titles = {i.title: i for i in todo.collect(store, STAFF, TODO)
              if i.domain == "access"}
    pending = titles[f"准入申请待决定：{soon.title}（区统计局）"]
    assert pending.due == soon.decide_by == dt.date(2026, 12, 14)
    worker_items = [i for i in todo.collect(store, env["worker"], TODO) if i.domain == "access"]
    expected = f"未经准入即将开始：{soon.title}（甲社区，社区可拒绝）"
    assert [i.title for i in worker_items] == [expected]
    assert worker_items[0].due == dt.date(2026, 11, 27)
