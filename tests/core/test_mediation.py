# SPDX-License-Identifier: MIT
"""People's mediation lifecycle through the core functions (today is frozen to 2026-11-23)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog, settings, todo
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation

TODO = registry.todo_providers()

ID_A = "11010519491231002X"   # woman born 1949-12-31 (GB 11643 sample number)
USCC = "91110108551385082Q"


def _parties():
    return [
        {"role": "applicant", "kind": "person", "name": "张三", "id_number": ID_A,
         "phone": "13800138000", "address": "和平里1号", "ethnicity": "汉族"},
        {"role": "respondent", "kind": "org", "name": "某物业公司", "credit_code": USCC,
         "representative": "李四", "agent_name": "王五", "agent_authority": "一般代理"},
    ]


@pytest.fixture
def loaded(store, actor):
    catalog.load_builtin(store, actor)
    return store


def _register(store, actor, community_id, **kw):
    args = dict(community_id=community_id, source="application", application_form="oral",
                dispute_type="物业纠纷", summary="漏水纠纷", parties=_parties(),
                claims=["赔偿损失"], received_on="2026-10-10")
    args.update(kw)
    return mediation.register_case(store, actor, **args)


def _to_agreement(store, actor, case, written=True,
                  days=("2026-10-11", "2026-10-12", "2026-10-20", "2026-11-01")):
    act.assign_mediators(store, actor, case.id, ["赵调解"])
    act.notify_rights(store, actor, case.id, on=days[0])
    act.add_record(store, actor, case.id, "investigation",
                   {"place": "现场", "content": "查看漏水"}, on=days[1])
    act.add_record(store, actor, case.id, "session",
                   {"place": "调解室", "matter": "漏水赔偿", "content": "双方同意"},
                   on=days[2])
    return act.record_agreement(store, actor, case.id, written=written, facts="楼上漏水",
                                terms=["物业赔偿2000元"], amount_yuan="2000.50",
                                manner="转账", place="调委会", deadline="2026-11-30",
                                effective_on=days[3])


def test_register_numbers_and_parties(loaded, actor, make_community):
    c = make_community("和平里社区")
    case = _register(loaded, actor, c.id)
    assert case.case_number == "（2026）和平里人调字第1号"
    assert case.state == "registered" and case.committee == "和平里社区人民调解委员会"
    p = case.parties[0]
    assert (p.gender, p.birth_date) == ("女", dt.date(1949, 12, 31))
    assert p.masked_id == "110105********002X"
    assert case.parties[1].credit_code == USCC and case.parties[1].agent_name == "王五"
    assert _register(loaded, actor, c.id).case_number.endswith("第2号")
    street = _register(loaded, actor, None)
    assert street.level == "street" and street.case_number.endswith("第1号")


def test_case_number_pattern_is_a_setting(loaded, actor, make_community):
    settings.set_value(loaded, actor, registry.setting("mediation.case_number_pattern"),
                       "{committee_short}调〔{year}〕{serial}号")
    c = make_community("安定门社区")
    assert _register(loaded, actor, c.id).case_number == "安定门调〔2026〕1号"
    settings.set_value(loaded, actor, registry.setting("mediation.case_number_pattern"), "第{n}号")
    with pytest.raises(ValidationError, match="无法识别"):
        _register(loaded, actor, c.id)


@pytest.mark.parametrize("change, message", [
    ({"dispute_type": "外星纠纷"}, "不在现行目录"),
    ({"parties": _parties()[:1]}, "两方"),
    ({"application_form": ""}, "书面申请或口头申请"),
    ({"source": "referral", "referred_by": ""}, "移送单位"),
    ({"parties": [dict(_parties()[0], id_number="110105194912310021"), _parties()[1]]},
     "校验位"),
    ({"parties": [_parties()[0], dict(_parties()[1], credit_code="91110108551385082A")]},
     "统一社会信用代码"),
    ({"parties": [dict(_parties()[0], gender="男"), _parties()[1]]}, "性别与身份证号不符"),
])
def test_register_rejects_bad_input_and_writes_nothing(loaded, actor, make_community,
                                                       change, message):
    c = make_community()
    with pytest.raises(ValidationError, match=message):
        _register(loaded, actor, c.id, **change)
    assert loaded.scalar("SELECT COUNT(*) FROM mediation_case") == 0
    assert loaded.scalar("SELECT COUNT(*) FROM mediation_party") == 0


def test_empty_dispute_catalog_is_explained(store, actor, make_community):
    with pytest.raises(ValidationError, match="目录为空或未导入"):
        _register(store, actor, make_community().id)


def test_only_mediation_roles(loaded, actor, make_community):
    c = make_community()
    case = _register(loaded, actor, c.id)
    for role in ("enforcement_officer", "community_worker", "street_staff"):
        other = Actor(9, "某人", role, c.id if role == "community_worker" else None)
        with pytest.raises(PermissionDenied):
            mediation.get_case(loaded, other, case.id)
        assert not [i for i in todo.collect(loaded, other, TODO) if i.domain == "mediation"]
    mediator = Actor(8, "调解员", "mediator")
    assert mediation.get_case(loaded, mediator, case.id).id == case.id


def test_refuse_records_reason_and_route(loaded, actor, make_community):
    case = _register(loaded, actor, make_community().id)
    with pytest.raises(ValidationError):
        mediation.refuse(loaded, actor, case.id, "法院已受理", "")
    done = mediation.refuse(loaded, actor, case.id, "法院已受理", "请向人民法院了解进展")
    assert done.state == "refused" and done.refusal_route == "请向人民法院了解进展"
    with pytest.raises(Conflict):
        mediation.accept(loaded, actor, case.id)


def test_written_agreement_lifecycle_and_clocks(loaded, actor, make_community):
    case = _register(loaded, actor, make_community().id)
    case = mediation.accept(loaded, actor, case.id, on="2026-10-10")
    assert case.advisory_due() == dt.date(2026, 11, 10)
    mine = [i for i in todo.collect(loaded, actor, TODO) if i.domain == "mediation"]
    assert [i.due for i in mine] == [dt.date(2026, 11, 10)] and mine[0].status == "overdue"
    with pytest.raises(Conflict, match="权利义务告知"):
        act.record_agreement(loaded, actor, case.id, written=False, facts="x", terms=["y"])
    case = _to_agreement(loaded, actor, case)
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
    case = mediation.accept(loaded, actor, _register(loaded, actor, c.id).id, on="2026-10-10")
    act.notify_rights(loaded, actor, case.id, on="2026-10-10")
    act.add_record(loaded, actor, case.id, "session",
                   {"place": "调解室", "matter": "m", "content": "c"}, on="2026-10-10")
    case = act.record_agreement(loaded, actor, case.id, written=True, facts="f", terms=["t"],
                                manner="现金", deadline="2026-10-20", effective_on="2026-10-12")
    with pytest.raises(ValidationError, match="已超过司法确认申请期限（2026-11-11"):
        act.apply_judicial_confirmation(loaded, actor, case.id, "某法院")
    late = act.apply_judicial_confirmation(loaded, actor, case.id, "某法院", late_ok=True)
    assert late.jc_applied_on == dt.date(2026, 11, 23)
    oral = mediation.accept(loaded, actor, _register(loaded, actor, c.id).id, on="2026-10-10")
    oral = _to_agreement(loaded, actor, oral, written=False)
    assert oral.outcome == "oral"
    with pytest.raises(Conflict, match="口头协议"):
        act.apply_judicial_confirmation(loaded, actor, oral.id, "某法院")


def test_written_agreement_needs_performance_terms(loaded, actor, make_community):
    case = mediation.accept(loaded, actor, _register(loaded, actor, make_community().id).id)
    act.notify_rights(loaded, actor, case.id)
    act.add_record(loaded, actor, case.id, "session", {"place": "p", "matter": "m",
                                                        "content": "c"})
    with pytest.raises(ValidationError, match="履行期限"):
        act.record_agreement(loaded, actor, case.id, written=True, facts="f", terms=["t"],
                             manner="转账")
    assert mediation.get_case(loaded, actor, case.id).state == "accepted"


def test_terminate_transfer_risk_and_void(loaded, actor, make_community):
    c = make_community("和平里社区")
    case = mediation.accept(loaded, actor, _register(loaded, actor, c.id).id)
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
    other = _register(loaded, actor, c.id)
    voided = mediation.void_case(loaded, actor, other.id, "重复登记")
    assert voided.voided and voided.state_label == "已作废"
    # voided numbers are not reused
    assert _register(loaded, actor, c.id).case_number.endswith("第3号")
