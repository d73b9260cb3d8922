# SPDX-License-Identifier: MIT
"""12345 tickets (接诉即办工单) and their events, summons, links, batches and mappings.

Rows are never deleted: a wrong ticket is voided with a reason.
"""

from __future__ import annotations

import json
from typing import Any

from jiedao_desk.store import Store, now_text
from jiedao_desk.store.lists import Column, ListSource

ENTITY = "hotline_ticket"

# Columns a core function may write through ``insert``/``update``.
FIELDS = ("ticket_no", "received_at", "month", "claim_type", "claim_class", "category", "title",
          "content", "claimant_name", "claimant_phone", "community_id", "place", "nature",
          "city_status", "status", "city_deadline", "dispatch_due", "feedback_due",
          "extension_days", "assignee_kind", "assignee", "dispatched_at", "contacted_at",
          "contact_person", "handling", "reply", "closed_at", "visit_contacted", "visit_solved",
          "visit_satisfaction", "flag_unreasonable", "appeal", "appeal_result", "excluded",
          "extra", "source", "batch_id")

_SELECT = ("SELECT t.*, c.name AS community_name FROM hotline_ticket AS t"
           " LEFT JOIN community AS c ON c.id = t.community_id")


def get(store: Store, ticket_id: int) -> dict | None:
    """One ticket with its community name, or None."""
    return store.row(_SELECT + " WHERE t.id = ?", (ticket_id,))


def find_by_number(store: Store, ticket_no: str) -> dict | None:
    """The ticket with this city number (voided or not), or None."""
    return store.row(_SELECT + " WHERE t.ticket_no = ?", (ticket_no,))


def insert(store: Store, values: dict[str, Any], by: str) -> int:
    """Insert a ticket; returns its id."""
    store.require_transaction()
    keys = [k for k in values if k in FIELDS]
    now = now_text()
    cols = ", ".join([*keys, "created_at", "created_by", "updated_at"])
    marks = ", ".join("?" * (len(keys) + 3))
    cur = store.execute(f"INSERT INTO hotline_ticket ({cols}) VALUES ({marks})",
                        [values[k] for k in keys] + [now, by, now])
    return int(cur.lastrowid)


def update(store: Store, ticket_id: int, values: dict[str, Any]) -> None:
    """Update some fields of a ticket."""
    store.require_transaction()
    keys = [k for k in values if k in FIELDS]
    if not keys:
        return
    sets = ", ".join(f"{k} = ?" for k in keys)
    store.execute(f"UPDATE hotline_ticket SET {sets}, updated_at = ? WHERE id = ?",
                  [values[k] for k in keys] + [now_text(), ticket_id])


