# SPDX-License-Identifier: MIT
"""12345 tickets (接诉即办工单) and their events, summons, links, batches and mappings.

Rows are never deleted: a wrong ticket or link is voided with a reason. The columns keep
their names; this module maps them to the fields of ``model`` (``status`` ↔ ``state``), so
core code reads and writes fields only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from jiedao_desk.domains.hotline.model import (
    DueTicket,
    HotSpot,
    LinkedTicket,
    Summons,
    Ticket,
    TicketEvent,
    TicketLink,
    Timing,
)
from jiedao_desk.domains.hotline.rules import ENTITY, STATES, VOIDED_LABEL
from jiedao_desk.store import Store, now_text
from jiedao_desk.store.lists import Column, ListSource

# How the documents list names a ticket (core/spec.py record_labels).
RECORD_LABEL_SQL = "(SELECT '12345工单 ' || h.ticket_no FROM hotline_ticket AS h WHERE h.id = {id})"

# Ticket fields stored under another column name.
_COLUMN_OF = {"state": "status"}
_FIELD_OF = {c: f for f, c in _COLUMN_OF.items()}
_TICKET_FIELDS = tuple(f.name for f in fields(Ticket))

# Columns a core function may write through ``insert``/``update``.
WRITABLE = ("ticket_no", "received_at", "month", "claim_type", "claim_class", "category",
            "title", "content", "claimant_name", "claimant_phone", "community_id", "place",
            "nature", "city_status", "status", "city_deadline", "dispatch_due", "feedback_due",
            "extension_days", "assignee_kind", "assignee", "dispatched_at", "contacted_at",
            "contact_person", "handling", "reply", "closed_at", "visit_contacted",
            "visit_solved", "visit_satisfaction", "flag_unreasonable", "appeal",
            "appeal_result", "excluded", "extra", "source", "batch_id")

_SELECT = ("SELECT t.*, c.name AS community_name FROM hotline_ticket AS t"
           " LEFT JOIN community AS c ON c.id = t.community_id")


def columns(values: Mapping[str, Any]) -> dict[str, Any]:
    """Ticket fields as columns (``state`` → ``status``), in the given order; the audit log
    records changes under the column names."""
    return {_COLUMN_OF.get(k, k): v for k, v in values.items()}


def _ticket(row: dict | None) -> Ticket | None:
    if row is None:
        return None
    values = {_FIELD_OF.get(k, k): v for k, v in row.items()}
    values["extra"] = json.loads(values.get("extra") or "{}")
    return Ticket(**{k: values[k] for k in _TICKET_FIELDS if k in values})


def as_row(ticket: Ticket) -> dict[str, Any]:
    """The ticket's columns by name, in table order, ``extra`` decoded (plus community_name)."""
    values = {_COLUMN_OF.get(f, f): getattr(ticket, f) for f in _TICKET_FIELDS
              if f not in ("events", "summons", "links")}
    return values


def get(store: Store, ticket_id: int) -> Ticket | None:
    """One ticket with its community name (without history), or None."""
    return _ticket(store.row(_SELECT + " WHERE t.id = ?", (ticket_id,)))


def find_by_number(store: Store, ticket_no: str) -> Ticket | None:
    """The ticket with this city number (voided or not), or None."""
    return _ticket(store.row(_SELECT + " WHERE t.ticket_no = ?", (ticket_no,)))


def insert(store: Store, values: Mapping[str, Any], by: str) -> int:
    """Insert a ticket from its fields; returns its id."""
    store.require_transaction()
    row = columns(values)
    keys = [k for k in row if k in WRITABLE]
    now = now_text()
    cols = ", ".join([*keys, "created_at", "created_by", "updated_at"])
    marks = ", ".join("?" * (len(keys) + 3))
    return store.insert(f"INSERT INTO hotline_ticket ({cols}) VALUES ({marks})",
                        [row[k] for k in keys] + [now, by, now])


def update(store: Store, ticket_id: int, values: Mapping[str, Any]) -> None:
    """Update some fields of a ticket."""
    store.require_transaction()
    row = columns(values)
    keys = [k for k in row if k in WRITABLE]
    if not keys:
        return
    sets = ", ".join(f"{k} = ?" for k in keys)
    store.execute(f"UPDATE hotline_ticket SET {sets}, updated_at = ? WHERE id = ?",
                  [row[k] for k in keys] + [now_text(), ticket_id])


