# SPDX-License-Identifier: MIT
"""State machines as tables: states with their Chinese labels, actions with the states they
start from, the state they lead to, and the guards (legal gates) they must pass.

A domain declares its machine once in its ``rules`` module; core functions ask the machine
before they change a record, pages and the command line read the same table to offer only
the actions that are possible and to show the labels — nobody keeps a second copy.

A guard cites its legal basis and, when it fails, says in one Chinese sentence why and what
to do (e.g. "陈述申辩期限至 12月9日，届满前不能作出决定"). Guards receive whatever "subject" the
domain passes (usually the record with what the guard needs to know) and must not write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jiedao_desk.base.errors import Conflict, ValidationError

Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Guard:
    """A condition an action needs.

    Attributes:
        key: short identifier (tests and documentation refer to it).
        basis: the legal basis or setting it comes from, e.g. "行政处罚法 第六十二条".
        check: ``check(subject)`` returns None when the condition holds, else the Chinese
            sentence shown to the user (it names the date or the missing item).
        field: set when the condition is about input the user must still give (a reason, a
            confirmation): ``require`` then raises ValidationError naming that field.
    """

    key: str
    basis: str
    check: Check
    field: str | None = None


@dataclass(frozen=True)
class Action:
    """A step a record can take.

    Attributes:
        key: identifier used by core, CLI and pages ("decide").
        label: Chinese label for menus and messages ("作出处罚决定").
        sources: states the action may start from (empty = any state that is not final).
        target: the state it leads to, or None when the record keeps its state.
        guards: the conditions checked in order before the action.
        not_now: ``not_now(subject)`` is the sentence said when the record's state does not
            allow the action, where the domain words it better than the generic one.
    """

    key: str
    label: str
    sources: tuple[str, ...] = ()
    target: str | None = None
    guards: tuple[Guard, ...] = ()
    not_now: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class StateMachine:
    """The states and actions of one kind of record.

    Attributes:
        entity: the record kind (audit entity), e.g. "enforcement_case".
        states: state key → Chinese label, in the order a record normally passes them.
        actions: every action, in menu order.
        final: states in which nothing may happen any more (archived, voided).
    """

    entity: str
    states: Mapping[str, str]
    actions: tuple[Action, ...]
    final: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        keys = [a.key for a in self.actions]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{self.entity}: duplicate action keys")
        for a in self.actions:
            unknown = [s for s in (*a.sources, *([a.target] if a.target else []))
                       if s not in self.states]
            if unknown:
                raise ValueError(f"{self.entity}.{a.key}: unknown states {unknown}")

    def label(self, state: str) -> str:
        """The Chinese label of ``state`` (the key itself if unknown)."""
        return self.states.get(state, state)

    def action(self, key: str) -> Action:
        """The action called ``key`` (KeyError if none)."""
        for a in self.actions:
            if a.key == key:
                return a
        raise KeyError(f"{self.entity}: no action {key!r}")

    def starts_from(self, action: Action, state: str) -> bool:
        """Whether ``action`` may start from ``state`` (guards not considered)."""
        if state in self.final:
            return False
        return not action.sources or state in action.sources

    def available(self, state: str) -> list[Action]:
        """Actions that may start from ``state`` (their guards are checked when taken)."""
        return [a for a in self.actions if self.starts_from(a, state)]

    def refusal(self, key: str, state: str, subject: Any = None) -> str | None:
        """Why action ``key`` cannot be taken now (Chinese), or None if it can."""
        failure = self._failure(key, state, subject)
        return failure[0] if failure else None

    def require(self, key: str, state: str, subject: Any = None, name: str = "") -> Action:
        """Return the action, or raise Conflict with the reason (prefixed by ``name``);
        ValidationError when the failing guard is about input still missing."""
        failure = self._failure(key, state, subject)
        if failure:
            reason, guard = failure
            text = f"{name}{reason}" if name else reason
            if guard is not None and guard.field is not None:
                raise ValidationError(text, guard.field)
            raise Conflict(text)
        return self.action(key)

    def _failure(self, key: str, state: str, subject: Any) -> tuple[str, Guard | None] | None:
        action = self.action(key)
        if not self.starts_from(action, state):
            if action.not_now is not None:
                return action.not_now(subject), None
            if state in self.final:
                return f"现为“{self.label(state)}”，不能再{action.label}。", None
            wanted = "、".join(self.label(s) for s in action.sources)
            return f"现为“{self.label(state)}”，{action.label}只能在“{wanted}”时进行。", None
        for guard in action.guards:
            reason = guard.check(subject)
            if reason:
                return reason, guard
        return None
