# SPDX-License-Identifier: MIT
"""A full disk and a read-only disk, made real on a tiny file system: signing in, reading, a
rescue export and a backup to another drive still work; a write is refused with a Chinese
message, nothing of it is applied, and the database still passes ``check``.

As root the database sits on its own tmpfs of a few MB that is filled to the last byte (and
remounted read-only for the read-only case). Otherwise every command runs in a child process
whose files may not grow past a few KB (RLIMIT_FSIZE with SIGXFSZ ignored): the same refusal
the kernel gives on a full disk, for every file the command writes — so there the backup of
the whole database cannot be part of the test, but the export of a small ledger can.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jiedao_desk.cli import main

from .damage import PASSWORD, build_demo, copy_db

ROOT = Path(__file__).resolve().parents[2]
FSIZE_LIMIT = 16 * 1024  # below the WAL index (32 KB) and one transaction, above the export


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("full") / "demo", size=30)


def _mount(point: Path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                          capture_output=True, check=False)
    return done.returncode == 0


def _fill(folder: Path) -> None:
    """Write until the file system refuses another byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for chunk in (1 << 16, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)
    with pytest.raises(OSError) as e:
        (folder / "probe").write_bytes(b"x" * 4096)
    assert e.value.errno == errno.ENOSPC


def _limit_file_size() -> None:  # runs in the child before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


class Disk:
    """Where the database lives and how commands are run against it."""

    def __init__(self, db: Path, mode: str):
        self.db, self.mode = db, mode

    def run(self, *argv: str, password: str = PASSWORD) -> tuple[int, str, str]:
        args = ["--db", str(self.db), *argv]
        if self.mode == "mount":
            return _capture(args, password)
        env = {**os.environ, "JIEDAO_DESK_PASSWORD": password, "PYTHONPATH": str(ROOT),
               "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run([sys.executable, "-m", "jiedao_desk.cli", *args], env=env,
                              capture_output=True, text=True, preexec_fn=_limit_file_size,
                              check=False, timeout=120)
        return done.returncode, done.stdout, done.stderr


def _capture(args: list[str], password: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("JIEDAO_DESK_PASSWORD")
    os.environ["JIEDAO_DESK_PASSWORD"] = password
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        if old is None:
            del os.environ["JIEDAO_DESK_PASSWORD"]
        else:
            os.environ["JIEDAO_DESK_PASSWORD"] = old
    return code, out.getvalue(), err.getvalue()


def _state(db: Path) -> tuple:
    """What a write would change: communities and the audit log (read without writing)."""
    con = sqlite3.connect(db.as_uri() + "?immutable=1", uri=True)
    try:
        return (con.execute("SELECT count(*) FROM community").fetchone()[0],
                con.execute("SELECT count(*), max(hash) FROM audit_log").fetchone())
    finally:
        con.close()


@pytest.fixture
def disk(demo, tmp_path):
    point = tmp_path / "disk"
    if _mount(point, "4m"):
        try:
            yield Disk(copy_db(demo, point), "mount")
        finally:
            subprocess.run(["umount", "-l", str(point)], check=False)
        return
    try:  # the fallback needs a child process whose file size can be limited
        subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_limit_file_size, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"neither a tmpfs mount (needs root) nor RLIMIT_FSIZE works here: {exc}")
    yield Disk(copy_db(demo, tmp_path / "limited"), "rlimit")


@pytest.mark.parametrize("when", ["full_while_open", "full_at_start", "read_only"])
def test_a_disk_that_takes_no_write_still_lets_users_read_and_rescue(disk, tmp_path, when):
    other_drive = tmp_path / "usb"
    other_drive.mkdir()
    holder = None
    if disk.mode == "mount":
        if when == "full_while_open":  # the app is running when the disk fills up
            holder = sqlite3.connect(disk.db)
            holder.execute("SELECT count(*) FROM resident").fetchone()
        if when == "read_only":
            assert subprocess.run(["mount", "-o", "remount,ro", str(disk.db.parent)],
                                  check=False).returncode == 0
        else:
            _fill(disk.db.parent)
    elif when != "full_at_start":
        pytest.skip("a full disk while the app runs and a read-only disk need a tmpfs mount")
    before = _state(disk.db)
    full = "磁盘已满"
    reason = "只读" if when == "read_only" else full
    try:
        # sign-in and a read work; the lost sign-in record is said once, in Chinese
        code, out, err = disk.run("--user", "admin", "user", "list")
        assert code == 0 and "admin" in out, err
        assert err.count("本次登录记录未能写入") == 1 and reason in err
        # a wrong password is still refused
        code, _, err = disk.run("--user", "admin", "user", "list", password="Wrong-desk-2026!")
        assert code == 1 and "用户名或密码不正确" in err
        # a rescue export to another drive
        target = other_drive / "residents.xlsx"
        code, out, err = disk.run("--user", "admin", "export", "ledger", "residents",
                                  "-o", str(target))
        assert code == 0 and target.stat().st_size > 0, err
        if disk.mode == "mount":  # a whole-database copy outgrows the child's file limit
            code, _, err = disk.run("--user", "admin", "backup", "--to", str(other_drive))
            assert code == 0, err
            # an export onto the disk that takes no write: said so, and no cut-off file left
            stuck = disk.db.parent / "residents.xlsx"
            code, _, err = disk.run("--user", "admin", "export", "ledger", "residents",
                                    "-o", str(stuck))
            assert code == 1 and reason.replace("磁盘已满", "已满") in err, err
            assert not stuck.exists()
        # a write is refused, in Chinese, and nothing of it is applied
        code, _, err = disk.run("--user", "admin", "org", "add-community", "新社区", "SL099")
        assert code == 1 and "操作没有完成" in err and reason in err, err
        assert "Traceback" not in err
        assert _state(disk.db) == before
        code, out, err = disk.run("--json", "check")
        assert code == 0 and json.loads(out)["ok"], out + err
    finally:
        if holder is not None:
            holder.close()
    if disk.mode == "mount" and when != "read_only":
        # room again: the same write goes through (the refusal was the disk's)
        (disk.db.parent / "filler").unlink()
        code, _, err = disk.run("--user", "admin", "org", "add-community", "新社区", "SL099")
        assert code == 0, err
        assert _state(disk.db)[0] == before[0] + 1


def test_a_commit_the_full_disk_refuses_leaves_no_open_transaction(demo, tmp_path):
    """A small action's pages reach the disk only at COMMIT (the WAL write): that is where a
    full disk fails it, and the store must come out of it with the transaction closed."""
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.base.errors import StorageFull
    from jiedao_desk.store import Store
    from jiedao_desk.store import audit as audit_store

    point = tmp_path / "disk"
    if not _mount(point, "4m"):
        pytest.skip("needs a tmpfs mount (root)")
    try:
        store = Store.open(copy_db(demo, point))
        try:
            rows = store.scalar("SELECT count(*) FROM audit_log")
            _fill(point)
            with pytest.raises(StorageFull), store.atomic():
                audit_store.record(store, SYSTEM, "test.full", "setting", "x")
            assert not store.conn.in_transaction
            assert store.scalar("SELECT count(*) FROM audit_log") == rows
            (point / "filler").unlink()
            with store.atomic():
                audit_store.record(store, SYSTEM, "test.full", "setting", "x")
            assert store.scalar("SELECT count(*) FROM audit_log") == rows + 1
        finally:
            store.close()
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)
