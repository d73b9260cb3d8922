# SPDX-License-Identifier: MIT
"""SQL of the enforcement domain: cases, parties, records (events), state history, the
discretion choices and publication records, search text and statistics.

Rows become the dataclasses of ``model``; the column names stay as they are in the database
(``status`` is the case's ``state``, ``case_no`` its ``case_number``) and are mapped here, in
both directions (``case_columns`` gives the ``--json`` output its column names back).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields

from jiedao_desk.base.errors import NotFound
from jiedao_desk.base.transition import Transition
from jiedao_desk.domains.enforcement.model import (
    Case,
    Discretion,
    EarlierCase,
    Event,
    Officer,
    Party,
    Publication,
    case_label,
)
from jiedao_desk.store import Store, now_text

# How the documents list names a case: its number (a lead has none yet) and its parties
# (core/spec.py record_labels).
RECORD_LABEL_SQL = (
    "(SELECT COALESCE(c.case_no, '线索 ' || c.id) || COALESCE('（' || (SELECT"
    " group_concat(p.name, '、') FROM enforcement_party AS p WHERE p.case_id = c.id) || '）', '')"
    " FROM enforcement_case AS c WHERE c.id = {id})")

# Model field → column, where the names differ.
_COLUMN = {"state": "status", "case_number": "case_no"}
_FIELD = {c: f for f, c in _COLUMN.items()}
_CASE_DATES = ("found_on", "act_on", "act_ended_on", "filed_on", "decided_on", "served_on",
               "paid_on", "closed_on")
# Fields a core function may update on a case (names are never taken from user input).
CASE_FIELDS = frozenset({
    "state", "place", "description", "act_on", "act_ended_on", "serious_harm",
    "power_version_id", "power_item_id", "power_text", "filed_on", "filed_approved_by",
    "not_opened_reason", "decided_on", "fine_fen", "decision_text", "paper_number", "served_on",
    "paid_on", "paid_fen", "closed_on", "closed_approved_by", "archive_no", "retention",
    "procedure", "voided_at", "void_reason", "case_number", "case_no_year", "case_no_serial",
    "publish_required", "publish_note", "violated_provision", "penalty_provision"})


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _required_day(value: str) -> dt.date:
    """A NOT NULL date column."""
    return dt.date.fromisoformat(value)


def _value(value: object) -> object:
    """A model value as stored: dates as ISO text, booleans as 0/1."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _case(row: dict) -> Case:
    values = {_FIELD.get(k, k): v for k, v in row.items()}
    for k in _CASE_DATES:
        values[k] = _day(values[k])
    values["serious_harm"] = bool(values["serious_harm"])
    if values["publish_required"] is not None:
        values["publish_required"] = bool(values["publish_required"])
    return Case(**values)


def case_columns(case: Case) -> dict:
    """The case as its database row (column names and stored values), for ``--json``."""
    return {_COLUMN.get(f.name, f.name): _value(getattr(case, f.name)) for f in fields(Case)}


# -- cases ------------------------------------------------------------------------------------
def insert_case(store: Store, values: dict, by: str) -> int:
    """Insert a case (model field names); returns its id."""
    store.require_transaction()
    row = {_COLUMN.get(k, k): _value(v) for k, v in values.items()}
    row.update(created_by=by, created_at=now_text())
    names = sorted(row)
    return store.insert(
        f"INSERT INTO enforcement_case ({', '.join(names)}) "
        f"VALUES ({', '.join('?' for _ in names)})", [row[n] for n in names])


def update_case(store: Store, case_id: int, **values) -> None:
    """Update whitelisted fields of a case (model field names)."""
    store.require_transaction()
    bad = set(values) - CASE_FIELDS
    if bad:
        raise KeyError(sorted(bad))
    names = sorted(values)
    store.execute("UPDATE enforcement_case SET "
                  f"{', '.join(f'{_COLUMN.get(n, n)} = ?' for n in names)} WHERE id = ?",
                  [_value(values[n]) for n in names] + [case_id])


def get_case(store: Store, case_id: int) -> Case | None:
    """One case, or None."""
    row = store.row("SELECT * FROM enforcement_case WHERE id = ?", (case_id,))
    return None if row is None else _case(row)


def read_case(store: Store, case_id: int) -> Case:
    """A case known to exist (its id was just read or written)."""
    case = get_case(store, case_id)
    if case is None:
        raise NotFound(f"没有编号为 {case_id} 的执法案件。")
    return case


