# SPDX-License-Identifier: MIT
"""Key/value settings (JSON values)."""

from __future__ import annotations

import json
from typing import Any

from jiedao_desk.store import Store, now_text


def get_all(store: Store) -> dict[str, Any]:
    """All stored settings (only those changed from their defaults)."""
    return {r["key"]: json.loads(r["value"]) for r in store.rows("SELECT key, value FROM setting")}


def get(store: Store, key: str) -> tuple[bool, Any]:
    """Return (found, value)."""
    raw = store.scalar("SELECT value FROM setting WHERE key = ?", (key,))
    return (False, None) if raw is None else (True, json.loads(raw))


def put(store: Store, key: str, value: Any, by: str) -> None:
    """Insert or replace one setting (inside a transaction)."""
    store.require_transaction()
    store.execute(
        "INSERT INTO setting (key, value, updated_at, updated_by) VALUES (?,?,?,?)"
        " ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at,"
        " updated_by=excluded.updated_by",
        (key, json.dumps(value, ensure_ascii=False), now_text(), by),
    )


def remove(store: Store, key: str) -> None:
    """Return a setting to its default."""
    store.require_transaction()
    store.execute("DELETE FROM setting WHERE key = ?", (key,))
