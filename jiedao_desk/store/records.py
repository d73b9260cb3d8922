# SPDX-License-Identifier: MIT
"""Any record by its audit entity name: whether it exists, its community, whether voided.

Documents and attachments name the record they belong to by entity ("mediation_case") and id;
before one is attached, core asks here that the record is real. Entity names are table names;
only names of tables that exist are ever put into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiedao_desk.store import Store


@dataclass(frozen=True)
class RecordRef:
    """What a document or file needs to know of the record it belongs to."""

    entity: str
    record_id: int
    community_id: int | None
    voided: bool


def find_kind(store: Store, entity: str) -> bool:
    """Whether ``entity`` names a kind of record (a table) at all."""
    return bool(store.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                             (entity,)))


def find(store: Store, entity: str, record_id: int) -> RecordRef | None:
    """The record, or None when there is none (or ``entity`` names no table)."""
    if not find_kind(store, entity):
        return None
    columns = {r["name"] for r in store.rows(f'PRAGMA table_info("{entity}")')}
    # a community is its own community; other records name theirs
    community = "id" if entity == "community" else \
        "community_id" if "community_id" in columns else "NULL"
    voided = "voided_at" if "voided_at" in columns else "NULL"
    row = store.row(f'SELECT id, {community} AS community_id, {voided} AS voided_at '
                    f'FROM "{entity}" WHERE id = ?', (record_id,))
    if row is None:
        return None
    return RecordRef(entity, row["id"], row["community_id"], bool(row["voided_at"]))


def own_community_condition(store: Store, community_id: int,
                            alias: str = "t") -> tuple[str, list]:
    """SQL over ``document``/``attachment`` rows (``alias``) keeping those whose record is in
    ``community_id`` or names no community — for a list a community worker sees."""
    parts, params = [], []
    entities = [r["entity"] for r in store.rows(
        "SELECT DISTINCT entity FROM (SELECT entity FROM document UNION "
        "SELECT entity FROM attachment) WHERE entity <> ''")]
    for entity in entities:
        if not find_kind(store, entity):
            continue
        if entity == "community":
            parts.append(f"NOT ({alias}.entity = 'community' AND {alias}.entity_id <> ?)")
            params.append(community_id)
            continue
        columns = {r["name"] for r in store.rows(f'PRAGMA table_info("{entity}")')}
        if "community_id" in columns:
            parts.append(f"NOT ({alias}.entity = ? AND {alias}.entity_id NOT IN "
                         f'(SELECT id FROM "{entity}" WHERE community_id = ?))')
            params += [entity, community_id]
    return " AND ".join(parts), params
