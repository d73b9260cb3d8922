# SPDX-License-Identifier: MIT
"""Schema of the enforcement domain, second migration (m012_enforcement_more).

Discretion (裁量) choices, the publication (公示) of penalty decisions, the case number (立案编号)
and the global-search entries of cases registered before. Released migrations
are never edited: while m012 is unreleased, its SQL may still change here.
"""

from sqlite_utils import Database

from jiedao_desk.store.migrations import MIGRATIONS


@MIGRATIONS(name="m012_enforcement_more")
def _m012_enforcement_more(db: Database) -> None:
    db.executescript(_M012_SQL)
    _index_existing_cases(db)


def _index_existing_cases(db: Database) -> None:
    # Cases registered before enforcement joined global search get their search entry
    # (later changes keep it in sync through core/enforcement_search.reindex).
    from jiedao_desk.domains.enforcement.store import SEARCH_SQL, search_text
    from jiedao_desk.store.search import grams

    cur = db.execute(SEARCH_SQL + " WHERE c.voided_at IS NULL")
    names = [d[0] for d in cur.description]
    for values in cur.fetchall():
        text = search_text(dict(zip(names, values, strict=True)))
        db.execute("INSERT INTO search_doc (entity, entity_id, text, grams) VALUES (?,?,?,?) "
                   "ON CONFLICT (entity, entity_id) DO UPDATE SET text = excluded.text, "
                   "grams = excluded.grams", ("enforcement_case", values[0], text, grams(text)))


# enforcement_discretion: the 裁量基准 version, tier and reasons an officer chose for a case
# (reference §3.1, §4 "the 裁量 code applied and the facts that support the tier"); a new
# choice voids the previous one, so the history stays. Fine bounds in fen; NULL = not known.
# enforcement_publication: where and when a decision was published (行政处罚法 第四十八条) and
# its withdrawal. enforcement_case.publish_required: NULL = follow the setting, 0/1 = decided
# for this case (with publish_note saying why).
# enforcement_case.case_no: the case number (立案编号) given at 立案 or 简易程序 from the setting
# enforcement.case_number_pattern, serial per year street-wide (core/enforcement_numbers.py);
# NULL for leads. Void cases keep their number, so a serial is never given twice.
_M012_SQL = """
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
