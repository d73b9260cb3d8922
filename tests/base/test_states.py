# SPDX-License-Identifier: MIT
"""State machine tables: actions start only from their states, guards explain refusals."""

import pytest

from jiedao_desk.base.errors import Conflict
from jiedao_desk.base.states import Action, Guard, StateMachine

WAIT = Guard("wait", "测试依据",
             lambda s: None if s["ready"] else "期限至 12月9日，届满前不能作出决定")
MACHINE = StateMachine(
    "thing", {"new": "新登记", "open": "办理中", "done": "已办结", "void": "已作废"},
    (Action("open", "受理", ("new",), "open"),
     Action("close", "办结", ("open",), "done", (WAIT,)),
     Action("note", "备注")),
    final=("void",))


def test_labels_and_available_actions():
    assert MACHINE.label("open") == "办理中" and MACHINE.label("x") == "x"
    assert [a.key for a in MACHINE.available("new")] == ["open", "note"]
    assert [a.key for a in MACHINE.available("open")] == ["close", "note"]
    assert MACHINE.available("void") == []


def test_refusals_name_the_state_or_the_guard():
    assert "只能在“办理中”时进行" in MACHINE.refusal("close", "new", {"ready": True})
    assert MACHINE.refusal("close", "open", {"ready": False}).startswith("期限至 12月9日")
    assert MACHINE.refusal("close", "open", {"ready": True}) is None
    assert "不能再备注" in MACHINE.refusal("note", "void")
    with pytest.raises(Conflict, match="案件甲：期限至"):
        MACHINE.require("close", "open", {"ready": False}, name="案件甲：")
    assert MACHINE.require("open", "new").target == "open"


def test_a_table_with_an_unknown_state_or_duplicate_action_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        StateMachine("t", {"a": "甲"}, (Action("x", "X", ("b",), "a"),))
    with pytest.raises(ValueError, match="duplicate"):
        StateMachine("t", {"a": "甲"}, (Action("x", "X"), Action("x", "Y")))


def test_domain_wording_for_a_state_and_input_guards_raise_validation_errors():
    from jiedao_desk.base.errors import ValidationError

    reason = Guard("reason", "测试依据", lambda s: None if s["reason"] else "请写明理由。",
                   field="reason")
    machine = StateMachine(
        "thing", {"open": "办理中", "done": "已办结"},
        (Action("close", "办结", ("open",), "done", (reason,),
                not_now=lambda s: f"“{s['name']}”已经办结。"),))
    assert machine.refusal("close", "done", {"name": "甲", "reason": ""}) == "“甲”已经办结。"
    with pytest.raises(Conflict, match="已经办结"):
        machine.require("close", "done", {"name": "甲", "reason": "x"})
    with pytest.raises(ValidationError, match="请写明理由") as e:
        machine.require("close", "open", {"name": "甲", "reason": ""})
    assert e.value.field == "reason"
