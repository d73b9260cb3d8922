# SPDX-License-Identifier: MIT
"""Decrypted copies for viewing: on an encrypted installation an attachment opened in the
PC's own viewer (a photo, a scanned PDF) must exist as a plain file while the viewer shows
it. Those copies go into one private folder per running app (0700, in the user's temporary
folder), which is deleted when the app ends; a folder left by an app that crashed or was
killed is deleted at the next start (``sweep``). Nothing decrypted is written anywhere else:
a dossier reads attachments in memory.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

PREFIX = "jiedao-desk-view-"
# Earlier versions decrypted each viewed attachment into a folder of its own named so, and
# never deleted it: the sweep removes those too.
OLD_PREFIX = "jiedao-att-"
_own: Path | None = None


def _parent() -> Path:
    """The folder holding every app's viewing folder (one per user: the temp folder is)."""
    return Path(tempfile.gettempdir())


def folder() -> Path:
    """This app's viewing folder, made (owner-only) on first use and deleted at exit."""
    global _own
    if _own is None or not _own.is_dir():
        _own = _parent() / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        _own.mkdir(mode=0o700)
        atexit.register(remove_own)
    return _own


def remove_own() -> None:
    """Delete this app's viewing folder and every copy in it (at exit; a viewer still
    showing a copy keeps its open handle on Linux, and Windows refuses the delete of an open
    file, which the next start's sweep then removes)."""
    global _own
    if _own is not None:
        shutil.rmtree(_own, ignore_errors=True)
        _own = None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: its folder is not ours to remove
        return True
    return True


def sweep() -> int:
    """Delete the viewing folders of apps that are no longer running (crashed, killed, power
    cut); return how many. Called when the app starts."""
    removed = 0
    try:
        found = [*_parent().glob(PREFIX + "*"), *_parent().glob(OLD_PREFIX + "*")]
    except OSError:
        return 0
    for path in found:
        if not path.is_dir():
            continue
        if path.name.startswith(PREFIX):
            pid = path.name[len(PREFIX):].split("-", 1)[0]
            if not pid.isdigit() or _alive(int(pid)):
                continue
        shutil.rmtree(path, ignore_errors=True)
        removed += not path.exists()
    return removed
