# SPDX-License-Identifier: MIT
"""Where shipped data (resources/, forms/) and user data (database, backups) live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "jiedao-desk"
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


def user_data_dir() -> Path:
    """Return the per-user data directory (JIEDAO_DESK_HOME overrides it, e.g. portable mode)."""
    override = os.environ.get("JIEDAO_DESK_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """Return the default database file in the user data directory."""
    return user_data_dir() / "jiedao-desk.sqlite3"
