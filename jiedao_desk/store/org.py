# SPDX-License-Identifier: MIT
"""The street and its communities."""

from __future__ import annotations

from jiedao_desk.store import Store, now_text

# How the audit view names a community (core/spec.py record_labels).
RECORD_LABEL_SQL = "(SELECT c.name FROM community AS c WHERE c.id = {id})"

_COMMUNITY_COLS = "id, name, code, sort_order, created_at, voided_at, void_reason"


def get_street(store: Store) -> dict | None:
    """The street row (id 1), or None before set-up."""
    return store.row("SELECT id, name, code, district, updated_at FROM street WHERE id = 1")


def put_street(store: Store, name: str, code: str, district: str) -> None:
    """Create or update the street row."""
    store.require_transaction()
    store.execute(
        "INSERT INTO street (id, name, code, district, updated_at) VALUES (1,?,?,?,?)"
        " ON CONFLICT(id) DO UPDATE SET name=excluded.name, code=excluded.code,"
        " district=excluded.district, updated_at=excluded.updated_at",
        (name, code, district, now_text()),
    )


def list_communities(store: Store, include_voided: bool = False) -> list[dict]:
    """Communities in display order."""
    sql = f"SELECT {_COMMUNITY_COLS} FROM community"
    if not include_voided:
        sql += " WHERE voided_at IS NULL"
    return store.rows(sql + " ORDER BY sort_order, code, id")


def get_community(store: Store, community_id: int) -> dict | None:
    """One community by id."""
    return store.row(f"SELECT {_COMMUNITY_COLS} FROM community WHERE id = ?", (community_id,))


def find_live_community(store: Store, *, code: str | None = None,
                        name: str | None = None) -> dict | None:
    """A non-voided community by code or name."""
    if code is not None:
        return store.row(f"SELECT {_COMMUNITY_COLS} FROM community"
                         " WHERE code = ? AND voided_at IS NULL", (code,))
    return store.row(f"SELECT {_COMMUNITY_COLS} FROM community"
                     " WHERE name = ? AND voided_at IS NULL", (name,))


def insert_community(store: Store, name: str, code: str, sort_order: int) -> int:
    """Insert a community; return its id."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO community (name, code, sort_order, created_at) VALUES (?,?,?,?)",
        (name, code, sort_order, now_text()),
    )


def update_community(store: Store, community_id: int, name: str, code: str,
                     sort_order: int) -> None:
    """Rename/recode a community."""
    store.require_transaction()
    store.execute("UPDATE community SET name=?, code=?, sort_order=? WHERE id=?",
                  (name, code, sort_order, community_id))


def void_community(store: Store, community_id: int, reason: str) -> None:
    """Mark a community void (never deleted: records keep pointing at it)."""
    store.require_transaction()
    store.execute("UPDATE community SET voided_at=?, void_reason=? WHERE id=?",
                  (now_text(), reason, community_id))
