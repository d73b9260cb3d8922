-- SPDX-License-Identifier: MIT
-- Certificates (证明开具登记): one register for every certificate request, issued ones and
-- refused ones, so the ledger and the monthly counts read one table. Each row keeps the list
-- versions it was judged against (a later 目录 never rewrites a past decision) and copies the
-- item text it printed.

CREATE TABLE certificate (
    id INTEGER PRIMARY KEY,
    outcome TEXT NOT NULL CHECK (outcome IN ('issued', 'refused')),
    reason TEXT NOT NULL DEFAULT ''
        CHECK (reason IN ('', 'denylist', 'not_in_catalog')),
    community_id INTEGER NOT NULL REFERENCES community(id),
    day TEXT NOT NULL,                       -- date of issue or refusal (YYYY-MM-DD)
    month TEXT NOT NULL,                     -- YYYY-MM, for ledger filters and month counts
    applicant_name TEXT NOT NULL,
    applicant_id_number TEXT,                -- checked (GB 11643); optional on a refusal
    applicant_phone TEXT NOT NULL DEFAULT '',
    matter TEXT NOT NULL DEFAULT '',         -- what was asked for, as the applicant said it
    purpose TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',        -- the facts certified (issued rows)
    evidence TEXT NOT NULL DEFAULT '[]',     -- JSON list of evidence seen
    catalog_version_id INTEGER REFERENCES catalog_version(id),   -- 目录 version in force
    catalog_item_id INTEGER REFERENCES catalog_item(id),
    item_text TEXT NOT NULL DEFAULT '',      -- 目录 item text (copied as printed)
    denylist_version_id INTEGER REFERENCES catalog_version(id),  -- 民发〔2020〕20号 version
    deny_item_id INTEGER REFERENCES catalog_item(id),
    deny_text TEXT NOT NULL DEFAULT '',
    similar_confirmed TEXT NOT NULL DEFAULT '[]', -- JSON: denylist items judged "not the same"
    document_id INTEGER REFERENCES document(id), -- the certificate or the refusal notice
    doc_number TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_by_id INTEGER,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    voided_by TEXT
);
CREATE INDEX certificate_day ON certificate(day, id);
CREATE INDEX certificate_month ON certificate(month, community_id);
CREATE INDEX certificate_community ON certificate(community_id, id);
CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate
BEGIN SELECT RAISE(ABORT, '证明登记不可删除，只能作废'); END;
