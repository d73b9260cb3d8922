# SPDX-License-Identifier: MIT
"""The mediation case machine as a table: states and labels, the actions each state offers,
and the refusal of every guard (today is frozen to 2026-11-23)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.domains import mediation
from jiedao_desk.domains.mediation import rules
from jiedao_desk.domains.mediation.rules import MACHINE, Facts

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
        rules.require_state("archive", "agreed")
    with pytest.raises(Conflict, match="^案件当前为“已归档”，不能作废案件。$"):
        rules.require_state("void_case", "archived")
    with pytest.raises(Conflict, match="^案件当前为“已结案”，不能添加调查记录。$"):
        rules.require_state("record_investigation", "closed")
    with pytest.raises(Conflict, match="^该案件已作废，不能再操作。$"):
        rules.require_state("issue", "voided")
    assert rules.require_state("accept", "registered").target == "accepted"


def _refusal(key, **facts):
    """The refusal of action ``key`` for a case in one of its states (None = allowed)."""
    state = facts.pop("state", MACHINE.action(key).sources[0])
    try:
        rules.require(key, Facts(state=state, **facts))
    except (Conflict, ValidationError) as exc:
        return type(exc).__name__, str(exc), getattr(exc, "field", None)
    return None


GOOD = {"agree": dict(rights_notified=True, sessions=1),
        "jc_apply": dict(outcome="written", applied_on=dt.date(2026, 11, 20),
                         jc_window=dt.date(2026, 12, 1)),
        "jc_result": dict(jc_applied=True),
        "transfer": dict(level="community"),
        "archive": dict(dossier_missing=()),
        "edit_case": dict(changing="案件情况"),
        "void_record": dict(record_kind="session", outcome="written", sessions=2)}


@pytest.mark.parametrize("key, change, refusal", [
    ("agree", dict(rights_notified=False),
     ("Conflict", "尚未登记权利义务告知（若干规定第三十条：调解前应当告知）。", None)),
    ("agree", dict(sessions=0),
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
    ("void_record", dict(sessions=1),
     ("Conflict", "这是达成协议所依据的唯一一份调解记录，不能作废（人民调解法第二十七条：调解员"
                  "应当记录调解情况）。", None)),
    ("void_record", dict(sessions=1, outcome="terminated"), None),
    ("void_record", dict(sessions=1, record_kind="investigation"), None),
])
def test_each_guard_refuses_with_its_reason(key, change, refusal):
    assert _refusal(key, **GOOD.get(key, {})) is None
    assert _refusal(key, **{**GOOD.get(key, {}), **change}) == refusal


def test_every_guard_cites_its_basis():
    guards = {g.key: g for a in MACHINE.actions for g in a.guards}
    assert set(guards) == {"rights_notified", "session_recorded", "written_agreement",
                           "jc_not_applied", "jc_window", "jc_applied", "jc_no_result",
                           "community_case", "dossier_complete", "not_printed",
                           "agreement_keeps_session"}
    assert all(g.basis for g in guards.values())
    assert guards["rights_notified"].basis == "人民调解工作若干规定 第三十条"
    assert guards["jc_window"].basis.startswith("人民调解法 第三十三条")
