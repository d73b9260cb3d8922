# SPDX-License-Identifier: MIT
"""Backups with the SQLite backup API: consistent copies of an open database.

A backup is a folder ``backups/<db stem>-<kind>-<UTC stamp>/`` holding the database copy and
the attachments folder (content-addressed files never change, so they are hard-linked when the
file system allows it). Each copy is checked with ``PRAGMA integrity_check`` right after it
is written; a copy that fails is removed and the backup reported as failed.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jiedao_desk.base.clock import utc_stamp
from jiedao_desk.base.errors import JiedaoError

if TYPE_CHECKING:  # the store opens (and migrates) through this module: no import back up
    from jiedao_desk.store import Store

DB_NAME = "jiedao-desk.sqlite3"
ATTACHMENTS = "attachments"


@dataclass(frozen=True)
class BackupInfo:
    """One backup folder on disk."""

    path: Path
    kind: str
    stamp: str  # UTC, YYYYmmdd-HHMMSS

    @property
    def db_file(self) -> Path:
        """The database copy inside the folder."""
        return self.path / DB_NAME


def database_file(store: Store) -> Path:
    """The file of a file database; an in-memory store (tests) has nothing to back up."""
    if store.path is None:
        raise JiedaoError("内存数据库不能备份。")
    return store.path


def backups_dir(store: Store) -> Path:
    """Default backup folder: ``backups/`` next to the database."""
    return database_file(store).parent / "backups"


def attachments_dir(store: Store) -> Path:
    """Attachments folder next to the database (callers refuse an in-memory store first)."""
    return database_file(store).parent / ATTACHMENTS


def integrity_errors(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` findings (empty when the database is sound)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def foreign_key_errors(conn: sqlite3.Connection) -> list[tuple]:
    """``PRAGMA foreign_key_check`` findings."""
    return conn.execute("PRAGMA foreign_key_check").fetchall()


def make_backup(store: Store, kind: str, to_dir: Path | None = None,
                progress=None) -> BackupInfo:
    """Write and verify a backup of ``store`` (and its attachments)."""
    folder = Path(to_dir) if to_dir else backups_dir(store)
    stem = database_file(store).stem
    stamp = utc_stamp()
    target = folder / f"{stem}-{kind}-{stamp}"
    n = 1
    while target.exists():  # two backups within one second
        n += 1
        target = folder / f"{stem}-{kind}-{stamp}-{n}"
    target.mkdir(parents=True)
    try:
        dst = sqlite3.connect(str(target / DB_NAME))
        try:
            def _step(status, remaining, total):
                if progress:
                    progress(total - remaining, total, "正在备份数据库")

            store.conn.backup(dst, pages=256, progress=_step)
            problems = integrity_errors(dst)
        finally:
            dst.close()
        if problems:
            raise JiedaoError("备份写入后完整性检查失败：" + "；".join(problems[:3]))
        _copy_attachments(attachments_dir(store), target / ATTACHMENTS)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return BackupInfo(target, kind, stamp)


def _copy_attachments(src: Path, dst: Path) -> None:
    if not src.is_dir():
        return
    for path in src.rglob("*"):
        if path.is_file():
            out = dst / path.relative_to(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, out)  # immutable content-addressed files: a link is enough
            except OSError:
                shutil.copy2(path, out)


def list_backups(folder: Path, stem: str) -> list[BackupInfo]:
    """Backups of the database named ``stem`` in ``folder``, oldest first."""
    pattern = re.compile(
        rf"^{re.escape(stem)}-(?P<kind>[a-z_]+)-(?P<stamp>\d{{8}}-\d{{6}})(?:-\d+)?$")
    out = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = pattern.match(p.name)
            if m and p.is_dir() and (p / DB_NAME).exists():
                out.append(BackupInfo(p, m["kind"], m["stamp"]))
    return sorted(out, key=lambda b: (b.stamp, b.path.name))


def remove_backup(info: BackupInfo) -> None:
    """Delete one backup folder (retention only; never the live database)."""
    shutil.rmtree(info.path)


def restore_into(store: Store, source_db: Path) -> None:
    """Replace the open database's content with ``source_db`` (backup API, page by page)."""
    src = sqlite3.connect(f"file:{source_db}?mode=ro", uri=True)
    try:
        problems = integrity_errors(src)
        if problems:
            raise JiedaoError("要恢复的备份已损坏：" + "；".join(problems[:3]))
        src.backup(store.conn)
    finally:
        src.close()


def restore_attachments(backup_folder: Path, store: Store) -> int:
    """Copy attachments present in the backup but missing now; return how many."""
    src = backup_folder / ATTACHMENTS
    dst = attachments_dir(store)
    count = 0
    if not src.is_dir():
        return 0
    for path in src.rglob("*"):
        if path.is_file():
            out = dst / path.relative_to(src)
            if not out.exists():
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, out)
                count += 1
    return count
