# SPDX-License-Identifier: MIT
"""Salvage what is readable from a damaged database file into a new one.

SQLite's own answer is the shell's ``.recover``; office PCs have no sqlite3 shell, so this is
the same idea in Python. The damaged file is never opened in place: it is copied (with its
WAL) into a scratch folder and read there, so the original stays byte-identical. The new
database gets the app's schema from the migrations (up to the step the damaged file had
reached, so ``Store.open`` can bring it up to date afterwards the usual way), and each table
is copied row by row in rowid order. A read that hits a damaged page raises
``sqlite3.DatabaseError``; the rowid range behind it is then bisected to the first rowid
that reads again, so only the rows of the damaged pages are lost, and the range is noted.
When the damaged file's table list (its first pages) cannot be read, nothing can be placed
and the salvage refuses: a backup is the way back then.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jiedao_desk.base.errors import DatabaseDamaged, DatabaseRefused
from jiedao_desk.store import crypt, migrations
from jiedao_desk.store.backup import ATTACHMENTS

MIN_ROWID, MAX_ROWID = -(2**63), 2**63 - 1
SQLITE_MAGIC = b"SQLite format 3\x00"
# sqlite_* are SQLite's own, the migration log is written by the migrations themselves. The
# seals sign the damaged file's rows, lost ones included: the new file starts its own seals
# when it is first opened (its audit chain and the report say where it came from).
_NOT_COPIED = ("_sqlite_migrations", "seal", "row_seal")


@dataclass
class TableSalvage:
    """What became of one table: rows copied, rowid ranges that could not be read."""

    name: str
    copied: int = 0
    rejected: int = 0  # rows read but refused by the schema (garbled values)
    lost: list[tuple[int, int | None]] = field(default_factory=list)  # (first, last|None=end)
    unreadable: bool = False  # not even the table's first page could be read

    @property
    def lost_at_most(self) -> int | None:
        """At most this many rows were lost (the app never deletes rows, so rowids are dense
        and the bound is exact for its tables); None when a range runs to the table's end."""
        if any(last is None for _, last in self.lost):
            return None
        return sum(last - first + 1 for first, last in self.lost if last is not None)


@dataclass
class Salvage:
    """The outcome of ``salvage``."""

    tables: list[TableSalvage]
    migrations: list[str]  # the migration steps the damaged file had applied

    @property
    def copied(self) -> int:
        """Rows copied into the new database."""
        return sum(t.copied for t in self.tables)


def salvage(damaged: Path, target: Path,
            progress: Callable[[int, int, str], None] | None = None) -> Salvage:
    """Copy every readable row of ``damaged`` into the new database ``target``.

    Raises:
        DatabaseRefused: ``target`` exists, or the file was written by a newer app.
        DatabaseDamaged: nothing of the file can be placed (not a database, or its table
            list is lost).
    """
    damaged, target = Path(damaged).resolve(), Path(target).resolve()
    if target.exists() or target == damaged:
        raise DatabaseRefused(f"目标文件“{target}”已存在：抢救只写入新文件，不覆盖任何文件。")
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    key = crypt.unlocked_key(damaged)
    with _scratch_copy(damaged, target.parent, key) as source:
        tables = _source_tables(source)
        if tables is None:
            # Without the table list no table's first page is known; reading every page
            # blind (the sqlite3 shell's .recover) yields rows without their tables.
            raise DatabaseDamaged(f"“{damaged.name}”的表目录（文件开头）已损坏，无法确定各表"
                                  "的位置，没有可抢救的数据。请从备份恢复。")
        applied = _applied_steps(source)
        steps = [s for s in migrations.STEPS if s.name in applied] if applied else \
            list(migrations.STEPS)
        out = crypt.connect(part, key, isolation_level=None)  # encrypted as the damaged one
        try:
            # only the new file is written, and an interrupted run leaves no file behind
            out.execute("PRAGMA synchronous = OFF")
            out.execute("PRAGMA foreign_keys = OFF")  # children may outlive lost parents
            from sqlite_utils import Database  # only a salvage needs it (not the app's start)

            migrations.migration_set(steps).apply(Database(out))
            names = [n for n in _target_tables(out) if n in tables]
            result = []
            for i, name in enumerate(names):
                if progress:
                    progress(i, len(names), f"正在抢救数据表 {name}")
                result.append(_copy_table(source, out, name, tables[name]))
            if progress:
                progress(len(names), len(names), "抢救完成")
        except BaseException:
            out.close()
            part.unlink(missing_ok=True)
            raise
        out.close()
    os.replace(part, target)
    if key is not None:  # the new file opens with the same passwords as the damaged one
        crypt.remember(target, key)
        if crypt.keys_file(damaged).is_file():
            shutil.copyfile(crypt.keys_file(damaged), crypt.keys_file(target))
            crypt.private_file(crypt.keys_file(target))
    _copy_attachments(damaged.parent / ATTACHMENTS, target.parent / ATTACHMENTS)
    return Salvage(result, [s.name for s in steps])


