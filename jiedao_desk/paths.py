# SPDX-License-Identifier: MIT
"""Where shipped data (resources/, forms/) and user data (database, backups) live.

Portable mode (USB stick): a marker file ``portable.txt`` or ``jiedao-desk.portable`` beside the
program keeps all user data in ``data/`` beside it. Backups and attachments follow because they
sit next to the database file; settings live inside the database.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "jiedao-desk"
PORTABLE_MARKERS = ("portable.txt", "jiedao-desk.portable")
PORTABLE_ENV = "JIEDAO_DESK_PORTABLE"  # a source run looks for the marker only when this is set
HOME_ENV = "JIEDAO_DESK_HOME"
_PKG = Path(__file__).resolve().parent


def _data_root() -> Path:
    # Order: PyInstaller bundle, installed wheel (_data copied by setup.py), source checkout.
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen))
    candidates += [_PKG / "_data", _PKG.parent]
    for c in candidates:
        if (c / "resources").is_dir():
            return c
    raise FileNotFoundError("找不到程序资源目录 resources/，安装可能不完整。")


def resources_dir() -> Path:
    """Return the shipped resources/ directory."""
    return _data_root() / "resources"


def forms_dir() -> Path:
    """Return the shipped forms/ directory."""
    return _data_root() / "forms"


def manual_dir() -> Path | None:
    """Return the shipped, rendered user manual (``manual/index.html`` and one file per section).

    Bundles and wheels carry it (rendered at build time from docs/manual); a source checkout
    has none (ui/kit/help.py renders it then).
    """
    folder = _data_root() / "manual"
    return folder if (folder / "index.html").is_file() else None


def program_dir() -> Path:
    """Return the folder of the running program.

    Returns:
        The folder of the executable in a PyInstaller bundle, else the folder that holds the
        ``jiedao_desk`` package (the checkout for a source run).
    """
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return _PKG.parent


def portable_data_dir() -> Path | None:
    """Return ``<program dir>/data`` when portable mode is on, else None.

    A frozen build is portable when a marker file lies beside the exe. A source run also needs
    JIEDAO_DESK_PORTABLE set, so a stray marker in a checkout cannot move a developer's data.
    """
    if not (getattr(sys, "frozen", False) or os.environ.get(PORTABLE_ENV)):
        return None
    base = program_dir()
    if any((base / marker).is_file() for marker in PORTABLE_MARKERS):
        return base / "data"
    return None


def user_data_dir() -> Path:
    """Return the user data directory, creating it.

    Order: JIEDAO_DESK_HOME, then portable mode (``data/`` beside the program), then the
    platformdirs per-user folder (``%LOCALAPPDATA%\\jiedao-desk``, ``~/.local/share/jiedao-desk``).
    """
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        path = portable_data_dir() or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """Return the default database file in the user data directory."""
    return user_data_dir() / "jiedao-desk.sqlite3"


def user_cache_dir() -> Path:
    """Return the folder for files the app can rebuild (parsed fonts), creating it.

    Beside the data (``cache/`` in it) when JIEDAO_DESK_HOME or portable mode places the data,
    else the platformdirs per-user cache folder (``%LOCALAPPDATA%\\jiedao-desk\\Cache``,
    ``~/.cache/jiedao-desk``). Deleting it loses nothing.
    """
    if os.environ.get(HOME_ENV) or portable_data_dir():
        path = user_data_dir() / "cache"
    else:
        path = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
