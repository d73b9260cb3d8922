# SPDX-License-Identifier: MIT
"""Versioned reference catalogs (参考目录): catalog_version and catalog_item rows.

Dates are stored as ISO text or NULL (unknown / open-ended); source_urls and extra as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable

from jiedao_desk.store import Store, now_text

_VERSION_COLS = (
    "v.id, v.catalog, v.title, v.label, v.issuer, v.doc_number, v.effective_from,"
    " v.effective_to, v.source_urls, v.confidence, v.notes, v.origin, v.content_sha256,"
    " v.imported_at, v.imported_by, v.voided_at, v.void_reason,"
    " (SELECT COUNT(*) FROM catalog_item i WHERE i.version_id = v.id) AS item_count"
)
_ITEM_COLS = "id, version_id, seq, code, text, category, notes, extra"


def list_versions(store: Store, catalog: str | None = None) -> list[dict]:
    """Every version (voided ones too), ordered by catalog, then effective date, then id.

    Args:
        store: the open store.
        catalog: only this catalog's versions, or all when None.
    """
    sql = f"SELECT {_VERSION_COLS} FROM catalog_version v"
    params: list = []
    if catalog is not None:
        sql += " WHERE v.catalog = ?"
        params.append(catalog)
    return store.rows(sql + " ORDER BY v.catalog, COALESCE(v.effective_from, ''), v.id", params)


def get_version(store: Store, version_id: int) -> dict | None:
    """One version by id, or None."""
    return store.row(f"SELECT {_VERSION_COLS} FROM catalog_version v WHERE v.id = ?",
                     (version_id,))


def find_version(store: Store, catalog: str, label: str) -> dict | None:
    """One version by catalog key and label (labels are unique per catalog), or None."""
    return store.row(f"SELECT {_VERSION_COLS} FROM catalog_version v"
                     " WHERE v.catalog = ? AND v.label = ?", (catalog, label))


def insert_version(store: Store, row: dict, imported_by: str) -> int:
    """Insert a version row; return its id.

    Args:
        store: the open store (inside ``atomic()``).
        row: catalog, title, label, issuer, doc_number, effective_from, effective_to (ISO
            text or None), source_urls (JSON text), confidence, notes, origin, content_sha256.
        imported_by: the actor's display name.
    """
    store.require_transaction()
    return store.insert(
        "INSERT INTO catalog_version (catalog, title, label, issuer, doc_number, effective_from,"
        " effective_to, source_urls, confidence, notes, origin, content_sha256, imported_at,"
        " imported_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (row["catalog"], row["title"], row["label"], row["issuer"], row["doc_number"],
         row["effective_from"], row["effective_to"], row["source_urls"], row["confidence"],
         row["notes"], row["origin"], row["content_sha256"], now_text(), imported_by),
    )


def insert_items(store: Store, version_id: int, items: Iterable[dict]) -> None:
    """Insert the items of a version (each: seq, code, text, category, notes, extra JSON)."""
    store.require_transaction()
    store.conn.executemany(
        "INSERT INTO catalog_item (version_id, seq, code, text, category, notes, extra)"
        " VALUES (?,?,?,?,?,?,?)",
        [(version_id, i["seq"], i["code"], i["text"], i["category"], i["notes"], i["extra"])
         for i in items],
    )


def list_items(store: Store, version_id: int) -> list[dict]:
    """The items of a version in seq order."""
    return store.rows(f"SELECT {_ITEM_COLS} FROM catalog_item WHERE version_id = ? ORDER BY seq",
                      (version_id,))


def void_version(store: Store, version_id: int, reason: str) -> None:
    """Mark a version void (never deleted: records may cite its items)."""
    store.require_transaction()
    store.execute("UPDATE catalog_version SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, version_id))


def row_counts(store: Store) -> tuple[int, int]:
    """(number of version rows, number of item rows) — lets tests prove nothing was written."""
    return (store.scalar("SELECT COUNT(*) FROM catalog_version"),
            store.scalar("SELECT COUNT(*) FROM catalog_item"))
