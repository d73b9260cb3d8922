# SPDX-License-Identifier: MIT
"""m012: enforcement discretion (裁量), publication (公示), the case number (立案编号), and the
global-search entries of the cases registered before.

enforcement_discretion: the 裁量基准 version, tier and reasons an officer chose for a case (the
裁量 code applied and the facts that support the tier); a new choice voids the previous one, so
the history stays. Fine bounds in fen; NULL = not known.
enforcement_publication: where and when a decision was published (行政处罚法 第四十八条) and its
withdrawal. enforcement_case.publish_required: NULL = follow the setting, 0/1 = decided for
this case (with publish_note saying why).
enforcement_case.case_no: the case number given at 立案 or 简易程序 from the setting
enforcement.case_number_pattern, serial per year street-wide; NULL for leads. Void cases keep
their number, so a serial is never given twice.

Cases registered before enforcement joined global search get their search entry here (the app
keeps it in step from this release on). The index text and its bigram tokens are built exactly
as the app built them at release (frozen copies of domains/enforcement/store.SEARCH_SQL and
search_text, and store/search.grams), so this step imports nothing from the app.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

ENTITY = "enforcement_case"

SQL = """
CREATE TABLE enforcement_discretion (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES enforcement_case(id),
    standard_version_id INTEGER REFERENCES catalog_version(id),
    standard_label TEXT NOT NULL DEFAULT '',
    tier_code TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL DEFAULT '',
    tier_text TEXT NOT NULL DEFAULT '',
    fine_min_fen INTEGER,
    fine_max_fen INTEGER,
    reasons TEXT NOT NULL,
    chosen_on TEXT NOT NULL,
    chosen_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX enforcement_discretion_case ON enforcement_discretion(case_id, id);
CREATE TRIGGER enforcement_discretion_no_delete BEFORE DELETE ON enforcement_discretion
BEGIN SELECT RAISE(ABORT, '裁量记录不可删除，只能作废'); END;

CREATE TABLE enforcement_publication (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES enforcement_case(id),
    document_id INTEGER REFERENCES document(id),
    published_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT,
    withdraw_reason TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX enforcement_publication_case ON enforcement_publication(case_id, id);
CREATE TRIGGER enforcement_publication_no_delete BEFORE DELETE ON enforcement_publication
BEGIN SELECT RAISE(ABORT, '公示记录不可删除，只能作废'); END;

ALTER TABLE enforcement_case ADD COLUMN publish_required INTEGER;
ALTER TABLE enforcement_case ADD COLUMN publish_note TEXT NOT NULL DEFAULT '';

ALTER TABLE enforcement_case ADD COLUMN case_no TEXT;
ALTER TABLE enforcement_case ADD COLUMN case_no_year INTEGER;
ALTER TABLE enforcement_case ADD COLUMN case_no_serial INTEGER;
CREATE UNIQUE INDEX enforcement_case_no ON enforcement_case(case_no) WHERE case_no IS NOT NULL;
CREATE UNIQUE INDEX enforcement_case_no_serial ON enforcement_case(case_no_year, case_no_serial)
    WHERE case_no_serial IS NOT NULL;
"""

# The search text of a case: case number ("（线索）#id" before 立案), archive / paper numbers,
# party names, place and description; party ID numbers are left out (no private numbers).
SEARCH_SQL = (
    "SELECT c.id, c.case_no, c.archive_no, c.paper_number, c.place, c.description, "
    "(SELECT group_concat(p.name, ' ') FROM enforcement_party p WHERE p.case_id = c.id) "
    "AS names, c.voided_at FROM enforcement_case c")

# A run of letters or digits: CJK ideographs count as letters; "_" is not part of a run.
_RUN = re.compile(r"[^\W_]+")

# An upsert, not INSERT OR REPLACE: REPLACE deletes without firing the triggers that keep the
# FTS tables in step.
_UPSERT = ("INSERT INTO search_doc (entity, entity_id, text, grams) VALUES (?,?,?,?) "
           "ON CONFLICT (entity, entity_id) DO UPDATE SET text = excluded.text, "
           "grams = excluded.grams")


def apply(db: Database) -> None:
    """Create the discretion and publication tables, add the case-number and publication
    columns, then index every live case."""
    db.executescript(SQL)
    cur = db.execute(SEARCH_SQL + " WHERE c.voided_at IS NULL")
    names = [d[0] for d in cur.description]
    for values in cur.fetchall():
        text = search_text(dict(zip(names, values, strict=True)))
        db.execute(_UPSERT, (ENTITY, values[0], text, grams(text)))


def search_text(row: dict) -> str:
    """The indexed text of one ``SEARCH_SQL`` row."""
    label = row["case_no"] or f"（线索）#{row['id']}"
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
