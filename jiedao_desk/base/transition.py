# SPDX-License-Identifier: MIT
"""A state change kept in a record's history table (who, when, why) — shared by the domains
whose records move through states (access requests, mediation cases)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """One state change (or transfer) of a record."""

    from_state: str | None
    to_state: str
    at: str
    actor_name: str
    reason: str


def from_rows(rows: Iterable[dict]) -> tuple[Transition, ...]:
    """Transitions from history-table rows (columns named like the fields)."""
    return tuple(Transition(r["from_state"], r["to_state"], r["at"], r["actor_name"],
                            r["reason"]) for r in rows)
