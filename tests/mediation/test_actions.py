# SPDX-License-Identifier: MIT
"""Work on a case, its outcome and after-care: agreement, clocks, 司法确认, termination,
transfer, risk flags (today is frozen to 2026-11-23)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import catalog, todo
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from tests.mediation.samples import register, to_agreement

TODO = registry.todo_providers()


@pytest.fixture
def loaded(store, actor):
    catalog.load_builtin(store, actor)
    return store


def test_written_agreement_lifecycle_and_clocks(loaded, actor, make_community):
    case = register(loaded, actor, make_community().id)
    case = mediation.accept(loaded, actor, case.id, on="2026-10-10")
    assert case.advisory_due() == dt.date(2026, 11, 10)
    mine = [i for i in todo.collect(loaded, actor, TODO) if i.domain == "mediation"]
    assert [i.due for i in mine] == [dt.date(2026, 11, 10)] and mine[0].status == "overdue"
    with pytest.raises(Conflict, match="权利义务告知"):
        act.record_agreement(loaded, actor, case.id, written=False, facts="x", terms=["y"])
    case = to_agreement(loaded, actor, case)
    assert case.state == "agreed" and case.amount_fen == 200050
    assert case.agreement_number == case.case_number
    assert case.performance == {"manner": "转账", "place": "调委会", "deadline": "2026-11-30"}
    items = {i.title: i for i in todo.collect(loaded, actor, TODO) if i.domain == "mediation"}
    jc = next(i for t, i in items.items() if "司法确认" in t)
    assert jc.due == dt.date(2026, 12, 1)  # 11-01 + 30 days (a Tuesday, no roll)
    follow = next(i for t, i in items.items() if "回访" in t)
    assert follow.due == dt.date(2026, 12, 1)
    assert not any("一个月" in t for t in items)
    case = act.add_record(loaded, actor, case.id, "follow_up",
                          {"party": "张三", "performance": "已履行", "satisfaction": "满意"})
    assert case.records("follow_up")[0].detail["agreement_number"] == case.case_number
    case = act.apply_judicial_confirmation(loaded, actor, case.id, "某区人民法院",
                                           on="2026-11-20")
    case = act.record_judicial_result(loaded, actor, case.id, True, on="2026-11-23")
    assert case.jc_result == "confirmed"
    assert not [i for i in todo.collect(loaded, actor, TODO) if i.domain == "mediation"]
    case = act.close_case(loaded, actor, case.id)
    assert case.state == "closed"
    states = [h.to_state for h in case.history]
    assert states[0] == "registered" and states[-1] == "closed" and "agreed" in states


def test_jc_window_late_and_oral(loaded, actor, make_community):
    c = make_community()
    case = mediation.accept(loaded, actor, register(loaded, actor, c.id).id, on="2026-10-10")
    act.assign_mediators(loaded, actor, case.id, ["赵调解"])
    act.notify_rights(loaded, actor, case.id, on="2026-10-10")
    act.add_record(loaded, actor, case.id, "session",
                   {"place": "调解室", "matter": "m", "content": "c"}, on="2026-10-10")
    case = act.record_agreement(loaded, actor, case.id, written=True, facts="f", terms=["t"],
                                manner="现金", deadline="2026-10-20", effective_on="2026-10-12")
    with pytest.raises(ValidationError, match="已超过司法确认申请期限（2026-11-11"):
        act.apply_judicial_confirmation(loaded, actor, case.id, "某法院")
    late = act.apply_judicial_confirmation(loaded, actor, case.id, "某法院", late_ok=True)
    assert late.jc_applied_on == dt.date(2026, 11, 23)
    oral = mediation.accept(loaded, actor, register(loaded, actor, c.id).id, on="2026-10-10")
    oral = to_agreement(loaded, actor, oral, written=False)
    assert oral.outcome == "oral"
    with pytest.raises(Conflict, match="口头协议"):
        act.apply_judicial_confirmation(loaded, actor, oral.id, "某法院")


def test_written_agreement_needs_performance_terms(loaded, actor, make_community):
    case = mediation.accept(loaded, actor, register(loaded, actor, make_community().id).id)
    act.assign_mediators(loaded, actor, case.id, ["赵调解"])
    act.notify_rights(loaded, actor, case.id)
    act.add_record(loaded, actor, case.id, "session", {"place": "p", "matter": "m",
                                                        "content": "c"})
    with pytest.raises(ValidationError, match="履行期限"):
        act.record_agreement(loaded, actor, case.id, written=True, facts="f", terms=["t"],
                             manner="转账")
    assert mediation.get_case(loaded, actor, case.id).state == "accepted"


def test_terminate_transfer_risk_and_void(loaded, actor, make_community):
    c = make_community("和平里社区")
    case = mediation.accept(loaded, actor, register(loaded, actor, c.id).id)
    with pytest.raises(ValidationError, match="第三十二条"):
        act.add_record(loaded, actor, case.id, "risk",
                       {"sign": "扬言报复", "measure": "稳控", "escalation": True})
    case = act.add_record(loaded, actor, case.id, "risk",
                          {"sign": "扬言报复", "measure": "稳控", "escalation": True,
                           "reported_to": "和平里派出所"})
    old = case.case_number
    moved = act.transfer_to_street(loaded, actor, case.id, "跨社区纠纷")
    assert moved.level == "street" and moved.case_number.endswith("第1号")
    assert moved.case_number != old and any(old in h.reason for h in moved.history)
    assert moved.records("risk")[0].detail["reported_to"] == "和平里派出所"
    with pytest.raises(Conflict):
        act.transfer_to_street(loaded, actor, case.id, "再移交")
    ended = act.terminate(loaded, actor, case.id, "一方拒绝", "可申请仲裁或向人民法院起诉")
    assert ended.state == "terminated" and ended.routes_told.startswith("可申请仲裁")
    other = register(loaded, actor, c.id)
    voided = mediation.void_case(loaded, actor, other.id, "重复登记")
    assert voided.voided and voided.state_label == "已作废"
    # voided numbers are not reused
    assert register(loaded, actor, c.id).case_number.endswith("第3号")



def test_one_month_advisory_says_when_its_date_is_unconfirmed(loaded, actor, make_community):
    # Accepted 2026-12-01: one month ends on New Year's Day 2027, whose 调休 is not yet
    # published, so the rolled-forward date must be marked unconfirmed on the todo list.
    case = register(loaded, actor, make_community().id)
    with clock.frozen(dt.date(2026, 12, 5)):
        mediation.accept(loaded, actor, case.id, on="2026-12-01")
        mine = [i for i in todo.collect(loaded, actor, TODO) if i.domain == "mediation"]
    assert [(i.due, i.confirmed) for i in mine] == [(dt.date(2027, 1, 4), False)]
