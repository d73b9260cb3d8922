# SPDX-License-Identifier: MIT
"""Where a database may live, and one app instance per database.

SQLite's locking is unreliable on network file systems (SMB/NFS), and WAL mode needs shared
memory that such shares do not provide: a database there can be corrupted silently. So the
app refuses network locations and explains why. A second instance on the same file is
refused through an OS lock on ``<db>.lock``, which the OS releases if the process dies (so a
stale lock after a crash never blocks the next start).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import TextIO

from jiedao_desk.base import clock
from jiedao_desk.base.errors import DatabaseRefused

NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs",
              "ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "ncpfs", "lustre"}

_MSG = ("数据库不能放在网络共享位置（{where}）：网络文件系统不能可靠地锁定 SQLite 数据库，"
        "多人同时打开会损坏数据。请把数据库放在本机硬盘上，需要共享时用“备份”复制出去。")


def network_reason(path: Path) -> str | None:
    """Why ``path`` is on a network location, or None if it is local."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "UNC 网络路径"
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
            return f"网络驱动器 {drive}"
        return None
    return _linux_network_mount(path)


def _linux_network_mount(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    try:
        lines = Path(mounts_file).read_text().splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_fs = "", ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and \
                len(mount) > len(best):
            best, best_fs = mount, parts[2]
    if best_fs in NETWORK_FS:
        return f"{best_fs} 网络挂载 {best}"
    return None


def refuse_network(path: Path) -> None:
    """Raise DatabaseRefused if ``path`` is on a network share."""
    reason = network_reason(path)
    if reason:
        raise DatabaseRefused(_MSG.format(where=reason))


class InstanceLock:
    """Exclusive lock on ``<db>.lock`` held while the app has the database open."""

    def __init__(self, db_path: Path):
        self.path = Path(str(db_path) + ".lock")
        self._fh: TextIO | None = None

    def acquire(self) -> None:
        """Take the lock or raise DatabaseRefused naming the holder."""

        with contextlib.ExitStack() as on_failure:
            fh = on_failure.enter_context(open(self.path, "a+", encoding="utf-8"))
            try:
                _lock(fh)
            except OSError:
                fh.seek(0)
                who = _holder(fh.read())
                raise DatabaseRefused(f"这个数据库已经被另一个街道工作台窗口打开{who}。"
                                      "请切换到那个窗口，或先关闭它。") from None
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "since": clock.now().isoformat(sep=" ")}, ensure_ascii=False))
            fh.flush()
            on_failure.pop_all()  # locked: the handle stays open (and locked) until release()
        self._fh = fh

    def release(self) -> None:
        """Release the lock (the OS also releases it when the process ends)."""
        if self._fh is not None:
            _unlock(self._fh)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _holder(text: str) -> str:
    """Who holds the lock, from the JSON the holder wrote into the lock file ("" if unknown)."""
    try:
        info = json.loads(text.strip())
    except ValueError:
        return ""
    return (f"（{info.get('host', '')} 上的进程 {info.get('pid', '')}，"
            f"{info.get('since', '')} 起）")


if sys.platform == "win32":
    import msvcrt

    def _lock(fh: TextIO) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh: TextIO) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fh: TextIO) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh: TextIO) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
