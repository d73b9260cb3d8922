# SPDX-License-Identifier: MIT
"""Community work access: the records core returns (dataclasses, no storage)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jiedao_desk.base import clock
from jiedao_desk.base.transition import Transition
from jiedao_desk.domains.access import rules


@dataclass(frozen=True)
class AccessRequest:
    """A registered request (下派事项) with its triage and decision."""

    id: int
    applicant_unit: str
    applicant_level: str
    title: str
    content: str
    doc_ref: str
    task_type: str
    legal_basis: str
    period_from: dt.date | None
    period_to: dt.date | None
    planned_start: dt.date
    received_on: dt.date
    conditions: dict[str, dict]
    role_verbs: tuple[str, ...]
    role_verb_version_id: int | None
    notes: str
    state: str
    communities: tuple[tuple[int, str], ...]
    decide_by: dt.date
    apply_by: dt.date
    deadline_confirmed: bool
    duty_version_id: int | None
    triage_outcome: str | None
    triage_detail: dict
    triage_at: str | None
    triage_by: str | None
    matched_item_id: int | None
    match_confirmed: bool
    match_confirmed_by: str | None
    decision: str | None
    decision_reason: str
    decided_on: dt.date | None
    decided_by: str | None
    created_by: str
    voided: bool
    history: tuple[Transition, ...] = field(default=())

    @property
    def state_label(self) -> str:
        """Chinese name of the state."""
        return rules.MACHINE.label(self.state)

    @property
    def outcome_label(self) -> str:
        """Chinese name of the triage outcome ("未比对" before triage)."""
        return rules.outcome_label(self.triage_outcome)

    @property
    def decision_label(self) -> str:
        """准入 / 不予准入 once decided, else ""."""
        return rules.MACHINE.action(self.decision).label if self.decision else ""

    @property
    def community_names(self) -> str:
        """Names of the communities concerned, joined with 、."""
        return "、".join(name for _, name in self.communities)

    @property
    def late_application(self) -> bool:
        """Registered later than the apply-ahead limit before the planned start."""
        return self.received_on > self.apply_by

    def overdue(self, today: dt.date | None = None) -> bool:
        """Still undecided after the decision deadline."""
        return self.state in rules.UNDECIDED and (today or clock.today()) > self.decide_by

    @property
    def community_may_refuse(self) -> bool:
        """Not admitted as triaged or decided: the community may refuse (rules)."""
        return rules.community_may_refuse(self.state, self.triage_outcome)


@dataclass(frozen=True)
class Complaint:
    """A refused or unapproved task reported onwards (e.g. to 12345 or 上级)."""

    id: int
    request_id: int
    reported_on: dt.date
    channel: str
    outcome: str
    notes: str
    created_by: str


@dataclass(frozen=True)
class Suggestion:
    """A duty-list item suggested (or confirmed) as the match for a request."""

    item_id: int
    seq: int
    text: str
    kind: str  # own / assist / "" when the item's category is not marked
    score: float

    @property
    def kind_label(self) -> str:
        """Chinese name of the item's list (履行/协助) or a warning if unmarked."""
        return KIND_LABELS.get(self.kind, "（条目未标明履行或协助）")


KIND_LABELS = {"own": "依法履行职责事项", "assist": "依法协助政府工作事项"}


@dataclass(frozen=True)
class TriageResult:
    """What the triage says about a request, with the list version it was judged against."""

    request_id: int
    outcome: str
    label: str
    message: str
    version_id: int | None
    version_text: str  # e.g. "社区职责清单 2019-12（置信度：未知，0项）"
    list_empty: bool
    suggestions: tuple[Suggestion, ...]
    matched: Suggestion | None
    match_confirmed: bool
    match_confirmed_by: str | None
    missing_verbs: tuple[str, ...]
    missing_conditions: tuple[str, ...]
    role_verb_text: str
    needs_decision_by: dt.date | None
    late_application: bool


@dataclass
class StatRow:
    """Counts for one department, one task type, or the total."""

    key: str
    received: int = 0
    admitted: int = 0
    refused: int = 0
    pending: int = 0
    overdue: int = 0


@dataclass
class MonthStats:
    """Statistics of one month (YYYY-MM), as of ``as_of`` (month end, or today)."""

    month: str
    as_of: dt.date
    total: StatRow
    by_unit: list[StatRow] = field(default_factory=list)
    by_type: list[StatRow] = field(default_factory=list)
