# SPDX-License-Identifier: MIT
"""People's mediation (人民调解) tables: cases, parties, work records, state history.

Rows are never deleted; a case or a record is voided with a reason.
"""

from __future__ import annotations

from typing import Any

from jiedao_desk.base.errors import NotFound
from jiedao_desk.domains.mediation.rules import ENTITY, STATES
from jiedao_desk.store import Store, now_text
from jiedao_desk.store.lists import Column, ListSource

# How the documents list names a case: its number and its parties (core/spec.py record_labels).
RECORD_LABEL_SQL = (
    "(SELECT c.case_number || COALESCE('（' || (SELECT group_concat(p.name, '、')"
    " FROM mediation_party AS p WHERE p.case_id = c.id) || '）', '')"
    " FROM mediation_case AS c WHERE c.id = {id})")

CASE_FIELDS = ("case_number", "year", "serial", "committee_key", "level", "community_id",
               "source", "application_form", "referred_by", "dispute_type",
               "dispute_type_version_id", "summary", "claims", "received_on", "state")
PARTY_FIELDS = ("role", "kind", "name", "gender", "ethnicity", "birth_date", "id_number",
                "credit_code", "representative", "occupation", "phone", "address",
                "agent_name", "agent_phone", "agent_authority")
UPDATABLE = frozenset((
    "state", "accepted_on", "refusal_reason", "refusal_route", "mediators",
    "rights_notified_on", "rights_notice_manner", "outcome", "outcome_on", "agreement_number",
    "facts", "terms", "performance", "effective_on", "amount_fen", "termination_reason",
    "routes_told", "jc_applied_on", "jc_court", "jc_result", "jc_result_on", "jc_note",
    "closed_on", "archived_on", "case_number", "year", "serial", "committee_key", "level",
    "community_id", "voided_at", "void_reason", "summary", "claims", "dispute_type",
    "dispute_type_version_id", "referred_by"))


def max_serial(store: Store, committee_key: str, year: int) -> int:
    """Highest serial used by a committee in a year (voided cases keep theirs)."""
    return int(store.scalar("SELECT COALESCE(MAX(serial), 0) FROM mediation_number"
                            " WHERE committee_key = ? AND year = ?", (committee_key, year)))


def take_number(store: Store, committee_key: str, year: int, serial: int, case_id: int,
                case_number: str) -> None:
    """Record a case number as taken (primary key refuses a duplicate)."""
    store.require_transaction()
    store.execute("INSERT INTO mediation_number (committee_key, year, serial, case_id,"
                  " case_number) VALUES (?, ?, ?, ?, ?)",
                  (committee_key, year, serial, case_id, case_number))


def insert_case(store: Store, values: dict[str, Any], by: str) -> int:
    """Insert a case (keys: ``CASE_FIELDS``); return its id."""
    store.require_transaction()
    now = now_text()
    return store.insert(
        f"INSERT INTO mediation_case ({', '.join(CASE_FIELDS)}, created_at, created_by,"
        f" updated_at) VALUES ({', '.join('?' * len(CASE_FIELDS))}, ?, ?, ?)",
        [values[f] for f in CASE_FIELDS] + [now, by, now])


def update_case(store: Store, case_id: int, **fields: Any) -> None:
    """Update whitelisted columns of a case."""
    store.require_transaction()
    bad = set(fields) - UPDATABLE
    if bad:
        raise KeyError(sorted(bad))
    cols = ", ".join(f"{k} = ?" for k in fields)
    store.execute(f"UPDATE mediation_case SET {cols}, updated_at = ? WHERE id = ?",
                  [*fields.values(), now_text(), case_id])


def get_case(store: Store, case_id: int) -> dict | None:
    """One case row with its community name, or None."""
    return store.row("SELECT t.*, c.name AS community_name FROM mediation_case AS t"
                     " LEFT JOIN community AS c ON c.id = t.community_id WHERE t.id = ?",
                     (case_id,))


def insert_party(store: Store, case_id: int, seq: int, values: dict[str, Any]) -> int:
    """Insert one party of a case."""
    store.require_transaction()
    return store.insert(
        f"INSERT INTO mediation_party (case_id, seq, {', '.join(PARTY_FIELDS)})"
        f" VALUES (?, ?, {', '.join('?' * len(PARTY_FIELDS))})",
        [case_id, seq] + [values[f] for f in PARTY_FIELDS])


