# SPDX-License-Identifier: MIT
"""SQL of the enforcement domain: cases, parties, events, status history, statistics."""

from __future__ import annotations

import json

from jiedao_desk.store import Store, now_text

# Columns a core function may update on a case (names are never taken from user input).
CASE_COLUMNS = frozenset({
    "status", "place", "description", "act_on", "act_ended_on", "serious_harm",
    "power_version_id", "power_item_id", "power_text", "filed_on", "filed_approved_by",
    "not_opened_reason", "decided_on", "fine_fen", "decision_text", "paper_number", "served_on",
    "paid_on", "paid_fen", "closed_on", "closed_approved_by", "archive_no", "retention",
    "procedure", "voided_at", "void_reason", "case_no", "case_no_year", "case_no_serial"})


def insert_case(store: Store, row: dict, by: str) -> int:
    """Insert a case row; returns its id."""
    store.require_transaction()
    row = {**row, "created_by": by, "created_at": now_text()}
    names = sorted(row)
    cur = store.execute(
        f"INSERT INTO enforcement_case ({', '.join(names)}) "
        f"VALUES ({', '.join('?' for _ in names)})", [row[n] for n in names])
    return int(cur.lastrowid)


def update_case(store: Store, case_id: int, **fields) -> None:
    """Update whitelisted columns of a case."""
    store.require_transaction()
    bad = set(fields) - CASE_COLUMNS
    if bad:
        raise KeyError(sorted(bad))
    names = sorted(fields)
    store.execute(f"UPDATE enforcement_case SET {', '.join(f'{n} = ?' for n in names)} "
                  "WHERE id = ?", [fields[n] for n in names] + [case_id])


def get_case(store: Store, case_id: int) -> dict | None:
    """One case row, or None."""
    return store.row("SELECT * FROM enforcement_case WHERE id = ?", (case_id,))


def list_cases(store: Store, status: str | None = None, include_void: bool = False) -> list[dict]:
    """Case rows, newest first (optionally one status)."""
    sql, params = "SELECT * FROM enforcement_case WHERE 1=1", []
    if status:
        sql += " AND status = ?"
        params.append(status)
    if not include_void:
        sql += " AND voided_at IS NULL"
    return store.rows(sql + " ORDER BY id DESC", params)


def add_history(store: Store, case_id: int, old: str | None, new: str, by: str,
                reason: str = "") -> None:
    """Record a status change (who/when/why)."""
    store.require_transaction()
    store.execute("INSERT INTO enforcement_status_history (case_id, from_status, to_status, "
                  "changed_at, changed_by, reason) VALUES (?, ?, ?, ?, ?, ?)",
                  (case_id, old, new, now_text(), by, reason))


def history(store: Store, case_id: int) -> list[dict]:
    """Status changes of a case, oldest first."""
    return store.rows("SELECT * FROM enforcement_status_history WHERE case_id = ? ORDER BY id",
                      (case_id,))


def insert_party(store: Store, case_id: int, row: dict) -> int:
    """Add a party to a case; returns its id."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO enforcement_party (case_id, kind, name, id_number, legal_rep, address, "
        "phone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, row["kind"], row["name"], row["id_number"], row["legal_rep"],
         row["address"], row["phone"], now_text()))
    return int(cur.lastrowid)


def parties(store: Store, case_id: int) -> list[dict]:
    """Parties of a case."""
    return store.rows("SELECT * FROM enforcement_party WHERE case_id = ? ORDER BY id", (case_id,))


def last_case_serial(store: Store, year: int) -> int:
    """The highest case-number serial of ``year`` (void cases included; 0 if none)."""
    return int(store.scalar("SELECT MAX(case_no_serial) FROM enforcement_case WHERE "
                            "case_no_year = ?", (year,)) or 0)


def case_no_used(store: Store, case_no: str) -> bool:
    """Whether any case (void ones included) already carries this case number."""
    return store.scalar("SELECT 1 FROM enforcement_case WHERE case_no = ?",
                        (case_no,)) is not None


def earlier_cases_of(store: Store, case_id: int, id_number: str, address: str) -> list[dict]:
    """Other non-void cases with a party of the same ID/USCC or the same address."""
    return store.rows(
        "SELECT DISTINCT c.id, c.case_no, c.status, c.found_on, c.power_text, p.name, "
        "p.id_number, p.address FROM enforcement_party p "
        "JOIN enforcement_case c ON c.id = p.case_id "
        "WHERE c.id != ? AND c.voided_at IS NULL AND ((? != '' AND p.id_number = ?) "
        "OR (? != '' AND p.address = ?)) ORDER BY c.id",
        (case_id, id_number, id_number, address, address))


def insert_event(store: Store, case_id: int, kind: str, day: str, by: str,
                 officers: list | None = None, details: dict | None = None,
                 document_id: int | None = None, attachment_id: int | None = None) -> int:
    """Add an event (record, review, notice, service …) to a case; returns its id."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO enforcement_event (case_id, kind, day, officers, details, document_id, "
        "attachment_id, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, kind, day, json.dumps(officers or [], ensure_ascii=False),
         json.dumps(details or {}, ensure_ascii=False), document_id, attachment_id, by,
         now_text()))
    return int(cur.lastrowid)


