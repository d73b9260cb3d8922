# SPDX-License-Identifier: MIT
"""Issued documents (文书) and their per-kind, per-year serial counters.

The ``document`` table is frozen by triggers (m003): once inserted, its PDF, hash, data and
number cannot change and rows cannot be deleted; only ``voided_at``/``void_reason`` are set.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jiedao_desk.base.errors import Conflict
from jiedao_desk.store import Store, now_text, records
from jiedao_desk.store.lists import Column, ListSource

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


def numbers_of(store: Store, kind: str) -> list[str]:
    """Every number given to documents of ``kind`` (voided ones included)."""
    return [r["doc_number"] for r in store.rows(
        "SELECT doc_number FROM document WHERE kind = ? AND doc_number <> ''", (kind,))]


@dataclass(frozen=True)
class NewDocument:
    """The columns of a ``document`` row to insert (``issued_at`` is the time of insert)."""

    kind: str
    title: str
    doc_number: str
    year: int
    serial: int | None
    paper: bool
    entity: str
    entity_id: int | None
    data_json: str
    pdf: bytes
    pdf_sha256: str
    pages: int
    issued_by: str
    corrects_id: int | None


def insert(store: Store, doc: NewDocument) -> int:
    """Insert one issued document; returns its id."""
    store.require_transaction()
    try:
        return _insert(store, doc)
    except sqlite3.IntegrityError as e:
        # The numbering checks every number before it is used; if another path still
        # reaches a taken number, the user is told in Chinese and nothing is written.
        raise Conflict(f"文号“{doc.doc_number}”已被使用（{e}），未出具文书，请重试或核对文号。") \
            from None


def _insert(store: Store, doc: NewDocument) -> int:
    return store.insert(
        "INSERT INTO document (kind, title, doc_number, year, serial, paper, entity, entity_id,"
        " data_json, pdf, pdf_sha256, pages, issued_at, issued_by, corrects_id)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc.kind, doc.title, doc.doc_number, doc.year, doc.serial, int(doc.paper), doc.entity,
         doc.entity_id, doc.data_json, doc.pdf, doc.pdf_sha256, doc.pages, now_text(),
         doc.issued_by, doc.corrects_id),
    )


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
    where: list[str] = []
    params: list[Any] = []
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


# -- list screen (文书档案) ---------------------------------------------------------------------
# Only id is indexed for order, so the list sorts by id (= issue order); kind and state are
# "equals" filters. The register grows by a few thousand documents a year, so a filtered
# COUNT stays cheap.
STATE_SQL = "CASE WHEN t.voided_at IS NULL THEN '正常' ELSE '已作废' END"
_ENTITY = re.compile(r"[a-z_]+")


def target_sql(record_labels: Mapping[str, str] | None = None) -> str:
    """The 对象 column: the record a document belongs to, named by its domain
    (``record_labels``: entity → scalar subquery with ``{id}``), else "记录 12"."""
    fallback = "'记录 ' || COALESCE(t.entity_id, '')"
    whens = []
    for entity, sql in (record_labels or {}).items():
        if not _ENTITY.fullmatch(entity):  # entity names come from code, never from users
            raise ValueError(f"bad entity name {entity!r}")
        label = sql.format(id="t.entity_id")
        whens.append(f"WHEN t.entity = '{entity}' THEN COALESCE({label}, {fallback})")
    return f"CASE WHEN t.entity = '' THEN '' {' '.join(whens)} ELSE {fallback} END"


def list_source(store: Store, kind: str | None = None,
                hidden_prefixes: list[str] | None = None,
                community_id: int | None = None,
                record_labels: Mapping[str, str] | None = None) -> ListSource:
    """Issued documents for the 文书档案 list, newest first.

    Args:
        store: the store (read on the calling thread).
        kind: only this document kind (None: all kinds; ``set_filter("kind", …)`` later too).
        hidden_prefixes: leave out documents of records whose entity starts so.
        community_id: only documents of this community's records (and of none).
        record_labels: how each domain names its records in the 对象 column (``target_sql``).

    Returns:
        A ``ListSource`` with the columns 文号, 文书种类, 对象, 签发时间, 签发人, 状态, 更正自,
        作废原因, and the hidden filter column ``kind``; filter ``state`` by "正常"/"已作废".
    """
    columns = (
        Column("doc_number", "文号", "t.doc_number", width=14),
        Column("title", "文书种类", "t.title", width=9),
        Column("target", "对象", target_sql(record_labels), width=16),
        Column("issued_at", "签发时间", "t.issued_at", width=13),
        Column("issued_by", "签发人", "t.issued_by", width=6),
        Column("state", "状态", STATE_SQL, filter="equals", width=4),
        Column("corrects", "更正自",
               "(SELECT c.doc_number FROM document AS c WHERE c.id = t.corrects_id)", width=14),
        Column("void_reason", "作废原因", "COALESCE(t.void_reason, '')", width=14),
        Column("kind", "种类代码", "t.kind", filter="equals", width=12),
    )
    where = " AND ".join("substr(t.entity, 1, ?) <> ?" for _ in hidden_prefixes or [])
    params: list = [v for p in hidden_prefixes or [] for v in (len(p), p)]
    if community_id is not None:
        own, own_params = records.own_community_condition(store, community_id)
        if own:
            where = f"{where} AND {own}" if where else own
            params += own_params
    source = ListSource(store, "document", columns, base_where=where, base_params=params)
    source.set_sort(None, descending=True)
    if kind:
        source.set_filter("kind", kind)
    return source
