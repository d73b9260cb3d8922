# SPDX-License-Identifier: MIT
"""Who is acting: every write names an actor, which the audit log records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The person (or the system) performing an action.

    Attributes:
        user_id: id in the user table, or None for the system.
        name: display name written to the audit log.
        role: role key (``system`` for init/migrations/checks).
        community_id: the community a community worker is bound to, else None.
    """

    user_id: int | None
    name: str
    role: str
    community_id: int | None = None


SYSTEM = Actor(user_id=None, name="系统", role="system")
