# SPDX-License-Identifier: MIT
"""The installation key that signs seals, anchors and backup manifests.

The attacker in scope edits the database file or a backup with an SQLite tool but does not hold
this key, so it never goes into the database or a backup: it lives in the user's data folder
(``integrity-keys/``, owner-only), created on first use. ``current.key`` signs; every
``*.key`` in the folder verifies, so a database moved from another PC verifies once that PC's
key file is copied in (README, "换电脑").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from pathlib import Path

from jiedao_desk import paths

KEY_DIR = "integrity-keys"
CURRENT = "current.key"
KEYS_ENV = "JIEDAO_DESK_KEYS"  # another folder for the keys (e.g. a drive of their own)

_cache: dict[Path, dict[str, bytes]] = {}
# The key an unlocked encrypted database's key file carries (store/vault.py): it signs and
# verifies instead of the folder's while that database is open in this process.
_held: dict[str, bytes] = {}


def key_dir() -> Path:
    """The folder of this user's keys: JIEDAO_DESK_KEYS, else ``integrity-keys`` in the user
    data folder (which follows JIEDAO_DESK_HOME and portable mode)."""
    override = os.environ.get(KEYS_ENV)
    return Path(override) if override else paths.user_data_dir() / KEY_DIR


def key_id(key: bytes) -> str:
    """A short public name of a key (recorded beside each signature)."""
    return hashlib.sha256(b"jiedao-desk key id\x00" + key).hexdigest()[:16]


def _create(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # Windows: the profile folder is the user's already
        folder.chmod(0o700)
    path = folder / CURRENT
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(32).hex().encode("ascii"))
        fh.flush()
        os.fsync(fh.fileno())


def _ring() -> dict[str, bytes]:
    folder = key_dir()
    ring = _cache.get(folder)
    if ring is not None and (folder / CURRENT).exists():
        return ring
    if not (folder / CURRENT).exists():
        _create(folder)
    ring = {}
    for path in sorted(folder.glob("*.key")):
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue  # an unreadable extra key verifies nothing; the current one is checked below
        ring["current" if path.name == CURRENT else key_id(key)] = key
    if "current" not in ring:
        raise OSError(f"完整性密钥文件无法读取：{folder / CURRENT}")
    ring[key_id(ring["current"])] = ring["current"]
    _cache[folder] = ring
    return ring


def signing_key() -> tuple[str, bytes]:
    """(key id, key) of this installation's current key, created on first use; the key held
    from an encrypted database's key file while one is unlocked."""
    if _held:
        kid = next(iter(_held))
        return kid, _held[kid]
    key = _ring()["current"]
    return key_id(key), key


def verification_key(kid: str) -> bytes | None:
    """The key with this id, if this installation (or the unlocked database's key file)
    holds it."""
    if not kid or kid == "current":
        return None
    return _held.get(kid) or _ring().get(kid)


def hold(key: bytes) -> None:
    """Sign and verify with ``key``, from an unlocked encrypted database's key file, where it
    travels with the database: a copy of the data folder without the master key cannot use
    it, and a backup restored on another PC verifies without copying ``integrity-keys``."""
    _held.clear()
    _held[key_id(key)] = key


def release() -> None:
    """Back to the folder's keys (the encrypted database is closed or forgotten)."""
    _held.clear()


def forget_cache() -> None:
    """Drop cached keys (tests that swap the data folder, and key import)."""
    _cache.clear()
