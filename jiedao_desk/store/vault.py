# SPDX-License-Identifier: MIT
"""The wrapped keys of an encrypted database: ``<db>.keys.json`` beside it (mode 0600).

One random master key per installation opens the database (SQLCipher) and, through keys
derived from it, the attachments and backups. Nobody types it. Each user and the
administrator's recovery code hold an X25519 key pair: the private key is encrypted with
AES-GCM under a key stretched from the password (argon2id), and the master key is encrypted
to the public key. So:

- changing or resetting a password makes a new pair for that user only (nothing else moves);
- rotating the master key encrypts the new key to every public key without anyone's
  password (a voided user's entry is removed first, so the new key is not wrapped for them);
- the recovery code is one more entry, shown once when it is made.

Failed unlock attempts are counted in ``<db>.unlock.json`` (also beside the database, since
the database cannot be read before unlocking), at most ``MAX_FAILURES`` per name within
``WINDOW``; they are written into the audit log at the next successful unlock.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk.base.errors import Conflict, JiedaoError, PermissionDenied
from jiedao_desk.store import crypt

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

    from jiedao_desk.store import Store

# argon2 and cryptography are imported where a key is wrapped or unwrapped: a plain
# installation's start-up loads neither (tests/test_startup_imports.py).

FORMAT = 1
RECOVERY = "*recovery"  # the recovery code's entry (no username has a "*")
# argon2id cost per unwrap: RFC 9106's second recommended option (64 MiB, 3 passes).
KDF = {"name": "argon2id", "time_cost": 3, "memory_cost": 65536, "parallelism": 4}
MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U to misread
WRONG = "用户名或密码不正确。"  # one message whether or not the user exists
# Said only to whoever typed the right password of an account that holds no key yet.
NO_KEY_YET = ("数据库已加密，您的账户还没有解锁数据库的密钥：请管理员在“用户管理”中为您"
              "重设密码，然后用新密码登录。")


class VaultError(JiedaoError):
    """The key file is missing, unreadable or does not fit the database."""


class RotationBusy(Conflict):
    """Another process is rotating the key of the same database."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def unlock_state_file(db: Path) -> Path:
    """The failed-unlock counter beside the database."""
    return db.with_name(db.name + ".unlock.json")


# -- wrapping ------------------------------------------------------------------------------
def _stretch(secret: str, salt: bytes, kdf: dict[str, Any]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=int(kdf["time_cost"]),
                           memory_cost=int(kdf["memory_cost"]),
                           parallelism=int(kdf["parallelism"]), hash_len=32, type=Type.ID)


def _to_public(public: X25519PublicKey, master: bytes) -> dict[str, str]:
    """``master`` encrypted to ``public`` (ephemeral X25519, HKDF-SHA256, AES-GCM)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    eph = X25519PrivateKey.generate()
    shared = eph.exchange(public)
    eph_pub = eph.public_key().public_bytes_raw()
    kek = HKDF(hashes.SHA256(), 32, eph_pub, b"jiedao-desk master wrap").derive(shared)
    nonce = os.urandom(12)
    return {"eph": _b64(eph_pub), "nonce": _b64(nonce),
            "ct": _b64(AESGCM(kek).encrypt(nonce, master, b"master"))}


def _from_private(private: X25519PrivateKey, wrapped: dict[str, str]) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    eph_pub = _unb64(wrapped["eph"])
    shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    kek = HKDF(hashes.SHA256(), 32, eph_pub, b"jiedao-desk master wrap").derive(shared)
    return AESGCM(kek).decrypt(_unb64(wrapped["nonce"]), _unb64(wrapped["ct"]), b"master")


def _entry(secret: str, master: bytes, kdf: dict[str, Any]) -> dict[str, Any]:
    """A new key pair whose private half opens with ``secret`` and whose public half holds
    ``master``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    private = X25519PrivateKey.generate()
    salt, nonce = os.urandom(16), os.urandom(12)
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    sealed = AESGCM(_stretch(secret, salt, kdf)).encrypt(nonce, raw, b"private")
    return {"public": _b64(private.public_key().public_bytes_raw()),
            "private": {"salt": _b64(salt), "nonce": _b64(nonce), "ct": _b64(sealed)},
            "master": _to_public(private.public_key(), master)}


def _open_private(entry: dict[str, Any], secret: str, kdf: dict[str, Any]
                  ) -> X25519PrivateKey | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    p = entry["private"]
    try:
        raw = AESGCM(_stretch(secret, _unb64(p["salt"]), kdf)).decrypt(
            _unb64(p["nonce"]), _unb64(p["ct"]), b"private")
    except InvalidTag:
        return None
    return X25519PrivateKey.from_private_bytes(raw)


def _integrity_kek(master: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, None, b"jiedao-desk integrity key").derive(master)


