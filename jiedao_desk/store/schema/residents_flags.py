# SPDX-License-Identifier: MIT
"""Schema of resident flags (居民标记: 老年人、残疾人、低保 …; registers m010_resident_flags)."""

from sqlite_utils import Database

from jiedao_desk.store.migrations import MIGRATIONS


@MIGRATIONS(name="m010_resident_flags")
def _m010_resident_flags(db: Database) -> None:
    db.executescript(_M010_SQL)


# Flags are kept as one 、-joined text (the street's own list lives in the setting
# residents.flags), so adding a flag to the list never needs a schema change.
_M010_SQL = """
ALTER TABLE resident ADD COLUMN flags TEXT NOT NULL DEFAULT '';
"""
