# SPDX-License-Identifier: MIT
"""Access requests (社区工作准入): tables ``access_request``, ``access_request_community``,
``access_transition`` and ``access_complaint``.

Rows are never deleted: a mistaken registration is voided with a reason, state changes and
complaints are appended.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jiedao_desk.domains.access import rules
from jiedao_desk.store import Store, now_text
from jiedao_desk.store.lists import Column, ListSource

# How the documents list names a request: the task and who asks (core/spec.py record_labels).
RECORD_LABEL_SQL = ("(SELECT r.title || '（' || r.applicant_unit || '）'"
                    " FROM access_request AS r WHERE r.id = {id})")

FIELDS = ("applicant_unit", "applicant_level", "title", "content", "doc_ref", "task_type",
          "legal_basis", "period_from", "period_to", "planned_start", "received_on",
          "conditions", "role_verbs", "role_verb_version_id", "notes", "decide_by", "apply_by",
          "deadline_confirmed")

TRIAGE_FIELDS = ("duty_version_id", "triage_outcome", "triage_detail", "triage_at", "triage_by",
                 "matched_item_id", "match_confirmed", "match_confirmed_by",
                 "match_confirmed_at")

_COMMUNITY_NAMES = ("(SELECT group_concat(c.name, '、') FROM access_request_community AS rc"
                    " JOIN community AS c ON c.id = rc.community_id WHERE rc.request_id = t.id)")
_IN_COMMUNITY = ("EXISTS (SELECT 1 FROM access_request_community AS rc"
                 " WHERE rc.request_id = t.id AND rc.community_id = ?)")


def get(store: Store, request_id: int) -> dict | None:
    """One request (live or voided), or None."""
    return store.row("SELECT * FROM access_request WHERE id = ?", (request_id,))


def community_ids(store: Store, request_id: int) -> list[int]:
    """Ids of the communities a request concerns."""
    return [r["community_id"] for r in store.rows(
        "SELECT community_id FROM access_request_community WHERE request_id = ?"
        " ORDER BY community_id", (request_id,))]


def communities(store: Store, request_id: int) -> list[dict]:
    """(id, name, code) of the communities a request concerns, in the street's order."""
    return store.rows(
        "SELECT c.id, c.name, c.code FROM access_request_community AS rc"
        " JOIN community AS c ON c.id = rc.community_id WHERE rc.request_id = ?"
        " ORDER BY c.sort_order, c.id", (request_id,))


def insert(store: Store, values: dict[str, Any], state: str, actor_name: str) -> int:
    """Insert one request (keys: ``FIELDS``) in ``state``; return its id."""
    store.require_transaction()
    now = now_text()
    return store.insert(
        f"INSERT INTO access_request ({', '.join(FIELDS)}, state, created_at, created_by,"
        f" updated_at) VALUES ({', '.join('?' * len(FIELDS))}, ?, ?, ?, ?)",
        [values[f] for f in FIELDS] + [state, now, actor_name, now])


