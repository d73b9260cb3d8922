# SPDX-License-Identifier: MIT
"""The mediation case machine as a table: states and labels, the actions each state offers,
and the refusal of every guard (today is frozen to 2026-11-23)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.base.states import Guard
from jiedao_desk.core import catalog
from jiedao_desk.domains import mediation
from jiedao_desk.domains.mediation import rules
from jiedao_desk.domains.mediation.rules import MACHINE, Facts
from tests.mediation.samples import register

CORRECTIONS = ["edit_case", "edit_party", "edit_record", "void_record"]


def test_states_and_labels():
    assert dict(MACHINE.states) == {
        "registered": "待受理", "accepted": "调解中", "refused": "不予受理",
        "agreed": "已达成协议", "terminated": "已终止调解", "closed": "已结案",
        "archived": "已归档", "voided": "已作废"}
    assert MACHINE.final == ("voided",)
    assert rules.state_of("closed", voided=True) == "voided"
    assert rules.state_of("closed", voided=False) == "closed"
    assert mediation.SPEC.machines == (MACHINE,)
    assert MACHINE in [m for spec in registry.specs() for m in spec.machines]


@pytest.mark.parametrize("state, actions", [
    ("registered", ["accept", "refuse", "transfer", *CORRECTIONS, "attach", "void_case",
                    "issue"]),
    ("accepted", ["assign", "notify", "record_investigation", "record_session", "record_risk",
                  "agree", "terminate", "transfer", *CORRECTIONS, "attach", "void_case",
                  "issue"]),
    ("refused", [*CORRECTIONS, "attach", "void_case", "issue"]),
    ("agreed", ["record_follow_up", "jc_apply", "jc_result", "close", *CORRECTIONS, "attach",
                "void_case", "issue"]),
    ("terminated", ["close", *CORRECTIONS, "attach", "void_case", "issue"]),
    ("closed", ["record_follow_up", "jc_apply", "jc_result", "archive", *CORRECTIONS, "attach",
                "void_case", "issue"]),
    ("archived", ["attach", "issue"]),
    ("voided", []),
])
def test_actions_each_state_offers(state, actions):
    assert [a.key for a in rules.available(state)] == actions


def test_targets():
    targets = {a.key: a.target for a in MACHINE.actions if a.target}
    assert targets == {"accept": "accepted", "refuse": "refused", "agree": "agreed",
                       "terminate": "terminated", "close": "closed", "archive": "archived",
                       "void_case": "voided"}


def test_state_refusals_keep_their_wording():
    with pytest.raises(Conflict, match="^案件当前为“已达成协议”，不能归档。$"):
        rules.require("archive", Facts(state="agreed"))
    with pytest.raises(Conflict, match="^案件当前为“已归档”，不能作废案件。$"):
        rules.require("void_case", Facts(state="archived"))
    with pytest.raises(Conflict, match="^案件当前为“已结案”，不能添加调查记录。$"):
        rules.require("record_investigation", Facts(state="closed"))
    with pytest.raises(Conflict, match="^该案件已作废，不能再操作。$"):
        rules.require("issue", Facts(state="voided"))
    assert rules.require("accept", Facts(state="registered")).target == "accepted"


def test_facts_of_a_stored_case():
    row = {"state": "agreed", "voided_at": None, "level": "street", "outcome": "written",
           "rights_notified_on": "2026-10-11", "jc_applied_on": None, "jc_result": None,
           "mediators": '["赵调解", "钱调解"]'}
    f = rules.facts(row, {"session": 2, "investigation": 1}, dossier_missing=("授权委托书",))
    assert (f.state, f.level, f.outcome, f.rights_notified, f.sessions, f.jc_applied) == \
        ("agreed", "street", "written", True, 2, False)
    assert f.dossier_missing == ("授权委托书",) and f.mediators == 2
    assert rules.facts({**row, "mediators": "[]"}, {}).mediators == 0
    assert rules.facts({**row, "voided_at": "2026-11-01 09:00:00"}, {}).state == "voided"


def _refusal(key, **facts):
    """The refusal of action ``key`` for a case in one of its states (None = allowed)."""
    state = facts.pop("state", MACHINE.action(key).sources[0])
    try:
        rules.require(key, Facts(state=state, **facts))
    except (Conflict, ValidationError) as exc:
        return type(exc).__name__, str(exc), getattr(exc, "field", None)
    return None


GOOD = {"agree": dict(rights_notified=True, records={"session": 1}, mediators=1),
        "record_session": dict(rights_notified=True),
        "jc_apply": dict(outcome="written", applied_on=dt.date(2026, 11, 20),
                         jc_window=dt.date(2026, 12, 1)),
        "jc_result": dict(jc_applied=True),
        "transfer": dict(level="community"),
        "archive": dict(dossier_missing=()),
        "edit_case": dict(changing="案件情况"),
        "void_record": dict(record_kind="session", outcome="written", records={"session": 2})}


@pytest.mark.parametrize("key, change, refusal", [
    ("agree", dict(mediators=0),
     ("Conflict", "尚未指定人民调解员，不能登记调解协议（人民调解法第十九条：由调委会指定或"
                  "当事人选择人民调解员进行调解；第二十九条：调解协议书须经人民调解员签名方能生效）。"
                  "请先指定调解员。", None)),
    ("record_session", dict(rights_notified=False),
     ("Conflict", "尚未登记权利义务告知，不能添加调解记录（若干规定第三十条：调解前应当以口头或者"
                  "书面形式告知当事人人民调解的性质、原则和效力以及当事人的权利义务）。"
                  "请先登记权利义务告知。", None)),
    ("agree", dict(rights_notified=False),
     ("Conflict", "尚未登记权利义务告知（若干规定第三十条：调解前应当告知）。", None)),
    ("agree", dict(records={"investigation": 1}),
     ("Conflict", "尚无调解记录（人民调解法第二十七条：调解员应当记录调解情况）。", None)),
    ("jc_apply", dict(outcome="oral"),
     ("Conflict", "司法确认需提交书面调解协议（法释〔2011〕5号），口头协议不能申请。", None)),
    ("jc_apply", dict(jc_applied=True), ("Conflict", "已登记过司法确认申请。", None)),
    ("jc_apply", dict(applied_on=dt.date(2026, 12, 2)),
     ("ValidationError", "已超过司法确认申请期限（2026-12-01，人民调解法第三十三条）；"
                         "如确已提交，请确认后登记。", "jc_applied_on")),
    ("jc_apply", dict(applied_on=dt.date(2026, 12, 2), late_ok=True), None),
    ("jc_result", dict(jc_applied=False), ("Conflict", "尚未登记司法确认申请。", None)),
    ("jc_result", dict(jc_result="confirmed"), ("Conflict", "已登记过司法确认结果。", None)),
    ("transfer", dict(level="street"), ("Conflict", "该案件已由街道人民调解委员会办理。", None)),
    ("archive", dict(dossier_missing=("当事人身份证明", "授权委托书")),
     ("ValidationError", "卷宗不完整，缺少：当事人身份证明、授权委托书。", "dossier")),
    ("edit_case", dict(printed=(("人民调解受理登记表", "2026-11-20"),)),
     ("Conflict", "案件情况已印在人民调解受理登记表（2026-11-20出具）上，不能再修改；请先作废"
                  "该文书，修改后重新出具。", None)),
    ("void_record", dict(records={"session": 1}),
     ("Conflict", "这是达成协议所依据的唯一一份调解记录，不能作废（人民调解法第二十七条：调解员"
                  "应当记录调解情况）。", None)),
    ("void_record", dict(records={"session": 1}, outcome="terminated"), None),
    ("void_record", dict(records={"session": 1}, record_kind="investigation"), None),
])
def test_each_guard_refuses_with_its_reason(key, change, refusal):
    assert _refusal(key, **GOOD.get(key, {})) is None
    assert _refusal(key, **{**GOOD.get(key, {}), **change}) == refusal


def test_every_guard_cites_its_basis():
    guards = {g.key: g for a in MACHINE.actions for g in a.guards}
    assert set(guards) == {"rights_notified", "session_recorded", "written_agreement",
                           "jc_not_applied", "jc_window", "jc_applied", "jc_no_result",
                           "community_case", "dossier_complete", "not_printed",
                           "agreement_keeps_session", "rights_notified_first",
                           "mediator_assigned"}
    assert all(g.basis for g in guards.values())
    assert guards["rights_notified"].basis == "人民调解工作若干规定 第三十条"
    assert guards["jc_window"].basis.startswith("人民调解法 第三十三条")
    assert guards["rights_notified_first"].basis == "人民调解工作若干规定 第三十条"
    assert guards["mediator_assigned"].basis.startswith("人民调解法 第十九条")


def _with_gate(key):
    """The machine with one more guard on action ``key`` that always refuses."""
    gate = Guard("test_gate", "测试依据", lambda f: "新的法定条件未满足。")
    actions = tuple(dataclasses.replace(a, guards=(*a.guards, gate)) if a.key == key else a
                    for a in MACHINE.actions)
    return dataclasses.replace(MACHINE, actions=actions)


@pytest.mark.parametrize("key, call", [
    ("accept", lambda s, a, c: mediation.accept(s, a, c)),
    ("refuse", lambda s, a, c: mediation.refuse(s, a, c, "不属于调解范围", "向法院起诉")),
    ("transfer", lambda s, a, c: mediation.transfer_to_street(s, a, c, "跨社区")),
    ("void_case", lambda s, a, c: mediation.void_case(s, a, c, "误登记")),
    ("edit_case", lambda s, a, c: mediation.edit_case(s, a, c, summary="改过的情况")),
    ("issue", lambda s, a, c: mediation.issue_document(s, a, c, "mediation_intake")),
])
def test_a_new_gate_in_the_table_binds_the_core(store, actor, make_community, monkeypatch,
                                                key, call):
    catalog.load_builtin(store, actor)
    case = register(store, actor, make_community().id)
    monkeypatch.setattr(rules, "MACHINE", _with_gate(key))
    with pytest.raises(Conflict, match="^新的法定条件未满足。$"):
        call(store, actor, case.id)


@pytest.mark.parametrize("key, call", [
    ("assign", lambda s, a, c: mediation.assign_mediators(s, a, c, ["赵调解"])),
    ("notify", lambda s, a, c: mediation.notify_rights(s, a, c)),
    ("record_investigation", lambda s, a, c: mediation.add_record(
        s, a, c, "investigation", {"place": "现场", "content": "查看"})),
    ("terminate", lambda s, a, c: mediation.terminate(s, a, c, "拒绝调解", "向法院起诉")),
    ("agree", lambda s, a, c: mediation.record_agreement(
        s, a, c, written=False, facts="事实", terms=["条款"])),
])
def test_a_new_gate_binds_the_work_on_an_accepted_case(store, actor, monkeypatch, key, call):
    catalog.load_builtin(store, actor)
    case = mediation.accept(store, actor, register(store, actor, None).id)
    mediation.assign_mediators(store, actor, case.id, ["赵调解"])
    mediation.notify_rights(store, actor, case.id)
    mediation.add_record(store, actor, case.id, "session",
                         {"place": "调解室", "matter": "漏水", "content": "协商"})
    monkeypatch.setattr(rules, "MACHINE", _with_gate(key))
    with pytest.raises(Conflict, match="^新的法定条件未满足。$"):
        call(store, actor, case.id)
    assert mediation.get_case(store, actor, case.id).state == "accepted"
