# SPDX-License-Identifier: MIT
"""Storage faults inside one action: the transaction is rolled back whole and the error is the
app's Chinese one (a full disk is made with ``PRAGMA max_page_count``, which fails a write
that needs a new page exactly as a full disk does)."""

from __future__ import annotations

import sqlite3

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import DatabaseDamaged, StorageError, StorageFull, StorageReadOnly
from jiedao_desk.store import Store, faults
from jiedao_desk.store import audit as audit_store


def _grow(store: Store) -> None:
    """One action that needs new pages: an audit row with a large detail."""
    with store.atomic():
        audit_store.record(store, SYSTEM, "test.grow", "setting", "x", None, {"n": "x" * 200_000})


def test_a_full_disk_rolls_the_action_back_and_says_so(file_store):
    rows = file_store.scalar("SELECT count(*) FROM audit_log")
    pages = file_store.scalar("PRAGMA page_count")
    file_store.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageFull, match="磁盘已满.*数据没有改动"):
        _grow(file_store)
    assert not file_store.conn.in_transaction
    assert file_store.scalar("SELECT count(*) FROM audit_log") == rows
    file_store.execute(f"PRAGMA max_page_count = {pages * 100}")
    _grow(file_store)  # room again: the same action goes through
    assert file_store.scalar("SELECT count(*) FROM audit_log") == rows + 1


def test_a_read_only_file_refuses_writes_in_chinese(tmp_path):
    Store.open(tmp_path / "ro.sqlite3").close()
    store = Store.open(tmp_path / "ro.sqlite3", readonly=True)
    try:
        with pytest.raises(StorageReadOnly, match="无法写入"):
            _grow(store)
        assert not store.conn.in_transaction
    finally:
        store.close()


@pytest.mark.parametrize(("name", "text", "kind"), [
    ("SQLITE_FULL", "database or disk is full", StorageFull),
    ("SQLITE_READONLY", "attempt to write a readonly database", StorageReadOnly),
    ("SQLITE_IOERR_WRITE", "disk I/O error", StorageError),
    ("SQLITE_CANTOPEN", "unable to open database file", StorageError),
    ("SQLITE_CORRUPT", "database disk image is malformed", DatabaseDamaged),
    ("SQLITE_NOTADB", "file is not a database", DatabaseDamaged),
])
def test_storage_errors_become_the_apps_errors(name, text, kind):
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    error = faults.storage_error(exc)
    assert isinstance(error, kind) and str(error).isascii() is False


def test_other_database_errors_are_left_alone():
    assert faults.storage_error(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
    assert faults.storage_error(sqlite3.OperationalError("no such table: x")) is None
    assert faults.storage_error(ValueError("x")) is None


def test_reading_without_the_wal_index_only_when_the_wal_is_empty(tmp_path):
    db = tmp_path / "desk.sqlite3"
    Store.open(db).close()
    full = sqlite3.OperationalError("disk I/O error")
    conn = faults.read_only_fallback(db, full)
    assert conn is not None
    conn.close()
    # committed actions still in the WAL would be missing from an immutable read: refuse
    (tmp_path / "desk.sqlite3-wal").write_bytes(b"x" * 100)
    assert faults.read_only_fallback(db, full) is None
    # a damaged file is not the disk's fault: no fallback
    assert faults.read_only_fallback(db, sqlite3.DatabaseError("file is not a database")) is None


def test_a_full_or_read_only_drive_is_said_for_files_too():
    import errno

    full = faults.storage_error(OSError(errno.ENOSPC, "No space left on device", "/x/a.xlsx"))
    assert isinstance(full, StorageFull) and "a.xlsx" in str(full)
    assert isinstance(faults.storage_error(OSError(errno.EROFS, "Read-only")), StorageReadOnly)
    assert faults.storage_error(OSError(errno.EACCES, "Permission denied")) is None
    assert faults.storage_error(BrokenPipeError()) is None
