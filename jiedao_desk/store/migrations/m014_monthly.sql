-- SPDX-License-Identifier: MIT
-- Monthly report: saved district-template mappings. A mapping is replaced by voiding the old
-- row and adding a new one (records are never deleted), so the name is unique among live rows
-- only.

CREATE TABLE monthly_mapping (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    mapping_toml TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX monthly_mapping_live_name ON monthly_mapping(name) WHERE voided_at IS NULL;
