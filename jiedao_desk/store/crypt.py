# SPDX-License-Identifier: MIT
"""The one place that opens SQLite connections: plain ``sqlite3``, or SQLCipher with a key.

Encryption at rest (个人信息保护法 第五十一条 names encryption among the security measures a
handler of personal data takes) is opt-in: a database without a key opens through the
standard ``sqlite3`` exactly as before. With a key the connection is ``sqlcipher3`` (SQLCipher
4, the same SQLite with FTS5), keyed with a raw 32-byte key so no password stretching runs
on every open (the password was stretched once, by store/vault.py, to unwrap the key).

``sqlcipher3`` raises its own exception classes, which the app's ``except sqlite3.…`` clauses
would miss; the connection class below turns them into the ``sqlite3`` ones (same code and
name) at ``execute``, where statements run, so every existing handler keeps working.

Whether a file is encrypted is read from its first bytes (a plain SQLite file starts with
its magic text), never from a side file: a conversion killed before its rename leaves the
plain file, which then still opens as plain.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from pathlib import Path
from typing import Any, cast

from jiedao_desk.base.errors import DatabaseRefused

SQLITE_MAGIC = b"SQLite format 3\x00"
KEY_BYTES = 32
CIPHER_CACHE_KIB = -32768  # 32 MiB page cache per encrypted connection (negative: KiB)
# Prepared statements kept per connection. sqlcipher3's cache (the old pysqlite one, 100 by
# default) keeps the statements used most often and puts a new one last, where the next new one
# evicts it: once full, a statement first run after that is prepared again every time. Opening,
# sealing and signing in fill 100, so every statement of a committed action was compiled anew,
# and an address change cost 1.3-1.4x the plain file's time (the standard module's LRU cache
# has no such trap); with room for what a session runs it cost 1.0-1.1x (benchmarks/README.md).
# A database made from nothing and walked through every page uses about 620 texts (the
# migrations most of them; tests/ui/test_session_statements.py); only texts used take memory.
# They stay few: savepoints are named by depth and id lists go in as JSON (store/seal.py
# IDS_IN_JSON), never one text per transaction.
CACHED_STATEMENTS = 2048

# SQLCipher 4's own defaults, which files encrypted before the settings below were chosen
# carry (their key file names no settings).
DEFAULT_PAGE_SIZE, DEFAULT_HMAC = 4096, "HMAC_SHA512"
# New files: HMAC-SHA256 (the SHA extensions of current x86 CPUs make it cheaper than
# SHA-512) over 4 KiB pages. Every page a commit writes is encrypted and authenticated whole,
# and a committed action dirties about 30 pages (its row, index entries, search segments,
# audit row, seal) whatever their size: with 16 KiB pages it cost 1.6-1.7x the plain file's
# CPU time, with 4 KiB 1.3x, while lists and searches stayed within 1.2x (reads decrypt
# each page once into the page cache below). benchmarks/README.md has the figures.
NEW_PAGE_SIZE, NEW_HMAC = 4096, "HMAC_SHA256"
_PAGE_SIZES = (1024, 4096, 8192, 16384, 32768, 65536)
_HMACS = {"HMAC_SHA1": 20, "HMAC_SHA256": 32, "HMAC_SHA512": 64}  # digest bytes


class CipherKey(bytes):
    """A raw 32-byte database key with the cipher settings of the files it opens (page size
    and HMAC algorithm must be known before the first page is read); it travels wherever the
    key goes, so every connection, copy and backup under it uses the same settings."""

    page_size: int
    hmac: str

    def __new__(cls, raw: bytes, page_size: int = DEFAULT_PAGE_SIZE,
                hmac: str = DEFAULT_HMAC) -> CipherKey:
        if page_size not in _PAGE_SIZES or hmac not in _HMACS:
            raise ValueError(f"unsupported cipher settings {page_size} {hmac}")
        obj = super().__new__(cls, raw)
        obj.page_size = page_size
        obj.hmac = hmac
        return obj

    def settings(self) -> dict[str, int | str]:
        """The settings as the key file stores them."""
        return {"page_size": self.page_size, "hmac": self.hmac}


def with_settings(raw: bytes, settings: dict | None) -> CipherKey:
    """``raw`` with the settings a key file names (none: SQLCipher's defaults)."""
    settings = settings or {}
    return CipherKey(bytes(raw), int(settings.get("page_size", DEFAULT_PAGE_SIZE)),
                     str(settings.get("hmac", DEFAULT_HMAC)))


def _settings_of(key: bytes) -> tuple[int, str]:
    return (getattr(key, "page_size", DEFAULT_PAGE_SIZE), getattr(key, "hmac", DEFAULT_HMAC))


def _apply_settings(conn: Any, schema: str, key: bytes) -> None:
    page_size, hmac_name = _settings_of(key)
    if page_size not in _PAGE_SIZES or hmac_name not in _HMACS:
        raise ValueError("unsupported cipher settings")
    conn.execute(f"PRAGMA {schema}.cipher_page_size = {int(page_size)}")
    conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm = {hmac_name}")


# Keys unlocked in this process, by database path: worker threads and the backup-on-exit
# open their own connection on the same file without asking for the password again.
_unlocked: dict[Path, bytes] = {}


class DatabaseLocked(DatabaseRefused):
    """The database is encrypted and no key for it has been unlocked in this process."""


class KeyRejected(DatabaseRefused):
    """The key does not open the file (a wrong key, or a file of another installation)."""


def is_encrypted(path: str | Path) -> bool:
    """True when ``path`` exists, is not empty and is not a plain SQLite file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_MAGIC


def keys_file(db: str | Path) -> Path:
    """The wrapped keys of an encrypted database: ``<db>.keys.json`` beside it (the file
    cannot be read before it is unlocked, so they cannot live inside it)."""
    db = Path(db)
    return db.with_name(db.name + ".keys.json")


def remember(path: str | Path, key: bytes) -> None:
    """Keep ``key`` as the unlocked key of the database at ``path`` (this process only)."""
    _unlocked[Path(path).resolve()] = key


def unlocked_key(path: str | Path) -> bytes | None:
    """The key unlocked in this process for the database at ``path``, if any."""
    return _unlocked.get(Path(path).resolve())


def any_unlocked() -> bool:
    """True when this process has unlocked an encrypted database."""
    return bool(_unlocked)


def forget(path: str | Path | None = None) -> None:
    """Drop the unlocked key of ``path`` (all keys when None): signing out, tests."""
    from jiedao_desk.store import keys  # the integrity key held from its key file goes too

    if path is None:
        _unlocked.clear()
    else:
        _unlocked.pop(Path(path).resolve(), None)
    if not _unlocked:
        keys.release()


def key_pragma(key: bytes) -> str:
    """The ``PRAGMA key`` value of a raw key (hex only, so nothing is interpolated)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key has 32 bytes")
    return f"\"x'{key.hex()}'\""


def _cipher() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:  # sqlcipher3 has no wheel for some CPUs (loongarch64)
        raise DatabaseRefused("这台电脑上的程序不含数据库加密组件，无法打开或建立加密的数据库。"
                              ) from exc
    return sqlcipher3


def _translated(exc: Exception) -> sqlite3.Error:
    """The ``sqlite3`` exception of the same kind, code and name as a ``sqlcipher3`` one.

    A page that fails its authentication (altered or damaged on disk) comes back from
    SQLCipher as SQLITE_NOMEM, which Python raises as MemoryError: it is damage, reported as
    SQLite reports a corrupt page, so ``faults`` and ``recover`` treat it as one.
    """
    if isinstance(exc, MemoryError):
        damage = sqlite3.DatabaseError("database disk image is malformed (a page failed its "
                                       "SQLCipher authentication)")
        damage.sqlite_errorname = "SQLITE_CORRUPT"
        return damage
    kind = getattr(sqlite3, type(exc).__name__, sqlite3.DatabaseError)
    if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
        kind = sqlite3.DatabaseError
    out = kind(*exc.args)
    for name in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, name):
            setattr(out, name, getattr(exc, name))
    return out


