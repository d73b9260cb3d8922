-- Seals (store/seal.py): each committed transaction signs the rows it wrote and the audit
-- chain's head, keyed with the installation key kept outside this file.
CREATE TABLE seal (
    id INTEGER PRIMARY KEY,
    audit_id INTEGER NOT NULL,
    audit_hash TEXT NOT NULL,
    rows_digest TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    key_id TEXT NOT NULL,
    mac TEXT NOT NULL
);
CREATE TABLE row_seal (
    seal_id INTEGER NOT NULL REFERENCES seal(id),
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    hash TEXT
);
CREATE INDEX row_seal_seal ON row_seal(seal_id);
CREATE TRIGGER seal_no_update BEFORE UPDATE ON seal
BEGIN SELECT RAISE(ABORT, '封存记录不可修改'); END;
CREATE TRIGGER seal_no_delete BEFORE DELETE ON seal
BEGIN SELECT RAISE(ABORT, '封存记录不可删除'); END;
CREATE TRIGGER row_seal_no_update BEFORE UPDATE ON row_seal
BEGIN SELECT RAISE(ABORT, '封存记录不可修改'); END;
CREATE TRIGGER row_seal_no_delete BEFORE DELETE ON row_seal
BEGIN SELECT RAISE(ABORT, '封存记录不可删除'); END;
