# SPDX-License-Identifier: MIT
"""The resident register (居民基础信息): table ``resident``.

Rows are never deleted; a wrong or departed record is voided with a reason.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from jiedao_desk.store import Store, now_text
from jiedao_desk.store.lists import Column, ListSource

ENTITY = "resident"

FIELDS = ("community_id", "name", "gender", "id_number", "birth_date", "phone", "address",
          "household_no", "notes", "flags")

_SELECT = (
    "SELECT r.id, r.community_id, c.name AS community_name, r.name, r.gender, r.id_number,"
    " r.birth_date, r.phone, r.address, r.household_no, r.notes, r.flags, r.created_at,"
    " r.updated_at,"
    " r.voided_at, r.void_reason FROM resident AS r JOIN community AS c ON c.id = r.community_id"
)

# Shown in list screens instead of the full number: region (6) + 8 stars + last 4, so a clerk
# can tell records apart without the whole number being on screen.
_MASKED_ID = ("CASE WHEN t.id_number IS NULL THEN '' ELSE substr(t.id_number, 1, 6)"
              " || '********' || substr(t.id_number, 15, 4) END")


def get(store: Store, resident_id: int) -> dict | None:
    """One resident (live or voided) with its community name, or None."""
    return store.row(_SELECT + " WHERE r.id = ?", (resident_id,))


def find_live_by_id_number(store: Store, id_number: str) -> dict | None:
    """The live resident holding an identity number, or None."""
    return store.row(_SELECT + " WHERE r.id_number = ? AND r.voided_at IS NULL", (id_number,))


def count(store: Store, include_voided: bool = True) -> int:
    """Number of resident rows."""
    sql = "SELECT COUNT(*) FROM resident"
    if not include_voided:
        sql += " WHERE voided_at IS NULL"
    return int(store.scalar(sql))


def insert(store: Store, values: dict[str, Any]) -> int:
    """Insert one resident (keys: ``FIELDS``); return its id."""
    store.require_transaction()
    now = now_text()
    return store.insert(
        f"INSERT INTO resident ({', '.join(FIELDS)}, created_at, updated_at)"
        f" VALUES ({', '.join('?' * len(FIELDS))}, ?, ?)",
        [values[f] for f in FIELDS] + [now, now],
    )


def update(store: Store, resident_id: int, values: dict[str, Any],
           old: Mapping[str, Any] | None = None) -> None:
    """Overwrite the ``FIELDS`` of one resident; with ``old`` (the row as it is), only the
    fields that differ from it are written.

    SQLite rewrites the entry of every index over a column named in ``SET``, even one set
    to its own value: naming only the changed fields leaves the other indexes' pages
    untouched, and each page a commit writes is one more page to fsync (and, in an
    encrypted file, to encrypt and authenticate).
    """
    store.require_transaction()
    changed = [f for f in FIELDS if old is None or values[f] != old[f]]
    store.execute(
        f"UPDATE resident SET {''.join(f + ' = ?, ' for f in changed)}updated_at = ?"
        " WHERE id = ?",
        [values[f] for f in changed] + [now_text(), resident_id],
    )


def void(store: Store, resident_id: int, reason: str) -> None:
    """Mark a resident void (the row stays)."""
    store.require_transaction()
    store.execute("UPDATE resident SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, resident_id))


# -- bulk paths (demo data, imports) --------------------------------------------------------
# Bulk rows carry no flags (the column default '' applies), so demo rows keep their shape.
BULK_FIELDS = ("id", *FIELDS[:-1], "created_at", "updated_at")


def bulk_insert(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """Insert many residents with explicit ids; each row follows ``BULK_FIELDS``."""
    store.require_transaction()
    store.conn.executemany(
        f"INSERT INTO resident ({', '.join(BULK_FIELDS)})"
        f" VALUES ({', '.join('?' * len(BULK_FIELDS))})", rows)


def next_id(store: Store) -> int:
    """The id a bulk load should start from."""
    return int(store.scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM resident"))


def live_id_numbers(store: Store) -> Iterator[str]:
    """Every identity number held by a live resident (for bulk loads to avoid duplicates)."""
    cur = store.execute("SELECT id_number FROM resident"
                        " WHERE voided_at IS NULL AND id_number IS NOT NULL")
    for (number,) in cur:
        yield number


@contextlib.contextmanager
def bulk_cache(store: Store, mebibytes: int = 256) -> Iterator[None]:
    """Enlarge the page cache during a bulk load.

    With the default 2 MB cache, inserting a million rows into five indexes (plus the FTS
    tables) keeps evicting and re-reading index pages; a larger cache roughly halves the load.
    """
    old = store.scalar("PRAGMA cache_size")
    store.execute(f"PRAGMA cache_size = {-int(mebibytes) * 1024}")
    try:
        yield
    finally:
        store.execute(f"PRAGMA cache_size = {int(old)}")


# -- list screen ---------------------------------------------------------------------------
COLUMNS = (
    Column("name", "姓名", "t.name", sortable=True, filter="prefix", width=8),
    Column("gender", "性别", "t.gender", width=4),
    Column("id_number", "身份证号", _MASKED_ID, width=19),
    Column("birth_date", "出生日期", "t.birth_date", sortable=True, width=10),
    Column("phone", "电话", "t.phone", width=14),
    Column("community", "社区",
           "(SELECT c.name FROM community AS c WHERE c.id = t.community_id)", width=10),
    Column("community_id", "社区编号", "t.community_id", filter="equals", width=6),
    Column("address", "住址", "t.address", sortable=True, filter="prefix", width=24),
    # Not a column filter (a prefix range would miss "老年人、低保" for 低保): flags are in the
    # resident's search text instead, so typing 低保 in the search box finds them.
    Column("flags", "标记", "t.flags", width=12),
)


def list_source(store: Store, community_id: int | None = None) -> ListSource:
    """The live residents (optionally of one community) for a list screen.

    Sortable columns (name, birth date, address) have ``(column, id)`` indexes, so a sorted
    page walks an index instead of sorting the table; the free-text search uses the
    ``resident`` entries of the search index.
    """
    where, params = "t.voided_at IS NULL", []
    if community_id is not None:
        where += " AND t.community_id = ?"
        params.append(community_id)
    return ListSource(store, "resident", COLUMNS, base_where=where, base_params=params,
                      search_entity=ENTITY)
