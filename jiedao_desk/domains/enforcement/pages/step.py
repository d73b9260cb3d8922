# SPDX-License-Identifier: MIT
"""One step of the case page as data: the action of the rules it takes (label, and when it is
available, come from ``rules.py``), its menu group, its form fields and the core function it
calls. The steps themselves are declared by topic in ``case_actions``, ``decision_actions``
and ``execution_actions``; ``actions`` puts them in menu order.

A step's ``call`` returns a message for the page (or "") and lets ``JiedaoError`` through to
``widgets.call_core``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.base.states import Action
from jiedao_desk.core import catalog_text
from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement.cases import power_choices
from jiedao_desk.domains.enforcement.pages.step_dialog import Field
from jiedao_desk.store import Store

# Menus of the case page, in the order a case runs.
GROUPS = ("立案与当事人", "调查取证", "审查与告知", "送达", "决定与执行", "结案归档")


class Context(Protocol):
    """What a step needs from the page."""

    store: Store
    actor: Actor
    case_id: int | None
    last_officers: list[tuple[str, str]]


@dataclass(frozen=True)
class Step:
    """One action of the case page (``action`` is the rules' action it takes)."""

    action: Action
    group: str
    fields: Callable[[Context], list[Field]]
    call: Callable[[Context, dict[str, Any]], str]
    note: str = ""

    @property
    def key(self) -> str:
        """The action's key."""
        return self.action.key

    @property
    def label(self) -> str:
        """Menu text: the action's label; "…" as it opens a form."""
        return self.action.label + "…"


def step(key: str, group: str, fields: Callable[[Context], list[Field]],
         call: Callable[[Context, dict[str, Any]], str], note: str = "") -> Step:
    """The step taking action ``key`` of ``rules.MACHINE``."""
    return Step(rules.MACHINE.action(key), group, fields, call, note)


def today() -> str:
    """Today as the default of a date field."""
    return clock.today().isoformat()


def day(label: str = "日期") -> Field:
    """The date of the step (default today)."""
    return Field("day", label, "date", default=today(), required=True)


def officers(ctx: Context) -> Field:
    """Two or more officers, pre-filled with the last ones entered."""
    return Field("officers", "执法人员", "officers", default=list(ctx.last_officers),
                 required=True)


def remember(ctx: Context, v: dict) -> list[tuple[str, str]]:
    """The officers entered (kept for the next form when there are two or more)."""
    if len(v.get("officers", [])) >= 2:
        ctx.last_officers = list(v["officers"])
    return v.get("officers", [])


def power_items(ctx: Context) -> dict:
    """Powers-catalogue items as choices: "[version] text" (the version a case records)."""
    try:
        items, _warning = power_choices(ctx.store)
    except Exception:  # catalog not loaded: the page shows the warning; nothing to choose
        items = []
    return {p.item_id: f"[{catalog_text.label_text(p.version)}] {p.text}" for p in items}


def args(ctx: Context) -> tuple[Store, Actor, int]:
    """(store, actor, case id) — the first arguments of every case function."""
    if ctx.case_id is None:  # the steps on a case are enabled only while one is shown
        raise ValidationError("请先在左侧列表中选择案件。")
    return ctx.store, ctx.actor, ctx.case_id


def chosen(value, message: str, field: str):
    """A choice that must be made (the form offers a placeholder when there is none)."""
    if value is None or value == "":
        raise ValidationError(message, field)
    return value
