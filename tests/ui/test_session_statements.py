# SPDX-License-Identifier: MIT
"""A whole session's statement texts fit in the statement cache, and a second walk through
every page makes no new one.

sqlcipher3's statement cache takes no new statement once it is full (store/crypt.py
CACHED_STATEMENTS): a session must use fewer statement texts than it holds, and no page may make
a new text at each visit. The texts are those handed to ``execute``: a trigger's statements are
compiled with the statement that fires them. SQLite calls a connection's authorizer while it
compiles a statement, never while a prepared one runs, so on the standard module (an LRU cache)
a second walk also compiles nothing. (On an encrypted connection SQLite 3.53 compiles again a
statement whose LIMIT is a bound value each time it runs, cache or not: benchmarks/README.md.)
"""

from __future__ import annotations

import collections
import sqlite3

from jiedao_desk.store import crypt
from jiedao_desk.ui.kit import ui_state
from tests.tools import page_walk


class _Recording(sqlite3.Connection):
    """A connection that counts the statement texts it is given."""

    texts: collections.Counter

    def execute(self, sql, *args):
        self.texts[sql] += 1
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        self.texts[sql] += 1
        return super().executemany(sql, *args)


def test_a_session_uses_few_statement_texts_and_a_second_walk_none_new(qapp, monkeypatch):
    monkeypatch.setattr(ui_state, "remember", lambda *a, **k: None)
    _Recording.texts = collections.Counter()
    connect = crypt.connect
    monkeypatch.setattr(crypt, "connect", lambda *a, **k: connect(*a, factory=_Recording, **k))
    store, actors = page_walk.demo_store(60)  # made, filled and signed in on this connection
    try:
        assert isinstance(store.conn, _Recording)
        compiled: list[tuple] = []

        def note(*args):
            compiled.append(args)
            return sqlite3.SQLITE_OK

        store.conn.set_authorizer(note)
        made = set(_Recording.texts)
        size = page_walk.SIZES["1366x768"]
        first = [seen.name for seen in page_walk.walk(store, actors["admin"], size)]
        assert len(first) > 10 and len(compiled) > 100  # the first walk compiles its statements
        before = set(_Recording.texts)
        assert len(before - made) < 100  # what reading every page adds
        compiled.clear()
        second = [seen.name for seen in page_walk.walk(store, actors["admin"], size)]
        assert second == first
        assert set(_Recording.texts) - before == set()
        assert compiled == []
        # Made from nothing (every migration), filled and walked twice: room to spare for the
        # actions, reports and exports of a day.
        assert len(_Recording.texts) * 2 < crypt.CACHED_STATEMENTS, len(_Recording.texts)
    finally:
        store.conn.set_authorizer(None)
        store.conn.close()