def _seal_integrity(master: bytes, key: bytes) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return {"nonce": _b64(nonce),
            "ct": _b64(AESGCM(_integrity_kek(master)).encrypt(nonce, key, b"integrity"))}


def _open_integrity(master: bytes, sealed: dict[str, str]) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(_integrity_kek(master)).decrypt(_unb64(sealed["nonce"]),
                                                       _unb64(sealed["ct"]), b"integrity")
    except (InvalidTag, KeyError, ValueError):
        return None


# -- the file ------------------------------------------------------------------------------
@dataclass
class Vault:
    """The parsed key file of one database."""

    db: Path
    body: dict[str, Any]

    @property
    def path(self) -> Path:
        """``<db>.keys.json``."""
        return crypt.keys_file(self.db)

    @property
    def kdf(self) -> dict[str, Any]:
        """The argon2id cost the entries were made with."""
        return dict(self.body["kdf"])

    def names(self) -> list[str]:
        """The usernames holding a wrapped key."""
        return sorted(n for n in self.body["entries"] if n != RECOVERY)

    def holds(self, name: str) -> bool:
        """True when ``name`` has a wrapped key."""
        return name in self.body["entries"]

    def waiting(self) -> list[str]:
        """Users of the database who hold no key yet (encryption was turned on by another
        administrator): an administrator's password reset gives them one."""
        return sorted(self.body.get("pending", {}))

    def mark_waiting(self, hashes: dict[str, str]) -> None:
        """Note users without a key, each with their password's argon2id hash (the same
        cost of guessing as their wrapped entry would give), so that their right password
        is answered with "ask the administrator" and a wrong one with the usual refusal;
        saved."""
        pending = self.body.setdefault("pending", {})
        pending.update({n: h for n, h in hashes.items() if n not in self.body["entries"]})
        self.save()

    def save(self) -> None:
        """Write the file atomically (temporary file, fsync, rename), mode 0600."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.body, fh, ensure_ascii=False, sort_keys=True, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        crypt.private_file(tmp)
        os.replace(tmp, self.path)
        crypt.fsync_dir(self.path.parent)

    def set_secret(self, name: str, secret: str, master: bytes) -> None:
        """Give ``name`` (a username, or ``RECOVERY``) a new entry opening with ``secret``;
        saved at once."""
        self.body["entries"][name] = _entry(secret, master, self.kdf)
        self.body.get("pending", {}).pop(name, None)
        self.save()

    def remove(self, name: str) -> None:
        """Delete ``name``'s entry (a voided user); saved at once."""
        had = self.body["entries"].pop(name, None) is not None
        if self.body.get("pending", {}).pop(name, None) is not None or had:
            self.save()

    def waiting_password_matches(self, name: str, secret: str) -> bool:
        """True when ``name`` waits for a key and ``secret`` is their password."""
        stored = self.body.get("pending", {}).get(name)
        if not stored:
            return False
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return bool(PasswordHasher().verify(stored, secret))
        except (VerificationError, InvalidHashError):
            return False

    def unwrap(self, name: str, secret: str) -> list[bytes]:
        """The master keys ``secret`` opens for ``name``: the current one, then the one a
        rotation was about to install (empty when the secret is wrong or ``name`` unknown).
        """
        entry = self.body["entries"].get(name)
        if entry is None:
            if name not in self.body.get("pending", {}):  # that check costs the same
                _stretch(secret, os.urandom(16), self.kdf)  # as slow as a wrong password
            return []
        private = _open_private(entry, secret, self.kdf)
        if private is None:
            return []
        cipher = self.body.get("cipher")
        keys: list[bytes] = [crypt.with_settings(_from_private(private, entry["master"]),
                                                 cipher)]
        pending = self.body.get("next", {}).get(name)
        if pending is not None:
            keys.append(crypt.with_settings(_from_private(private, pending),
                                            self.body.get("next_cipher", cipher)))
        return keys

    def prepare_rotation(self, new_master: bytes, integrity: bytes | None = None) -> None:
        """Wrap ``new_master`` for every entry beside the current key (no password needed),
        and the integrity key under it; saved. Until ``finish_rotation`` either key opens,
        whichever the file holds."""
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

        self.body["next"] = {
            name: _to_public(X25519PublicKey.from_public_bytes(_unb64(e["public"])),
                             new_master)
            for name, e in self.body["entries"].items()}
        if integrity is not None:
            self.body["next_integrity"] = _seal_integrity(new_master, integrity)
        self.body["next_cipher"] = _settings(new_master)
        self.save()

    def finish_rotation(self) -> None:
        """Make the prepared key the current one; saved."""
        pending = self.body.pop("next", None)
        if pending:
            for name, wrapped in pending.items():
                if name in self.body["entries"]:
                    self.body["entries"][name]["master"] = wrapped
        if "next_integrity" in self.body:
            self.body["integrity"] = self.body.pop("next_integrity")
        if "next_cipher" in self.body:
            self.body["cipher"] = self.body.pop("next_cipher")
        self.save()

    def rotation_prepared(self) -> bool:
        """True when a rotation prepared a new key that is not yet the current one."""
        return any(k in self.body for k in ("next", "next_integrity", "next_cipher"))

    def abandon_rotation(self) -> None:
        """Forget the key a rotation cut off before the database's switch prepared; saved."""
        for name in ("next", "next_integrity", "next_cipher"):
            self.body.pop(name, None)
        self.save()

    def put_integrity_key(self, master: bytes, key: bytes) -> None:
        """Keep the integrity key (store/keys.py: it signs seals, anchors and backup
        manifests) here, encrypted under ``master``; saved."""
        self.body["integrity"] = _seal_integrity(master, key)
        self.save()

    def integrity_key(self, master: bytes) -> bytes | None:
        """The integrity key kept here, if ``master`` opens it (the current entry, or the
        one a rotation cut off before its end prepared)."""
        for name in ("integrity", "next_integrity"):
            sealed = self.body.get(name)
            if sealed:
                key = _open_integrity(master, sealed)
                if key is not None:
                    return key
        return None


