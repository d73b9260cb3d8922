# SPDX-License-Identifier: MIT
"""Schema migrations: the step list, upgrades of a database left at every released step, and
the guards around them (newer database refused, safety copy, a failing step rolled back).

The databases in tests/fixtures/schema/ are built by tests/fixtures/build_schema_fixtures.py
(its docstring says how to rebuild them).
"""

import functools
import gzip
import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest

from jiedao_desk.base.errors import DatabaseRefused
from jiedao_desk.core.check import check
from jiedao_desk.store import Store, migrations
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import search as search_store
from jiedao_desk.store.migrations import m011_mediation_search as m011_mediation_more
from jiedao_desk.store.migrations import m012_enforcement_cases as m012_enforcement_more
from jiedao_desk.store.migrations import (
    m017_penalty_provisions,
    m020_exchange_changes,
    m029_lead_search,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema"
STEP_DIR = Path(migrations.__file__).parent
# Tables the upgrade may add rows to: the bookkeeping, the search index m011/m012 fill (and
# the FTS5 tables and shadow tables the index triggers keep in step), SQLite's statistics.
GROWING = re.compile(
    r"^(_sqlite_migrations|search_doc|search_id|search_(tri|bi)(_\w+)?|sqlite_\w+|seal|row_seal)$")
# The one attachment the fixtures record (build_schema_fixtures.seed_m003_documents): its file
# lies beside the database in the field, so the working copy gets it too.
PHOTO = b"fixture photo bytes"


def unpack(name: str, folder: Path) -> Path:
    """A working copy of the fixture database of step ``name``."""
    path = folder / f"{name}.sqlite3"
    path.write_bytes(gzip.decompress((FIXTURES / f"{name}.sqlite3.gz").read_bytes()))
    sha = hashlib.sha256(PHOTO).hexdigest()
    blob = folder / "attachments" / sha[:2] / sha
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(PHOTO)
    return path


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def schema(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                        " WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").fetchall()


@functools.cache
def current_schema() -> list[tuple]:
    """The schema of a database created by this app."""
    fresh = Store.memory()
    try:
        return schema(fresh.conn)
    finally:
        fresh.conn.close()


def search_docs(conn: sqlite3.Connection) -> dict[tuple[str, int], tuple[str, str]]:
    return {(e, i): (t, g) for e, i, t, g in conn.execute(
        "SELECT entity, entity_id, text, grams FROM search_doc")}


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
        "m013_hotline_links", "m014_monthly", "m015_list_indexes", "m016_site",
        "m017_penalty_provisions", "m018_seals", "m019_exchange_sites",
        "m020_exchange_changes", "m021_due_dates", "m022_search_ids",
        "m025_exchange_complete", "m029_lead_search"]


def test_every_step_file_is_in_the_list_and_every_step_has_a_file():
    # A data step's module is named by what it does; its released step name stays.
    modules = {"m011_mediation_more": "m011_mediation_search",
               "m012_enforcement_more": "m012_enforcement_cases"}
    files = {p.stem for p in STEP_DIR.iterdir()
             if p.suffix in (".sql", ".py") and p.stem != "__init__"}
    assert files == {modules.get(n, n) for n in migrations.known_names()}
    for name in migrations.known_names():
        stem = modules.get(name, name)
        assert (STEP_DIR / f"{stem}.sql").exists() != (STEP_DIR / f"{stem}.py").exists(), name


def test_data_steps_import_nothing_from_the_app():
    for module in (m011_mediation_more, m012_enforcement_more, m017_penalty_provisions,
                   m020_exchange_changes, m029_lead_search):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "jiedao_desk" not in source, module.__name__


def test_frozen_search_text_matches_the_live_index_text():
    """m011/m012/m029 build the index text as the app does (the fixture test checks real
    rows): a case with a case number as m012 did, a lead under its lead number as m029 does."""
    from jiedao_desk.domains.enforcement import store as enforcement_store
    from jiedao_desk.domains.mediation import store as mediation_store

    for text in ("张伟 3号", "（2026）和平里人调字第1号 ABC_def x", "", "执法案件 （线索）#7",
                 "执法案件 线索第7号", "a", "Ⅻ号楼 ①", "京西当罚0012 钱某、孙某"):
        assert m011_mediation_more.grams(text) == search_store.grams(text)
        assert m012_enforcement_more.grams(text) == search_store.grams(text)
        assert m029_lead_search.grams(text) == search_store.grams(text)
    args = ("（2026）和平里人调字第1号", "和平里社区人民调解委员会", "邻里纠纷", "漏水",
            ["张三", "某公司"])
    assert m011_mediation_more.search_text(*args) == mediation_store.search_text(*args)
    assert m011_mediation_more.search_text("N", "C", "", "", []) == \
        mediation_store.search_text("N", "C", "", "", [])
    assert m012_enforcement_more.SEARCH_SQL == enforcement_store.SEARCH_SQL
    assert m029_lead_search.SEARCH_SQL == enforcement_store.SEARCH_SQL
    lead = {"id": 3, "case_no": None, "archive_no": None, "paper_number": "",
            "names": None, "place": "示例路", "description": "占道"}
    filed = {"id": 4, "case_no": "执案〔2026〕第0001号", "archive_no": "A-1",
             "paper_number": "京西当罚0012", "names": "钱某 孙某", "place": "",
             "description": ""}
    assert enforcement_store.search_text(lead) == "执法案件 线索第3号 示例路 占道"
    assert m029_lead_search.search_text(lead) == enforcement_store.search_text(lead)
    assert m012_enforcement_more.search_text(lead) == "执法案件 （线索）#3 示例路 占道"
    for module in (m012_enforcement_more, m029_lead_search):
        assert module.search_text(filed) == enforcement_store.search_text(filed)


