# SPDX-License-Identifier: MIT
"""SQL of the enforcement domain's discretion (裁量) choices and publication (公示) records."""

from __future__ import annotations

from jiedao_desk.store import Store, now_text

_DISCRETION_COLS = ("standard_version_id", "standard_label", "tier_code", "tier", "tier_text",
                    "fine_min_fen", "fine_max_fen", "reasons", "chosen_on")


def insert_discretion(store: Store, case_id: int, row: dict, by: str) -> int:
    """Record a discretion choice, voiding the case's previous live one; returns its id."""
    store.require_transaction()
    store.execute("UPDATE enforcement_discretion SET voided_at = ?, void_reason = ? "
                  "WHERE case_id = ? AND voided_at IS NULL", (now_text(), "重新选择裁量", case_id))
    cur = store.execute(
        f"INSERT INTO enforcement_discretion (case_id, {', '.join(_DISCRETION_COLS)}, "
        f"chosen_by, created_at) VALUES (?, {', '.join('?' for _ in _DISCRETION_COLS)}, ?, ?)",
        [case_id, *[row.get(c) for c in _DISCRETION_COLS], by, now_text()])
    return int(cur.lastrowid)


def current_discretion(store: Store, case_id: int) -> dict | None:
    """The live discretion choice of a case, or None."""
    return store.row("SELECT * FROM enforcement_discretion WHERE case_id = ? AND voided_at IS "
                     "NULL ORDER BY id DESC LIMIT 1", (case_id,))


def discretion_history(store: Store, case_id: int) -> list[dict]:
    """Every discretion choice of a case (voided ones included), oldest first."""
    return store.rows("SELECT * FROM enforcement_discretion WHERE case_id = ? ORDER BY id",
                      (case_id,))


def insert_publication(store: Store, case_id: int, document_id: int | None, published_on: str,
                       channel: str, reference: str, by: str) -> int:
    """Record that a decision was published; returns the record id."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO enforcement_publication (case_id, document_id, published_on, channel, "
        "reference, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, document_id, published_on, channel, reference, by, now_text()))
    return int(cur.lastrowid)


def withdraw_publication(store: Store, publication_id: int, day: str, reason: str) -> None:
    """Record the withdrawal (撤回) of a publication."""
    store.require_transaction()
    store.execute("UPDATE enforcement_publication SET withdrawn_on = ?, withdraw_reason = ? "
                  "WHERE id = ?", (day, reason, publication_id))


def publications(store: Store, case_id: int) -> list[dict]:
    """Live publication records of a case, oldest first."""
    return store.rows("SELECT * FROM enforcement_publication WHERE case_id = ? AND voided_at "
                      "IS NULL ORDER BY published_on, id", (case_id,))


def set_publish_required(store: Store, case_id: int, value: int | None, note: str) -> None:
    """Set the per-case publication rule (NULL = follow the setting)."""
    store.require_transaction()
    store.execute("UPDATE enforcement_case SET publish_required = ?, publish_note = ? "
                  "WHERE id = ?", (value, note, case_id))


def void_publication(store: Store, publication_id: int, reason: str) -> None:
    """Void a publication record entered by mistake (kept, never deleted)."""
    store.require_transaction()
    store.execute("UPDATE enforcement_publication SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, publication_id))
