# SPDX-License-Identifier: MIT
"""A form entry's state machine: labels, what each state allows, the refusals."""

import pytest

from jiedao_desk.base.errors import Conflict
from jiedao_desk.domains.forms import rules
from jiedao_desk.domains.forms.rules import MACHINE, Subject

MONTHLY = Subject("走访月报", "2026-10")


def test_labels_and_actions_per_state():
    assert MACHINE.states == {"missing": "未填报", "draft": "草稿", "submitted": "已报送"}
    available = {s: [a.key for a in MACHINE.available(s)] for s in MACHINE.states}
    assert available == {"missing": ["save_draft", "submit"], "draft": ["save_draft", "submit"],
                         "submitted": ["reopen"]}
    assert MACHINE.action("reopen").target == "draft"
    assert MACHINE.action("submit").target == "submitted"
    assert rules.ENTITY == "forms_entry"


def test_refusals():
    assert MACHINE.refusal("save_draft", "submitted", MONTHLY) == (
        "“走访月报”2026-10 已报送并锁定；如需修改，请先退回并说明原因。")
    assert MACHINE.refusal("submit", "submitted", MONTHLY) == "“走访月报”2026-10 已经报送过了。"
    assert MACHINE.refusal("reopen", "draft", MONTHLY) == "这份报表还没有报送，不需要退回。"
    assert MACHINE.refusal("reopen", "missing", MONTHLY) == "这份报表还没有报送，不需要退回。"
    assert MACHINE.refusal("submit", "draft", MONTHLY) is None
    with pytest.raises(Conflict, match="已报送并锁定"):
        MACHINE.require("save_draft", "submitted", MONTHLY)
