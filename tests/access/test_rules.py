# SPDX-License-Identifier: MIT
"""The access request's state machine: labels, what each state allows, every gate's refusal."""

from types import SimpleNamespace

import pytest

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access.rules import MACHINE


def subject(state="review", outcome="own", list_empty=False, locked_by="", reason=""):
    request = SimpleNamespace(state=state, triage_outcome=outcome,
                              triage_detail={"list_empty": list_empty})
    return rules.Subject(request, locked_by, reason)


def test_labels():
    assert MACHINE.states == {"registered": "登记", "review": "审核", "admitted": "准入",
                              "refused": "不予准入", "in_progress": "执行中", "done": "完成",
                              "revoked": "撤销"}
    assert rules.outcome_label(None) == "未比对"
    assert rules.outcome_label("needs_approval") == "清单外·需审批"
    assert [MACHINE.action(k).label for k in rules.DECISIONS] == ["准入", "不予准入"]


def test_actions_available_in_each_state():
    available = {s: [a.key for a in MACHINE.available(s)] for s in MACHINE.states}
    assert available == {
        "registered": ["triage", "confirm_match", "review", "withdraw", "update", "void",
                       "complaint", "print_approval"],
        "review": ["triage", "confirm_match", "admit", "refuse", "withdraw", "update", "void",
                   "complaint", "print_approval"],
        "admitted": ["start", "revoke", "print_approval"],
        "refused": ["complaint", "print_approval", "print_refusal"],
        "in_progress": ["finish", "revoke", "print_approval"],
        "done": ["print_approval"],
        "revoked": ["print_approval"]}
    assert rules.targets("registered") == ["review", "revoked"]
    assert rules.targets("review") == ["admitted", "refused", "revoked"]
    assert rules.targets("done") == []
    assert [a.key for a in rules.moves("review")] == ["withdraw"]
    assert rules.leading_to("registered", "review").key == "review"
    assert rules.leading_to("admitted", "revoked").key == "revoke"
    assert rules.leading_to("registered", "admitted") is None
    assert {rules.PERMISSIONS[k] for k in ("admit", "refuse", "revoke")} == {"access.decide"}


def test_wrong_state_refusals():
    assert MACHINE.refusal("admit", "registered", subject("registered")) == (
        "只有“审核”中的申请可以作出决定（当前：登记）；请先比对职责清单。")
    assert MACHINE.refusal("update", "admitted", subject("admitted")) == (
        "准入申请已处于“准入”状态，不能再修改。")
    assert MACHINE.refusal("void", "refused", subject("refused")) == (
        "已作出准入决定的申请不能作废；如事项取消，请改为“撤销”。")
    assert MACHINE.refusal("triage", "done", subject("done")) == (
        "已作出准入决定：比对结果按当时的清单版本保留，不再重新比对。")
    assert MACHINE.refusal("print_refusal", "review", subject()) == (
        "只有“不予准入”的申请可以出具告知书（当前：审核）。")
    assert MACHINE.refusal("complaint", "admitted", subject("admitted")) == (
        "该事项已准入（或已撤销），不属于未经准入的事项，无需登记反映。")


def test_each_guard_says_why():
    locked = "此记录已据以签发文书（准入审批表），不能再修改。"
    assert MACHINE.refusal("update", "review", subject(locked_by=locked)) == locked
    assert MACHINE.refusal("admit", "review", subject(outcome=None)) == (
        "请先比对职责清单，再作决定。")
    assert MACHINE.refusal("confirm_match", "review", subject(outcome=None)) == (
        "请先比对职责清单，再确认匹配条目。")
    assert MACHINE.refusal("print_approval", "done", subject("done", None)) == (
        "请先比对职责清单，再打印审批表。")
    assert MACHINE.refusal("refuse", "review", subject(outcome="unconfirmed")) == (
        "比对结果尚待人工确认：请确认匹配的清单条目，或确认“清单内无此事项”。")
    assert MACHINE.refusal("confirm_match", "review", subject(outcome="no_list",
                                                             list_empty=True)) == (
        "职责清单未导入，无法比对，需审批：没有可确认的条目。")
    assert MACHINE.refusal("admit", "review", subject(outcome="needs_approval")) == (
        "该事项不在职责清单内或有缺项，准入须填写审批意见。")
    assert MACHINE.refusal("admit", "review", subject(outcome="needs_approval",
                                                     reason="经审批同意")) is None
    assert MACHINE.refusal("admit", "review", subject()) is None
    assert MACHINE.refusal("refuse", "review", subject()) == (
        "不予准入须写明理由（将印在不予准入告知书上）。")
    assert MACHINE.refusal("complaint", "review", subject(outcome="assist_ok")) == (
        "该事项已准入（或已撤销），不属于未经准入的事项，无需登记反映。")
    assert MACHINE.refusal("complaint", "refused", subject("refused")) is None


def test_a_missing_reason_is_bad_input_a_wrong_state_a_conflict():
    with pytest.raises(ValidationError, match="写明理由") as e:
        MACHINE.require("refuse", "review", subject())
    assert e.value.field == "reason"
    with pytest.raises(Conflict, match="只有“审核”中"):
        MACHINE.require("refuse", "done", subject("done"))


def test_every_guard_cites_its_basis():
    guards = {g.key: g for a in MACHINE.actions for g in a.guards}
    assert set(guards) == {"unlocked", "triaged", "match_confirmed", "list_loaded",
                           "approval_opinion", "refusal_reason", "not_admitted"}
    assert all(g.basis for g in guards.values())
    assert "西城" in guards["approval_opinion"].basis
    assert "社区有权拒绝" in guards["not_admitted"].basis