def void(store: Store, ticket_id: int, reason: str) -> None:
    """Void a ticket."""
    store.require_transaction()
    store.execute("UPDATE hotline_ticket SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, ticket_id))


def count_all(store: Store) -> int:
    """How many tickets exist (voided ones included)."""
    return int(store.scalar("SELECT count(*) FROM hotline_ticket"))


# -- history ----------------------------------------------------------------------------------
def add_event(store: Store, ticket_id: int, kind: str, by: str, detail: dict | None = None,
              from_state: str | None = None, to_state: str | None = None) -> int:
    """Append one history row."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO hotline_event (ticket_id, kind, from_status, to_status, detail, at,"
        " actor_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (ticket_id, kind, from_state, to_state,
         json.dumps(detail or {}, ensure_ascii=False, default=str), now_text(), by))


def events(store: Store, ticket_id: int) -> tuple[TicketEvent, ...]:
    """A ticket's history, oldest first."""
    return tuple(TicketEvent(r["id"], r["ticket_id"], r["kind"], r["from_status"],
                             r["to_status"], json.loads(r["detail"] or "{}"), r["at"],
                             r["actor_name"])
                 for r in store.rows("SELECT * FROM hotline_event WHERE ticket_id = ?"
                                     " ORDER BY id", (ticket_id,)))


def event_row(event: TicketEvent) -> dict[str, Any]:
    """The event's columns by name, ``detail`` as the JSON text it is stored as."""
    return {"id": event.id, "ticket_id": event.ticket_id, "kind": event.kind,
            "from_status": event.from_state, "to_status": event.to_state,
            "detail": json.dumps(event.detail, ensure_ascii=False), "at": event.at,
            "actor_name": event.actor_name}


# -- 吹哨 ---------------------------------------------------------------------------------------
def add_summons(store: Store, ticket_id: int, summoned_on: str, department: str, issue: str,
                by: str) -> int:
    """Record a 吹哨 (summons of a department)."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO hotline_summons (ticket_id, summoned_on, department, issue, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (ticket_id, summoned_on, department, issue, now_text(), by))


def get_summons(store: Store, summons_id: int) -> Summons | None:
    """One summons, or None."""
    row = store.row("SELECT * FROM hotline_summons WHERE id = ?", (summons_id,))
    return None if row is None else Summons(**row)


def set_summons_arrival(store: Store, summons_id: int, arrived_at: str, result: str) -> None:
    """Record the department's arrival (报到) and the result."""
    store.require_transaction()
    store.execute("UPDATE hotline_summons SET arrived_at = ?, result = ? WHERE id = ?",
                  (arrived_at, result, summons_id))


def summons(store: Store, ticket_id: int) -> tuple[Summons, ...]:
    """The summons of a ticket, oldest first."""
    return tuple(Summons(**r) for r in store.rows(
        "SELECT * FROM hotline_summons WHERE ticket_id = ? ORDER BY id", (ticket_id,)))


# -- links --------------------------------------------------------------------------------------
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


def get_link(store: Store, link_id: int) -> TicketLink | None:
    """One link (voided or not), or None."""
    row = store.row("SELECT * FROM hotline_link WHERE id = ?", (link_id,))
    return None if row is None else TicketLink(**row)


def void_link(store: Store, link_id: int, reason: str) -> None:
    """Void a link (it stays on record)."""
    store.require_transaction()
    store.execute("UPDATE hotline_link SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, link_id))


def links_of_ticket(store: Store, ticket_id: int) -> tuple[TicketLink, ...]:
    """Live (not voided) records linked to a ticket."""
    return tuple(TicketLink(**r) for r in store.rows(
        "SELECT * FROM hotline_link WHERE ticket_id = ? AND voided_at IS NULL ORDER BY id",
        (ticket_id,)))


def tickets_linked_to(store: Store, entity: str, entity_id: int) -> list[LinkedTicket]:
    """Live tickets linked to a record of another domain (the other side of the link)."""
    return [LinkedTicket(**r) for r in store.rows(
        "SELECT t.id, t.ticket_no, t.received_at, t.title, t.status AS state, t.community_id,"
        " l.note, l.origin, l.id AS link_id FROM hotline_link AS l"
        " JOIN hotline_ticket AS t ON t.id = l.ticket_id"
        " WHERE l.entity = ? AND l.entity_id = ? AND l.voided_at IS NULL"
        " AND t.voided_at IS NULL ORDER BY t.received_at", (entity, entity_id))]


# -- imports ------------------------------------------------------------------------------------
def insert_batch(store: Store, values: dict[str, Any]) -> int:
    """Record one import batch."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO hotline_batch (file_name, sha256, mapping_name, rows, created, updated,"
        " imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (values["file_name"], values["sha256"], values["mapping_name"], values["rows"],
         values["created"], values["updated"], now_text(), values["by"]))


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


# -- clocks and 三率 -----------------------------------------------------------------------------
def day_limit_open(store: Store, classes: Sequence[str], stopped: Sequence[str]) -> list[dict]:
    """Live tickets of ``classes`` whose feedback clock still runs (state not in
    ``stopped``), with what their feedback deadline is counted from."""
    return store.rows(
        "SELECT id, received_at, claim_class, extension_days, feedback_due FROM hotline_ticket"
        " WHERE voided_at IS NULL AND closed_at IS NULL"
        f" AND claim_class IN ({', '.join('?' * len(classes))})"
        f" AND status NOT IN ({', '.join('?' * len(stopped))}) ORDER BY id",
        [*classes, *stopped])


def set_feedback_due(store: Store, ticket_id: int, feedback_due: str) -> None:
    """Store a recomputed feedback deadline."""
    store.require_transaction()
    store.execute("UPDATE hotline_ticket SET feedback_due = ? WHERE id = ?",
                  (feedback_due, ticket_id))


def open_tickets(store: Store, community_id: int | None = None) -> list[DueTicket]:
    """Live tickets not yet closed (for clocks and the todo list), the next feedback first."""
    sql = ("SELECT id, ticket_no, title, status, received_at, dispatch_due, feedback_due,"
           " closed_at FROM hotline_ticket WHERE voided_at IS NULL"
           " AND closed_at IS NULL AND status NOT IN ('closed')")
    params: list[Any] = []
    if community_id is not None:
        sql += " AND community_id = ?"
        params.append(community_id)
    return [DueTicket(r["id"], r["ticket_no"], r["title"],
                      Timing(r["status"], r["received_at"], r["dispatch_due"],
                             r["feedback_due"], r["closed_at"]))
            for r in store.rows(sql + " ORDER BY feedback_due", params)]


def month_counts(store: Store, month: str) -> list[dict]:
    """The live tickets received in a month counted per community, with what 三率 needs
    (domains/hotline/rates.py): a ticket flagged 不纳入考核 is counted as ``excluded`` only;
    a valid visit is one of the others with an answer to either return-visit question."""
    return store.rows(
        "SELECT t.community_id, c.name AS community_name, c.sort_order,"
        " count(*) AS received, sum(t.closed_at IS NOT NULL) AS closed,"
        " sum(t.excluded) AS excluded, sum(t.valid) AS valid_visits,"
        " sum(t.valid AND t.visit_contacted) AS contacted,"
        " sum(t.valid AND t.visit_solved) AS solved,"
        " sum(t.valid AND t.visit_satisfaction = '满意') AS satisfied,"
        " sum(t.valid AND t.visit_satisfaction = '基本满意') AS basic"
        " FROM (SELECT community_id, closed_at, coalesce(excluded, 0) <> 0 AS excluded,"
        "       coalesce(excluded, 0) = 0 AND (visit_contacted IS NOT NULL"
        "         OR visit_satisfaction IS NOT NULL) AS valid,"
        "       coalesce(visit_contacted, 0) <> 0 AS visit_contacted,"
        "       coalesce(visit_solved, 0) <> 0 AS visit_solved, visit_satisfaction"
        "       FROM hotline_ticket WHERE voided_at IS NULL AND month = ?) AS t"
        " LEFT JOIN community AS c ON c.id = t.community_id"
        " GROUP BY t.community_id", (month,))


def hot_spots(store: Store, first_month: str, last_month: str, min_count: int,
              community_id: int | None = None, by_place: bool = True) -> list[HotSpot]:
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
    return [HotSpot(r["category"], r["place"], r["n"], r["first_at"], r["last_at"],
                    r["numbers"]) for r in store.rows(sql, [*params, min_count])]


# -- the list -----------------------------------------------------------------------------------
# The state labels of the rules, as SQL (a voided row says so, whatever its state).
_STATE_LABEL = (f"CASE WHEN t.voided_at IS NOT NULL THEN '{VOIDED_LABEL}' ELSE CASE t.status "
                + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in STATES.items())
                + " ELSE t.status END END")

COLUMNS = (
    Column("received_at", "受理时间", "t.received_at", sortable=True, width=16),
    Column("ticket_no", "工单编号", "t.ticket_no", filter="prefix", width=14),
    Column("state_label", "状态", _STATE_LABEL, width=6),
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
    Column("state", "状态代码", "t.status", filter="equals", width=6),
)
HIDDEN_COLUMNS = ("community_id", "month", "state")


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
        assert isinstance(clone, TicketListSource)
        return clone


def list_source(store: Store, community_id: int | None = None) -> ListSource:
    """The live tickets (optionally of one community)."""
    where, params = _LIVE, []
    if community_id is not None:
        where += " AND t.community_id = ?"
        params.append(community_id)
    return TicketListSource(store, "hotline_ticket", COLUMNS, base_where=where,
                            base_params=params, search_entity=ENTITY)


# -- a person's and an address's tickets (history) -----------------------------------------------
ADDRESS_FN = "jd_address_key"  # SQL function name registered for address matching
_DIGITS = "replace(replace(replace({}, ' ', ''), '-', ''), '+86', '')"


def person_where(columns: dict[str, str], phone: str, id_number: str, name: str,
                 ) -> tuple[str, list[Any]]:
    """OR of the given criteria over ``columns`` {criterion: SQL column} (phones compared on
    their digits)."""
    parts, params = [], []
    if phone and "phone" in columns:
        parts.append(_DIGITS.format(columns["phone"]) + " = ?")
        params.append(phone)
    if id_number and "id_number" in columns:
        parts.append(f"upper({columns['id_number']}) = ?")
        params.append(id_number)
    if name and "name" in columns:
        parts.append(f"{columns['name']} = ?")
        params.append(name)
    return " OR ".join(parts) or "0", params


def use_address_key(store: Store, key_fn: Callable[[str], str]) -> None:
    """Register ``key_fn`` (the address normalisation of ``history``) as ``ADDRESS_FN``."""
    store.conn.create_function(ADDRESS_FN, 1, lambda v: key_fn(v or ""), deterministic=True)


def address_match(column: str) -> str:
    """SQL: ``column`` is at the address ``:key`` (parameters ``key`` and ``min``)."""
    # Same place when one key contains the other; short keys ("3号楼") never match alone.
    return (f"(length({ADDRESS_FN}({column})) >= :min AND"
            f" (instr(:key, {ADDRESS_FN}({column})) > 0"
            f" OR instr({ADDRESS_FN}({column}), :key) > 0))")


_PERSON_TICKET = ("SELECT t.id, t.ticket_no, t.received_at, t.title, t.category,"
                  " t.status AS state, t.place, t.claimant_name, t.claimant_phone,"
                  " t.community_id, c.name AS community_name"
                  " FROM hotline_ticket AS t LEFT JOIN community AS c ON c.id = t.community_id"
                  " WHERE t.voided_at IS NULL")


def tickets_of_person(store: Store, phone: str, name: str,
                      community_id: int | None = None) -> list[dict]:
    """Live tickets whose caller has this phone (digits only) or this name."""
    where, params = person_where({"phone": "t.claimant_phone", "name": "t.claimant_name"},
                                 phone, "", name)
    sql = f"{_PERSON_TICKET} AND ({where})"
    if community_id is not None:
        sql += " AND t.community_id = ?"
        params = [*params, community_id]
    return store.rows(sql + " ORDER BY t.received_at DESC LIMIT 500", params)


def tickets_at(store: Store, key: str, key_fn: Callable[[str], str], min_len: int,
               community_id: int | None = None) -> list[dict]:
    """Live tickets whose place matches the normalised address ``key``."""
    use_address_key(store, key_fn)
    sql = f"{_PERSON_TICKET} AND {address_match('t.place')}"
    params: dict[str, Any] = {"key": key, "min": min_len}
    if community_id is not None:
        sql += " AND t.community_id = :cid"
        params["cid"] = community_id
    return store.rows(sql + " ORDER BY t.received_at DESC LIMIT 500", params)
