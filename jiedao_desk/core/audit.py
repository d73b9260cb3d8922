# SPDX-License-Identifier: MIT
"""Reading the audit log (administrators only): filtered rows and the chain check.

Writing happens only through ``store.audit.record`` inside each action's transaction.
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core.auth import require
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store.audit import ChainBreak


def explain_clock(store: Store, actor: Actor, reason: str) -> None:
    """Give the reason for working on with the PC clock behind the newest action.

    Called by the shell after an action of ``actor`` was refused with ``ClockBehind``: the
    reason goes into the audit log (action ``clock.set_back``, with the newest stamp and the
    current time) and the session's actions go through again.

    Raises:
        ValidationError: an empty reason.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("请填写电脑时间比最近一次操作还早的原因（不能为空）。", "reason")
    audit_store.excuse_clock(store, actor, reason)


def rows(store: Store, actor: Actor, entity: str | None = None, actor_name: str | None = None,
         date_from: str | None = None, date_to: str | None = None,
         limit: int = 500) -> list[dict]:
    """Audit rows, newest first (dates as YYYY-MM-DD, both ends included)."""
    require(actor, "audit.view")
    return audit_store.query(store, entity, actor_name, date_from, date_to, limit)


def filter_values(store: Store, actor: Actor) -> tuple[list[str], list[str]]:
    """Distinct entities and actor names for the filter lists."""
    require(actor, "audit.view")
    return (audit_store.distinct_values(store, "entity"),
            audit_store.distinct_values(store, "actor_name"))


def verify(store: Store, actor: Actor) -> tuple[int, ChainBreak | None]:
    """(row count, first broken link or None)."""
    require(actor, "audit.view")
    count, _ = audit_store.head(store)
    return count, audit_store.verify_chain(store)
