-- SPDX-License-Identifier: MIT
-- Foundation: settings, the street and its communities, the hash-chained audit log,
-- versioned reference lists, working-day overrides, residents and the full-text search index.

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,            -- JSON
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE street (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

CREATE TABLE community (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX community_code_live ON community(code) WHERE voided_at IS NULL;
CREATE UNIQUE INDEX community_name_live ON community(name) WHERE voided_at IS NULL;

-- Append-only, hash-chained (条例 第四十一条: guard against tampering).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_name);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END;

-- Versioned reference lists with provenance (design.md "Data").
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY,
    catalog TEXT NOT NULL,
    title TEXT NOT NULL,
    label TEXT NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    effective_from TEXT,
    effective_to TEXT,
    source_urls TEXT NOT NULL DEFAULT '[]',   -- JSON list
    confidence TEXT NOT NULL CHECK (confidence IN ('exact','paraphrase','secondary','unknown')),
    notes TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL,                     -- 'builtin:<file>' or 'import:<file name>'
    content_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    UNIQUE (catalog, label)
);
CREATE TABLE catalog_item (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES catalog_version(id),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',         -- JSON object
    UNIQUE (version_id, seq)
);

-- Local working-day overrides for years chinesecalendar does not know (or corrections).
CREATE TABLE calendar_override (
    day TEXT PRIMARY KEY,
    is_workday INTEGER NOT NULL CHECK (is_workday IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- 居民基础信息: base data reused to prefill forms (issue 6 builds on it).
CREATE TABLE resident (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES community(id),
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    id_number TEXT,
    birth_date TEXT,
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    household_no TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX resident_id_number_live ON resident(id_number)
    WHERE voided_at IS NULL AND id_number IS NOT NULL;
-- Partial indexes: list screens only show live rows, so counting and paging never touch
-- voided ones (and the planner can answer "voided_at IS NULL" from the index alone).
CREATE INDEX resident_live ON resident(id) WHERE voided_at IS NULL;
CREATE INDEX resident_community ON resident(community_id, id) WHERE voided_at IS NULL;
CREATE INDEX resident_name ON resident(name, id) WHERE voided_at IS NULL;
CREATE INDEX resident_birth ON resident(birth_date, id) WHERE voided_at IS NULL;
CREATE INDEX resident_address ON resident(address, id) WHERE voided_at IS NULL;

-- Full-text search over any entity (store/search.py). One row per indexed record;
-- trigram FTS for >= 3 characters, a bigram FTS (tokens made in Python) for 1-2 characters,
-- because on SQLite 3.40 a LIKE on a trigram table silently returns nothing for short terms.
CREATE TABLE search_doc (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    grams TEXT NOT NULL,
    UNIQUE (entity, entity_id)
);
CREATE VIRTUAL TABLE search_tri USING fts5(
    text, content='search_doc', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE search_bi USING fts5(
    grams, content='search_doc', content_rowid='id', tokenize='unicode61');
CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_tri(rowid, text) VALUES (new.id, new.text);
    INSERT INTO search_bi(rowid, grams) VALUES (new.id, new.grams);
END;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
    INSERT INTO search_tri(search_tri, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO search_bi(search_bi, rowid, grams) VALUES ('delete', old.id, old.grams);
END;
CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
    INSERT INTO search_tri(search_tri, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO search_bi(search_bi, rowid, grams) VALUES ('delete', old.id, old.grams);
    INSERT INTO search_tri(rowid, text) VALUES (new.id, new.text);
    INSERT INTO search_bi(rowid, grams) VALUES (new.id, new.grams);
END;
