# SPDX-License-Identifier: MIT
"""Attachment records (photos, scans); the files live content-addressed beside the database,
named and (when the installation is encrypted) encrypted as store/blobs.py says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jiedao_desk.store import Store, now_text
from jiedao_desk.store.backup import attachments_dir
from jiedao_desk.store.blobs import open_bytes, stored_name

_COLS = ("id, sha256, filename, mime, size, exif_time, exif_gps, entity, entity_id, note,"
         " added_at, added_by, voided_at, void_reason")


def root(store: Store) -> Path:
    """The attachments folder beside the database file."""
    return attachments_dir(store)


def blob_path(store: Store, sha256: str) -> Path:
    """Where the content with this SHA-256 is kept: ``attachments/<name[:2]>/<name>``."""
    name = stored_name(sha256, store.key)
    return attachments_dir(store) / name[:2] / name


def read_plain(store: Store, sha256: str) -> bytes | None:
    """The content with this SHA-256 as stored (decrypted), None when missing or altered."""
    path = blob_path(store, sha256)
    if not path.is_file():
        return None
    data = path.read_bytes()
    if store.key is not None:
        return open_bytes(store.key, sha256, data)
    return data


@dataclass(frozen=True)
class NewAttachment:
    """The columns of an ``attachment`` row to insert (``added_at`` is the time of insert)."""

    sha256: str
    filename: str
    mime: str
    size: int
    exif_time: str | None
    exif_gps: str | None
    entity: str
    entity_id: int | None
    note: str
    added_by: str


def insert(store: Store, att: NewAttachment) -> int:
    """Record one attachment; returns its id."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO attachment (sha256, filename, mime, size, exif_time, exif_gps, entity,"
        " entity_id, note, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (att.sha256, att.filename, att.mime, att.size, att.exif_time, att.exif_gps, att.entity,
         att.entity_id, att.note, now_text(), att.added_by),
    )


def get(store: Store, attachment_id: int) -> dict | None:
    """One attachment row, or None."""
    return store.row(f"SELECT {_COLS} FROM attachment WHERE id = ?", (attachment_id,))


def list_for(store: Store, entity: str, entity_id: int, include_voided: bool = False
             ) -> list[dict]:
    """Attachments of one record, oldest first."""
    sql = f"SELECT {_COLS} FROM attachment WHERE entity = ? AND entity_id = ?"
    if not include_voided:
        sql += " AND voided_at IS NULL"
    return store.rows(sql + " ORDER BY id", (entity, entity_id))


def void(store: Store, attachment_id: int, reason: str) -> None:
    """Mark an attachment void (the file stays: other records may share the content)."""
    store.require_transaction()
    store.execute("UPDATE attachment SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, attachment_id))


def all_hashes(store: Store) -> list[str]:
    """Every attachment content hash on record (voided ones too: their files stay)."""
    return [r[0] for r in store.execute("SELECT DISTINCT sha256 FROM attachment")]
