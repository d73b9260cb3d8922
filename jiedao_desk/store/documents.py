# SPDX-License-Identifier: MIT
"""Issued documents (文书) and their per-kind, per-year serial counters.

The ``document`` table is frozen by triggers (m003): once inserted, its PDF, hash, data and
number cannot change and rows cannot be deleted; only ``voided_at``/``void_reason`` are set.
"""

from __future__ import annotations

from jiedao_desk.store import Store, now_text

_COLS = ("id, kind, title, doc_number, year, serial, paper, entity, entity_id, data_json,"
         " pdf_sha256, pages, issued_at, issued_by, corrects_id, voided_at, void_reason")


def last_serial(store: Store, kind: str, year: int) -> int:
    """The last automatic serial handed out for ``kind`` in ``year`` (0 if none)."""
    return store.scalar("SELECT last FROM doc_serial WHERE kind = ? AND year = ?",
                        (kind, year)) or 0


def set_last_serial(store: Store, kind: str, year: int, last: int) -> None:
    """Record the last automatic serial (inside the issuing transaction)."""
    store.require_transaction()
    store.execute(
        "INSERT INTO doc_serial (kind, year, last) VALUES (?,?,?)"
        " ON CONFLICT(kind, year) DO UPDATE SET last = excluded.last",
        (kind, year, last),
    )


def serial_used(store: Store, kind: str, year: int, serial: int) -> bool:
    """Whether any document (voided ones included) already carries this serial."""
    return store.scalar("SELECT 1 FROM document WHERE kind = ? AND year = ? AND serial = ?",
                        (kind, year, serial)) is not None


def number_used(store: Store, kind: str, doc_number: str) -> bool:
    """Whether any document (voided ones included) already carries this number."""
    return store.scalar("SELECT 1 FROM document WHERE kind = ? AND doc_number = ?",
                        (kind, doc_number)) is not None


def insert(store: Store, *, kind: str, title: str, doc_number: str, year: int,
           serial: int | None, paper: bool, entity: str, entity_id: int | None,
           data_json: str, pdf: bytes, pdf_sha256: str, pages: int, issued_by: str,
           corrects_id: int | None) -> int:
    """Insert one issued document; returns its id."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO document (kind, title, doc_number, year, serial, paper, entity, entity_id,"
        " data_json, pdf, pdf_sha256, pages, issued_at, issued_by, corrects_id)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (kind, title, doc_number, year, serial, int(paper), entity, entity_id, data_json, pdf,
         pdf_sha256, pages, now_text(), issued_by, corrects_id),
    )
    return int(cur.lastrowid)


def get(store: Store, doc_id: int) -> dict | None:
    """One document's metadata (without the PDF bytes), or None."""
    return store.row(f"SELECT {_COLS} FROM document WHERE id = ?", (doc_id,))


def pdf_bytes(store: Store, doc_id: int) -> tuple[bytes, str] | None:
    """The stored PDF bytes and their recorded SHA-256, or None."""
    row = store.row("SELECT pdf, pdf_sha256 FROM document WHERE id = ?", (doc_id,))
    return None if row is None else (bytes(row["pdf"]), row["pdf_sha256"])


def void(store: Store, doc_id: int, reason: str) -> None:
    """Mark a document void (its number stays taken)."""
    store.require_transaction()
    store.execute("UPDATE document SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, doc_id))


def live_for_entity(store: Store, entity: str, entity_id: int) -> list[dict]:
    """Non-voided documents issued from one source record, oldest first."""
    return store.rows(f"SELECT {_COLS} FROM document WHERE entity = ? AND entity_id = ?"
                      " AND voided_at IS NULL ORDER BY id", (entity, entity_id))


def list_documents(store: Store, entity: str | None = None, entity_id: int | None = None,
                   limit: int = 200) -> list[dict]:
    """Documents, newest first, optionally for one source record."""
    where, params = [], []
    if entity:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(entity_id)
    sql = f"SELECT {_COLS} FROM document"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return store.rows(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
