# SPDX-License-Identifier: MIT
"""Complaints about access requests: a refused or unapproved task reported onwards.

The community may refuse a task that was not admitted (西城 precedent, shared/reference/
access-lists.md §2.2) and may report it, e.g. to 12345 or a higher office; 12345 as the
channel is only in the product card (§2.1, B), so the channels are a setting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import validate
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access import store as access_store
from jiedao_desk.domains.access.model import Complaint
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store


def add_complaint(store: Store, actor: Actor, request_id: int, channel: str, outcome: str = "",
                  reported_on: Any = None, notes: str = "") -> Complaint:
    """Record that a refused or unapproved task was reported, with channel and outcome.

    Raises:
        Conflict: the task was admitted (there is nothing to report under the access rules).
    """
    row = access.require_on(store, actor, rules.PERMISSIONS["complaint"], request_id)
    access.require(store, "complaint", row)
    channel = validate.required_text(channel, "反映渠道", 100)
    day = validate.date(reported_on or clock.today(), "反映日期", not_after_today=True)
    outcome, notes = (outcome or "").strip()[:1000], (notes or "").strip()[:1000]
    with store.atomic():
        cid = access_store.insert_complaint(store, request_id, day.isoformat(), channel,
                                            outcome, notes, actor.name)
        audit_store.record(store, actor, "access.complaint", access.ENTITY, request_id, None,
                           {"complaint_id": cid, "channel": channel, "outcome": outcome,
                            "reported_on": day.isoformat()})
    return Complaint(cid, request_id, day, channel, outcome, notes, actor.name)


def list_complaints(store: Store, actor: Actor, request_id: int) -> list[Complaint]:
    """Complaints recorded for a request, oldest first."""
    access.require_on(store, actor, "access.view", request_id)
    return [Complaint(r["id"], r["request_id"], dt.date.fromisoformat(r["reported_on"]),
                      r["channel"], r["outcome"], r["notes"], r["created_by"])
            for r in access_store.complaints(store, request_id)]
