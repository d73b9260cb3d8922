# SPDX-License-Identifier: MIT
"""m029: a lead (线索) is found in search by the number people read, "线索第7号".

m012 indexed a case that has no case number yet under "（线索）#7", a form shown nowhere any
more: the list, the case header and the search hit name a lead "线索第7号", and searching that
found nothing. This step rewrites the search entry of every live lead in that form (a case with
a case number keeps its entry). The index text and its bigram tokens are built exactly as the
app builds them at this release (frozen copies of domains/enforcement/store.SEARCH_SQL and
search_text, and store/search.grams), so this step imports nothing from the app.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

ENTITY = "enforcement_case"

SEARCH_SQL = (
    "SELECT c.id, c.case_no, c.archive_no, c.paper_number, c.place, c.description, "
    "(SELECT group_concat(p.name, ' ') FROM enforcement_party p WHERE p.case_id = c.id) "
    "AS names, c.voided_at FROM enforcement_case c")

# A run of letters or digits: CJK ideographs count as letters; "_" is not part of a run.
_RUN = re.compile(r"[^\W_]+")

# An upsert, not INSERT OR REPLACE: REPLACE deletes without firing the triggers that keep the
# FTS tables (and search_id) in step.
_UPSERT = ("INSERT INTO search_doc (entity, entity_id, text, grams) VALUES (?,?,?,?) "
           "ON CONFLICT (entity, entity_id) DO UPDATE SET text = excluded.text, "
           "grams = excluded.grams")


def apply(db: Database) -> None:
    """Re-index every live lead under its lead number."""
    cur = db.execute(SEARCH_SQL + " WHERE c.voided_at IS NULL AND c.case_no IS NULL")
    names = [d[0] for d in cur.description]
    for values in cur.fetchall():
        text = search_text(dict(zip(names, values, strict=True)))
        db.execute(_UPSERT, (ENTITY, values[0], text, grams(text)))


def search_text(row: dict) -> str:
    """The indexed text of one ``SEARCH_SQL`` row."""
    label = row["case_no"] or f"线索第{row['id']}号"
    parts = (f"执法案件 {label}", row["archive_no"], row["paper_number"], row["names"],
             row["place"], row["description"])
    return " ".join(str(p) for p in parts if p)


def grams(text: str) -> str:
    """The bigram token string of ``search_doc.grams``: each run of letters/digits (latin
    lowercased) yields every overlapping two-character gram plus its last character."""
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        if len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return " ".join(out)
