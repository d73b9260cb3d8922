# SPDX-License-Identifier: MIT
"""What a guard of the enforcement case looks at (``Facts``: the case, its live records and the
values entered for the action), and the small readings of them several guards share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.base.states import Guard
from jiedao_desk.core.workdays import WorkCalendar, load_calendar
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import (
    Instalment,
    first_unpaid,
    payment_schedule,
    payments,
    period_due,
)
from jiedao_desk.domains.enforcement.model import (
    PENALTY_KINDS,
    SERVED_WHAT,
    Case,
    Event,
    notice_served_on,
)
from jiedao_desk.store import Store


def cn_day(day: dt.date, ref: dt.date | None = None) -> str:
    """A date as refusals say it: "12月9日", with the year when it is not ``ref``'s."""
    same_year = ref is not None and ref.year == day.year
    return f"{'' if same_year else f'{day.year}年'}{day.month}月{day.day}日"


@dataclass(frozen=True)
class InputGuard(Guard):
    """A guard on a value entered for the action; it fails as a ValidationError on ``field``."""

    field: str = ""


@dataclass
class Facts:
    """What the guards of one action look at.

    Attributes:
        store: read only (guards never write).
        case: the case (None for the actions that create one).
        day: the date entered for the action (decision date, service date …).
        values: the other values entered (``fine`` as Decimal, ``what``, ``method`` …).
    """

    store: Store
    case: Case | None
    day: dt.date | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def events(self) -> list[Event]:
        """The case's live records in date order."""
        return es.events(self.store, self.case.id) if self.case else []

    @cached_property
    def kinds(self) -> set[str]:
        """Kinds of the live records."""
        return {e.kind for e in self.events}

    @cached_property
    def calendar(self) -> WorkCalendar:
        """The working-day calendar."""
        return load_calendar(self.store)

    def served(self, what: str) -> dt.date | None:
        """When document ``what`` (prior_notice, decision, demand …) was first served (the
        latest 事先告知书, when the party was told again)."""
        if what == "prior_notice":
            return notice_served_on(self.events)
        return next((e.day for e in self.events if e.kind == "service"
                     and e.details.get("what") == what), None)

    @property
    def notice(self) -> dict:
        """What the latest 事先告知 said ({} before it)."""
        return next((e.details for e in reversed(self.events) if e.kind == "prior_notice"), {})

    @cached_property
    def schedule(self) -> list[Instalment]:
        """What the party owes by when (the approved 延期／分期 plan, Art. 66, or Art. 67)."""
        return payment_schedule(self.the_case, self.events, self.calendar)

    @property
    def unpaid(self) -> Instalment | None:
        """The earliest instalment of the fine not yet paid in full."""
        return first_unpaid(self.schedule, payments(self.events))

    def get(self, key: str, default: Any = None) -> Any:
        """An entered value."""
        return self.values.get(key, default)

    @property
    def the_case(self) -> Case:
        """The case of an action on a case (only the actions that create one have none)."""
        if self.case is None:
            raise Conflict("此操作须先选定一个案件。")
        return self.case

    @property
    def the_day(self) -> dt.date:
        """The date entered, for the actions whose guards compare it."""
        if self.day is None:
            raise ValidationError("请填写日期。", "day")
        return self.day

    def served_day(self, what: str) -> dt.date:
        """When ``what`` was first served, for a guard placed after the one requiring it."""
        day = self.served(what)
        if day is None:
            raise Conflict(f"{SERVED_WHAT[what]}尚未送达。")
        return day


def decision_served(c: Case) -> dt.date:
    """When the decision was served, for a guard that runs once it was."""
    if c.served_on is None:
        raise Conflict("行政处罚决定书尚未送达。")
    return c.served_on


def legal_review_required(f: Facts) -> bool:
    """Whether the decision needs 法制审核 (行政处罚法 第五十八条): the officer marked the case as
    one of its cases, or it went through a hearing (第五十八条第一款第二项)."""
    return bool(f.get("legal_review_required")) or "hearing_held" in f.kinds


def penalty_words(kinds: tuple[str, ...] | list[str], fine: Decimal) -> str:
    """A penalty as refusals name it: "警告、罚款200元"."""
    return "、".join(f"罚款{fine.normalize():f}元" if k == "fine" else PENALTY_KINDS[k]
                    for k in kinds)


def decision_due(f: Facts) -> dt.date:
    """The last day for the decision: 90 days after 立案 (Art. 60)."""
    filed_on = f.the_case.filed_on
    if filed_on is None:
        raise Conflict("案件尚未立案，没有决定期限。")
    return period_due("penalty_decision", filed_on, f.calendar).date
