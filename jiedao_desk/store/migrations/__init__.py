# SPDX-License-Identifier: MIT
"""Schema migrations: every released step, frozen, applied in the order of ``STEPS``.

A step that only changes the schema is a plain ``<name>.sql`` file in this folder; a step
that also moves data is a module ``<name>.py`` here with ``apply(db)``, self-contained: it
imports nothing from the app, so a change to live code never changes what an old database
goes through when it is upgraded. Once released a step is never edited, renamed or
reordered: add a new one at the end of ``STEPS``.

sqlite-utils' ``Migrations`` records the steps in ``_sqlite_migrations`` (set "jiedao_desk")
and runs each step together with its record in one transaction, so a step that fails leaves
the database at the step before it. The app refuses a database that carries a step it does
not know (written by a newer app), and copies a populated database aside before applying any
pending step.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk.base.errors import DatabaseRefused

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

SET_NAME = "jiedao_desk"


@dataclass(frozen=True)
class Step:
    """One released migration: the name recorded in the database and what it does."""

    name: str
    run: Callable[[Database], None]


def read_sql(name: str) -> str:
    """The text of the step file ``<name>.sql`` shipped in this package."""
    return resources.files(__name__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def sql_step(name: str) -> Step:
    """A step that runs ``<name>.sql`` (read when the step is applied)."""

    def run(db: Database) -> None:
        # Inside the step's transaction sqlite-utils runs the script statement by statement
        # (sqlite3's executescript would commit first).
        db.executescript(read_sql(name))

    return Step(name, run)


def module_step(name: str, module: str) -> Step:
    """A step that runs ``apply(db)`` of the step module ``module`` (in this package). The file
    says what the step does; the name is the one released (and recorded in every database),
    which never changes. The module (and sqlite-utils with it) loads when the step runs."""

    def run(db: Database) -> None:
        importlib.import_module(f"{__name__}.{module}").apply(db)

    return Step(name, run)


STEPS: tuple[Step, ...] = (
    sql_step("m001_foundation"),
    sql_step("m002_users"),
    sql_step("m003_documents"),
    sql_step("m004_access"),
    sql_step("m005_certificates"),
    sql_step("m006_forms"),
    sql_step("m007_mediation"),
    sql_step("m008_enforcement"),
    sql_step("m009_hotline"),
    sql_step("m010_resident_flags"),
    module_step("m011_mediation_more", "m011_mediation_search"),
    module_step("m012_enforcement_more", "m012_enforcement_cases"),
    sql_step("m013_hotline_links"),
    sql_step("m014_monthly"),
    sql_step("m015_list_indexes"),
    sql_step("m016_site"),
    module_step("m017_penalty_provisions", "m017_penalty_provisions"),
    sql_step("m018_seals"),
    sql_step("m019_exchange_sites"),
    module_step("m020_exchange_changes", "m020_exchange_changes"),
    sql_step("m021_due_dates"),
    sql_step("m022_search_ids"),
    sql_step("m025_exchange_complete"),
    module_step("m029_lead_search", "m029_lead_search"),
)


def migration_set(steps: Iterable[Step]) -> Migrations:
    """The sqlite-utils migration set that applies ``steps`` in order."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for step in steps:
        migrations(name=step.name)(step.run)
    return migrations


def __getattr__(name: str) -> Any:
    # ``MIGRATIONS``, the set of every step, is made on first use: a database that is up to
    # date opens without loading sqlite-utils (a test may replace it with another set).
    if name == "MIGRATIONS":
        globals()["MIGRATIONS"] = migration_set(STEPS)
        return globals()["MIGRATIONS"]
    raise AttributeError(name)


def _all() -> Migrations:
    """``MIGRATIONS`` (read through the module, so that a replaced set is the one used)."""
    return globals().get("MIGRATIONS") or __getattr__("MIGRATIONS")


def known_names() -> list[str]:
    """Names of the migrations this app knows, in order."""
    return [step.name for step in STEPS]


def applied_names(db: Database | sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the database (plain SQL: no sqlite-utils)."""
    # a sqlite-utils Database holds its connection; an encrypted (SQLCipher) connection is no
    # sqlite3.Connection, so the test is on the attribute
    conn = db.conn if hasattr(db, "conn") else db
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    ("_sqlite_migrations",)).fetchone() is None:
        return []
    return [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (SET_NAME,))]


def guard_newer(store) -> None:
    """Refuse a database written by a newer app (it has migrations this app does not know)."""
    unknown = [n for n in applied_names(store.conn) if n not in known_names()]
    if unknown:
        store.conn.close()
        raise DatabaseRefused(
            "这个数据库是由更新版本的街道工作台写入的（结构版本 "
            + "、".join(unknown)
            + "），本程序无法安全打开。请安装最新版本后再打开，数据没有被改动。"
        )


def pending_names(store) -> list[str]:
    """Migrations not yet applied."""
    if "MIGRATIONS" in globals():  # loaded already, or a test's own set
        return [m.name for m in globals()["MIGRATIONS"].pending(store.db)]
    applied = set(applied_names(store.conn))
    return [name for name in known_names() if name not in applied]


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
    _all().apply(store.db)
    return copy


def copy_aside(store, label: str) -> Path:
    """Back the database up (verified, with attachments) before changing its structure."""
    from jiedao_desk.store import backup  # store.backup opens databases through this package

    return backup.make_backup(store, "pre_migration").path


_reference_triggers: frozenset[str] | None = None


def reference_triggers() -> frozenset[str]:
    """The triggers a database built by every step has (what ``check`` expects to find)."""
    global _reference_triggers
    if _reference_triggers is None:
        from sqlite_utils import Database

        from jiedao_desk.store import crypt

        conn = crypt.connect(":memory:")
        try:
            _all().apply(Database(conn))
            _reference_triggers = frozenset(r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        finally:
            conn.close()
    return _reference_triggers
