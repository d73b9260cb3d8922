# SPDX-License-Identifier: MIT
"""Schema migrations: the step list and the guards around them (newer database refused,
safety copy)."""

import sqlite3
from pathlib import Path

import pytest

from jiedao_desk.base.errors import DatabaseRefused
from jiedao_desk.store import Store, migrations
from jiedao_desk.store import search as search_store
from jiedao_desk.store.migrations import m011_mediation_more, m012_enforcement_more

STEP_DIR = Path(migrations.__file__).parent


def use_steps(monkeypatch, steps) -> None:
    """Make the app know exactly ``steps``."""
    monkeypatch.setattr(migrations, "STEPS", tuple(steps))
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.migration_set(steps))


# -- the step list ----------------------------------------------------------------------

def test_steps_are_the_released_names_in_order():
    assert migrations.known_names() == [
        "m001_foundation", "m002_users", "m003_documents", "m004_access", "m005_certificates",
        "m006_forms", "m007_mediation", "m008_enforcement", "m009_hotline",
        "m010_resident_flags", "m011_mediation_more", "m012_enforcement_more",
        "m013_hotline_links", "m014_monthly", "m015_list_indexes"]


def test_every_step_file_is_in_the_list_and_every_step_has_a_file():
    files = {p.stem for p in STEP_DIR.iterdir()
             if p.suffix in (".sql", ".py") and p.stem != "__init__"}
    assert files == set(migrations.known_names())
    for name in migrations.known_names():
        assert (STEP_DIR / f"{name}.sql").exists() != (STEP_DIR / f"{name}.py").exists(), name


def test_data_steps_import_nothing_from_the_app():
    for module in (m011_mediation_more, m012_enforcement_more):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "jiedao_desk" not in source, module.__name__


def test_frozen_search_text_matches_the_live_index_text():
    """m011/m012 build the index text as the app does (the fixture test checks real rows)."""
    from jiedao_desk.domains.enforcement import store as enforcement_store
    from jiedao_desk.domains.mediation import store as mediation_store

    for text in ("张伟 3号", "（2026）和平里人调字第1号 ABC_def x", "", "执法案件 （线索）#7",
                 "a", "Ⅻ号楼 ①", "京西当罚0012 钱某、孙某"):
        assert m011_mediation_more.grams(text) == search_store.grams(text)
        assert m012_enforcement_more.grams(text) == search_store.grams(text)
    args = ("（2026）和平里人调字第1号", "和平里社区人民调解委员会", "邻里纠纷", "漏水",
            ["张三", "某公司"])
    assert m011_mediation_more.search_text(*args) == mediation_store.search_text(*args)
    assert m011_mediation_more.search_text("N", "C", "", "", []) == \
        mediation_store.search_text("N", "C", "", "", [])
    assert m012_enforcement_more.SEARCH_SQL == enforcement_store.SEARCH_SQL
    for row in ({"id": 3, "case_no": None, "archive_no": None, "paper_number": "",
                 "names": None, "place": "示例路", "description": "占道"},
                {"id": 4, "case_no": "执案〔2026〕第0001号", "archive_no": "A-1",
                 "paper_number": "京西当罚0012", "names": "钱某 孙某", "place": "",
                 "description": ""}):
        assert m012_enforcement_more.search_text(row) == enforcement_store.search_text(row)


# -- guards ------------------------------------------------------------------------------

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
    Store.open(path).close()

    def m900(db):
        db.execute("CREATE TABLE test_only (x)")

    use_steps(monkeypatch, (*migrations.STEPS, migrations.Step("m900_test_only", m900)))
    s = Store.open(path)
    copies = list((tmp_path / "backups").glob("old-pre_migration-*"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0] / "jiedao-desk.sqlite3")
    names = {r[0] for r in old.execute("SELECT name FROM _sqlite_migrations")}
    old.close()
    assert "m900_test_only" not in names and "m001_foundation" in names
    assert s.db["test_only"].exists()
    s.close()


def test_failed_action_rolls_back(store):
    from jiedao_desk.store import org as org_store

    with pytest.raises(RuntimeError):
        with store.atomic():
            org_store.insert_community(store, "甲社区", "A1", 1)
            raise RuntimeError("boom")
    assert store.scalar("SELECT COUNT(*) FROM community") == 0


def test_write_outside_transaction_is_refused(store):
    from jiedao_desk.store import org as org_store

    with pytest.raises(RuntimeError):
        org_store.insert_community(store, "甲社区", "A1", 1)
