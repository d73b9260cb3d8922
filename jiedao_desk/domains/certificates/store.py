# SPDX-License-Identifier: MIT
"""The certificate register (证明开具登记): table ``certificate`` (issued and refused requests).

Rows are never deleted; a wrong entry is voided with a reason (the number stays taken).
"""

from __future__ import annotations

from typing import Any

from jiedao_desk.domains.certificates import rules
from jiedao_desk.store import Store, now_text
from jiedao_desk.store.lists import Column, ListSource

# How the documents list names a certificate record: applicant and matter (core/spec.py
# record_labels).
RECORD_LABEL_SQL = ("(SELECT c.applicant_name || COALESCE('：' || NULLIF(c.matter, ''), '')"
                    " FROM certificate AS c WHERE c.id = {id})")

FIELDS = ("outcome", "reason", "community_id", "day", "month", "applicant_name",
          "applicant_id_number", "applicant_phone", "matter", "purpose", "content", "evidence",
          "catalog_version_id", "catalog_item_id", "item_text", "denylist_version_id",
          "deny_item_id", "deny_text", "similar_confirmed", "recorded_by", "recorded_by_id")

_SELECT = ("SELECT t.*, c.name AS community_name FROM certificate AS t"
           " JOIN community AS c ON c.id = t.community_id")


def get(store: Store, certificate_id: int) -> dict | None:
    """One register row with its community name, or None."""
    return store.row(_SELECT + " WHERE t.id = ?", (certificate_id,))


def insert(store: Store, values: dict[str, Any]) -> int:
    """Insert one register row (keys: ``FIELDS``); return its id."""
    store.require_transaction()
    return store.insert(
        f"INSERT INTO certificate ({', '.join(FIELDS)}, created_at)"
        f" VALUES ({', '.join('?' * len(FIELDS))}, ?)",
        [values[f] for f in FIELDS] + [now_text()])


def set_document(store: Store, certificate_id: int, document_id: int, doc_number: str) -> None:
    """Link the issued certificate or refusal notice to its register row."""
    store.require_transaction()
    store.execute("UPDATE certificate SET document_id = ?, doc_number = ? WHERE id = ?",
                  (document_id, doc_number, certificate_id))


def void(store: Store, certificate_id: int, reason: str, by: str) -> None:
    """Mark a row void (it stays, with its number)."""
    store.require_transaction()
    store.execute("UPDATE certificate SET voided_at = ?, void_reason = ?, voided_by = ?"
                  " WHERE id = ?", (now_text(), reason, by, certificate_id))


def month_counts(store: Store, month: str, community_id: int | None = None) -> list[dict]:
    """Live rows of a month grouped by outcome, reason and item: rows of (outcome, reason,
    item, n), where item is the 目录 item text (issued) or the denylist item / matter (refused)."""
    sql = ("SELECT outcome, reason, CASE WHEN outcome = 'issued' THEN item_text"
           " WHEN deny_text <> '' THEN deny_text ELSE matter END AS item, COUNT(*) AS n"
           " FROM certificate WHERE month = ? AND voided_at IS NULL")
    params: list[Any] = [month]
    if community_id is not None:
        sql += " AND community_id = ?"
        params.append(community_id)
    return store.rows(sql + " GROUP BY outcome, reason, item ORDER BY outcome, reason, item",
                      params)


def voided_count(store: Store, month: str, community_id: int | None = None) -> int:
    """Rows of a month that were voided."""
    sql = "SELECT COUNT(*) FROM certificate WHERE month = ? AND voided_at IS NOT NULL"
    params: list[Any] = [month]
    if community_id is not None:
        sql += " AND community_id = ?"
        params.append(community_id)
    return int(store.scalar(sql, params))


# -- list screen ---------------------------------------------------------------------------
# The row's state (rules.STATES) from its columns; labels are code constants (never user
# input), so they may be SQL literals here.
STATE_SQL = ("CASE WHEN t.voided_at IS NOT NULL THEN 'voided'"
             " WHEN t.outcome = 'issued' THEN 'issued' ELSE 'refused' END")
_STATE_TEXT = (f"CASE {STATE_SQL} "
               + " ".join(f"WHEN '{k}' THEN '{rules.STATES[k]}'" for k in rules.RECORDED)
               + " END")
_WHAT = ("CASE WHEN t.item_text <> '' THEN t.item_text ELSE t.matter END")
_WHY = (f"CASE t.reason WHEN 'denylist' THEN '{rules.REASONS['denylist']}：' || t.deny_text"
        f" WHEN 'not_in_catalog' THEN '{rules.REASONS['not_in_catalog']}' ELSE '' END")

COLUMNS = (
    Column("day", "日期", "t.day", sortable=True, width=10),
    Column("doc_number", "文号", "t.doc_number", width=14),
    Column("state_text", "状态", _STATE_TEXT, width=6),
    Column("applicant_name", "申请人", "t.applicant_name", width=8),
    Column("what", "证明事项", _WHAT, width=18),
    Column("purpose", "用途", "t.purpose", width=18),
    Column("why", "不予出具理由", _WHY, width=16),
    Column("community", "社区",
           "(SELECT c.name FROM community AS c WHERE c.id = t.community_id)", width=10),
    Column("recorded_by", "经办人", "t.recorded_by", width=8),
    Column("void_reason", "作废原因", "COALESCE(t.void_reason, '')", width=12),
    # filter-only columns (hidden in the view)
    Column("community_id", "社区编号", "t.community_id", filter="equals", width=6),
    Column("month", "月份", "t.month", filter="equals", width=7),
    Column("item_text", "目录事项", "t.item_text", filter="equals", width=10),
    Column("state", "状态代码", STATE_SQL, filter="equals", width=6),
)
HIDDEN_COLUMNS = ("community_id", "month", "item_text", "state")


def list_source(store: Store, community_id: int | None = None) -> ListSource:
    """The register (optionally of one community), newest first by default in the view."""
    where, params = "", []
    if community_id is not None:
        where, params = "t.community_id = ?", [community_id]
    return ListSource(store, "certificate", COLUMNS, base_where=where, base_params=params)