@contextlib.contextmanager
def _scratch_copy(damaged: Path, near: Path, key: bytes | None
                  ) -> Iterator[sqlite3.Connection]:
    """The damaged file (and its WAL, which holds committed actions) copied into a scratch
    folder and opened there: reading it in place could write to it (a WAL checkpoint)."""
    if not damaged.is_file():
        raise DatabaseRefused(f"找不到要抢救的文件：{damaged}")
    with damaged.open("rb") as f:
        if key is None and f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise DatabaseDamaged(f"“{damaged.name}”不是 SQLite 数据库文件，没有可抢救的数据。")
    scratch = Path(tempfile.mkdtemp(prefix=".recover-", dir=near))
    try:
        copy = scratch / damaged.name
        shutil.copyfile(damaged, copy)
        wal = damaged.with_name(damaged.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, scratch / wal.name)
        try:
            conn = crypt.connect(copy, key, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(f"无法打开要抢救的文件：{exc}") from exc
        try:
            yield conn
        finally:
            conn.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _source_tables(conn: sqlite3.Connection) -> dict[str, list[str]] | None:
    """The damaged file's ordinary tables and their columns (None: its table list cannot be
    read). Full-text tables are left out: the new file rebuilds its index by trigger."""
    try:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")\
            .fetchall()
        virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
        tables = {}
        for name, _ in rows:
            if name.startswith("sqlite_") or name in _NOT_COPIED or name in virtual or \
                    any(name.startswith(v + "_") for v in virtual):
                continue
            tables[name] = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
        return tables
    except sqlite3.DatabaseError:
        return None


def _target_tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]


def _applied_steps(conn: sqlite3.Connection) -> list[str]:
    """The migration steps the damaged file had applied ([] when unreadable: the new file
    then gets the current schema)."""
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
            (migrations.SET_NAME,))]
    except sqlite3.DatabaseError:
        return []
    unknown = [n for n in names if n not in migrations.known_names()]
    if unknown:
        raise DatabaseRefused("这个文件是由更新版本的街道工作台写入的（结构版本 "
                              + "、".join(unknown) + "），请用最新版本抢救。")
    return names


def _copy_table(source: sqlite3.Connection, out: sqlite3.Connection, name: str,
                source_columns: list[str]) -> TableSalvage:
    """Copy ``name`` row by row; skip what cannot be read and note its rowid range."""
    report = TableSalvage(name)
    target_columns = [r[1] for r in out.execute(f'PRAGMA table_info("{name}")')]
    columns = [c for c in target_columns if c in source_columns]
    listed = ", ".join(f'"{c}"' for c in columns)
    select = f'SELECT rowid, {listed} FROM "{name}" WHERE rowid > ? ORDER BY rowid'
    # OR REPLACE: a row the migrations seeded (the site row) gives way to the file's own
    insert = (f'INSERT OR REPLACE INTO "{name}" (rowid, {listed}) '
              f"VALUES ({', '.join('?' * (len(columns) + 1))})")
    last = MIN_ROWID
    out.execute("BEGIN")
    try:
        while True:
            try:
                for row in source.execute(select, (last,)):
                    try:
                        out.execute(insert, row)
                        report.copied += 1
                    except sqlite3.IntegrityError:  # a readable but garbled row
                        report.rejected += 1
                    last = row[0]
                break
            except sqlite3.DatabaseError as exc:
                if not _is_damage(exc):  # a bug (or a table without rowid), not a bad page
                    raise
                resume = _next_readable(source, f"{select} LIMIT 1", last)
                if resume is None and last == MIN_ROWID and report.copied == 0:
                    report.unreadable = True
                report.lost.append((last + 1 if last != MIN_ROWID else 1, resume))
                if resume is None:
                    break
                last = resume
        out.execute("COMMIT")
    except BaseException:
        if out.in_transaction:
            out.execute("ROLLBACK")
        raise
    return report


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """A read that failed on a damaged page (or a bad sector), not on the query itself."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_IOERR")) or \
        "malformed" in text or "not a database" in text or "disk i/o error" in text


def _next_readable(source: sqlite3.Connection, probe: str, last: int) -> int | None:
    """The smallest rowid ``x`` > ``last`` from which reading on works again (``rowid > x``
    reads), found by doubling then bisecting; None when nothing after ``last`` reads.

    A damaged page covers one contiguous rowid range of the table's B-tree, so reading from
    any rowid inside it fails and from any rowid past it works: the search is monotonic.
    """
    def reads(x: int) -> bool:
        try:
            source.execute(probe, (x,)).fetchall()
            return True
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise
            return False

    low, step = last, 1
    while True:
        high = min(last + step, MAX_ROWID)
        if reads(high):
            break
        if high == MAX_ROWID:
            return None
        low, step = high, step * 2
    while high - low > 1:  # reads(high) holds, reads(low) does not
        middle = (low + high) // 2
        if reads(middle):
            high = middle
        else:
            low = middle
    return high


def _copy_attachments(src: Path, dst: Path) -> None:
    """Attachment files of the damaged database, copied beside the new one (when the new one
    is in another folder; in the same folder both share them)."""
    if not src.is_dir() or src.resolve() == dst.resolve():
        return
    shutil.copytree(src, dst, dirs_exist_ok=True)
