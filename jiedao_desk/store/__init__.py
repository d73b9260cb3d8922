# SPDX-License-Identifier: MIT
"""The store: the only package that contains SQL.

``Store`` owns one SQLite connection (WAL, synchronous=FULL, foreign_keys=ON). Every user
action runs in ``store.atomic()``: one transaction, begun IMMEDIATE so that two processes
never interleave writes (and the audit hash chain never forks).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk.base import clock
from jiedao_desk.base.changes import Change, ChangeSet
from jiedao_desk.base.errors import DatabaseRefused, StorageError
from jiedao_desk.store import crypt, faults, seal

if TYPE_CHECKING:
    from sqlite_utils import Database


class Store:
    """An open database.

    Use ``Store.open(path)`` for a file (creates and migrates it) or ``Store.memory()`` in
    tests. Not thread-safe: a worker thread opens its own ``Store`` on the same path.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, key: bytes | None = None):
        self.conn = conn
        self.path = path
        self.key = key  # the SQLCipher key of an encrypted file (store/crypt.py), else None
        self._db: Database | None = None
        self.changed = False  # set when a transaction commits (backup-on-exit uses it)
        self._pending: list[Change] = []  # noted by audit rows of the open transaction
        self._subscribers: list[Callable[[ChangeSet], None]] = []
        self._sealing = False  # set by start_sealing once the seal tables exist
        self._new_seal: seal.SealHead | None = None
        self._reseal_note = ""
        # Depth of nested savepoints: each level has its own name, reused by the next block at
        # that level, so a transaction runs the same statement texts as the one before it
        # (store/crypt.py CACHED_STATEMENTS says why that matters).
        self._savepoint_depth = 0
        # Run at the end of every transaction, before its seal and COMMIT: what keeps data
        # derived from the records written (stored due dates) in step with them, inside the
        # same transaction (registry.attach installs the domains' hooks).
        self._before_commit: list[Callable[[Store], None]] = []

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils ``Database`` (migrations, tests). Made on first
        use: opening a database that needs no migration does not load sqlite-utils."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, migrate: bool = True, readonly: bool = False,
             key: bytes | None = None) -> Store:
        """Open (and by default create/migrate) the database at ``path``.

        An encrypted file opens with ``key``, or with the key unlocked for it earlier in this
        process (store/crypt.py); without either it is refused (``DatabaseLocked``).
        """
        # store.migrations and store.location import Store from this module: they are
        # imported when a database is opened, not when this module loads.
        from jiedao_desk.store import migrations
        from jiedao_desk.store.location import refuse_network

        path = Path(path).expanduser().resolve()
        refuse_network(path)
        key = key or crypt.unlocked_key(path)
        if key is None and crypt.is_encrypted(path) and crypt.keys_file(path).exists():
            raise crypt.DatabaseLocked("数据库已加密：请用用户名和密码登录解锁。")
        conn: sqlite3.Connection | None = None
        try:
            if readonly:
                if not path.exists():
                    raise DatabaseRefused(f"数据库文件不存在：{path}")
                conn = crypt.connect(path, key, readonly=True, isolation_level=None)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = crypt.connect(path, key, isolation_level=None, timeout=10)
            store = cls(conn, path, key)
            store._configure(wal=not readonly)
        except sqlite3.DatabaseError as exc:  # not SQLite, damaged, or a full/read-only disk
            if conn is not None:
                conn.close()
            fallback = faults.read_only_fallback(path, exc, key)  # reading needs no space
            if fallback is None:
                raise faults.unopenable(path, exc) from None
            store = cls(fallback, path, key)
            store._configure(wal=False)
        if key is not None:
            crypt.private_file(path)
        migrations.guard_newer(store)
        if migrate and not readonly:
            upgraded = bool(migrations.pending_names(store))
            migrations.migrate(store)
            store.start_sealing("数据库结构升级后重新封存" if upgraded else "")
        return store

    @classmethod
    def memory(cls) -> Store:
        """An in-memory database with all migrations applied (for tests)."""
        from jiedao_desk.store import migrations  # imports this module (see ``open``)

        conn = crypt.connect(":memory:", isolation_level=None)
        store = cls(conn, None)
        store._configure(wal=False)
        migrations.migrate(store)
        store.start_sealing("")
        return store

    def _configure(self, wal: bool) -> None:
        c = self.conn
        c.execute("PRAGMA busy_timeout = 10000")
        if wal:
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise DatabaseRefused(f"无法以 WAL 模式打开数据库（当前：{mode}）。")
        # FULL: a committed action survives a power cut (design.md "Data").
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA foreign_keys = ON")

    def reopen(self, key: bytes | None) -> None:
        """Connect again to the same file, now under ``key`` (after encryption was turned on
        or the key rotated, which closed the connection to rename the file)."""
        if self.path is None:
            raise RuntimeError("an in-memory store cannot be reopened")
        self.conn = crypt.connect(self.path, key, isolation_level=None, timeout=10)
        self._db = None
        self.key = key
        self._configure(wal=True)
        self._sealing = False
        self.start_sealing("")

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self) -> Iterator[Store]:
        """One transaction (nested calls become savepoints through ``db.atomic()``)."""
        if self.conn.in_transaction:
            with self._savepoint():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._pending = []
        try:
            with self._savepoint():  # inside our IMMEDIATE transaction
                yield self
            for hook in self._before_commit:
                hook(self)
            if self._sealing:  # the seal commits with what it signs, or not at all
                self._seal_before_commit()
            self.conn.execute("COMMIT")  # where a full disk fails: the WAL is written here
        except BaseException as exc:
            self._pending = []
            self._new_seal = None
            self._reseal_note = ""
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            faults.reraise(exc)  # a full or read-only disk as the app's Chinese error
        self.changed = True
        self._anchor()
        self._announce()

    # -- seals (store/seal.py) -------------------------------------------------------------
    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A savepoint inside the open transaction: a nested block that fails rolls back only
        itself."""
        self._savepoint_depth += 1
        name = f"jd_{self._savepoint_depth}"
        try:
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                # An error such as a RAISE(ROLLBACK) trigger can end the whole transaction,
                # savepoints included: then there is nothing left to roll back to.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._savepoint_depth -= 1

    def start_sealing(self, note: str) -> None:
        """Note written rows from now on, and seal what is not sealed yet: the whole database
        the first time, the rows a schema upgrade changed (``note`` says why) after one."""
        if not seal.has_seal_tables(self.conn):
            return  # opened without migrating: an older schema has no seal tables
        seal.install_tracking(self.conn)
        self._sealing = True
        if note or seal.head(self.conn) is None:
            try:
                self.reseal(note or "首次封存")
            except StorageError:  # a full or read-only disk: opened for reading and rescue;
                logging.getLogger(__name__).warning("could not seal on opening")  # check says


    def stop_sealing(self) -> None:
        """Drop this connection's row tracking (before a restore replaces the schema)."""
        self._sealing = False
        seal.drop_tracking(self.conn)

    def reseal(self, note: str) -> None:
        """Seal every row that differs from its latest seal, in one transaction."""
        self._reseal_note = note
        with self.atomic():
            pass

    def _seal_before_commit(self) -> None:
        before = seal.head(self.conn)
        note, self._reseal_note = self._reseal_note, ""
        new = seal.reseal(self.conn, note) if note else seal.seal_transaction(self.conn)
        if new is not None and before is None and self.path is not None:
            # The first seal: no anchor exists yet, and a crash right after COMMIT would leave
            # sealed data without one. Written before COMMIT, it holds both states; later an
            # anchor that lags one commit behind still names an existing seal and holds.
            seal.write_anchor(self.path, new, also=[before])
        self._new_seal = new

    def _anchor(self) -> None:
        new, self._new_seal = self._new_seal, None
        if new is not None and self.path is not None:
            seal.write_anchor(self.path, new)

    def add_before_commit(self, hook: Callable[[Store], None]) -> None:
        """Run ``hook(store)`` at the end of every transaction of this connection, before
        COMMIT (once per hook, however often it is added); an error in it rolls back the
        transaction like an error in the action."""
        if hook not in self._before_commit:
            self._before_commit.append(hook)

    # -- change notices (base/changes.py) ------------------------------------------------
    def note_change(self, entity: str, entity_id: str | None, action: str) -> None:
        """Remember that the open transaction touched a record (called by the audit log)."""
        self._pending.append(Change(entity, entity_id, action))

    def subscribe(self, callback: Callable[[ChangeSet], None]) -> Callable[[], None]:
        """Call ``callback(changes)`` after every committed transaction that changed
        something; returns a function that unsubscribes."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers \
            else None

    def _announce(self) -> None:
        changes, self._pending = ChangeSet(tuple(self._pending)), []
        if changes:
            for callback in list(self._subscribers):
                try:
                    callback(changes)
                except Exception:  # the action is committed: a listener must not undo that
                    logging.getLogger(__name__).exception("change listener failed")

    def require_transaction(self) -> None:
        """Guard for write helpers: they must run inside ``atomic()``."""
        if not self.conn.in_transaction:
            raise RuntimeError("write outside store.atomic()")

    # -- small helpers for store modules --------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement with bound parameters."""
        return self.conn.execute(sql, params)

    def insert(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one INSERT and return the new row's id."""
        row_id = self.conn.execute(sql, params).lastrowid
        if row_id is None:  # sqlite3 sets it after every INSERT; None only for other statements
            raise RuntimeError(f"not an INSERT: {sql}")
        return row_id

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict]:
        """Run a query and return rows as dicts."""
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict | None:
        """Run a query and return the first row as a dict, or None."""
        cur = self.conn.execute(sql, params)
        r = cur.fetchone()
        if r is None:
            return None
        return dict(zip([d[0] for d in cur.description], r, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Run a query and return the first column of the first row (or None)."""
        r = self.conn.execute(sql, params).fetchone()
        return None if r is None else r[0]


def now_text() -> str:
    """Timestamp text stored in the database (local time, seconds)."""
    return clock.now().isoformat(sep=" ", timespec="seconds")