_connection_class: type | None = None
_NO_ROW = object()  # never a row: the row iterator ends on StopIteration


def _connection_factory() -> type:
    """A ``sqlcipher3.Connection`` whose statements raise ``sqlite3`` exceptions."""
    global _connection_class
    if _connection_class is not None:
        return _connection_class
    cipher = _cipher()

    def translating(method: Any) -> Any:
        # sqlcipher3's errors become sqlite3's, so the app's handlers catch them.
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except (cipher.Error, MemoryError) as exc:
                raise _translated(exc) from exc
        return call

    def rows(cursor: Any) -> Any:
        # One try around the whole loop, not a Python call per row: the rows come from the
        # C iterator at its own speed (a wrapped __next__ cost a third more per row).
        try:  # the C __next__, called from C until it raises StopIteration
            yield from iter(functools.partial(cipher.Cursor.__next__, cursor), _NO_ROW)
        except (cipher.Error, MemoryError) as exc:
            raise _translated(exc) from exc

    class CipherCursor(cipher.Cursor):  # type: ignore[name-defined]
        # A damaged page can surface while rows are fetched, after execute returned.
        execute = translating(cipher.Cursor.execute)
        executemany = translating(cipher.Cursor.executemany)

        def __iter__(self) -> Any:
            return rows(self)

        fetchone = translating(cipher.Cursor.fetchone)
        fetchmany = translating(cipher.Cursor.fetchmany)
        fetchall = translating(cipher.Cursor.fetchall)

    class CipherConnection(cipher.Connection):  # type: ignore[name-defined]
        def cursor(self, factory: Any = CipherCursor) -> Any:
            return super().cursor(factory)

        execute = translating(cipher.Connection.execute)
        executemany = translating(cipher.Connection.executemany)
        executescript = translating(cipher.Connection.executescript)
        backup = translating(cipher.Connection.backup)

    _connection_class = CipherConnection
    return CipherConnection


