# SPDX-License-Identifier: MIT
"""This installation's identity: table ``site`` (one row, m016_site)."""

from __future__ import annotations

from jiedao_desk.store import Store


def get(store: Store) -> dict:
    """The site row."""
    row = store.row("SELECT uid, role, community_id, office_code, created_at FROM site"
                    " WHERE id = 1")
    assert row is not None, "m016_site inserts the row"
    return row


def update(store: Store, **fields: object) -> None:
    """Change the role, community or office code (the uid never changes: a trigger refuses)."""
    store.require_transaction()
    allowed = {"role", "community_id", "office_code"}
    if not fields or set(fields) - allowed:
        raise ValueError(f"site fields: {sorted(allowed)}")
    sets = ", ".join(f"{k} = :{k}" for k in sorted(fields))
    store.execute(f"UPDATE site SET {sets} WHERE id = 1", fields)
