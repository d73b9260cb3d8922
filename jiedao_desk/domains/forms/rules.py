# SPDX-License-Identifier: MIT
"""The states of a form entry (one community's entry of a form for a period).

An entry is saved as a draft while it is filled, and submitted (报送) once every value passes
the form's checks; a submitted entry is locked. Unlocking it (退回修改) needs a reason, which is
kept in the entry's history and the audit log, and returns it to draft. A period nobody has
saved yet counts as "未填报" (the completeness table and the home todo list show it). No legal
gate applies to these steps; the rules of which forms may exist at all (the 2019 clean-up of
community forms) are in definitions.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiedao_desk.base.states import Action, StateMachine

ENTITY = "forms_entry"

MISSING = "missing"  # nothing saved yet for this form, period and community
STATES = {MISSING: "未填报", "draft": "草稿", "submitted": "已报送"}


@dataclass(frozen=True)
class Subject:
    """What the refusals name: the form's name and the period."""

    form_name: str = ""
    period: str = ""


MACHINE = StateMachine(ENTITY, STATES, (
    Action("save_draft", "保存草稿", (MISSING, "draft"), "draft",
           not_now=lambda s: f"“{s.form_name}”{s.period} 已报送并锁定；"
                             "如需修改，请先退回并说明原因。"),
    Action("submit", "报送", (MISSING, "draft"), "submitted",
           not_now=lambda s: f"“{s.form_name}”{s.period} 已经报送过了。"),
    Action("reopen", "退回修改", ("submitted",), "draft",
           not_now=lambda s: "这份报表还没有报送，不需要退回。"),
))
