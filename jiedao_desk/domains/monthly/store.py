# SPDX-License-Identifier: MIT
"""SQL of the monthly report: saved district-template mappings (table monthly_mapping)."""

from __future__ import annotations

from jiedao_desk.store import Store, now_text


def live(store: Store, name: str | None = None) -> list[dict]:
    """Live mappings (all, or the one called ``name``), by name."""
    if name is None:
        return store.rows("SELECT * FROM monthly_mapping WHERE voided_at IS NULL ORDER BY name")
    return store.rows("SELECT * FROM monthly_mapping WHERE voided_at IS NULL AND name = ?",
                      (name,))


def void(store: Store, mapping_id: int, reason: str) -> None:
    """Void one mapping row (inside the caller's transaction)."""
    store.require_transaction()
    store.execute("UPDATE monthly_mapping SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, mapping_id))


def insert(store: Store, name: str, mapping_toml: str, saved_by: str) -> int:
    """Add a mapping row; returns its id."""
    store.require_transaction()
    return store.insert("INSERT INTO monthly_mapping (name, mapping_toml, saved_at, saved_by)"
                        " VALUES (?, ?, ?, ?)", (name, mapping_toml, now_text(), saved_by))
