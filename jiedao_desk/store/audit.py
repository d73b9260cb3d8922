# SPDX-License-Identifier: MIT
"""Append-only, hash-chained audit log.

Every write records who, when, what and the values before/after, in the same transaction as
the change. Each row's hash covers its content and the previous row's hash, so editing or
removing a row by hand breaks the chain (``verify_chain``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ClockBehind
from jiedao_desk.store import Store, now_text

_ENTITY = re.compile(r"[a-z_]+")

GENESIS = "0" * 64
CLOCK_SET_BACK = "clock.set_back"
# Written even while the clock is behind: refusing them would hide a failed sign-in or a
# refused action (and let password guessing dodge the lock-out), or block salvaging a damaged
# file — a PC whose clock battery died is just where that happens.
_ALWAYS_RECORDED = frozenset({"auth.login_failed", "auth.refused", "database.recover",
                              CLOCK_SET_BACK})
# Stores whose session has explained its clock. While one is open, other connections to the
# same file in this process (the GUI's workers) share its excuse; a new session asks again.
_excused: weakref.WeakSet[Store] = weakref.WeakSet()


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


# The columns a row's hash covers, in hash order (with the previous row's hash first).
_HASHED = ("at", "actor_id", "actor_name", "action", "entity", "entity_id", "before_json",
           "after_json")


def _hash(prev: str, content: Sequence[Any]) -> str:
    """The hash of a row: ``content`` holds its ``_HASHED`` columns in that order."""
    at, actor_id, actor_name, action, entity, entity_id, before, after = content
    payload = json.dumps([prev, at, actor_id, actor_name, action, entity,
                          None if entity_id is None else str(entity_id), before, after],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_holds(entry: Mapping[str, Any]) -> bool:
    """Whether an audit row (as a dict of its columns, e.g. one received from another site)
    hashes to the hash it carries, given the previous hash it names."""
    content = [entry.get(k) for k in _HASHED]
    return _hash(str(entry.get("prev_hash", "")), content) == entry.get("hash")


def record(store: Store, actor: Actor, action: str, entity: str, entity_id: Any = None,
           before: Any = None, after: Any = None) -> int:
    """Append one audit row; must be called inside the action's transaction."""
    store.require_transaction()
    prev = store.scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") or GENESIS
    at = now_text()
    if action not in _ALWAYS_RECORDED and not clock_excused(store):
        newest = newest_stamp(store)
        if newest is not None and at < newest:
            raise ClockBehind(newest, at, actor)
    b, a = _dump(before), _dump(after)
    eid = None if entity_id is None else str(entity_id)
    content = (at, actor.user_id, actor.name, action, entity, eid, b, a)
    row_id = store.insert(
        f"INSERT INTO audit_log ({', '.join(_HASHED)}, prev_hash, hash)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        (*content, prev, _hash(prev, content)),
    )
    store.note_change(entity, eid, action)
    return row_id


def newest_stamp(store: Store) -> str | None:
    """The newest stamp in the audit log (indexed), or None for an empty log."""
    return store.scalar("SELECT MAX(at) FROM audit_log")


def clock_excused(store: Store) -> bool:
    """Whether this session has given its reason for working with a clock set back."""
    if store in _excused:
        return True
    return store.path is not None and any(
        s.path == store.path and _is_open(s) for s in list(_excused))


def _is_open(store: Store) -> bool:
    try:
        store.conn.in_transaction  # noqa: B018 - raises once the connection is closed
    except sqlite3.ProgrammingError:
        return False
    return True


def excuse_clock(store: Store, actor: Actor, reason: str) -> int:
    """Record why the session goes on with a clock behind the newest action, in a
    transaction of its own, and let the session's further actions through.

    Returns:
        The id of the ``clock.set_back`` audit row (newest stamp, current time, reason).
    """
    if store.conn.in_transaction:
        raise RuntimeError("excuse_clock runs in its own transaction")
    with store.atomic():
        row = record(store, actor, CLOCK_SET_BACK, "database", None, None,
                     {"newest": newest_stamp(store), "now": now_text(), "reason": reason})
    _excused.add(store)
    return row


def head(store: Store) -> tuple[int, str]:
    """Return (row count, hash of the last row) — the chain head the monthly export carries."""
    row = store.row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    count = store.scalar("SELECT COUNT(*) FROM audit_log")
    return (count, row["hash"]) if row else (0, GENESIS)


def has_hash(store: Store, row_hash: str) -> bool:
    """True if some audit row has this hash (a head recorded elsewhere is still in the chain)."""
    return store.scalar("SELECT 1 FROM audit_log WHERE hash = ?", (row_hash,)) is not None


@dataclass
class ChainBreak:
    """The first row where the chain does not hold."""

    row_id: int
    reason: str


def verify_chain(store: Store, batch: int = 5000) -> ChainBreak | None:
    """Walk the whole chain; return the first broken link, or None if intact."""
    prev = GENESIS
    last_id = 0
    while True:
        rows = store.execute(
            f"SELECT id, {', '.join(_HASHED)}, prev_hash, hash FROM audit_log"
            " WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, batch),
        ).fetchall()
        if not rows:
            return None
        for rid, *content, prev_hash, h in rows:
            if prev_hash != prev:
                return ChainBreak(
                    rid, f"第{rid}条审计记录的前序哈希与上一条不符（记录被删除或插入）")
            if _hash(prev, content) != h:
                return ChainBreak(rid, f"第{rid}条审计记录的内容与哈希不符（记录被改动）")
            prev = h
            last_id = rid


def query(store: Store, entity: str | None = None, actor_name: str | None = None,
          date_from: str | None = None, date_to: str | None = None,
          limit: int = 500, record_labels: Mapping[str, str] | None = None) -> list[dict]:
    """Audit rows, newest first, filtered by entity, actor and date range (YYYY-MM-DD).

    With ``record_labels`` (entity → scalar subquery with ``{id}``, core/spec.py) each row
    also has ``record_label``: how its record is named today (None for other entities or a
    record that is gone)."""
    where, params = [], []
    if entity:
        where.append("entity = ?")
        params.append(entity)
    if actor_name:
        where.append("actor_name = ?")
        params.append(actor_name)
    if date_from:
        where.append("at >= ?")
        params.append(date_from)
    if date_to:
        where.append("at < date(?, '+1 day')")
        params.append(date_to)
    sql = "SELECT * FROM audit_log AS t"
    if record_labels:
        sql = f"SELECT t.*, {_label_sql(record_labels)} AS record_label FROM audit_log AS t"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    return store.rows(sql, [*params, limit])


def _label_sql(record_labels: Mapping[str, str]) -> str:
    whens = []
    for entity, sql in record_labels.items():
        if not _ENTITY.fullmatch(entity):  # entity names come from code, never from users
            raise ValueError(f"bad entity name {entity!r}")
        whens.append(f"WHEN t.entity = '{entity}' THEN {sql.format(id='t.entity_id')}")
    return f"CASE {' '.join(whens)} ELSE NULL END"


def distinct_values(store: Store, column: str) -> list[str]:
    """Distinct values of ``entity`` or ``actor_name`` (for the audit page's filter lists)."""
    if column not in ("entity", "actor_name"):
        raise ValueError(f"not a filter column: {column}")
    return [r[column] for r in store.rows(
        f"SELECT DISTINCT {column} FROM audit_log WHERE {column} IS NOT NULL ORDER BY {column}")]
