# SPDX-License-Identifier: MIT
"""The "来源工单" line a mediation or enforcement case shows: the 12345 tickets linked to it
(the other side of the link a ticket keeps, core/hotline_links.py)."""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.domains.hotline import links as hotline_links
from jiedao_desk.store import Store


def tickets_line(store: Store, actor: Actor, domain: str, record_id: int) -> str:
    """"\\n来源工单：…" listing the linked tickets, or "" when there are none (or the user may
    see neither the tickets nor the case)."""
    try:
        rows = hotline_links.tickets_for(store, actor, domain, record_id)
    except PermissionDenied:
        return ""
    if not rows:
        return ""
    return "\n来源工单（12345）：" + "、".join(
        f"{r['ticket_no']}（{r['received_at'][:10]}{'，' + r['title'] if r['title'] else ''}）"
        for r in rows)