# -- upgrades from every released step ---------------------------------------------------

def test_there_is_a_fixture_for_every_step():
    assert sorted(p.name.removesuffix(".sqlite3.gz") for p in FIXTURES.glob("*.sqlite3.gz")) \
        == migrations.known_names()


def live_case_index(store: Store, tables: set[str]) -> dict[tuple[str, int], str]:
    """The index text the app gives today to every live mediation and enforcement case."""
    from jiedao_desk.domains.enforcement import store as enforcement_store
    from jiedao_desk.domains.mediation import store as mediation_store

    out = {}
    if "mediation_case" in tables:
        for r in store.rows("SELECT id FROM mediation_case WHERE voided_at IS NULL"):
            out["mediation_case", r["id"]] = mediation_store.case_search_text(store, r["id"])
    if "enforcement_case" in tables:
        for r in store.rows("SELECT id FROM enforcement_case WHERE voided_at IS NULL"):
            row = enforcement_store.case_search_row(store, r["id"])
            out["enforcement_case", r["id"]] = enforcement_store.search_text(row)
    return out


@pytest.mark.parametrize("step", migrations.known_names())
def test_database_left_at_a_step_upgrades_to_the_current_schema(step, tmp_path):
    names = migrations.known_names()
    path = unpack(step, tmp_path)
    old = sqlite3.connect(path)
    assert [r[0] for r in old.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == \
        names[:names.index(step) + 1]
    counts, docs = table_counts(old), search_docs(old)
    old.close()

    store = Store.open(path)
    try:
        assert migrations.applied_names(store.db) == names
        copies = list((tmp_path / "backups").glob(f"{path.stem}-pre_migration-*"))
        assert len(copies) == (0 if step == names[-1] else 1)
        after = table_counts(store.conn)
        assert {t: n for t, n in after.items() if t in counts and not GROWING.match(t)} == \
            {t: n for t, n in counts.items() if not GROWING.match(t)}
        assert schema(store.conn) == current_schema()
        assert audit_store.verify_chain(store) is None
        report = check(store)
        assert report.ok, report.problems
        assert report.audit_rows == counts["audit_log"]

        # The index holds every live case with the text the app gives it today (written by
        # m011/m012 for a database older than them); nothing else in it changed.
        expected = live_case_index(store, set(counts))
        now = search_docs(store.conn)
        assert {k: text for k, (text, _) in now.items()
                if k[0] in ("mediation_case", "enforcement_case")} == expected
        assert all(grams == search_store.grams(text) for text, grams in now.values())
        assert {k: v for k, v in now.items() if k not in expected} == \
            {k: v for k, v in docs.items() if k not in expected}
        # The narrow id table (m022) holds exactly the index's identities.
        ids = "SELECT id, entity, entity_id FROM {} ORDER BY id"
        assert store.rows(ids.format("search_id")) == store.rows(ids.format("search_doc"))
        for table in ("search_tri", "search_bi"):
            store.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        for key in sorted(expected)[:1]:
            assert key in search_store.search(store, expected[key].split()[0], key[0])
    finally:
        store.close()


def test_cases_told_before_the_split_keep_their_one_provision_in_both(tmp_path):
    """m017: the one "basis" a 事先告知 recorded goes into both new columns (latest live
    notice wins; a voided one is ignored; a case without a notice keeps them empty)."""
    path = unpack("m016_site", tmp_path)
    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT id FROM enforcement_case ORDER BY id")]
    told, untold = ids[0], ids[1]
    for day, basis, voided in (("2026-11-01", "《旧条例》第一条", None),
                               ("2026-11-05", "《旧条例》第二条", None),
                               ("2026-11-06", "《作废条例》", "2026-11-07")):
        conn.execute("INSERT INTO enforcement_event (case_id, kind, day, details, recorded_by,"
                     " created_at, voided_at) VALUES (?, 'prior_notice', ?, ?, '孙执法', ?, ?)",
                     (told, day, json.dumps({"basis": basis}, ensure_ascii=False), day, voided))
    conn.commit()
    conn.close()
    store = Store.open(path)
    try:
        rows = {r["id"]: (r["violated_provision"], r["penalty_provision"]) for r in store.rows(
            "SELECT id, violated_provision, penalty_provision FROM enforcement_case")}
    finally:
        store.close()
    assert rows[told] == ("《旧条例》第二条", "《旧条例》第二条")
    assert rows[untold] == ("", "")


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


def test_a_failing_step_is_rolled_back_and_leaves_the_previous_step(tmp_path, monkeypatch):
    names = migrations.known_names()
    step = "m012_enforcement_more"
    path = unpack(names[names.index(step) - 1], tmp_path)
    before = table_counts(sqlite3.connect(path))
    real = {s.name: s for s in migrations.STEPS}[step]

    def fails_half_way(db):
        real.run(db)  # creates tables, adds columns, indexes the cases …
        raise RuntimeError("boom")

    use_steps(monkeypatch, [s if s.name != step else migrations.Step(step, fails_half_way)
                            for s in migrations.STEPS])
    with pytest.raises(RuntimeError, match="boom"):
        Store.open(path)
    conn = sqlite3.connect(path)
    try:
        assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == \
            names[:names.index(step)]
        assert table_counts(conn) == before
        columns = {r[1] for r in conn.execute("PRAGMA table_info(enforcement_case)")}
        assert "case_no" not in columns
    finally:
        conn.close()
    # with the real step the same file then upgrades
    monkeypatch.undo()
    s = Store.open(path)
    assert migrations.applied_names(s.db) == names
    s.close()


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
