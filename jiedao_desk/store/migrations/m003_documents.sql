-- SPDX-License-Identifier: MIT
-- Issued documents (frozen PDFs with their serial numbers) and attachments.

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