def list_cases(store: Store, state: str | None = None,
               include_void: bool = False) -> list[Case]:
    """Cases, newest first (optionally in one state)."""
    sql, params = "SELECT * FROM enforcement_case WHERE 1=1", []
    if state:
        sql += " AND status = ?"
        params.append(state)
    if not include_void:
        sql += " AND voided_at IS NULL"
    return [_case(r) for r in store.rows(sql + " ORDER BY id DESC", params)]


def add_history(store: Store, case_id: int, old: str | None, new: str, by: str,
                reason: str = "") -> None:
    """Record a state change (who/when/why)."""
    store.require_transaction()
    store.execute("INSERT INTO enforcement_status_history (case_id, from_status, to_status, "
                  "changed_at, changed_by, reason) VALUES (?, ?, ?, ?, ?, ?)",
                  (case_id, old, new, now_text(), by, reason))


def history(store: Store, case_id: int) -> list[Transition]:
    """State changes of a case, oldest first."""
    return [Transition(r["from_status"], r["to_status"], r["changed_at"], r["changed_by"],
                       r["reason"]) for r in store.rows(
        "SELECT * FROM enforcement_status_history WHERE case_id = ? ORDER BY id", (case_id,))]


def last_case_serial(store: Store, year: int) -> int:
    """The highest case-number serial of ``year`` (void cases included; 0 if none)."""
    return int(store.scalar("SELECT MAX(case_no_serial) FROM enforcement_case WHERE "
                            "case_no_year = ?", (year,)) or 0)


def case_number_used(store: Store, case_number: str) -> bool:
    """Whether any case (void ones included) already carries this case number."""
    return store.scalar("SELECT 1 FROM enforcement_case WHERE case_no = ?",
                        (case_number,)) is not None


def next_archive_serial(store: Store, year: int) -> int:
    """The next 4-digit archive serial of ``year`` (归档号 = year + serial)."""
    last = store.scalar("SELECT MAX(CAST(substr(archive_no, 5) AS INTEGER)) FROM "
                        "enforcement_case WHERE archive_no LIKE ?", (f"{year}____",))
    return int(last or 0) + 1


def case_with_paper_number(store: Store, number: str) -> int | None:
    """The live case that already recorded this pre-printed decision number, if any."""
    return store.scalar("SELECT id FROM enforcement_case WHERE paper_number = ? AND "
                        "voided_at IS NULL", (number,))


# -- parties ----------------------------------------------------------------------------------
def insert_party(store: Store, case_id: int, values: dict) -> int:
    """Add a party to a case; returns its id."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO enforcement_party (case_id, kind, name, id_number, legal_rep, address, "
        "phone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, values["kind"], values["name"], values["id_number"], values["legal_rep"],
         values["address"], values["phone"], now_text()))


def parties(store: Store, case_id: int) -> list[Party]:
    """Parties of a case, in the order registered."""
    return [Party(**r) for r in store.rows(
        "SELECT * FROM enforcement_party WHERE case_id = ? ORDER BY id", (case_id,))]


def earlier_cases_of(store: Store, case_id: int, id_number: str,
                     address: str) -> list[EarlierCase]:
    """Other live cases with a party of the same ID/USCC or the same address."""
    rows = store.rows(
        "SELECT DISTINCT c.id, c.case_no, c.status, c.found_on, c.power_text, p.name, "
        "p.id_number, p.address FROM enforcement_party p "
        "JOIN enforcement_case c ON c.id = p.case_id "
        "WHERE c.id != ? AND c.voided_at IS NULL AND ((? != '' AND p.id_number = ?) "
        "OR (? != '' AND p.address = ?)) ORDER BY c.id",
        (case_id, id_number, id_number, address, address))
    return [EarlierCase(r["id"], r["case_no"], r["status"], _required_day(r["found_on"]),
                        r["power_text"], r["name"], r["id_number"], r["address"])
            for r in rows]


def earlier_case_columns(e: EarlierCase) -> dict:
    """An earlier case as the query's row (column names), for ``--json``."""
    return {"id": e.id, "case_no": e.case_number, "status": e.state,
            "found_on": e.found_on.isoformat(), "power_text": e.power_text, "name": e.name,
            "id_number": e.id_number, "address": e.address}


