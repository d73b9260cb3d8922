# SPDX-License-Identifier: MIT
"""Schema of the monthly report (registers m014_monthly): saved district-template mappings."""

from sqlite_utils import Database

from jiedao_desk.store.migrations import MIGRATIONS


@MIGRATIONS(name="m014_monthly")
def _m014_monthly(db: Database) -> None:
    db.executescript(_M014_SQL)


# A mapping is replaced by voiding the old row and adding a new one (records are never
# deleted), so the name is unique among live rows only.
_M014_SQL = """
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
"""
