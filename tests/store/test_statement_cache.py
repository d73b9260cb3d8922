# SPDX-License-Identifier: MIT
"""A repeated action finds its statements prepared, on a plain and on an encrypted file.

SQLite calls a connection's authorizer while it compiles a statement, never while it runs a
prepared one, so the authorizer counts what was compiled. sqlcipher3's statement cache takes
no new statement once it is full (store/crypt.py CACHED_STATEMENTS), and a statement text made
per transaction (a savepoint name, a list of ids) is compiled every time in any cache.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from jiedao_desk import demo
from jiedao_desk.core import auth, encryption
from jiedao_desk.domains.residents import service as residents
from jiedao_desk.store import Store, crypt

PASSWORD = "Kx9#mQ2!vL7pZr"

pytestmark = pytest.mark.usefixtures("cheap_kdf")


def _database(folder, encrypted: bool):
    db = folder / "data" / "jiedao-desk.sqlite3"
    with Store.open(db) as store:
        auth.create_first_admin(store, "boss", "王主任", PASSWORD)
        actor = auth.authenticate(store, "boss", PASSWORD)
        demo.generate(store, size=40, seed=1, actor=actor)
        if encrypted:
            encryption.enable(store, actor, PASSWORD)
    crypt.forget()
    if encrypted:
        encryption.unlock(db, "boss", PASSWORD)
    return db


def _count_compiled(conn) -> list[tuple]:
    """From now on, one entry per authorization SQLite asks for while compiling (setting an
    authorizer expires what was prepared before)."""
    compiled: list[tuple] = []

    def note(*args):
        compiled.append(args)
        return sqlite3.SQLITE_OK

    conn.set_authorizer(note)
    return compiled


def _fts5_own(compiled: tuple) -> bool:
    # FTS5 prepares some statements on its shadow tables each time it merges index segments:
    # SQLite's own work, not a statement of the app.
    return str(compiled[1]).startswith(("search_tri_", "search_bi_"))


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_repeated_action_compiles_nothing(tmp_path, encrypted):
    db = _database(tmp_path, encrypted)
    with Store.open(db) as store:  # opening migrates, seals and signs in: the cache fills
        actor = auth.authenticate(store, "boss", PASSWORD)
        compiled = _count_compiled(store.conn)
        ids = [r[0] for r in store.execute(
            "SELECT id FROM resident WHERE voided_at IS NULL ORDER BY id LIMIT 6")]
        for rid in ids[:2]:  # the first changes compile what an address change runs
            residents.update_resident(store, actor, rid, address=f"测试地址{time.time_ns()}")
        assert compiled, "the authorizer saw no compilation at all: the check proves nothing"
        compiled.clear()
        for rid in ids[2:]:
            residents.update_resident(store, actor, rid, address=f"测试地址{time.time_ns()}")
        assert [c for c in compiled if not _fts5_own(c)] == []
        store.conn.set_authorizer(None)


def test_every_connection_keeps_the_statements_a_session_runs(tmp_path):
    assert crypt.CACHED_STATEMENTS >= 1000
    plain = crypt.connect(tmp_path / "plain.sqlite3")
    secret = crypt.connect(tmp_path / "secret.sqlite3", b"k" * crypt.KEY_BYTES)
    try:
        for conn in (plain, secret):
            texts = [f"SELECT {n}" for n in range(300)]
            for sql in texts:  # 300 distinct statements, more than either module's default
                conn.execute(sql).fetchone()
            compiled = _count_compiled(conn)
            # set_authorizer expired them: they are compiled once more, then found
            for sql in texts:
                conn.execute(sql).fetchone()
            compiled.clear()
            for sql in texts:
                conn.execute(sql).fetchone()
            assert compiled == [], type(conn)
    finally:
        plain.close()
        secret.close()


def test_a_list_of_ids_is_one_statement_text_whatever_its_length(tmp_path):
    from jiedao_desk.store import exchange, seal

    with Store.open(tmp_path / "data" / "jiedao-desk.sqlite3") as store:
        auth.create_first_admin(store, "boss", "王主任", PASSWORD)
        demo.generate(store, size=10, seed=1,
                      actor=auth.authenticate(store, "boss", PASSWORD))
        ids = [r[0] for r in store.execute("SELECT id FROM resident ORDER BY id")]
        reads = {
            "seal": lambda part: seal._current_hashes(store.conn, "resident", part),
            "exchange rows": lambda part: exchange.images(store, "resident", part),
            "exchange books": lambda part: exchange.books(store, "resident", part)}
        for name, read in reads.items():
            assert len(read(ids[:1])) == 1
            compiled = _count_compiled(store.conn)
            read(ids[:1])  # compiled again: setting an authorizer expired it
            compiled.clear()
            assert len(read(ids[:3])) == 3 and len(read(ids)) == len(ids)
            assert compiled == [], name
            store.conn.set_authorizer(None)
