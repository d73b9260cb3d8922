# SPDX-License-Identifier: MIT
"""Write docs/legal-rules.md from the code: every statutory period (core/deadlines.py) and
every gate of every domain's state machine (domains/<name>/rules.py), each with its basis.

    PYTHONPATH=. python -m tests.tools.legal_rules        # rewrite the file
tests/architecture/test_legal_rules_doc.py fails when the file is not what this writes, so
the document can never drift from the rules the program applies.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jiedao_desk import registry
from jiedao_desk.core.deadlines import STATUTORY_PERIODS

OUT = Path(__file__).resolve().parents[2] / "docs" / "legal-rules.md"
CONFIDENCE = {"exact": "原文", "paraphrase": "转述", "secondary": "二手来源", "unknown": "未知"}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "｜")


def render() -> str:
    """The whole document."""
    lines = [
        "# 法定期限与办理关口 / Legal clocks and gates",
        "",
        "Generated from the code by `PYTHONPATH=. python -m tests.tools.legal_rules`; do not"
        " edit by",
        "hand (a test compares this file with what the program applies). Periods are counted by",
        "core/deadlines.py on the working-day calendar (core/workdays.py: 调休 included, years",
        "without an official notice estimated from the 放假办法 and marked 待核实). A gate is a"
        " guard",
        "of a domain's state machine (`domains/<name>/rules.py`): the action is refused, with the",
        "reason in Chinese, until the condition holds.",
        "",
        "## 法定期限 / Statutory periods",
        "",
        "| 期限 | 长度 | 依据 | 可信度 | key |",
        "|---|---|---|---|---|",
    ]
    for p in STATUTORY_PERIODS.values():
        lines.append(f"| {_cell(p.label)} | {p.text} | {_cell(p.basis)} | "
                     f"{CONFIDENCE.get(p.confidence, p.confidence)} | `{p.key}` |")
    lines += ["", "## 办理关口 / Gates of the state machines", ""]
    for spec in registry.DOMAINS:
        for machine in spec.machines:
            lines += [f"### {spec.title}（`{machine.entity}`）", "",
                      "状态：" + " → ".join(machine.states.values()), "",
                      "| 操作 | 可从状态 | 关口 | 依据 |", "|---|---|---|---|"]
            for action in machine.actions:
                sources = ("、".join(machine.label(s) for s in action.sources)
                           or "（未终结的任何状态）")
                if not action.guards:
                    lines.append(f"| {_cell(action.label)} | {sources} | — | — |")
                for guard in action.guards:
                    lines.append(f"| {_cell(action.label)} | {sources} | `{guard.key}` | "
                                 f"{_cell(guard.basis)} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
    sys.exit(0)
