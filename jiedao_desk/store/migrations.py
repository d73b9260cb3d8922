# SPDX-License-Identifier: MIT
"""Schema migrations (sqlite-utils ``Migrations``).

Once released, a migration is never edited: add a new one. The app refuses a database that
carries a migration it does not know (written by a newer app), and copies a populated
database aside before applying any pending migration.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from jiedao_desk.base.errors import DatabaseRefused

MIGRATIONS = Migrations("jiedao_desk")


@MIGRATIONS(name="m001_foundation")
def _m001_foundation(db: Database) -> None:
    db.executescript(_M001_SQL)


_M001_SQL = """
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
"""


@MIGRATIONS(name="m002_users")
def _m002_users(db: Database) -> None:
    db.executescript(_M002_SQL)


_M002_SQL = """
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    community_id INTEGER REFERENCES community(id),
    password_hash TEXT NOT NULL,          -- argon2id
    must_change_password INTEGER NOT NULL DEFAULT 0,
    failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_login_at TEXT,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX app_user_username ON app_user(username);
"""


@MIGRATIONS(name="m003_documents")
def _m003_documents(db: Database) -> None:
    db.executescript(_M003_SQL)


_M003_SQL = """
-- Serial numbers per document kind and year; never reused (a voided document keeps its number).
CREATE TABLE doc_serial (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);

-- Issued documents are frozen: the PDF bytes and their SHA-256 never change; a correction is
-- a new document that points at the one it corrects.
CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER,                 -- NULL for kinds without a numbering pattern
    paper INTEGER NOT NULL DEFAULT 0, -- number typed from a pre-printed paper form
    entity TEXT NOT NULL DEFAULT '',
    entity_id INTEGER,
    data_json TEXT NOT NULL,        -- the values the document was printed from
    pdf BLOB NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    pages INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    corrects_id INTEGER REFERENCES document(id),
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX document_number ON document(kind, doc_number) WHERE doc_number <> '';
CREATE UNIQUE INDEX document_serial ON document(kind, year, serial) WHERE serial IS NOT NULL;
CREATE INDEX document_entity ON document(entity, entity_id);
CREATE TRIGGER document_frozen BEFORE UPDATE OF pdf, pdf_sha256, data_json, doc_number, kind
    ON document
BEGIN SELECT RAISE(ABORT, '已签发的文书不可修改，请另出更正文书'); END;
CREATE TRIGGER document_no_delete BEFORE DELETE ON document
BEGIN SELECT RAISE(ABORT, '文书不可删除，只能作废'); END;

-- Attachments (photos, scans) stored content-addressed beside the database.
CREATE TABLE attachment (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    exif_time TEXT,
    exif_gps TEXT,
    entity TEXT NOT NULL DEFAULT '',
    entity_id INTEGER,
    note TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX attachment_entity ON attachment(entity, entity_id);
CREATE INDEX attachment_sha ON attachment(sha256);
"""


def known_names() -> list[str]:
    """Names of the migrations this app knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]


def applied_names(db: Database) -> list[str]:
    """Names of the migrations recorded in the database."""
    return [m.name for m in MIGRATIONS.applied(db)]


def guard_newer(store) -> None:
    """Refuse a database written by a newer app (it has migrations this app does not know)."""
    unknown = [n for n in applied_names(store.db) if n not in known_names()]
    if unknown:
        store.conn.close()
        raise DatabaseRefused(
            "这个数据库是由更新版本的街道工作台写入的（结构版本 "
            + "、".join(unknown)
            + "），本程序无法安全打开。请安装最新版本后再打开，数据没有被改动。"
        )


def pending_names(store) -> list[str]:
    """Migrations not yet applied."""
    return [m.name for m in MIGRATIONS.pending(store.db)]


def migrate(store) -> Path | None:
    """Apply pending migrations; copy a populated file database aside first.

    Returns:
        The path of the safety copy, or None if none was needed.
    """
    pending = pending_names(store)
    if not pending:
        return None
    copy = None
    if store.path is not None and applied_names(store.db):
        copy = copy_aside(store, pending[0])
    MIGRATIONS.apply(store.db)
    return copy


def copy_aside(store, label: str) -> Path:
    """Back the database up (verified, with attachments) before changing its structure."""
    from jiedao_desk.store import backup

    return backup.make_backup(store, "pre_migration").path


# Domain schemas live in their own modules; importing them here registers their migrations
# after the foundation ones, in this order (never reorder released migrations; the import
# sorter is told to leave this block alone).
# isort: off
from jiedao_desk.store.schema import access as _access_schema  # noqa: E402, F401
from jiedao_desk.store.schema import certificates as _certificates_schema  # noqa: E402, F401
from jiedao_desk.store.schema import forms as _forms_schema  # noqa: E402, F401
from jiedao_desk.store.schema import mediation as _mediation_schema  # noqa: E402, F401
from jiedao_desk.store.schema import enforcement as _enforcement_schema  # noqa: E402, F401
from jiedao_desk.store.schema import hotline as _hotline_schema  # noqa: E402, F401
from jiedao_desk.store.schema import residents_flags as _flags_schema  # noqa: E402, F401
from jiedao_desk.store.schema import mediation_more as _mediation_more_schema  # noqa: E402, F401
from jiedao_desk.store.schema import enforcement_more as _enforcement_more_schema  # noqa: E402, F401
from jiedao_desk.store.schema import hotline_links as _hotline_links_schema  # noqa: E402, F401
from jiedao_desk.store.schema import monthly as _monthly_schema  # noqa: E402, F401
# isort: on
