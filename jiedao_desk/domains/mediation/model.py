# SPDX-License-Identifier: MIT
"""People's mediation: the case record as core returns it (dataclasses, no storage)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jiedao_desk.base.transition import Transition
from jiedao_desk.core.deadlines import STATUTORY_PERIODS, add_months
from jiedao_desk.core.workdays import WorkCalendar
from jiedao_desk.domains.mediation.store import STATE_LABELS


@dataclass(frozen=True)
class Party:
    """A party (natural person or organisation) with an optional agent."""

    id: int
    role: str
    kind: str
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    id_number: str
    credit_code: str
    representative: str
    occupation: str
    phone: str
    address: str
    agent_name: str
    agent_phone: str
    agent_authority: str

    @property
    def masked_id(self) -> str:
        """ID number or credit code with the middle hidden (for lists and exports)."""
        return mask_id(self.id_number or self.credit_code)

    def age_on(self, day: dt.date) -> int | None:
        """Age in full years on ``day`` (None if the birth date is unknown)."""
        b = self.birth_date
        return None if b is None else day.year - b.year - ((day.month, day.day) <
                                                            (b.month, b.day))


@dataclass(frozen=True)
class Event:
    """A work record: investigation, session, risk flag or follow-up visit."""

    id: int
    kind: str
    on_date: dt.date
    detail: dict
    created_by: str


@dataclass(frozen=True)
class Case:
    """A mediation case with its parties, records and history."""

    id: int
    case_number: str
    level: str
    community_id: int | None
    committee: str
    source: str
    application_form: str
    referred_by: str
    dispute_type: str
    summary: str
    claims: tuple[str, ...]
    received_on: dt.date
    state: str
    accepted_on: dt.date | None
    refusal_reason: str
    refusal_route: str
    mediators: tuple[str, ...]
    rights_notified_on: dt.date | None
    outcome: str | None
    outcome_on: dt.date | None
    agreement_number: str
    facts: str
    terms: tuple[str, ...]
    performance: dict
    effective_on: dt.date | None
    amount_fen: int
    termination_reason: str
    routes_told: str
    jc_applied_on: dt.date | None
    jc_court: str
    jc_result: str | None
    jc_result_on: dt.date | None
    closed_on: dt.date | None
    archived_on: dt.date | None
    voided: bool
    parties: tuple[Party, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())
    history: tuple[Transition, ...] = field(default=())

    @property
    def state_label(self) -> str:
        """Chinese state."""
        return STATE_LABELS["voided" if self.voided else self.state]

    @property
    def amount_yuan(self) -> float:
        """Amount involved in the agreement, in yuan."""
        return self.amount_fen / 100

    def records(self, kind: str) -> list[Event]:
        """Work records of one kind."""
        return [e for e in self.events if e.kind == kind]

    def jc_window(self, cal: WorkCalendar) -> dt.date | None:
        """Last day to apply for 司法确认 (人民调解法 第三十三条: 30 days from effect)."""
        if self.outcome != "written" or self.effective_on is None:
            return None
        return STATUTORY_PERIODS["judicial_confirmation"].due(self.effective_on, cal).date

    def advisory_due(self) -> dt.date | None:
        """One month from acceptance (若干规定 第三十三条, advisory only)."""
        if self.accepted_on is None:
            return None
        return add_months(self.accepted_on, 1)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def mask_id(number: str) -> str:
    """Keep the first 6 and last 4 characters of an ID number or credit code."""
    number = number or ""
    return number if len(number) <= 10 else number[:6] + "*" * (len(number) - 10) + number[-4:]