# -- records (events) -------------------------------------------------------------------------
def insert_event(store: Store, case_id: int, kind: str, day: dt.date, by: str,
                 officers: tuple[Officer, ...] = (), details: dict | None = None,
                 attachment_id: int | None = None) -> int:
    """Add a record (笔录, review, notice, service …) to a case; returns its id (its
    ``document_id`` column stays empty: records point at documents through ``details``)."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO enforcement_event (case_id, kind, day, officers, details, document_id, "
        "attachment_id, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, kind, day.isoformat(), json.dumps(officer_rows(officers), ensure_ascii=False),
         json.dumps(details or {}, ensure_ascii=False), None, attachment_id, by,
         now_text()))


def officer_rows(officers: tuple[Officer, ...]) -> list[dict]:
    """Officers as kept in a record's JSON (and in its audit row)."""
    return [{"name": o.name, "cert_no": o.cert_no} for o in officers]


def _event(r: dict) -> Event:
    return Event(r["id"], r["case_id"], r["kind"], _required_day(r["day"]),
                 tuple(Officer(o["name"], o["cert_no"]) for o in json.loads(r["officers"])),
                 json.loads(r["details"]), r["document_id"], r["attachment_id"],
                 r["recorded_by"], r["created_at"], r["voided_at"], r["void_reason"])


