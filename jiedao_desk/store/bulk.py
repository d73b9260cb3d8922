# SPDX-License-Identifier: MIT
"""Bulk loading of domain records for the large-volume benchmarks (benchmarks/bench_domains.py).

The domain modules write one record at a time through their core rules (numbers, clocks,
history, audit), which is right for users and far too slow for building a million rows. The
benchmarks only need rows that look like real ones to the list, report and search queries, so
they go in here with one ``executemany`` per batch. Nothing in the application calls this.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jiedao_desk.store import Store

# Table → the columns a bulk row may fill (trusted names: never from users).
_TABLES: dict[str, tuple[str, ...]] = {
    "hotline_ticket": (
        "id", "ticket_no", "received_at", "month", "claim_type", "claim_class", "category",
        "title", "content", "claimant_name", "claimant_phone", "community_id", "place",
        "nature", "city_status", "status", "dispatch_due", "feedback_due", "assignee_kind",
        "assignee", "dispatched_at", "contacted_at", "reply", "closed_at", "visit_contacted",
        "visit_solved", "visit_satisfaction", "excluded", "source", "created_at", "created_by",
        "updated_at", "voided_at", "void_reason"),
    "mediation_case": (
        "id", "case_number", "year", "serial", "committee_key", "level", "community_id",
        "source", "dispute_type", "summary", "received_on", "state", "accepted_on", "outcome",
        "outcome_on", "amount_fen", "closed_on", "created_at", "created_by", "updated_at",
        "voided_at", "void_reason"),
    "mediation_party": ("case_id", "seq", "role", "kind", "name"),
    "enforcement_case": (
        "id", "procedure", "status", "source", "found_on", "place", "description",
        "power_text", "filed_on", "decided_on", "fine_fen", "paid_on", "paid_fen", "closed_on",
        "created_by", "created_at", "voided_at", "void_reason"),
    "enforcement_party": ("case_id", "kind", "name", "address", "created_at"),
}


def columns(table: str) -> tuple[str, ...]:
    """The columns ``insert_rows`` expects for ``table``, in order."""
    return _TABLES[table]


def insert_rows(store: Store, table: str, rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows (tuples in the order of ``columns(table)``) with one ``executemany``.

    Args:
        store: open store, inside a transaction.
        table: one of the tables above.
        rows: the values; ``None`` for an ``id`` lets SQLite choose it.

    Returns:
        The number of rows written.
    """
    store.require_transaction()
    cols = _TABLES[table]
    marks = ", ".join("?" * len(cols))
    cur = store.conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
    return cur.rowcount


def next_id(store: Store, table: str) -> int:
    """The id after the highest one of ``table`` (bulk rows carry their own ids)."""
    if table not in _TABLES:
        raise KeyError(table)
    return int(store.scalar(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"))


def analyze(store: Store) -> None:
    """Refresh the planner statistics after a bulk load (as ``PRAGMA optimize`` would)."""
    store.execute("ANALYZE")