def update_party(store: Store, party_id: int, values: dict[str, Any]) -> None:
    """Update the particulars of one party (keys: ``PARTY_FIELDS``)."""
    store.require_transaction()
    bad = set(values) - set(PARTY_FIELDS)
    if bad:
        raise KeyError(sorted(bad))
    cols = ", ".join(f"{k} = ?" for k in values)
    store.execute(f"UPDATE mediation_party SET {cols} WHERE id = ?", [*values.values(), party_id])


def parties(store: Store, case_id: int) -> list[dict]:
    """The parties of a case in order."""
    return store.rows("SELECT * FROM mediation_party WHERE case_id = ? ORDER BY seq, id",
                      (case_id,))


def insert_event(store: Store, case_id: int, kind: str, on_date: str, detail: str,
                 by: str) -> int:
    """Record one work record (investigation, session, risk, follow_up)."""
    store.require_transaction()
    return store.insert("INSERT INTO mediation_event (case_id, kind, on_date, detail,"
                       " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                       (case_id, kind, on_date, detail, now_text(), by))


def get_event(store: Store, event_id: int) -> dict | None:
    """One work record (live or voided), or None."""
    return store.row("SELECT * FROM mediation_event WHERE id = ?", (event_id,))


def update_event(store: Store, event_id: int, on_date: str, detail: str) -> None:
    """Replace the date and content of a work record (the old values go to the audit log)."""
    store.require_transaction()
    store.execute("UPDATE mediation_event SET on_date = ?, detail = ? WHERE id = ?",
                  (on_date, detail, event_id))


def void_event(store: Store, event_id: int, reason: str) -> None:
    """Void a work record with a reason (it stays in the table)."""
    store.require_transaction()
    store.execute("UPDATE mediation_event SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, event_id))


def events(store: Store, case_id: int, kind: str | None = None) -> list[dict]:
    """Live work records of a case, oldest first (optionally of one kind)."""
    sql = "SELECT * FROM mediation_event WHERE case_id = ? AND voided_at IS NULL"
    params: list[Any] = [case_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return store.rows(sql + " ORDER BY on_date, id", params)


def add_transition(store: Store, case_id: int, from_state: str | None, to_state: str,
                   actor_name: str, reason: str = "") -> None:
    """Append one state change to the history."""
    store.require_transaction()
    store.execute("INSERT INTO mediation_transition (case_id, from_state, to_state, at,"
                  " actor_name, reason) VALUES (?, ?, ?, ?, ?, ?)",
                  (case_id, from_state, to_state, now_text(), actor_name, reason))


def transitions(store: Store, case_id: int) -> list[dict]:
    """The history of a case, oldest first."""
    return store.rows("SELECT * FROM mediation_transition WHERE case_id = ? ORDER BY id",
                      (case_id,))


def open_cases(store: Store) -> list[dict]:
    """Live cases not yet archived or refused (for the todo list)."""
    return store.rows("SELECT * FROM mediation_case WHERE voided_at IS NULL"
                      " AND state NOT IN ('refused','archived') ORDER BY id")


def cases_received(store: Store, first: str, last: str,
                   committee_key: str | None = None) -> list[dict]:
    """Live cases received between two ISO dates (inclusive), optionally of one committee."""
    sql = ("SELECT * FROM mediation_case WHERE voided_at IS NULL"
           " AND received_on BETWEEN ? AND ?")
    params: list[Any] = [first, last]
    if committee_key:
        sql += " AND committee_key = ?"
        params.append(committee_key)
    return store.rows(sql + " ORDER BY id", params)


def cases_by_date(store: Store, column: str, first: str, last: str,
                  committee_key: str | None = None) -> list[dict]:
    """Live cases whose date ``column`` (a fixed column name) falls in a range, with what
    the monthly figures count (domains/mediation/stats.py)."""
    if column not in ("outcome_on", "jc_applied_on", "jc_result_on", "accepted_on"):
        raise KeyError(column)
    sql = ("SELECT id, committee_key, dispute_type, source, outcome, amount_fen, jc_result"
           f" FROM mediation_case WHERE voided_at IS NULL AND {column} BETWEEN ? AND ?")
    params: list[Any] = [first, last]
    if committee_key:
        sql += " AND committee_key = ?"
        params.append(committee_key)
    return store.rows(sql + " ORDER BY id", params)


def events_between(store: Store, kind: str, first: str, last: str) -> list[dict]:
    """Live work records of one kind dated in a range, with the case's committee key."""
    return store.rows("SELECT e.*, c.committee_key FROM mediation_event AS e"
                      " JOIN mediation_case AS c ON c.id = e.case_id"
                      " WHERE e.voided_at IS NULL AND c.voided_at IS NULL AND e.kind = ?"
                      " AND e.on_date BETWEEN ? AND ? ORDER BY e.id", (kind, first, last))


# -- list screen ---------------------------------------------------------------------------
_STATE_SQL = "CASE WHEN t.voided_at IS NOT NULL THEN 'voided' ELSE t.state END"
_STATE_TEXT = "CASE " + " ".join(
    f"WHEN {_STATE_SQL} = '{k}' THEN '{v}'" for k, v in STATES.items()) + " END"
_COMMITTEE = ("CASE WHEN t.level = 'street' THEN '街道调委会' ELSE"
              " (SELECT c.name FROM community AS c WHERE c.id = t.community_id) || '调委会' END")
# Parties as "name、name" with ID numbers never shown in the list (masked screens only).
_PARTIES = ("(SELECT group_concat(p.name, '、') FROM mediation_party AS p"
            " WHERE p.case_id = t.id)")

_NUMBER = "CASE WHEN p.id_number <> '' THEN p.id_number ELSE p.credit_code END"
# Keep the first 6 and last 4 characters, as model.mask_id does.
_MASKED = (f"CASE WHEN length({_NUMBER}) <= 10 THEN {_NUMBER} ELSE substr({_NUMBER}, 1, 6)"
           f" || substr('********************', 1, length({_NUMBER}) - 10)"
           f" || substr({_NUMBER}, -4) END")
_PARTY_IDS_FULL = ("(SELECT group_concat(p.name || '：' || " + _NUMBER + ", '；')"
                   " FROM mediation_party AS p WHERE p.case_id = t.id AND " + _NUMBER + " <> '')")
_PARTY_IDS_MASKED = ("(SELECT group_concat(p.name || '：' || " + _MASKED + ", '；')"
                     " FROM mediation_party AS p WHERE p.case_id = t.id AND " + _NUMBER
                     + " <> '')")

COLUMNS = (
    Column("received_on", "登记日期", "t.received_on", sortable=True, width=10),
    Column("case_number", "卷号", "t.case_number", sortable=True, filter="prefix", width=18),
    Column("state_text", "状态", _STATE_TEXT, width=8),
    Column("committee", "调委会", _COMMITTEE, width=12),
    Column("dispute_type", "纠纷类型", "t.dispute_type", sortable=True, filter="equals",
           width=10),
    Column("parties", "当事人", _PARTIES, width=16),
    Column("summary", "纠纷简要情况", "t.summary", width=24),
    Column("state", "状态代码", _STATE_SQL, filter="equals", width=6),
    Column("committee_key", "调委会代码", "t.committee_key", filter="equals", width=6),
)
HIDDEN_COLUMNS = ("state", "committee_key", "party_ids")
# The ledger export leaves out only the filter codes: it carries the party ID column.
EXPORT_HIDDEN = ("state", "committee_key")


def search_text(case_number: str, committee: str, dispute_type: str, summary: str,
                party_names: list[str]) -> str:
    """What a case contributes to the search index (never ID numbers or phones)."""
    return " ".join(p for p in (case_number, committee, dispute_type, " ".join(party_names),
                                summary) if p)


def case_search_text(store: Store, case_id: int) -> str:
    """The index text of one case as it is now."""
    row = get_case(store, case_id)
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的调解案件。")
    committee = ("街道人民调解委员会" if row["level"] == "street"
                 else f"{row['community_name']}人民调解委员会")
    return search_text(row["case_number"], committee, row["dispute_type"], row["summary"],
                       [p["name"] for p in parties(store, case_id)])


def list_source(store: Store, full_ids: bool = False) -> ListSource:
    """Every mediation case (the view sorts newest first), searchable through the index.

    Args:
        full_ids: the 当事人证件号码 column shows whole numbers (for users allowed to see
            them); otherwise only the first 6 and last 4 characters. The list screen hides
            that column; the ledger export includes it.
    """
    ids = _PARTY_IDS_FULL if full_ids else _PARTY_IDS_MASKED
    columns = (*COLUMNS, Column("party_ids", "当事人证件号码", ids, width=24))
    return ListSource(store, "mediation_case", columns, search_entity=ENTITY)