def void(store: Store, ticket_id: int, reason: str) -> None:
    """Void a ticket."""
    store.require_transaction()
    store.execute("UPDATE hotline_ticket SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, ticket_id))


def add_event(store: Store, ticket_id: int, kind: str, by: str, detail: dict | None = None,
              from_status: str | None = None, to_status: str | None = None) -> int:
    """Append one history row."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO hotline_event (ticket_id, kind, from_status, to_status, detail, at,"
        " actor_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (ticket_id, kind, from_status, to_status,
         json.dumps(detail or {}, ensure_ascii=False, default=str), now_text(), by))
    return int(cur.lastrowid)


def events(store: Store, ticket_id: int) -> list[dict]:
    """A ticket's history, oldest first."""
    return store.rows("SELECT * FROM hotline_event WHERE ticket_id = ? ORDER BY id",
                      (ticket_id,))


def add_summons(store: Store, ticket_id: int, summoned_on: str, department: str, issue: str,
                by: str) -> int:
    """Record a 吹哨 (summons of a department)."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO hotline_summons (ticket_id, summoned_on, department, issue, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (ticket_id, summoned_on, department, issue, now_text(), by))
    return int(cur.lastrowid)


def get_summons(store: Store, summons_id: int) -> dict | None:
    """One summons, or None."""
    return store.row("SELECT * FROM hotline_summons WHERE id = ?", (summons_id,))


def set_summons_arrival(store: Store, summons_id: int, arrived_at: str, result: str) -> None:
    """Record the department's arrival (报到) and the result."""
    store.require_transaction()
    store.execute("UPDATE hotline_summons SET arrived_at = ?, result = ? WHERE id = ?",
                  (arrived_at, result, summons_id))


def summons(store: Store, ticket_id: int) -> list[dict]:
    """The summons of a ticket, oldest first."""
    return store.rows("SELECT * FROM hotline_summons WHERE ticket_id = ? ORDER BY id",
                      (ticket_id,))


def add_link(store: Store, ticket_id: int, entity: str, entity_id: int, note: str,
             by: str, origin: str = "linked") -> int:
    """Link a ticket to another record (ignored if the link exists); returns the link id.

    ``origin`` is 'created' when the record was made from the ticket, else 'linked'; the
    domain is the entity's prefix ('mediation_case' → 'mediation').
    """
    store.require_transaction()
    store.execute(
        "INSERT OR IGNORE INTO hotline_link (ticket_id, entity, entity_id, note, created_at,"
        " created_by, domain, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ticket_id, entity, entity_id, note, now_text(), by, entity.split("_")[0], origin))
    return int(store.scalar("SELECT id FROM hotline_link WHERE ticket_id = ? AND entity = ?"
                            " AND entity_id = ?", (ticket_id, entity, entity_id)))


def links_of_ticket(store: Store, ticket_id: int) -> list[dict]:
    """Live (not voided) records linked to a ticket."""
    return store.rows("SELECT * FROM hotline_link WHERE ticket_id = ? AND voided_at IS NULL"
                      " ORDER BY id", (ticket_id,))


def tickets_linked_to(store: Store, entity: str, entity_id: int) -> list[dict]:
    """Tickets linked to a record of another domain (the other side of the link)."""
    return store.rows(
        "SELECT t.id, t.ticket_no, t.received_at, t.title, t.status, t.community_id, l.note,"
        " l.origin, l.id AS link_id FROM hotline_link AS l"
        " JOIN hotline_ticket AS t ON t.id = l.ticket_id"
        " WHERE l.entity = ? AND l.entity_id = ? AND l.voided_at IS NULL"
        " AND t.voided_at IS NULL ORDER BY t.received_at", (entity, entity_id))


def insert_batch(store: Store, values: dict[str, Any]) -> int:
    """Record one import batch."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO hotline_batch (file_name, sha256, mapping_name, rows, created, updated,"
        " imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (values["file_name"], values["sha256"], values["mapping_name"], values["rows"],
         values["created"], values["updated"], now_text(), values["by"]))
    return int(cur.lastrowid)


def set_batch_counts(store: Store, batch_id: int, created: int, updated: int) -> None:
    """Fill in the counts once the rows are written."""
    store.execute("UPDATE hotline_batch SET created = ?, updated = ? WHERE id = ?",
                  (created, updated, batch_id))


def get_mapping(store: Store, name: str) -> dict | None:
    """A saved column mapping ({header: field}), or None."""
    text = store.scalar("SELECT mapping FROM hotline_mapping WHERE name = ?", (name,))
    return None if text is None else json.loads(text)


def mapping_names(store: Store) -> list[str]:
    """Names of the saved mappings."""
    return [r["name"] for r in store.rows("SELECT name FROM hotline_mapping ORDER BY name")]


def put_mapping(store: Store, name: str, mapping: dict[str, str], by: str) -> None:
    """Save (insert or replace) a column mapping."""
    store.require_transaction()
    store.execute(
        "INSERT INTO hotline_mapping (name, mapping, updated_at, updated_by) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET mapping = excluded.mapping,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (name, json.dumps(mapping, ensure_ascii=False), now_text(), by))


def open_tickets(store: Store, community_id: int | None = None) -> list[dict]:
    """Live tickets not yet closed (for clocks and the todo list)."""
    sql = ("SELECT id, ticket_no, title, status, received_at, dispatch_due, feedback_due,"
           " dispatched_at, community_id FROM hotline_ticket WHERE voided_at IS NULL"
           " AND closed_at IS NULL AND status NOT IN ('closed')")
    params: list[Any] = []
    if community_id is not None:
        sql += " AND community_id = ?"
        params.append(community_id)
    return store.rows(sql + " ORDER BY feedback_due", params)


def month_rows(store: Store, month: str) -> list[dict]:
    """The live tickets received in a month, with the fields 三率 needs."""
    return store.rows(
        "SELECT t.id, t.community_id, c.name AS community_name, c.sort_order, t.closed_at,"
        " t.visit_contacted, t.visit_solved, t.visit_satisfaction, t.excluded,"
        " t.flag_unreasonable FROM hotline_ticket AS t"
        " LEFT JOIN community AS c ON c.id = t.community_id"
        " WHERE t.voided_at IS NULL AND t.month = ?", (month,))


def hot_spots(store: Store, first_month: str, last_month: str, min_count: int,
              community_id: int | None = None, by_place: bool = True) -> list[dict]:
    """Live tickets grouped by category (and place) over months, the most frequent first."""
    place = "t.place" if by_place else "''"
    sql = (f"SELECT t.category AS category, {place} AS place, count(*) AS n,"
           " min(t.received_at) AS first_at, max(t.received_at) AS last_at,"
           " group_concat(t.ticket_no, '、') AS numbers FROM hotline_ticket AS t"
           " WHERE t.voided_at IS NULL AND t.month BETWEEN ? AND ?")
    params: list[Any] = [first_month, last_month]
    if community_id is not None:
        sql += " AND t.community_id = ?"
        params.append(community_id)
    sql += f" GROUP BY t.category, {place} HAVING count(*) >= ? ORDER BY n DESC, category"
    return store.rows(sql, [*params, min_count])


_STATUS_TEXT = ("CASE WHEN t.voided_at IS NOT NULL THEN '已作废' ELSE CASE t.status"
                " WHEN 'received' THEN '待派单' WHEN 'dispatched' THEN '已派单'"
                " WHEN 'returned' THEN '已退单' WHEN 'replied' THEN '已反馈'"
                " WHEN 'closed' THEN '已办结' ELSE t.status END END")

COLUMNS = (
    Column("received_at", "受理时间", "t.received_at", sortable=True, width=16),
    Column("ticket_no", "工单编号", "t.ticket_no", filter="prefix", width=14),
    Column("status_text", "状态", _STATUS_TEXT, width=6),
    Column("claim_type", "诉求类型", "t.claim_type", filter="equals", width=6),
    Column("category", "问题分类", "t.category", width=16),
    Column("title", "标题", "t.title", width=18),
    Column("claimant", "诉求人", "t.claimant_name", width=6),
    # Phones are masked in every list (诉求人 privacy): only the last 4 digits show.
    Column("phone", "电话", "CASE WHEN length(t.claimant_phone) > 4 THEN '*******' ||"
           " substr(t.claimant_phone, -4) ELSE t.claimant_phone END", width=11),
    Column("community", "社区",
           "(SELECT c.name FROM community AS c WHERE c.id = t.community_id)", width=10),
    Column("assignee", "承办", "t.assignee", width=10),
    Column("dispatch_due", "派单期限", "t.dispatch_due", width=16),
    Column("feedback_due", "反馈期限", "t.feedback_due", width=16),
    Column("community_id", "社区编号", "t.community_id", filter="equals", width=6),
    Column("month", "月份", "t.month", filter="equals", width=7),
    Column("status", "状态代码", "t.status", filter="equals", width=6),
)
HIDDEN_COLUMNS = ("community_id", "month", "status")


_LIVE = "t.voided_at IS NULL"


class TicketListSource(ListSource):
    """The ticket list, counting the unfiltered list on the live-row index.

    Once ``ANALYZE`` has run (``PRAGMA optimize`` on close does it), SQLite judges the partial
    index ``hotline_ticket_live`` (m015), which holds almost every row, no better than the
    table and counts by reading the whole table: ~270 ms at 1,000,000 tickets against ~40 ms
    on the index (benchmarks/README.md). Filtered counts already pick the right index.
    """

    def count(self) -> int:
        """Number of rows under the current filters."""
        if self._count is None and self._where() == ([_LIVE], []):
            self._count = int(self.store.scalar(
                "SELECT COUNT(*) FROM hotline_ticket AS t INDEXED BY hotline_ticket_live"
                f" WHERE {_LIVE}"))
        return super().count()

    def copy_for(self, store: Store | None) -> TicketListSource:
        """The same list through another store (e.g. a worker thread's connection)."""
        clone = super().copy_for(store)
        clone.__class__ = TicketListSource  # the base copies every generic setting
        return clone


def list_source(store: Store, community_id: int | None = None) -> ListSource:
    """The live tickets (optionally of one community)."""
    where, params = _LIVE, []
    if community_id is not None:
        where += " AND t.community_id = ?"
        params.append(community_id)
    return TicketListSource(store, "hotline_ticket", COLUMNS, base_where=where,
                            base_params=params, search_entity=ENTITY)


def count_all(store: Store) -> int:
    """How many tickets exist (voided ones included)."""
    return int(store.scalar("SELECT count(*) FROM hotline_ticket"))
