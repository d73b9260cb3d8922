# SPDX-License-Identifier: MIT
"""What SQLite's storage errors mean to the user: a damaged file, a full or read-only disk.

SQLite reports these as ``sqlite3.DatabaseError``/``OperationalError`` with an English text;
``storage_error`` turns them into the app's errors with a Chinese message that says what
happened to the action (nothing applied) and what to do next (free space, ``recover``).
"""

from __future__ import annotations

import errno
import sqlite3
import threading
import weakref
from pathlib import Path
from typing import Any, NoReturn

from jiedao_desk.base.errors import (
    DatabaseDamaged,
    JiedaoError,
    ReadOnlyCopy,
    StorageError,
    StorageFull,
    StorageReadOnly,
)

# Where the damage is reported the way out is offered in that place's own terms (the window's
# 尝试修复 button, the command line's ``recover``), so the message itself names no command.
RECOVER_HINT = "可以把其中还能读出的数据抢救到新文件（原文件不会被改动），或从备份恢复。"
CLI_RECOVER_HINT = "抢救数据：jiedao-desk-cli recover 损坏的文件 -o 新文件"
READ_ON = "查看、导出和备份到其他磁盘仍可进行。"
# What the exchange triggers (m020) say when a change reaches a copy another site owns.
READ_ONLY_COPY = "此记录属于其他站点，本机只保存只读副本"


def _code(exc: sqlite3.Error) -> str:
    """The primary result code name ("SQLITE_FULL"); Python 3.11 gives it on the error."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return "_".join(name.split("_")[:2])  # "SQLITE_IOERR_WRITE" → "SQLITE_IOERR"


def storage_error(exc: BaseException) -> JiedaoError | None:
    """The app's error for a storage fault ``exc``, or None when it is no storage fault (a
    bug, a constraint) and should propagate as it is. Besides SQLite's errors this covers
    the file system's own for a full or read-only disk (writing an export or a backup)."""
    if isinstance(exc, OSError):
        return _file_error(exc)
    if isinstance(exc, sqlite3.IntegrityError) and READ_ONLY_COPY in str(exc):
        return ReadOnlyCopy(READ_ONLY_COPY + "，不能在本机修改：请在该记录所属的站点办理，"
                            "或由所属站点移交本站。")
    if not isinstance(exc, sqlite3.Error) or isinstance(exc, sqlite3.IntegrityError):
        return None
    return _sqlite_error(exc)


def reraise(exc: BaseException) -> NoReturn:
    """Raise the app's error for ``exc`` (chained to it) when it is a storage fault, else
    ``exc`` itself; for ``except`` blocks that have already cleaned up."""
    error = storage_error(exc)
    if error is None:
        raise exc
    raise error from exc


def _file_error(exc: OSError) -> JiedaoError | None:
    what = f"，无法写入“{Path(exc.filename).name}”" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(f"磁盘已满{what}，操作没有完成。请腾出磁盘空间或换一个磁盘后再试。")
    if exc.errno == errno.EROFS:
        return StorageReadOnly(f"磁盘是只读的{what}，操作没有完成。请换一个可写的磁盘后再试。")
    return None


def _sqlite_error(exc: sqlite3.Error) -> JiedaoError | None:  # noqa: PLR0911 - one per code
    code, text = _code(exc), str(exc).lower()
    if code == "SQLITE_FULL" or "database or disk is full" in text:
        return StorageFull("磁盘已满，操作没有完成，数据没有改动。请腾出磁盘空间后再试；"
                           + READ_ON)
    if code == "SQLITE_READONLY" or "readonly database" in text:
        # also a full disk at start-up: the file was then opened for reading only (below)
        return StorageReadOnly("数据库现在无法写入（磁盘已满，或文件、磁盘是只读的），操作没有"
                               "完成，数据没有改动。请腾出磁盘空间或换到可写的磁盘后再试；"
                               + READ_ON)
    if code == "SQLITE_IOERR" or "disk i/o error" in text:
        return StorageError("读写磁盘出错（磁盘可能已满、已拔出或损坏），操作没有完成，"
                            "数据没有改动。请检查磁盘后再试。")
    if code == "SQLITE_CANTOPEN" or "unable to open database file" in text:
        # on read-only media: the WAL index (-shm) beside the file cannot be created
        return StorageError("无法打开数据库文件：所在磁盘已满、只读或已拔出，或没有访问权限。"
                            "操作没有完成，数据没有改动。")
    if code == "SQLITE_NOTADB" or "not a database" in text:
        return DatabaseDamaged("要打开的文件不是本程序的数据库（或文件头已损坏），没有读取。"
                               + RECOVER_HINT)
    if code == "SQLITE_CORRUPT" or "malformed" in text:
        return DatabaseDamaged("数据库文件已损坏（部分数据页无法读取），操作没有完成。"
                               + RECOVER_HINT)
    return None


