# SPDX-License-Identifier: MIT
"""SQL of the forms domain: entries per form, period and community, and their history.

The columns ``status``, ``from_status``, ``to_status`` and ``actor`` are returned as ``state``,
``from_state``, ``to_state`` and ``actor_name`` (the names the domain uses).
"""

from __future__ import annotations

import json
from typing import Any

from jiedao_desk.store import Store, now_text

_SELECT = ("SELECT e.*, c.name AS community_name FROM forms_entry e"
           " JOIN community c ON c.id = e.community_id")


def _decode(row: dict) -> dict:
    row["rows"] = json.loads(row.pop("rows_json"))
    row["state"] = row.pop("status")
    return row


def _decode_one(row: dict | None) -> dict | None:
    return None if row is None else _decode(row)


def get(store: Store, entry_id: int) -> dict | None:
    """One entry (with ``rows`` decoded and ``community_name``), or None."""
    return _decode_one(store.row(_SELECT + " WHERE e.id = ?", (entry_id,)))


def find(store: Store, form_id: str, period: str, community_id: int) -> dict | None:
    """The entry of a form for a period and community, or None."""
    return _decode_one(store.row(_SELECT + " WHERE e.form_id = ? AND e.period = ?"
                                 " AND e.community_id = ?", (form_id, period, community_id)))


def for_period(store: Store, form_id: str, period: str,
               community_id: int | None = None) -> list[dict]:
    """Entries of a form for a period (one community or all), in community order."""
    sql = _SELECT + " WHERE e.form_id = ? AND e.period = ?"
    params: list[Any] = [form_id, period]
    if community_id is not None:
        sql += " AND e.community_id = ?"
        params.append(community_id)
    return [_decode(r) for r in store.rows(sql + " ORDER BY c.sort_order, c.id", params)]


def states(store: Store, form_ids: list[str], periods: list[str]) -> dict:
    """{(form_id, period, community_id): state} for the given forms and periods."""
    if not form_ids or not periods:
        return {}
    sql = ("SELECT form_id, period, community_id, status FROM forms_entry WHERE form_id IN"
           f" ({','.join('?' * len(form_ids))}) AND period IN ({','.join('?' * len(periods))})")
    return {(r["form_id"], r["period"], r["community_id"]): r["status"]
            for r in store.rows(sql, [*form_ids, *periods])}


def insert(store: Store, form_id: str, form_version: str, period: str, community_id: int,
           rows: list[dict], actor_name: str) -> int:
    """Create a draft entry; returns its id."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO forms_entry (form_id, form_version, period, community_id, status,"
        " rows_json, updated_at, updated_by) VALUES (?,?,?,?, 'draft', ?,?,?)",
        (form_id, form_version, period, community_id, json.dumps(rows, ensure_ascii=False),
         now_text(), actor_name))


def update_rows(store: Store, entry_id: int, form_version: str, rows: list[dict],
                actor_name: str) -> None:
    """Replace the rows of an entry."""
    store.require_transaction()
    store.execute("UPDATE forms_entry SET rows_json = ?, form_version = ?, updated_at = ?,"
                  " updated_by = ? WHERE id = ?",
                  (json.dumps(rows, ensure_ascii=False), form_version, now_text(), actor_name,
                   entry_id))


def set_state(store: Store, entry_id: int, old: str | None, new: str, actor_name: str,
              reason: str = "") -> None:
    """Change the state and append the history row."""
    store.require_transaction()
    at = now_text()
    if new == "submitted":
        store.execute("UPDATE forms_entry SET status = ?, submitted_at = ?, submitted_by = ?"
                      " WHERE id = ?", (new, at, actor_name, entry_id))
    else:
        store.execute("UPDATE forms_entry SET status = ? WHERE id = ?", (new, entry_id))
    store.execute("INSERT INTO forms_entry_history (entry_id, at, actor, from_status, to_status,"
                  " reason) VALUES (?,?,?,?,?,?)", (entry_id, at, actor_name, old, new, reason))


def history(store: Store, entry_id: int) -> list[dict]:
    """State changes of an entry, oldest first."""
    return store.rows("SELECT id, entry_id, at, actor AS actor_name, from_status AS from_state,"
                      " to_status AS to_state, reason FROM forms_entry_history"
                      " WHERE entry_id = ? ORDER BY id", (entry_id,))