def events(store: Store, case_id: int, kind: str | None = None) -> list[Event]:
    """Live records of a case in date order (optionally of one kind)."""
    sql = "SELECT * FROM enforcement_event WHERE case_id = ? AND voided_at IS NULL"
    params: list = [case_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [_event(r) for r in store.rows(sql + " ORDER BY day, id", params)]


def events_by_case(store: Store) -> dict[int, list[Event]]:
    """Live records of every case in one query, each case's in date order (for figures over
    all cases: one query instead of one per case)."""
    out: dict[int, list[Event]] = {}
    for r in store.rows("SELECT * FROM enforcement_event WHERE voided_at IS NULL"
                        " ORDER BY case_id, day, id"):
        out.setdefault(r["case_id"], []).append(_event(r))
    return out


def void_event(store: Store, event_id: int, reason: str) -> None:
    """Void one record with a reason."""
    store.require_transaction()
    store.execute("UPDATE enforcement_event SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, event_id))


def voided_attachment_ids(store: Store, case_id: int) -> set[int]:
    """Attachments of a case whose evidence record was voided (left out of the dossier)."""
    return {r["attachment_id"] for r in store.rows(
        "SELECT attachment_id FROM enforcement_event WHERE case_id = ? AND voided_at IS NOT "
        "NULL AND attachment_id IS NOT NULL", (case_id,))}


# -- discretion (裁量) ------------------------------------------------------------------------
_DISCRETION_COLS = ("standard_version_id", "standard_label", "tier_code", "tier", "tier_text",
                    "fine_min_fen", "fine_max_fen", "reasons", "chosen_on")


def insert_discretion(store: Store, case_id: int, values: dict, by: str) -> int:
    """Record a discretion choice, voiding the case's previous live one; returns its id."""
    store.require_transaction()
    store.execute("UPDATE enforcement_discretion SET voided_at = ?, void_reason = ? "
                  "WHERE case_id = ? AND voided_at IS NULL", (now_text(), "重新选择裁量", case_id))
    return store.insert(
        f"INSERT INTO enforcement_discretion (case_id, {', '.join(_DISCRETION_COLS)}, "
        f"chosen_by, created_at) VALUES (?, {', '.join('?' for _ in _DISCRETION_COLS)}, ?, ?)",
        [case_id, *[_value(values.get(c)) for c in _DISCRETION_COLS], by, now_text()])


def current_discretion(store: Store, case_id: int) -> Discretion | None:
    """The live discretion choice of a case, or None."""
    r = store.row("SELECT * FROM enforcement_discretion WHERE case_id = ? AND voided_at IS "
                  "NULL ORDER BY id DESC LIMIT 1", (case_id,))
    if r is None:
        return None
    return Discretion(id=r["id"], case_id=r["case_id"],
                      **{c: r[c] for c in _DISCRETION_COLS[:-1]},
                      chosen_on=_required_day(r["chosen_on"]), chosen_by=r["chosen_by"])


# -- publication (公示) -----------------------------------------------------------------------
def insert_publication(store: Store, case_id: int, document_id: int | None,
                       published_on: dt.date, channel: str, reference: str, by: str) -> int:
    """Record that a decision was published; returns the record id."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO enforcement_publication (case_id, document_id, published_on, channel, "
        "reference, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, document_id, published_on.isoformat(), channel, reference, by, now_text()))


def withdraw_publication(store: Store, publication_id: int, day: dt.date, reason: str) -> None:
    """Record the withdrawal (撤回) of a publication."""
    store.require_transaction()
    store.execute("UPDATE enforcement_publication SET withdrawn_on = ?, withdraw_reason = ? "
                  "WHERE id = ?", (day.isoformat(), reason, publication_id))


def publications(store: Store, case_id: int) -> list[Publication]:
    """Live publication records of a case, oldest first."""
    return [Publication(r["id"], r["case_id"], r["document_id"], _required_day(r["published_on"]),
                        r["channel"], r["reference"], _day(r["withdrawn_on"]),
                        r["withdraw_reason"], r["recorded_by"], r["created_at"])
            for r in store.rows("SELECT * FROM enforcement_publication WHERE case_id = ? AND "
                                "voided_at IS NULL ORDER BY published_on, id", (case_id,))]


def publications_by_case(store: Store) -> dict[int, list[Publication]]:
    """Live publication records of every case in one query, each case's oldest first."""
    out: dict[int, list[Publication]] = {}
    for r in store.rows("SELECT * FROM enforcement_publication WHERE voided_at IS NULL"
                        " ORDER BY case_id, published_on, id"):
        out.setdefault(r["case_id"], []).append(Publication(
            r["id"], r["case_id"], r["document_id"], _required_day(r["published_on"]),
            r["channel"], r["reference"], _day(r["withdrawn_on"]), r["withdraw_reason"],
            r["recorded_by"], r["created_at"]))
    return out


def void_publication(store: Store, publication_id: int, reason: str) -> None:
    """Void a publication record entered by mistake (kept, never deleted)."""
    store.require_transaction()
    store.execute("UPDATE enforcement_publication SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, publication_id))


# -- global search ----------------------------------------------------------------------------
# The global-search text of a case: case number (a lead's number "线索第7号" before 立案, as
# model.case_label names it, so the number people read finds it), archive / paper numbers,
# party names, place and description. Party ID numbers are left out (store/search.py: no
# private numbers). The schema steps that (re)indexed the cases already registered (m012, and
# m029 for the leads) read these two names too.
SEARCH_SQL = (
    "SELECT c.id, c.case_no, c.archive_no, c.paper_number, c.place, c.description, "
    "(SELECT group_concat(p.name, ' ') FROM enforcement_party p WHERE p.case_id = c.id) "
    "AS names, c.voided_at FROM enforcement_case c")


def search_text(row: dict) -> str:
    """The indexed text of one ``SEARCH_SQL`` row."""
    parts = (f"执法案件 {case_label(row['case_no'], row['id'])}", row["archive_no"],
             row["paper_number"], row["names"], row["place"], row["description"])
    return " ".join(str(p) for p in parts if p)


def case_search_row(store: Store, case_id: int) -> dict | None:
    """The ``SEARCH_SQL`` row of one case (None if there is no such case)."""
    return store.row(SEARCH_SQL + " WHERE c.id = ?", (case_id,))


# -- statistics -------------------------------------------------------------------------------
def counts_found(store: Store, date_from: str, date_to: str) -> list[dict]:
    """Live cases found in [date_from, date_to] counted per (source, power_text, status)."""
    return store.rows(
        "SELECT source, power_text, status, COUNT(*) AS n FROM enforcement_case"
        " WHERE voided_at IS NULL AND found_on BETWEEN ? AND ?"
        " GROUP BY source, power_text, status", (date_from, date_to))


def fine_totals(store: Store, date_from: str, date_to: str) -> tuple[int, int]:
    """(fines decided by decision date, fines collected by payment date) in the window, in
    fen."""
    row = store.row(  # one pass over the cases for both sums
        "SELECT COALESCE(SUM(CASE WHEN decided_on BETWEEN :a AND :b THEN fine_fen END), 0)"
        " AS decided, COALESCE(SUM(CASE WHEN paid_on BETWEEN :a AND :b THEN paid_fen END), 0)"
        " AS paid FROM enforcement_case WHERE voided_at IS NULL"
        " AND (decided_on BETWEEN :a AND :b OR paid_on BETWEEN :a AND :b)",
        {"a": date_from, "b": date_to})
    assert row is not None  # an aggregate always gives one row
    return int(row["decided"]), int(row["paid"])
