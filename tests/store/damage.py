# SPDX-License-Identifier: MIT
"""A demo-sized database and ways to damage it the way a failing disk does: whole pages
overwritten with garbage."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from pathlib import Path

from jiedao_desk.cli import main
from jiedao_desk.core import auth
from jiedao_desk.store import Store

PASSWORD = "Admin-desk-2026!"


def build_demo(folder: Path, size: int = 200) -> Path:
    """``init``, an administrator and ``demo --size`` in ``folder``; the database path."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "desk.sqlite3"
    assert main(["--db", str(db), "init"]) == 0
    with Store.open(db) as store:
        auth.create_first_admin(store, "admin", "管理员", PASSWORD)
    os.environ["JIEDAO_DESK_PASSWORD"] = PASSWORD
    try:
        assert main(["--db", str(db), "--user", "admin", "demo", "--size", str(size)]) == 0
    finally:
        del os.environ["JIEDAO_DESK_PASSWORD"]
    return db


def copy_db(db: Path, folder: Path) -> Path:
    """A private copy of the database file (closed cleanly, so it is one file)."""
    folder.mkdir(parents=True, exist_ok=True)
    anchor = db.with_name(db.name + ".anchor")  # the seal anchor travels with the file
    if anchor.exists():
        shutil.copy2(anchor, folder / anchor.name)
    return Path(shutil.copy2(db, folder / db.name))


def leaf_pages(db: Path, table: str) -> list[int]:
    """The numbers of ``table``'s leaf pages, in rowid order (SQLite's dbstat table)."""
    con = sqlite3.connect(db)
    try:
        return [p for (p,) in con.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
            (table,))]
    finally:
        con.close()


def page_size(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()


def overwrite_pages(db: Path, pages: list[int], seed: int = 18, start: int = 0) -> None:
    """Overwrite each page (from byte ``start`` of it) with random bytes."""
    size = page_size(db)
    rnd = random.Random(seed)
    with db.open("r+b") as f:
        for page in pages:
            f.seek((page - 1) * size + start)
            f.write(bytes(rnd.randrange(256) for _ in range(size - start)))


def rowids(db: Path, table: str) -> list[int]:
    con = sqlite3.connect(db)
    try:
        return [r for (r,) in con.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid')]
    finally:
        con.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
