# SPDX-License-Identifier: MIT
"""m011: mediation cases join the global search index (search_doc).

No new tables: this step indexes the live cases that databases released with m007 already
hold; from this release on the app indexes each case as it changes. The index text and its
bigram tokens are built here exactly as the app built them at release (frozen copies of
domains/mediation/store.search_text and store/search.grams), so this step imports nothing
from the app.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

ENTITY = "mediation_case"
STREET_COMMITTEE = "街道人民调解委员会"

# A run of letters or digits: CJK ideographs count as letters; "_" is not part of a run.
_RUN = re.compile(r"[^\W_]+")

# An upsert, not INSERT OR REPLACE: REPLACE deletes without firing the triggers that keep the
# FTS tables in step.
_UPSERT = ("INSERT INTO search_doc (entity, entity_id, text, grams) VALUES (?, ?, ?, ?)"
           " ON CONFLICT (entity, entity_id) DO UPDATE SET text = excluded.text,"
           " grams = excluded.grams")


def apply(db: Database) -> None:
    """Index every live mediation case."""
    cases = db.execute(
        "SELECT t.id, t.case_number, t.level, t.dispute_type, t.summary, c.name"
        " FROM mediation_case AS t LEFT JOIN community AS c ON c.id = t.community_id"
        " WHERE t.voided_at IS NULL ORDER BY t.id").fetchall()
    for case_id, number, level, dispute_type, summary, community in cases:
        names = [r[0] for r in db.execute("SELECT name FROM mediation_party WHERE case_id = ?"
                                          " ORDER BY seq, id", (case_id,)).fetchall()]
        committee = STREET_COMMITTEE if level == "street" else f"{community}人民调解委员会"
        text = search_text(number, committee, dispute_type, summary, names)
        db.execute(_UPSERT, (ENTITY, case_id, text, grams(text)))


def search_text(case_number: str, committee: str, dispute_type: str, summary: str,
                party_names: list[str]) -> str:
    """What a case contributes to the search index (never ID numbers or phones)."""
    return " ".join(p for p in (case_number, committee, dispute_type, " ".join(party_names),
                                summary) if p)


def grams(text: str) -> str:
    """The bigram token string of ``search_doc.grams``: each run of letters/digits (latin
    lowercased) yields every overlapping two-character gram plus its last character."""
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        if len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return " ".join(out)
