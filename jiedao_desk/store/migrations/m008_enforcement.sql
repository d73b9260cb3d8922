-- SPDX-License-Identifier: MIT
-- Enforcement: a case file (案件) from lead to archive. Dates the statutory clocks run from
-- are columns of the case; everything done during the case (records, reviews, notices, service,
-- payment …) is one row of enforcement_event, never deleted (voided with a reason), so the file
-- can be traced step by step (行政处罚法 第四十七条 全过程记录). Money is kept in fen (integers).

CREATE TABLE enforcement_case (
    id INTEGER PRIMARY KEY,
    procedure TEXT NOT NULL DEFAULT 'general' CHECK (procedure IN ('general', 'simple')),
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    found_on TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    act_on TEXT,                              -- date of the act (or its start)
    act_ended_on TEXT,                        -- continuing acts: the day the act ended
    serious_harm INTEGER NOT NULL DEFAULT 0,  -- Art. 36: 5-year limitation applies
    power_version_id INTEGER REFERENCES catalog_version(id),
    power_item_id INTEGER REFERENCES catalog_item(id),
    power_text TEXT NOT NULL DEFAULT '',
    filed_on TEXT,
    filed_approved_by TEXT NOT NULL DEFAULT '',
    not_opened_reason TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    fine_fen INTEGER NOT NULL DEFAULT 0,
    decision_text TEXT NOT NULL DEFAULT '',
    paper_number TEXT NOT NULL DEFAULT '',
    served_on TEXT,
    paid_on TEXT,
    paid_fen INTEGER NOT NULL DEFAULT 0,
    closed_on TEXT,
    closed_approved_by TEXT NOT NULL DEFAULT '',
    archive_no TEXT UNIQUE,
    retention TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX enforcement_case_status ON enforcement_case(status, id);
CREATE TRIGGER enforcement_case_no_delete BEFORE DELETE ON enforcement_case
BEGIN SELECT RAISE(ABORT, '执法案件不可删除，只能作废'); END;

CREATE TABLE enforcement_party (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES enforcement_case(id),
    kind TEXT NOT NULL CHECK (kind IN ('person', 'org')),
    name TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',       -- person: GB 11643 checked; org: USCC checked
    legal_rep TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX enforcement_party_case ON enforcement_party(case_id);
CREATE INDEX enforcement_party_idn ON enforcement_party(id_number);
CREATE INDEX enforcement_party_addr ON enforcement_party(address);
CREATE TRIGGER enforcement_party_no_delete BEFORE DELETE ON enforcement_party
BEGIN SELECT RAISE(ABORT, '当事人记录不可删除'); END;

CREATE TABLE enforcement_event (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES enforcement_case(id),
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    officers TEXT NOT NULL DEFAULT '[]',      -- JSON [{name, cert_no}]
    details TEXT NOT NULL DEFAULT '{}',       -- JSON, per kind
    document_id INTEGER REFERENCES document(id),
    attachment_id INTEGER,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX enforcement_event_case ON enforcement_event(case_id, kind, day);
CREATE TRIGGER enforcement_event_no_delete BEFORE DELETE ON enforcement_event
BEGIN SELECT RAISE(ABORT, '办案记录不可删除，只能作废'); END;

CREATE TABLE enforcement_status_history (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES enforcement_case(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
