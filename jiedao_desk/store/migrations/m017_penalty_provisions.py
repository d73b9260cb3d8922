# SPDX-License-Identifier: MIT
"""m017: the provision the party violated and the provision the penalty is based on (罚则),
kept apart on the case.

A penalty decision says both "违反了《…》第X条" and "依据《…》第Y条…决定给予" (行政处罚法
第五十九条第二、三项: the facts and the kind and basis of the penalty); they are usually two
different clauses. Before this step the 事先告知 recorded one field (``basis``, labelled
处罚依据) that the documents printed in both places. Cases told before this step keep what
was recorded: that one text goes into both columns, so what they print does not change
until an officer records the two provisions again.

Frozen: imports nothing from the app.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

SQL = """
ALTER TABLE enforcement_case ADD COLUMN violated_provision TEXT NOT NULL DEFAULT '';
ALTER TABLE enforcement_case ADD COLUMN penalty_provision TEXT NOT NULL DEFAULT '';
"""


def apply(db: Database) -> None:
    """Add the two columns and fill them from each case's latest live 事先告知."""
    db.executescript(SQL)
    rows = db.execute(
        "SELECT case_id, details FROM enforcement_event WHERE kind = 'prior_notice'"
        " AND voided_at IS NULL ORDER BY case_id, day, id").fetchall()
    latest: dict[int, str] = {}
    for case_id, details in rows:
        basis = str(json.loads(details or "{}").get("basis", "")).strip()
        if basis:
            latest[case_id] = basis
    for case_id, basis in latest.items():
        db.execute("UPDATE enforcement_case SET violated_provision = ?, penalty_provision = ?"
                   " WHERE id = ?", [basis, basis, case_id])