def events(store: Store, case_id: int, kind: str | None = None) -> list[dict]:
    """Non-void events of a case in date order (officers/details decoded)."""
    sql = "SELECT * FROM enforcement_event WHERE case_id = ? AND voided_at IS NULL"
    params: list = [case_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    rows = store.rows(sql + " ORDER BY day, id", params)
    for r in rows:
        r["officers"] = json.loads(r["officers"])
        r["details"] = json.loads(r["details"])
    return rows


def void_event(store: Store, event_id: int, reason: str) -> None:
    """Void one event with a reason."""
    store.require_transaction()
    store.execute("UPDATE enforcement_event SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, event_id))


def voided_attachment_ids(store: Store, case_id: int) -> set[int]:
    """Attachments of a case whose evidence record was voided (left out of the dossier)."""
    return {r["attachment_id"] for r in store.rows(
        "SELECT attachment_id FROM enforcement_event WHERE case_id = ? AND voided_at IS NOT "
        "NULL AND attachment_id IS NOT NULL", (case_id,))}


# The global-search text of a case: case number ("（线索）#id" before 立案), archive / paper
# numbers, party names, place and description. Party ID numbers are left out
# (store/search.py: no private numbers).
SEARCH_SQL = (
    "SELECT c.id, c.case_no, c.archive_no, c.paper_number, c.place, c.description, "
    "(SELECT group_concat(p.name, ' ') FROM enforcement_party p WHERE p.case_id = c.id) "
    "AS names, c.voided_at FROM enforcement_case c")


def search_text(row: dict) -> str:
    """The indexed text of one ``SEARCH_SQL`` row."""
    label = row["case_no"] or f"（线索）#{row['id']}"
    parts = (f"执法案件 {label}", row["archive_no"], row["paper_number"], row["names"],
             row["place"], row["description"])
    return " ".join(str(p) for p in parts if p)


def case_search_row(store: Store, case_id: int) -> dict | None:
    """The ``SEARCH_SQL`` row of one case (None if there is no such case)."""
    return store.row(SEARCH_SQL + " WHERE c.id = ?", (case_id,))


def count_by(store: Store, column: str, date_from: str, date_to: str) -> list[dict]:
    """Non-void cases found in [date_from, date_to] grouped by source, power_text or status."""
    if column not in ("source", "power_text", "status"):
        raise KeyError(column)
    return store.rows(
        f"SELECT {column} AS key, COUNT(*) AS n FROM enforcement_case WHERE voided_at IS NULL "
        f"AND found_on BETWEEN ? AND ? GROUP BY {column} ORDER BY n DESC, key",
        (date_from, date_to))


def fine_totals(store: Store, date_from: str, date_to: str) -> dict:
    """Fines decided (by decision date) and collected (by payment date) in the window, in fen."""
    decided = store.scalar("SELECT COALESCE(SUM(fine_fen), 0) FROM enforcement_case WHERE "
                           "voided_at IS NULL AND decided_on BETWEEN ? AND ?",
                           (date_from, date_to))
    paid = store.scalar("SELECT COALESCE(SUM(paid_fen), 0) FROM enforcement_case WHERE "
                        "voided_at IS NULL AND paid_on BETWEEN ? AND ?", (date_from, date_to))
    return {"decided_fen": int(decided), "collected_fen": int(paid)}


def next_archive_serial(store: Store, year: int) -> int:
    """The next 4-digit archive serial of ``year`` (归档号 = year + serial)."""
    last = store.scalar("SELECT MAX(CAST(substr(archive_no, 5) AS INTEGER)) FROM "
                        "enforcement_case WHERE archive_no LIKE ?", (f"{year}____",))
    return int(last or 0) + 1


def case_with_paper_number(store: Store, number: str) -> int | None:
    """The live case that already recorded this pre-printed decision number, if any."""
    return store.scalar("SELECT id FROM enforcement_case WHERE paper_number = ? AND "
                        "voided_at IS NULL", (number,))
