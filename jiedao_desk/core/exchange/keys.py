# SPDX-License-Identifier: MIT
"""This site's exchange keys: an Ed25519 pair that signs its packages and an X25519 pair that
packages to it are encrypted to.

The public halves are in the database (``site_key``) and travel in the enrolment file; the
private halves never leave the site and never enter the database or a backup, like the
integrity key (store/keys.py): they live in the keys folder as ``site-<uid>.json``, owner-only.
When the database is encrypted (store/vault.py) the file holds them wrapped (AES-256-GCM) with
a random key kept inside the encrypted database, so the keys folder alone opens nothing and a
key rotation, which re-encrypts the database, carries the wrap key along. A file written
while the database was still plain is wrapped the first time it is needed afterwards.

Moving the site to another PC means copying the keys folder with the database (README,
"换电脑"); a database whose key file is missing is refused with that advice rather than given
new keys silently, since every enrolled site would then refuse its packages.

``site-<uid>.sequence.json`` beside the key file remembers the last package number sent to
each site. The database remembers it too; a database restored from a backup remembers less,
and the larger number wins, so a restored site never reuses a number (core/exchange/
package.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import JiedaoError, ValidationError
from jiedao_desk.core.permissions import require
from jiedao_desk.store import Store, crypt
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import keys as keys_store
from jiedao_desk.store import peers as peers_store
from jiedao_desk.store import site as site_store

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

# cryptography is imported where keys are made or used: a desk that never exchanges does not
# load it at start-up (tests/test_startup_imports.py).

FILE_FORMAT = 1
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U to misread aloud
_WRAP_AAD = b"jiedao-desk site keys"


class SiteKeysError(JiedaoError):
    """This site's private keys are missing, unreadable or do not fit the database."""


@dataclass(frozen=True)
class PublicKeys:
    """The public half of a site's keys, as raw bytes, and their fingerprint."""

    sign: bytes  # Ed25519, 32 bytes
    box: bytes  # X25519, 32 bytes

    @property
    def fingerprint(self) -> str:
        """Four groups of four characters read aloud at enrolment."""
        return fingerprint(self.sign, self.box)


@dataclass(frozen=True)
class PrivateKeys:
    """This site's private keys (held in memory only while a package is sealed or opened)."""

    sign: Ed25519PrivateKey
    box: X25519PrivateKey


