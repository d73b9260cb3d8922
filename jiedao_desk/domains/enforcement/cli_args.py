# SPDX-License-Identifier: MIT
"""Pieces shared by the ``enforcement`` commands: a command as data, common arguments, and
how a handler prints its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.enforcement.cases import get_case

Arg = tuple[tuple[str, ...], dict]


@dataclass(frozen=True)
class Command:
    """One ``enforcement`` sub-command: its help, its handler and its arguments."""

    help: str
    run: Callable[[Any], int]
    args: tuple[Arg, ...] = ()


def case_arg() -> Arg:
    """The case record id (the first column of ``enforcement list``)."""
    return (("id",), {"type": int, "help": "案件记录号（enforcement list 第一列，不是立案编号）"})


def day_arg(label: str = "日期") -> Arg:
    """A required ``--day``."""
    return (("--day",), {"required": True, "help": f"{label}，如 2026-11-23"})


OFFICER: Arg = (("--officer",), {"action": "append", "default": [], "required": True,
                                 "metavar": "姓名:执法证号", "help": "执法人员，至少两名，可重复"})
STANDARD: Arg = (("--standard",), {"type": int, "help": "裁量基准版本编号（默认：当日现行版本）"})


def officer_pairs(values: list[str]) -> list[tuple[str, str]]:
    """``姓名:执法证号`` values as (name, cert_no) pairs."""
    out = []
    for v in values:
        name, _, cert = v.partition(":")
        if not cert:
            raise ValidationError(f"执法人员“{v}”应写成 姓名:执法证号。", "officer")
        out.append((name, cert))
    return out


def case_name(ctx, case_id: int) -> str:
    """How the case is named (its case number, or "线索第N号")."""
    return get_case(ctx.store, ctx.actor, case_id).label


def done(ctx, data, text: str) -> int:
    """Print the result (``data`` with --json, else ``text``); exit code 0."""
    ctx.out(data, text)
    return 0
