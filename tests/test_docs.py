# SPDX-License-Identifier: MIT
"""Every CLI command has help text and is documented in README.md (after sqlite-utils)."""

import argparse
from pathlib import Path

from jiedao_desk.cli import build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(parser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                path = (*prefix, name)
                yield " ".join(path), helps.get(name)
                yield from _commands(sub, path)


def test_every_command_has_help_and_is_in_readme():
    commands = list(_commands(build_parser()))
    assert len(commands) >= 10
    missing_help = [c for c, h in commands if not h]
    assert missing_help == []
    leaves = [c for c, _ in commands if not any(o.startswith(c + " ") for o, _ in commands)]
    undocumented = [c for c in leaves if f"`{c}" not in README]
    assert undocumented == []
