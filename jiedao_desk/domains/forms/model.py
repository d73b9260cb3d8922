# SPDX-License-Identifier: MIT
"""Form entries: the records core returns (dataclasses, no storage). The definitions a form is
made of (FormDef, FieldDef …) are parsed in definitions.py."""

from __future__ import annotations

from dataclasses import dataclass

from jiedao_desk.domains.forms import rules


@dataclass(frozen=True)
class Entry:
    """One community's entry of a form for a period."""

    id: int
    form_id: str
    form_version: str
    period: str
    community_id: int
    community_name: str
    state: str  # draft / submitted (rules.STATES)
    rows: list[dict]
    updated_at: str
    submitted_at: str | None

    @property
    def locked(self) -> bool:
        """Submitted entries are read-only until reopened."""
        return self.state == "submitted"

    @property
    def state_label(self) -> str:
        """Chinese name of the state."""
        return rules.MACHINE.label(self.state)


@dataclass(frozen=True)
class Cell:
    """The state of one form, period and community: submitted, draft or missing (nothing
    saved yet)."""

    form_id: str
    form_name: str
    period: str
    community_id: int
    community_name: str
    state: str

    @property
    def state_label(self) -> str:
        """Chinese name of the state."""
        return rules.MACHINE.label(self.state)
