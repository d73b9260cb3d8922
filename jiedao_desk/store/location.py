# SPDX-License-Identifier: MIT
"""Where a database may live, and one app instance per database.

SQLite's locking is unreliable on network file systems (SMB/NFS), and WAL mode needs shared
memory that such shares do not provide: a database there can be corrupted silently. So the
app refuses network locations and explains why. A second instance on the same file is
refused through OS locks keyed by the file's real path and its identity (device + inode), so
a symlink or hard link under another name is refused too; the OS releases them if the
process dies (so a stale lock after a crash never blocks the next start).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, cast

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
    """Exclusive locks held while the app has the database open, keyed by the file's identity.

    Two locks: ``<real path>.lock`` beside the database (it names the holder) and a lock named by
    the file's identity (device + inode; on Windows volume serial + file index) in a folder
    shared by every program on the PC. A symlink, another spelling of the path or a hard link
    under another name all lead to the same real path or the same identity, so a second writer
    is refused whichever name it uses (two writers through a hard link corrupt the database).
    """

    def __init__(self, db_path: Path | str, lock_dir: Path | None = None):
        self.db_path = Path(db_path)
        self.lock_dir = lock_dir
        self.path = Path(str(self.db_path) + ".lock")
        self._held: list[BinaryIO] = []

    def acquire(self) -> None:
        """Take both locks or raise DatabaseRefused naming the holder."""
        real = self.db_path.resolve()
        if not real.exists():
            real.touch()  # a new database needs an identity; SQLite takes an empty file as new
        self.path = Path(str(real) + ".lock")
        with contextlib.ExitStack() as on_failure:
            fh = _take(self.path, on_failure)
            if fh is None:
                who = _holder(self.path)
                raise DatabaseRefused(f"这个数据库已经被另一个街道工作台窗口打开{who}。"
                                      "请切换到那个窗口，或先关闭它。")
            _write_holder(fh, real)
            ident = identity_lock_path(real, self.lock_dir)
            if ident is not None:
                try:
                    other = _take(ident, on_failure)
                except OSError:  # the shared folder is another user's: use the database's own
                    ident = real.parent / ident.name
                    other = _take(ident, on_failure)
                if other is None:
                    raise DatabaseRefused(
                        f"这个数据库文件已经通过另一个名字（链接或别名）被打开{_holder(ident)}，"
                        f"“{self.db_path}”与它是同一个文件。两个窗口同时写入会损坏数据，"
                        "请切换到那个窗口，或先关闭它。")
                _write_holder(other, real)
                self._held.append(other)
            self._held.insert(0, fh)
            on_failure.pop_all()  # locked: the handles stay open (and locked) until release()

    def release(self) -> None:
        """Release the locks (the OS also releases them when the process ends)."""
        while self._held:
            fh = self._held.pop()
            with contextlib.suppress(OSError):
                _unlock(fh)
            fh.close()

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def file_identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of ``path`` — volume serial and file index on Windows — or None
    where the file system has no stable index (st_ino 0, as on some FAT drives)."""
    st = os.stat(path)
    if not st.st_ino:
        return None
    return st.st_dev, st.st_ino


def machine_lock_dir() -> Path:
    """The folder every program on this PC shares for identity locks."""
    if sys.platform == "win32":
        base = Path(os.environ.get("PROGRAMDATA") or tempfile.gettempdir())
    else:
        base = Path(tempfile.gettempdir())
    return base / "jiedao-desk-locks"


def identity_lock_path(real: Path, lock_dir: Path | None = None) -> Path | None:
    """Where the identity lock of the database at ``real`` lives (None: no stable identity).

    Falls back to the database's own folder when the shared folder cannot be made (it still
    catches every alias inside that folder).
    """
    ident = file_identity(real)
    if ident is None:
        return None
    folder = lock_dir or machine_lock_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if sys.platform != "win32" and lock_dir is None:
            # other users' programs must be able to add their own lock files here
            with contextlib.suppress(OSError):
                folder.chmod(0o1777)
    except OSError:
        folder = real.parent
    return folder / f"jiedao-desk-{ident[0]:x}-{ident[1]:x}.lock"


def _take(path: Path, stack: contextlib.ExitStack) -> BinaryIO | None:
    """Open ``path`` and lock it; None if another process holds it."""
    # "r+b" has no O_CREAT, so another user's lock file in a sticky shared folder still opens;
    # read-only is enough to lock (the holder note is then left as it was).
    fh = _open_first(path, ("r+b", "a+b"), "rb")
    stack.enter_context(fh)
    try:
        _lock(fh)
    except OSError:
        return None
    stack.callback(_quiet_unlock, fh)
    return fh


def _open_first(path: Path, modes: tuple[str, ...], last: str) -> BinaryIO:
    for mode in modes:
        with contextlib.suppress(FileNotFoundError, PermissionError):
            return cast(BinaryIO, open(path, mode))  # noqa: SIM115 -- the caller's stack closes it
    return cast(BinaryIO, open(path, last))  # noqa: SIM115


def _quiet_unlock(fh: BinaryIO) -> None:
    with contextlib.suppress(OSError):
        _unlock(fh)


def _write_holder(fh: BinaryIO, real: Path) -> None:
    note = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "path": str(real),
                       "since": clock.now().isoformat(sep=" ")}, ensure_ascii=False)
    with contextlib.suppress(OSError):  # a lock file opened read-only keeps the old note
        fh.seek(0)
        fh.truncate()
        fh.write(note.encode("utf-8"))
        fh.flush()


def _holder(lock_path: Path) -> str:
    """Who holds the lock, from the JSON the holder wrote into the lock file ("" if unknown)."""
    try:
        info = json.loads(lock_path.read_bytes().decode("utf-8").strip())
    except (OSError, ValueError):
        return ""
    if not isinstance(info, dict):
        return ""
    return (f"（{info.get('host', '')} 上的进程 {info.get('pid', '')}，"
            f"{info.get('since', '')} 起）")


if sys.platform == "win32":
    import msvcrt

    # A byte far past any note the holder writes: Windows locks are mandatory, so locking
    # byte 0 would stop a second program from reading who holds the lock.
    _LOCK_AT = 1 << 20

    def _lock(fh: BinaryIO) -> None:
        fh.seek(_LOCK_AT)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh: BinaryIO) -> None:
        fh.seek(_LOCK_AT)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fh: BinaryIO) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh: BinaryIO) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