def password_set(store: Store, username: str, password: str) -> None:
    """Re-wrap the key for ``username`` after their password was set or changed (nothing
    for a plain database)."""
    if store.key is not None and store.path is not None:
        load(store.path).set_secret(username, password, store.key)


def holds_key(store: Store, username: str) -> bool:
    """True when ``username`` can unlock the encrypted database of ``store`` (always for a
    plain database)."""
    if store.key is None or store.path is None:
        return True
    return load(store.path).holds(username)


def user_voided(store: Store, username: str) -> None:
    """Delete a voided user's wrapped key (a rotation then leaves them without one)."""
    if store.key is not None and store.path is not None:
        load(store.path).remove(username)


def exists(db: Path) -> bool:
    """True when ``db`` has a key file."""
    return crypt.keys_file(db).is_file()


def load(db: Path) -> Vault:
    """The key file of ``db``.

    Raises:
        VaultError: missing or unreadable.
    """
    path = crypt.keys_file(db)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VaultError(f"找不到数据库的密钥文件“{path.name}”：加密的数据库没有它无法打开。"
                         "请从备份中找回这个文件（与数据库放在同一文件夹）。") from None
    except (OSError, ValueError) as exc:
        raise VaultError(f"密钥文件“{path.name}”无法读取：{exc}") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT or \
            not isinstance(body.get("entries"), dict):
        raise VaultError(f"密钥文件“{path.name}”格式不对，无法使用。")
    return Vault(Path(db), body)