def fingerprint(sign: bytes, box: bytes) -> str:
    """``XXXX-XXXX-XXXX-XXXX``: 80 bits of SHA-256 over both public keys, in Crockford's
    letters (no I, L, O, U), so two people can compare it over the telephone."""
    digest = hashlib.sha256(b"jiedao-desk site fingerprint\x00" + sign + box).digest()
    number = int.from_bytes(digest[:10], "big")
    chars = [ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(16))]
    return "-".join("".join(chars[i:i + 4]) for i in range(0, 16, 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed: separators and case ignored, misheard letters read as the
    digits they look like (O→0, I/L→1), grouped again."""
    raw = "".join(c for c in (text or "").upper() if c.isalnum())
    raw = raw.translate(str.maketrans("OIL", "011"))
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def key_file(uid: str) -> Path:
    """The private key file of the site ``uid`` in the keys folder."""
    return keys_store.key_dir() / f"site-{uid}.json"


def sequence_file(uid: str) -> Path:
    """The sent-package numbers of the site ``uid``, beside its key file."""
    return keys_store.key_dir() / f"site-{uid}.sequence.json"


# -- files ---------------------------------------------------------------------------------
def _write_private(path: Path, body: dict[str, Any]) -> None:
    """Write ``path`` whole or not at all (temporary file, fsync, rename), owner-only."""
    crypt.private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(body, fh, sort_keys=True, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    crypt.private_file(tmp)
    os.replace(tmp, path)
    crypt.fsync_dir(path.parent)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise SiteKeysError(f"本站的交换密钥文件无法读取：{path}（{exc}）") from None
    if not isinstance(body, dict):
        raise SiteKeysError(f"本站的交换密钥文件格式不对：{path}")
    return body


def _raw(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return bytes(key.private_bytes(serialization.Encoding.Raw,
                                   serialization.PrivateFormat.Raw,
                                   serialization.NoEncryption()))


def _new_key_body(uid: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    sign, box = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    return {"format": FILE_FORMAT, "uid": uid,
            "sign_public": sign.public_key().public_bytes_raw().hex(),
            "box_public": box.public_key().public_bytes_raw().hex(),
            "private": {"sign": _raw(sign).hex(), "box": _raw(box).hex()}}


def _aad(body: dict[str, Any]) -> bytes:
    return b"\x00".join([_WRAP_AAD, str(body["uid"]).encode("ascii"),
                         str(body["sign_public"]).encode("ascii"),
                         str(body["box_public"]).encode("ascii")])


def _wrap(body: dict[str, Any], wrap_key: bytes) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = json.dumps(body["private"], sort_keys=True).encode("ascii")
    nonce = os.urandom(12)
    out = {k: v for k, v in body.items() if k != "private"}
    out["wrapped"] = {"nonce": nonce.hex(),
                      "ct": AESGCM(wrap_key).encrypt(nonce, plain, _aad(body)).hex()}
    return out


def _unwrap(body: dict[str, Any], wrap_key: bytes, path: Path) -> dict[str, str]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        wrapped = body["wrapped"]
        plain = AESGCM(wrap_key).decrypt(bytes.fromhex(wrapped["nonce"]),
                                         bytes.fromhex(wrapped["ct"]), _aad(body))
        private = json.loads(plain)
    except (InvalidTag, KeyError, TypeError, ValueError):
        raise SiteKeysError(f"本站的交换密钥文件与数据库不符，无法解开：{path}"
                            "（可能是另一台电脑或另一个数据库的文件）。") from None
    return dict(private)


# -- this site's keys ----------------------------------------------------------------------
def _public_from(row: dict) -> PublicKeys:
    return PublicKeys(bytes.fromhex(row["sign_public"]), bytes.fromhex(row["box_public"]))


def ensure_keys(store: Store) -> PublicKeys:
    """This site's public keys, made on first need (the private halves go to the keys
    folder, the public halves and their fingerprint into the database, in one audited
    transaction).

    Raises:
        SiteKeysError: the database has keys whose private file is missing or belongs to
            other keys.
    """
    uid = site_store.get(store)["uid"]
    path = key_file(uid)
    row = peers_store.own_keys(store)
    body = _read_json(path)
    if row is not None:
        if body is None:
            raise SiteKeysError(
                f"找不到本站的交换密钥文件“{path}”。从别的电脑搬来数据库时，须把原电脑的"
                "密钥文件夹一并拷来；找不回时，请联系各交换站点重新登记本站。")
        if (body.get("sign_public"), body.get("box_public")) != \
                (row["sign_public"], row["box_public"]):
            raise SiteKeysError(f"本站的交换密钥文件“{path}”与数据库中登记的公钥不符。")
        return _public_from(row)
    if body is not None and (body.get("uid") != uid or
                             not isinstance(body.get("sign_public"), str)):
        raise SiteKeysError(f"本站的交换密钥文件“{path}”不是本站的。")
    wrap_key = None
    if body is not None and "wrapped" in body:
        # Wrapped, but no database row recorded them: made by a transaction that never
        # committed (or a backup from before them was restored), so the key that wraps
        # them is gone. Kept aside, never deleted; new keys are made.
        os.replace(path, path.with_name(f"{path.name}.unusable-{secrets.token_hex(4)}"))
        body = None
    if body is None:
        body = _new_key_body(uid)
        if store.key is not None:  # never on the disk in plain, not even for a moment
            wrap_key = secrets.token_bytes(32).hex()
            _write_private(path, _wrap(body, bytes.fromhex(wrap_key)))
        else:
            _write_private(path, body)
    public = PublicKeys(bytes.fromhex(body["sign_public"]), bytes.fromhex(body["box_public"]))
    with store.atomic():
        peers_store.put_own_keys(store, public.sign.hex(), public.box.hex(), public.fingerprint)
        if wrap_key is not None:
            peers_store.set_wrap_key(store, wrap_key)
        audit_store.record(store, SYSTEM, "site.keys_create", "site", uid, None,
                           {"fingerprint": public.fingerprint})
    return public


def renew_keys(store: Store, actor: Actor, reason: str) -> PublicKeys:
    """Make new keys for this site when its private keys are lost (a disk died with the
    keys folder) or may have been copied. The old key file, if any, is kept aside, never
    deleted. Every other site must then void this site and enrol its new enrolment file:
    until then they refuse its packages and this site cannot read theirs.

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: no reason given.
    """
    require(actor, "exchange.manage")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("重新生成交换密钥须说明原因。", "reason")
    uid = site_store.get(store)["uid"]
    row = peers_store.own_keys(store)
    if row is None:
        return ensure_keys(store)
    path = key_file(uid)
    body = _new_key_body(uid)
    wrap_key = secrets.token_bytes(32).hex() if store.key is not None else None
    if path.exists():
        os.replace(path, path.with_name(f"{path.name}.replaced-{secrets.token_hex(4)}"))
    _write_private(path, _wrap(body, bytes.fromhex(wrap_key)) if wrap_key else body)
    public = PublicKeys(bytes.fromhex(body["sign_public"]), bytes.fromhex(body["box_public"]))
    with store.atomic():
        peers_store.replace_own_keys(store, public.sign.hex(), public.box.hex(),
                                     public.fingerprint, wrap_key)
        audit_store.record(store, actor, "site.keys_renew", "site", uid,
                           {"fingerprint": row["fingerprint"]},
                           {"fingerprint": public.fingerprint, "reason": reason})
    return public


def private_keys(store: Store) -> PrivateKeys:
    """This site's private keys, read from the keys folder (made first when there are none).

    In an encrypted database a plain key file is wrapped now, with a key kept in the
    database: written to the database first, so a crash before the file is rewritten
    leaves a plain file that is wrapped next time.

    Raises:
        SiteKeysError: missing, unreadable, or not this database's.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    public = ensure_keys(store)
    uid = site_store.get(store)["uid"]
    path = key_file(uid)
    body = _read_json(path)
    assert body is not None  # ensure_keys refused a missing file
    row = peers_store.own_keys(store)
    assert row is not None
    if "wrapped" in body:
        if not row["wrap_key"]:
            raise SiteKeysError(f"本站的交换密钥文件“{path}”已加密，但数据库中没有解开它的"
                                "密钥（可能是另一个数据库的文件）。")
        private = _unwrap(body, bytes.fromhex(row["wrap_key"]), path)
    else:
        private = body.get("private") or {}
        if store.key is not None:
            wrap_key = row["wrap_key"]
            if not wrap_key:
                wrap_key = secrets.token_bytes(32).hex()
                with store.atomic():
                    peers_store.set_wrap_key(store, wrap_key)
            _write_private(path, _wrap(body, bytes.fromhex(wrap_key)))
    try:
        keys = PrivateKeys(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private["sign"])),
                           X25519PrivateKey.from_private_bytes(bytes.fromhex(private["box"])))
    except (KeyError, TypeError, ValueError):
        raise SiteKeysError(f"本站的交换密钥文件“{path}”已损坏。") from None
    if keys.sign.public_key().public_bytes_raw() != public.sign or \
            keys.box.public_key().public_bytes_raw() != public.box:
        raise SiteKeysError(f"本站的交换密钥文件“{path}”中的私钥与登记的公钥不符。")
    return keys


# -- the sequence state file ---------------------------------------------------------------
def sent_numbers(uid: str) -> dict[str, int]:
    """The last package number sent to each site, as the state file remembers it (empty
    when the file is missing or unreadable: the database's numbers then stand alone)."""
    try:
        body = json.loads(sequence_file(uid).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    sent = body.get("sent") if isinstance(body, dict) else None
    if not isinstance(sent, dict):
        return {}
    return {str(k): int(v) for k, v in sent.items() if isinstance(v, int) and v >= 0}


def remember_sent(uid: str, numbers: dict[str, int]) -> None:
    """Raise the state file's numbers to ``numbers`` (never lowers one)."""
    current = sent_numbers(uid)
    merged = dict(current)
    for peer, n in numbers.items():
        merged[peer] = max(n, current.get(peer, 0))
    if merged != current:
        with contextlib.suppress(OSError):  # a read-only keys folder: the database still counts
            _write_private(sequence_file(uid), {"format": FILE_FORMAT, "sent": merged})
