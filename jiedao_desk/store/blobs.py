# SPDX-License-Identifier: MIT
"""Attachment files on disk: their names and, in an encrypted installation, their encryption.

In a plain installation a file is named by its SHA-256. In an encrypted one (store/crypt.py)
that name would tell whoever copies the folder which known photo or scan is there, so the
name is an HMAC of the hash under a key derived from the master key, and the content is
AES-GCM encrypted (the hash bound as associated data, so a file moved under another name
does not decrypt).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import tempfile
from pathlib import Path

from jiedao_desk.store import crypt

# cryptography is imported where a file is encrypted or decrypted: a plain installation
# never loads it (tests/test_startup_imports.py).
MAGIC = b"JDA1"  # an encrypted attachment file: magic, 12-byte nonce, AES-GCM ciphertext


def _derived(key: bytes, purpose: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, None, b"jiedao-desk " + purpose).derive(key)


def stored_name(sha256: str, key: bytes | None) -> str:
    """The file name of content with this SHA-256: the hash itself, or its keyed HMAC."""
    if key is None:
        return sha256
    return hmac.new(_derived(key, b"attachment names"), sha256.encode("ascii"),
                    hashlib.sha256).hexdigest()


def seal_bytes(key: bytes, sha256: str, data: bytes) -> bytes:
    """``data`` encrypted for an attachment file."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return MAGIC + nonce + AESGCM(_derived(key, b"attachment files")).encrypt(
        nonce, data, sha256.encode("ascii"))


def open_bytes(key: bytes, sha256: str, blob: bytes) -> bytes | None:
    """The plain content of an encrypted attachment file (None: altered or another key)."""
    if not blob.startswith(MAGIC):
        return None
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(_derived(key, b"attachment files")).decrypt(
            blob[4:16], blob[16:], sha256.encode("ascii"))
    except InvalidTag:
        return None


def write_encrypted(folder: Path, key: bytes, sha256: str, data: bytes) -> Path:
    """Write content ``data`` (whose SHA-256 is ``sha256``) encrypted into ``folder``
    (fsynced, then renamed into place, mode 0600, in folders of mode 0700); an existing file is
    kept."""
    name = stored_name(sha256, key)
    target = folder / name[:2] / name
    if target.exists():
        return target
    crypt.private_dir(folder)
    crypt.private_dir(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(seal_bytes(key, sha256, data))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def encrypt_folder(src: Path, dst: Path, key: bytes) -> int:
    """Encrypt every plain attachment file of ``src`` (named by its SHA-256) into ``dst``;
    already encrypted files are copied as they are. Returns how many were encrypted."""
    count = 0
    if not src.is_dir():
        return 0
    for path in sorted(src.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        data = path.read_bytes()
        if data.startswith(MAGIC):
            if src == dst:
                continue
            out = dst / path.relative_to(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            continue
        if hashlib.sha256(data).hexdigest() != path.name:
            continue  # not an attachment file of ours (or damaged): the check reports it
        write_encrypted(dst, key, path.name, data)
        count += 1
    return count


def remove_plain(folder: Path) -> int:
    """Delete the plain attachment files left in an encrypted installation's folder (after
    their encrypted copies are in place); returns how many."""
    count = 0
    if not folder.is_dir():
        return 0
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            with path.open("rb") as fh:
                head = fh.read(len(MAGIC))
            if head != MAGIC and hashlib.sha256(path.read_bytes()).hexdigest() == path.name:
                path.unlink()
                count += 1
    return count


# A key rotation writes the attachments under the new key into a folder beside the live one
# and swaps the folders once the database holds the new key: until then the live folder is
# untouched, and after it no file under the old key is left (core/encryption.py finishes or
# undoes a rotation a kill cut off, by which key opens the database).
def staging_dir(folder: Path) -> Path:
    """``attachments.rotating``: the attachments under the key a rotation installs."""
    return folder.with_name(folder.name + ".rotating")


def retired_dir(folder: Path) -> Path:
    """``attachments.retired``: the old folder, between the two renames of the swap."""
    return folder.with_name(folder.name + ".retired")


def stage_rekeyed(folder: Path, hashes: list[str], old: bytes, new: bytes) -> int:
    """Write every attachment ``hashes`` of ``folder`` under ``new`` into the staging folder
    beside it (one left by a killed rotation is started afresh), every file fsynced; returns
    how many. A file that does not decrypt (altered) is copied as it is, so the check still
    reports it; a missing one is left for the check to report."""
    staging = staging_dir(folder)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    count = 0
    for sha in hashes:
        name = stored_name(sha, old)
        path = folder / name[:2] / name
        if not path.is_file():
            continue
        blob = path.read_bytes()
        data = open_bytes(old, sha, blob)
        if data is None:
            (staging / name[:2]).mkdir(exist_ok=True)
            (staging / name[:2] / name).write_bytes(blob)
            crypt.fsync_file(staging / name[:2] / name)
            continue
        write_encrypted(staging, new, sha, data)
        count += 1
    for sub in [*staging.iterdir(), staging]:
        if sub.is_dir():
            crypt.fsync_dir(sub)
    return count


def switch_to_staged(folder: Path) -> None:
    """Put the staging folder in place of ``folder`` and delete the old one. Each step is a
    rename (or the final delete), and the function takes up where a kill stopped it when it
    is called again."""
    staging, retired = staging_dir(folder), retired_dir(folder)
    if staging.is_dir():
        if folder.exists():
            if retired.exists():
                shutil.rmtree(retired)
            os.replace(folder, retired)
        os.replace(staging, folder)
        crypt.fsync_dir(folder.parent)
    if retired.exists():
        shutil.rmtree(retired)


def drop_staged(folder: Path) -> None:
    """Delete the staging folder of a rotation that did not reach the database's switch."""
    if staging_dir(folder).exists():
        shutil.rmtree(staging_dir(folder))


def copy_rekeyed(src: Path, dst: Path, hashes: list[str], old: bytes | None,
                 new: bytes) -> int:
    """Write the attachments ``hashes`` of folder ``src`` (under key ``old``, or plain when
    None) into ``dst`` under ``new``; files already there are kept. Returns how many were
    written or found; a missing or altered file is left for the check to report."""
    count = 0
    for sha in hashes:
        name = stored_name(sha, old)
        path = src / name[:2] / name
        if not path.is_file():
            continue
        blob = path.read_bytes()
        if old is None:
            data: bytes | None = blob if hashlib.sha256(blob).hexdigest() == sha else None
        else:
            data = open_bytes(old, sha, blob)
        if data is None:
            continue
        write_encrypted(dst, new, sha, data)
        count += 1
    return count
