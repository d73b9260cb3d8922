# SPDX-License-Identifier: MIT
"""Every step of the case page, in menu order: one per action of ``rules.MACHINE`` that a form
takes (the order of the rules' table), plus ``LEAD`` and ``SIMPLE`` that create a case.

The page enables a step when the rules make its action available in the case's state
(``rules.available``); the core function checks the state and the guards again.
"""

from __future__ import annotations

from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement.pages import case_actions, decision_actions, execution_actions
from jiedao_desk.domains.enforcement.pages.step import GROUPS, Step

LEAD = case_actions.LEAD
SIMPLE = decision_actions.SIMPLE
STEP_BY_KEY: dict[str, Step] = {
    s.key: s for s in (*case_actions.STEPS, *decision_actions.STEPS, *execution_actions.STEPS)}
STEPS: tuple[Step, ...] = tuple(STEP_BY_KEY[a.key] for a in rules.MACHINE.actions
                                if a.key in STEP_BY_KEY)

__all__ = ["GROUPS", "LEAD", "SIMPLE", "STEPS", "STEP_BY_KEY", "Step"]
