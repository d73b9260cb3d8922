-- SPDX-License-Identifier: MIT
-- Forms: one entry per form, period and community (the definitions live in forms/*.toml, so
-- the entry keeps the definition version it was filled against). Submitting locks the entry;
-- every status change is kept in forms_entry_history with who, when and why.

CREATE TABLE forms_entry (
    id INTEGER PRIMARY KEY,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    period TEXT NOT NULL,                    -- 2026-10 / 2026-Q4 / 2026
    community_id INTEGER NOT NULL REFERENCES community(id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    rows_json TEXT NOT NULL DEFAULT '[]',    -- list of {field id: value}
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    submitted_at TEXT,
    submitted_by TEXT,
    UNIQUE (form_id, period, community_id)
);
CREATE INDEX forms_entry_period ON forms_entry(form_id, period);
CREATE TRIGGER forms_entry_no_delete BEFORE DELETE ON forms_entry
BEGIN SELECT RAISE(ABORT, '报表填报记录不可删除'); END;
CREATE TABLE forms_entry_history (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES forms_entry(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX forms_entry_history_entry ON forms_entry_history(entry_id, id);