def update(store: Store, request_id: int, values: dict[str, Any]) -> None:
    """Overwrite some columns of one request (keys from FIELDS, TRIAGE_FIELDS, state, decision)."""
    store.require_transaction()
    allowed = {*FIELDS, *TRIAGE_FIELDS, "state", "decision", "decision_reason", "decided_on",
               "decided_by"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    cols = list(values)
    store.execute(
        f"UPDATE access_request SET {', '.join(c + ' = ?' for c in cols)}, updated_at = ?"
        " WHERE id = ?", [values[c] for c in cols] + [now_text(), request_id])


def set_communities(store: Store, request_id: int, ids: Sequence[int]) -> None:
    """Replace the communities of a request (only while it is still editable)."""
    store.require_transaction()
    store.execute("DELETE FROM access_request_community WHERE request_id = ?", (request_id,))
    store.conn.executemany(
        "INSERT INTO access_request_community (request_id, community_id) VALUES (?, ?)",
        [(request_id, cid) for cid in ids])


def void(store: Store, request_id: int, reason: str) -> None:
    """Mark a request void (the row stays)."""
    store.require_transaction()
    store.execute("UPDATE access_request SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, request_id))


# -- transitions --------------------------------------------------------------------------
def add_transition(store: Store, request_id: int, from_state: str | None, to_state: str,
                   actor_name: str, reason: str) -> int:
    """Append one state change."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO access_transition (request_id, from_state, to_state, at, actor_name, reason)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (request_id, from_state, to_state, now_text(), actor_name, reason))


def transitions(store: Store, request_id: int) -> list[dict]:
    """State changes of a request, oldest first."""
    return store.rows("SELECT * FROM access_transition WHERE request_id = ? ORDER BY id",
                      (request_id,))


# -- complaints ---------------------------------------------------------------------------
def insert_complaint(store: Store, request_id: int, reported_on: str, channel: str,
                     outcome: str, notes: str, actor_name: str) -> int:
    """Append one complaint record."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO access_complaint (request_id, reported_on, channel, outcome, notes,"
        " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (request_id, reported_on, channel, outcome, notes, now_text(), actor_name))


def complaints(store: Store, request_id: int) -> list[dict]:
    """Live complaints of a request, oldest first."""
    return store.rows("SELECT * FROM access_complaint WHERE request_id = ? AND voided_at IS NULL"
                      " ORDER BY id", (request_id,))


# -- queries for lists, statistics and the todo list --------------------------------------
def live_ids(store: Store, community_id: int | None = None,
             states: Sequence[str] = ()) -> list[int]:
    """Ids of live requests, optionally of one community and in some states, oldest first."""
    where = ["t.voided_at IS NULL"]
    params: list[Any] = []
    if community_id is not None:
        where.append(_IN_COMMUNITY)
        params.append(community_id)
    if states:
        where.append(f"t.state IN ({', '.join('?' * len(states))})")
        params += list(states)
    return [r["id"] for r in store.rows(
        f"SELECT t.id FROM access_request AS t WHERE {' AND '.join(where)} ORDER BY t.id",
        params)]


def stats_rows(store: Store, until: str, community_id: int | None = None) -> list[dict]:
    """Live requests received on or before ``until`` with the fields monthly statistics use."""
    where = ["t.voided_at IS NULL", "t.received_on <= ?"]
    params: list[Any] = [until]
    if community_id is not None:
        where.append(_IN_COMMUNITY)
        params.append(community_id)
    return store.rows(
        "SELECT t.id, t.applicant_unit, t.task_type, t.received_on, t.decide_by, t.decision,"
        " t.decided_on, t.state FROM access_request AS t WHERE " + " AND ".join(where)
        + " ORDER BY t.id", params)


def transitions_until(store: Store, request_ids: Sequence[int], until: str) -> list[dict]:
    """State changes of these requests made on or before the day ``until``."""
    if not request_ids:
        return []
    marks = ", ".join("?" * len(request_ids))
    return store.rows(
        f"SELECT request_id, to_state, at FROM access_transition WHERE request_id IN ({marks})"
        " AND substr(at, 1, 10) <= ? ORDER BY id", [*request_ids, until])


def _case(expr: str, labels: dict[str, str], empty: str = "") -> str:
    # Labels are code constants (never user input), so they may be SQL literals here.
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in labels.items())
    return f"(CASE {expr} {whens} ELSE '{empty}' END)"


COLUMNS = [
    Column("received_on", "登记日期", "t.received_on", sortable=True, filter="prefix", width=10),
    Column("state_label", "状态", _case("t.state", rules.STATES), width=6),
    Column("applicant_unit", "申请单位", "t.applicant_unit", sortable=True, filter="equals",
           width=14),
    Column("applicant_level", "层级", "t.applicant_level", width=4),
    Column("title", "事项名称", "t.title", width=22),
    Column("task_type", "类型", "t.task_type", width=8),
    Column("communities", "涉及社区", _COMMUNITY_NAMES, width=14),
    Column("outcome_label", "比对结果",
           _case("t.triage_outcome", rules.OUTCOMES, rules.NOT_TRIAGED),
           width=12),
    Column("planned_start", "计划开始", "t.planned_start", sortable=True, width=10),
    Column("decide_by", "决定期限", "t.decide_by", width=10),
    Column("state", "状态代码", "t.state", sortable=True, filter="equals", width=6),
]


def list_source(store: Store, community_id: int | None = None) -> ListSource:
    """Live requests (optionally those concerning one community) for list screens and ledgers.

    Filters: ``received_on`` (prefix, e.g. "2026-10" for a month), ``applicant_unit``,
    ``state``.
    """
    where, params = "t.voided_at IS NULL", []
    if community_id is not None:
        where += " AND " + _IN_COMMUNITY
        params.append(community_id)
    return ListSource(store, "access_request", COLUMNS, where, params)


def applicant_units(store: Store, community_id: int | None = None) -> list[str]:
    """Distinct applying units of live requests (for a filter list)."""
    where, params = "t.voided_at IS NULL", []
    if community_id is not None:
        where += " AND " + _IN_COMMUNITY
        params.append(community_id)
    return [r["applicant_unit"] for r in store.rows(
        f"SELECT DISTINCT t.applicant_unit FROM access_request AS t WHERE {where}"
        " ORDER BY t.applicant_unit", params)]


def undecided_deadlines(store: Store, states: Sequence[str]) -> list[dict]:
    """The live requests in ``states`` with what their deadlines are counted from."""
    marks = ", ".join("?" * len(states))
    return store.rows(
        "SELECT id, received_on, planned_start, decide_by, apply_by, deadline_confirmed"
        f" FROM access_request WHERE voided_at IS NULL AND state IN ({marks}) ORDER BY id",
        list(states))