def quick_damage(conn: sqlite3.Connection, limit: int = 5) -> list[str]:
    """What ``PRAGMA quick_check`` finds (empty when every page reads): damaged pages show up
    here at start-up instead of in the middle of someone's work."""
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA quick_check({int(limit)})").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


class PageCheck:
    """``quick_damage`` of a database file on a thread of its own, with its own read-only
    connection: reading every page of a large file takes seconds (4 s for 1.2 GiB), which
    neither the sign-in window nor the sign-in waits for. ``wait()`` gives the result.

    The check reads in one transaction whose snapshot is taken before it starts. In WAL mode
    no checkpoint copies a page into the database file past a snapshot still being read, so
    whatever is written meanwhile (the sign-in, the first records) stays in the WAL and the
    file itself is not written while it is being checked. When damage is found the snapshot
    is held on (``release()`` lets it go): closing the app's connection then does not copy
    the WAL into the damaged file either, and the salvage reads the file with those writes.
    """

    def __init__(self, path: Path, key: bytes | None = None, limit: int = 5):
        self._found: list[str] = []
        self._finished = threading.Event()
        self._released = threading.Event()
        self._reading = threading.Event()  # the snapshot is taken (or the file did not open)
        self._thread = threading.Thread(target=self._run, args=(path, key, limit),
                                        name="page-check", daemon=True)
        self._thread.start()
        self._reading.wait()  # a write from now on is one the snapshot does not hold

    def _run(self, path: Path, key: bytes | None, limit: int) -> None:
        from jiedao_desk.store import crypt  # crypt imports this module

        try:
            try:
                conn = crypt.connect(path, key, readonly=True, isolation_level=None)
            except sqlite3.DatabaseError as exc:
                self._found = [str(exc)]
                return
            try:
                self._found = self._check(conn, limit, self._reading)
                if self._found:
                    self._finished.set()
                    self._released.wait()  # see the class docstring
            finally:
                conn.close()  # read-only: closing it never writes the file
        finally:
            self._reading.set()
            self._finished.set()

    @staticmethod
    def _check(conn: sqlite3.Connection, limit: int, reading: threading.Event) -> list[str]:
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        finally:
            reading.set()
        return quick_damage(conn, limit)

    def done(self) -> bool:
        """Whether the check has finished."""
        return self._finished.is_set()

    def wait(self) -> list[str]:
        """What the check found (empty: every page reads), once it has finished."""
        self._finished.wait()
        return self._found

    def release(self) -> None:
        """Let go of the snapshot held after damage was found (the salvage has read it)."""
        self._released.set()


# The page check running for an open store (ui/app.py starts it; the window offers the repair
# when it finds damage, see PageCheck for why nothing reaches the file before that).
_CHECKS: weakref.WeakKeyDictionary[Any, PageCheck] = weakref.WeakKeyDictionary()


def start_page_check(store: Any) -> PageCheck:
    """Start checking every page of ``store``'s file in the background."""
    check = PageCheck(store.path, store.key)
    _CHECKS[store] = check
    return check


def page_damage(store: Any) -> list[str]:
    """Wait for the page check started for ``store`` (none started: nothing found)."""
    check = _CHECKS.get(store)
    return check.wait() if check is not None else []


def page_check_done(store: Any) -> bool:
    """Whether ``store``'s page check has finished (none started: it has)."""
    check = _CHECKS.get(store)
    return check is None or check.done()


def release_page_check(store: Any) -> None:
    """Let ``store``'s page check close its connection (after the salvage of a damaged file)."""
    check = _CHECKS.get(store)
    if check is not None:
        check.release()


def unopenable(path: Path, exc: sqlite3.DatabaseError) -> JiedaoError:
    """Why the file at ``path`` does not open: the disk's fault, or the file's."""
    error = storage_error(exc)
    if isinstance(error, StorageError):
        return error
    return DatabaseDamaged(f"“{path.name}”不是本程序的数据库文件（或已损坏），没有打开。"
                           + RECOVER_HINT)


def read_only_fallback(path: Path, exc: sqlite3.DatabaseError, key: bytes | None = None
                       ) -> sqlite3.Connection | None:
    """A connection that only reads ``path``, for when opening it failed because the disk
    takes no write (None otherwise).

    A WAL database needs its index file (-shm, 32 KB) to be written even for reading, so on
    a full or read-only disk it would not open at all — and then nobody could sign in to
    export or back up their data. Opened as immutable it needs no index; that is only
    correct while the WAL holds no committed actions, which is the case after every clean
    close (the last connection checkpoints it), so a WAL with content refuses instead.
    Writes then fail as a read-only database (``storage_error``).
    """
    if not isinstance(storage_error(exc), StorageError):
        return None
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None
    from jiedao_desk.store import crypt  # imports base errors only; kept beside its use

    try:
        conn = crypt.connect(path, key, uri_query="immutable=1", isolation_level=None)
    except sqlite3.DatabaseError:
        return None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        return None
    return conn