def connect(target: str | Path, key: bytes | None = None, *, readonly: bool = False,
            uri_query: str = "", cipher: bool = False, **kwargs: Any) -> sqlite3.Connection:
    """Open ``target`` (a path or ":memory:"): plain ``sqlite3`` without a key, SQLCipher
    with one (``cipher=True`` opens a plain file through SQLCipher, so that its connection
    can copy to or from an encrypted one).

    ``readonly`` opens the file read-only; ``uri_query`` adds URI parameters
    ("immutable=1"). Other keyword arguments go to ``connect`` (``isolation_level``,
    ``timeout``).

    Raises:
        KeyRejected: the key does not open an existing file.
    """
    name = str(target)
    kwargs.setdefault("cached_statements", CACHED_STATEMENTS)
    if readonly or uri_query:
        query = "&".join(q for q in ("mode=ro" if readonly else "", uri_query) if q)
        name = (Path(target).resolve().as_uri() if name != ":memory:" else "file::memory:") \
            + "?" + query
        kwargs["uri"] = True
    if key is None and not cipher:
        return sqlite3.connect(name, **kwargs)
    module = _cipher()
    try:
        conn = module.connect(name, factory=_connection_factory(), **kwargs)
    except module.Error as exc:
        raise _translated(exc) from exc
    # SQLCipher reports a wrong key on stderr besides the error; the error is enough.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = {key_pragma(key)}")
        _apply_settings(conn, "main", key)
        try:  # the key is checked by the first read of the file
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc).lower():
                raise KeyRejected("数据库密钥不正确：这个文件无法用此密钥打开（可能是另一台电脑"
                                  "或轮换密钥之前的文件）。") from None
            raise
    # Every page read from the disk is decrypted and checked: a larger page cache keeps
    # what a list or a search reads again (the OS cache holds only ciphertext), and temp
    # B-trees (sorting) stay in memory instead of an encrypted temp file.
    conn.execute(f"PRAGMA cache_size = {CIPHER_CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return cast(sqlite3.Connection, conn)


# SQLCipher 4's page layout (its defaults, which connect keeps): each page ends with a
# 16-byte IV and a 64-byte HMAC-SHA512 over the ciphertext, the IV and the page number; the
# first 16 bytes of the file are the salt the HMAC key is derived from (PBKDF2-SHA512, two
# rounds, salt XOR 0x3a) when the key is given raw.
_IV, _SALT = 16, 16


def page_authenticates(data: bytes, key: bytes, number: int) -> bool:
    """True when page ``number`` (from 1) of the encrypted file content ``data`` carries a
    valid HMAC under ``key`` (and its settings): the page was written with this key and is
    undamaged."""
    import hashlib
    import hmac

    page_size, hmac_name = _settings_of(key)
    digest = hmac_name.split("_", 1)[1].lower()
    mac_size = _HMACS[hmac_name]
    reserve = -(-(_IV + mac_size) // 16) * 16  # IV and MAC, rounded up to the AES block
    start = (number - 1) * page_size
    page = data[start:start + page_size]
    if len(page) < page_size or len(data) < _SALT:
        return False
    mac_key = hashlib.pbkdf2_hmac("sha512", bytes(key), bytes(b ^ 0x3A for b in data[:_SALT]),
                                  2, 32)
    end = page_size - reserve + _IV  # the ciphertext and the IV are authenticated
    body = page[_SALT if number == 1 else 0:end]
    mac = hmac.new(mac_key, body + number.to_bytes(4, "little"), digest).digest()
    return hmac.compare_digest(mac, page[end:end + mac_size])


def first_page_damaged(path: Path, key: bytes, probe: int = 8) -> bool:
    """True when ``key`` authenticates some of the file's pages 2..``probe`` but not page 1:
    the key is the file's own and its first page is damaged (SQLCipher reports a wrong key
    and a damaged first page alike, as "not a database"). False for a file of another key,
    or one whose salt (its first 16 bytes) is damaged too."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(_settings_of(key)[0] * probe)
    except OSError:
        return False
    if page_authenticates(data, key, 1):
        return False
    return any(page_authenticates(data, key, n) for n in range(2, probe + 1))


def fsync_file(path: Path) -> None:
    """Flush ``path`` to the disk."""
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to the disk; Windows journals renames."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_file(path: Path) -> None:
    """Owner-only access to a file holding personal data or keys (0600; on Windows the
    data folder under the user's profile already is the user's own)."""
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) and make it owner-only (0700)."""
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.chmod(0o700)


def export_copy(source: Path, target: Path, source_key: bytes | None,
                target_key: bytes | None) -> None:
    """Write the whole content of ``source`` into the new file ``target`` under another key
    (None: plain), with SQLCipher's ``sqlcipher_export``: the way between a plain and an
    encrypted file, and between two keys (the backup API copies pages, which stay in their
    key). ``target`` is fsynced; it must not exist."""
    if target.exists():
        raise FileExistsError(target)
    conn = connect(source, source_key, cipher=True, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS export KEY ?",
                     (str(target), f"x'{target_key.hex()}'" if target_key else ""))
        if target_key:
            _apply_settings(conn, "export", target_key)
        conn.execute("SELECT sqlcipher_export('export')").fetchone()
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA export.user_version = {int(version)}")
        conn.execute("DETACH DATABASE export")
    finally:
        conn.close()
    fsync_file(target)
