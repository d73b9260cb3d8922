# SPDX-License-Identifier: MIT
import sqlite3

import pytest

from jiedao_desk.base.errors import DatabaseRefused
from jiedao_desk.store import Store, migrations


def test_empty_db_migrates_to_current(tmp_path):
    path = tmp_path / "new.sqlite3"
    s = Store.open(path)
    assert migrations.applied_names(s.db) == migrations.known_names()
    assert s.scalar("PRAGMA journal_mode") == "wal"
    assert s.scalar("PRAGMA foreign_keys") == 1
    assert s.scalar("PRAGMA synchronous") == 2  # FULL
    for table in ["setting", "street", "community", "audit_log", "catalog_version",
                  "catalog_item", "calendar_override", "resident", "search_doc"]:
        assert s.db[table].exists(), table
    s.close()
    # reopening applies nothing and makes no safety copy
    s = Store.open(path)
    assert not (tmp_path / "backups").exists()
    s.close()


def test_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('jiedao_desk', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="更新版本"):
        Store.open(path)
    assert path.read_bytes() == before


def test_populated_db_is_copied_aside_before_migrating(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    s = Store.open(path)
    s.close()

    @migrations.MIGRATIONS(name="m900_test_only")
    def _m900(db):
        db.execute("CREATE TABLE test_only (x)")

    try:
        s = Store.open(path)
        copies = list((tmp_path / "backups").glob("old-pre_migration-*"))
        assert len(copies) == 1
        old = sqlite3.connect(copies[0] / "jiedao-desk.sqlite3")
        names = {r[0] for r in old.execute("SELECT name FROM _sqlite_migrations")}
        assert "m900_test_only" not in names and "m001_foundation" in names
        assert s.db["test_only"].exists()
        s.close()
    finally:
        migrations.MIGRATIONS._migrations.pop()


def test_failed_action_rolls_back(store):
    from jiedao_desk.store import org as org_store

    with pytest.raises(RuntimeError), store.atomic():
        org_store.insert_community(store, "甲社区", "A1", 1)
        raise RuntimeError("boom")
    assert store.scalar("SELECT COUNT(*) FROM community") == 0


def test_write_outside_transaction_is_refused(store):
    from jiedao_desk.store import org as org_store

    with pytest.raises(RuntimeError):
        org_store.insert_community(store, "甲社区", "A1", 1)