def unwrap_file(keys_path: Path, name: str, secret: str) -> list[bytes]:
    """The master keys ``secret`` opens for ``name`` (``RECOVERY``: a recovery code) in a
    key file other than a live database's: a backup's ``keys.json``. Empty when wrong.

    Raises:
        VaultError: the file is missing or unreadable.
    """
    try:
        body = json.loads(Path(keys_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise VaultError("备份中的密钥文件缺失或无法读取。") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT or \
            not isinstance(body.get("entries"), dict):
        raise VaultError("备份中的密钥文件格式不对，无法使用。")
    vault = Vault(Path(keys_path).with_suffix(""), body)
    return vault.unwrap(name, normalise_code(secret) if name == RECOVERY else secret or "")


def create(db: Path, master: bytes, admin: str, password: str,
           kdf: dict[str, Any] | None = None) -> tuple[Vault, str]:
    """A new key file for ``master`` with the administrator's entry and a recovery code;
    returns the vault and the code (shown once, never stored)."""
    vault = Vault(Path(db), {"format": FORMAT, "kdf": dict(kdf or KDF), "entries": {},
                             "cipher": _settings(master)})
    code = new_recovery_code()
    vault.body["entries"][admin] = _entry(password, master, vault.kdf)
    vault.body["entries"][RECOVERY] = _entry(normalise_code(code), master, vault.kdf)
    vault.save()
    return vault, code


def new_master_key() -> bytes:
    """A random 32-byte master key, with the cipher settings of new files."""
    return crypt.CipherKey(secrets.token_bytes(crypt.KEY_BYTES), crypt.NEW_PAGE_SIZE,
                           crypt.NEW_HMAC)


def _settings(key: bytes) -> dict[str, int | str]:
    """The cipher settings a key file names for ``key`` (SQLCipher's defaults for a bare
    key)."""
    return crypt.with_settings(key, getattr(key, "settings", lambda: None)()).settings()


def new_recovery_code() -> str:
    """Eight groups of four characters (160 random bits), e.g. ``7K2Q-…``."""
    chars = [secrets.choice(_CODE_ALPHABET) for _ in range(32)]
    return "-".join("".join(chars[i:i + 4]) for i in range(0, 32, 4))


def normalise_code(code: str) -> str:
    """The code as typed, without separators, misread letters read as their digits."""
    text = "".join(c for c in (code or "").upper() if c.isalnum())
    return text.translate(str.maketrans("OILU", "011V"))


# -- counting failed unlocks ---------------------------------------------------------------
@contextlib.contextmanager
def _locked_state(db: Path) -> Iterator[dict[str, Any]]:
    """The failure counter, read and written under an exclusive lock (two processes
    counting at once both count)."""
    path = unlock_state_file(db)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd)
        raw = b""
        while chunk := os.read(fd, 65536):
            raw += chunk
        try:
            state = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            state = {}
        state.setdefault("failures", {})
        state.setdefault("unaudited", [])
        yield state
        data = json.dumps(state, ensure_ascii=False).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock


# -- one rotation at a time ------------------------------------------------------------------
def rotation_lock_file(db: Path) -> Path:
    """``<db>.rotating``: locked by the process rotating the key, for as long as it runs."""
    return db.with_name(db.name + ".rotating")


@contextlib.contextmanager
def rotating(db: Path) -> Iterator[None]:
    """Hold the rotation lock (a killed process holds none: the system drops its locks), so
    that another process's unlock leaves a running rotation alone instead of finishing or
    undoing it (``rotation_running``).

    Raises:
        RotationBusy: another process is rotating the key of this database.
    """
    path = rotation_lock_file(db)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            raise RotationBusy("另一个窗口或程序正在轮换这个数据库的密钥，请等它结束后再试。")
        yield
    finally:
        os.close(fd)  # closing releases the lock
    with contextlib.suppress(OSError):
        path.unlink()


def rotation_running(db: Path) -> bool:
    """True when a live process holds the rotation lock of ``db``."""
    path = rotation_lock_file(db)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        return not _try_lock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock of ``fd`` if no other process holds it."""
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
    except OSError:
        return False
    return True


def _lock(fd: int) -> None:
    if os.name == "posix":
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
    else:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]


def _recent(stamps: list[str], now: dt.datetime) -> list[str]:
    return [s for s in stamps if now - dt.datetime.fromisoformat(s) < WINDOW]


def unlock(db: Path, name: str, secret: str, now: dt.datetime | None = None) -> list[bytes]:
    """The master key candidates ``secret`` opens for ``name`` (a username, or ``RECOVERY``
    with a recovery code), counting a failure.

    Raises:
        PermissionDenied: wrong name or secret (one message for both), or too many failures
            for this name within the window.
        VaultError: no readable key file.
    """
    now = now or dt.datetime.now()
    vault = load(db)
    name = (name or "").strip()
    stamp = now.isoformat(timespec="seconds")
    no_key_yet = False
    with _locked_state(db) as state:  # written back on leaving the block (not on a raise)
        recent = _recent(state["failures"].get(name, []), now)
        locked = len(recent) >= MAX_FAILURES
        if locked:  # refused unchecked, but still in the audit log
            state["unaudited"].append({"name": name, "at": stamp, "locked": True})
            keys = []
        else:
            keys = vault.unwrap(name, normalise_code(secret) if name == RECOVERY
                                else secret or "")
            no_key_yet = not keys and vault.waiting_password_matches(name, secret or "")
            if keys or no_key_yet:
                state["failures"].pop(name, None)
            else:
                state["failures"][name] = [*recent, stamp]
                state["unaudited"].append({"name": name, "at": stamp})
    if keys:
        return keys
    if not locked and no_key_yet:
        raise PermissionDenied(NO_KEY_YET)
    if locked:
        minutes = int(WINDOW.total_seconds() // 60)
        raise PermissionDenied(f"解锁失败次数过多（{minutes}分钟内{MAX_FAILURES}次），"
                               f"请{minutes}分钟后再试。")
    raise PermissionDenied(WRONG if name != RECOVERY else "恢复码不正确。")


def take_unaudited(db: Path) -> list[dict[str, str]]:
    """The failed unlocks not yet in the audit log (and forget them)."""
    if not unlock_state_file(db).exists():
        return []
    with _locked_state(db) as state:
        out, state["unaudited"] = list(state["unaudited"]), []
    return out


def put_back_unaudited(db: Path, entries: list[dict[str, str]]) -> None:
    """Keep ``entries`` for the next unlock (the audit write failed)."""
    if entries:
        with _locked_state(db) as state:
            state["unaudited"] = [*entries, *state["unaudited"]]
