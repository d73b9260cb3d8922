"""Backups with the SQLite backup API: consistent, verified copies of an open database.

A backup is a folder ``backups/<db stem>-<kind>-<UTC stamp>/`` holding the database copy, a
copy of the attachments folder (copied, never hard-linked: damage to one copy must not be
damage to both) and ``manifest.json``: every file with its SHA-256 and size, the schema
steps, the audit head and the newest seal, signed with the installation key (store/keys.py).

It is written under a hidden temporary name, every file is fsynced and read back against the
manifest, and only then renamed into place. A folder without a valid manifest (a backup killed
halfway, a folder someone copied by hand) is never listed and never restored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.clock import utc_stamp
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.store import blobs, crypt, keys, seal

if TYPE_CHECKING:  # the store opens (and migrates) through this module: no import back up
    from jiedao_desk.store import Store

DB_NAME = "jiedao-desk.sqlite3"
ATTACHMENTS = "attachments"


@dataclass(frozen=True)
class BackupInfo:
    """One backup folder on disk."""

    path: Path
    kind: str
    stamp: str  # UTC, YYYYmmdd-HHMMSS

    @property
    def db_file(self) -> Path:
        """The database copy inside the folder."""
        return self.path / DB_NAME


def database_file(store: Store) -> Path:
    """The file of a file database; an in-memory store (tests) has nothing to back up."""
    if store.path is None:
        raise JiedaoError("内存数据库不能备份。")
    return store.path


def backups_dir(store: Store) -> Path:
    """Default backup folder: ``backups/`` next to the database."""
    return database_file(store).parent / "backups"


def attachments_dir(store: Store) -> Path:
    """Attachments folder next to the database (callers refuse an in-memory store first)."""
    return database_file(store).parent / ATTACHMENTS


def integrity_errors(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` findings (empty when the database is sound)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def foreign_key_errors(conn: sqlite3.Connection) -> list[tuple]:
    """``PRAGMA foreign_key_check`` findings."""
    return conn.execute("PRAGMA foreign_key_check").fetchall()


MANIFEST = "manifest.json"
KEYS = "keys.json"  # an encrypted backup's copy of the wrapped keys
PLAIN_PREFIX = ".plain-"  # a plain backup set aside while its encrypted copy takes its name
PARTIAL_PREFIX = ".partial-"
FORMAT = 1


def make_backup(store: Store, kind: str, to_dir: Path | None = None,
                progress=None) -> BackupInfo:
    """Write, verify and then publish a backup of ``store`` (and its attachments)."""
    folder = Path(to_dir) if to_dir else backups_dir(store)
    stem = database_file(store).stem
    stamp = utc_stamp()
    name = f"{stem}-{kind}-{stamp}"
    n = 1
    while (folder / name).exists() or (folder / f"{PARTIAL_PREFIX}{name}").exists():
        # two backups within one second, or one killed halfway in this second
        n += 1
        name = f"{stem}-{kind}-{stamp}-{n}"
    target = folder / name
    partial = folder / f"{PARTIAL_PREFIX}{name}"
    partial.mkdir(parents=True)
    if store.key is not None:  # an encrypted database's backups are owner-only too
        crypt.private_dir(folder)
        crypt.private_dir(partial)
    try:
        dst = crypt.connect(partial / DB_NAME, store.key)  # encrypted as the database is
        try:
            def _step(status, remaining, total):
                if progress:
                    progress(total - remaining, total, "正在备份数据库")

            store.conn.backup(dst, pages=256, progress=_step)
            # One self-contained file: a WAL beside it would be outside the manifest.
            dst.execute("PRAGMA journal_mode = DELETE")
            problems = integrity_errors(dst)
            schema = [r[0] for r in dst.execute(
                "SELECT name FROM _sqlite_migrations ORDER BY rowid")]
            audit = dst.execute("SELECT COUNT(*), (SELECT hash FROM audit_log ORDER BY id DESC"
                                " LIMIT 1) FROM audit_log").fetchone()
            sealed = seal.head(dst) if _has_table(dst, "seal") else None
        finally:
            dst.close()
        if problems:
            raise JiedaoError("备份写入后完整性检查失败：" + "；".join(problems[:3]))
        if progress:
            progress(0, 1, "正在复制附件")
        _copy_attachments(attachments_dir(store), partial / ATTACHMENTS)
        if store.key is not None:  # the wrapped keys: restorable on another PC (vault.py)
            shutil.copyfile(crypt.keys_file(database_file(store)), partial / KEYS)
            for path in partial.rglob("*"):
                (crypt.private_file if path.is_file() else crypt.private_dir)(path)
        manifest = {
            "format": FORMAT, "kind": kind, "stamp": stamp, "database": stem,
            "schema": schema, "audit": {"rows": audit[0], "head": audit[1] or ""},
            "seal": sealed.as_dict() if sealed else None,
            "files": _file_list(partial), "encrypted": store.key is not None,
        }
        _write_json(partial / MANIFEST, sign_manifest(manifest))
        if store.key is not None:
            crypt.private_file(partial / MANIFEST)
        crypt.fsync_dir(partial)
        problems = verify_backup(partial)  # read every file back against the manifest
        if problems:
            raise JiedaoError("备份写入后校验失败：" + "；".join(problems[:3]))
        os.replace(partial, target)
        crypt.fsync_dir(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupInfo(target, kind, stamp)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _copy_attachments(src: Path, dst: Path) -> None:
    if not src.is_dir():
        return
    for path in src.rglob("*"):
        if path.is_file():
            out = dst / path.relative_to(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out)


def _file_list(folder: Path) -> dict[str, dict[str, Any]]:
    """Every file under ``folder`` (fsynced first) with its size and SHA-256."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
        rel = path.relative_to(folder).as_posix()
        out[rel] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_json(path: Path, body: dict) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(body, fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.flush()
        os.fsync(fh.fileno())


def _manifest_mac(key: bytes, body: dict) -> str:
    plain = {k: v for k, v in body.items() if k not in ("mac", "key_id")}
    text = json.dumps(plain, ensure_ascii=False, sort_keys=True)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_manifest(body: dict) -> dict:
    """The manifest with the installation key's id and HMAC."""
    kid, key = keys.signing_key()
    return {**body, "key_id": kid, "mac": _manifest_mac(key, body)}


def read_manifest(folder: Path) -> dict | None:
    """The parsed manifest of a backup folder, or None if there is no readable one."""
    try:
        body = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(body, dict) or body.get("format") != FORMAT or \
            not isinstance(body.get("files"), dict) or DB_NAME not in body["files"]:
        return None
    return body


def _files_present(folder: Path, manifest: dict) -> bool:
    for rel, meta in manifest["files"].items():
        path = folder / rel
        if not path.is_file() or path.stat().st_size != meta.get("size"):
            return False
    return True


def verify_backup(folder: Path, accept_unknown_key: bool = False) -> list[str]:
    """What is wrong with a backup folder (empty = every byte is as its manifest says)."""
    manifest = read_manifest(folder)
    if manifest is None:
        return ["没有有效的备份清单（manifest.json）：这不是完整的备份（可能写到一半被中断）"]
    key = keys.verification_key(str(manifest.get("key_id", "")))
    problems = []
    if key is None:
        if not accept_unknown_key:
            problems.append("备份清单由本机没有的密钥签名，无法确认没有被改动（如是换电脑，"
                            "请把原电脑的 integrity-keys 文件夹拷到本机）")
    elif not hmac.compare_digest(_manifest_mac(key, manifest), str(manifest.get("mac", ""))):
        problems.append("备份清单的签名不符：清单被改动")
    for rel, meta in manifest["files"].items():
        path = folder / rel
        if not path.is_file():
            problems.append(f"备份缺少文件：{rel}")
        elif path.stat().st_size != meta.get("size") or _sha256(path) != meta.get("sha256"):
            problems.append(f"备份中的文件与清单不符（被改动或损坏）：{rel}")
    return problems


def encrypt_in_place(info: BackupInfo, key: bytes, keys_file: Path) -> None:
    """Replace a plain backup by an encrypted one of the same name (database exported under
    ``key``, attachments encrypted, the wrapped keys beside them, manifest re-signed).

    The encrypted copy is written and verified under a hidden name first; the plain folder
    is then set aside (hidden, never listed), the copy renamed into place and the plain
    folder deleted. A kill between the two renames leaves the plain folder set aside, which
    ``reclaim_half_encrypted`` puts back for the next attempt.
    """
    folder = info.path.parent
    partial = folder / f"{PARTIAL_PREFIX}{info.path.name}"
    aside = folder / f"{PLAIN_PREFIX}{info.path.name}"
    shutil.rmtree(partial, ignore_errors=True)
    crypt.private_dir(partial)
    try:
        crypt.export_copy(info.db_file, partial / DB_NAME, None, key)
        blobs.encrypt_folder(info.path / ATTACHMENTS, partial / ATTACHMENTS, key)
        shutil.copyfile(keys_file, partial / KEYS)
        manifest = read_manifest(info.path) or {}
        body = {k: v for k, v in manifest.items() if k not in ("mac", "key_id")}
        body.update(files=_file_list(partial), encrypted=True)
        _write_json(partial / MANIFEST, sign_manifest(body))
        for path in partial.rglob("*"):
            (crypt.private_file if path.is_file() else crypt.private_dir)(path)
        crypt.fsync_dir(partial)
        problems = verify_backup(partial)
        if problems:
            raise JiedaoError("加密旧备份后校验失败：" + "；".join(problems[:3]))
        os.replace(info.path, aside)
        os.replace(partial, info.path)
        crypt.fsync_dir(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(aside)


def reclaim_half_encrypted(folder: Path) -> None:
    """Put back a plain backup set aside by an ``encrypt_in_place`` that was killed before
    its encrypted copy took the name (so it is encrypted, or deleted, by the next attempt)."""
    if not folder.is_dir():
        return
    for aside in folder.glob(f"{PLAIN_PREFIX}*"):
        name = folder / aside.name[len(PLAIN_PREFIX):]
        if name.exists():  # the encrypted copy is in place: the plain one is left over
            shutil.rmtree(aside)
        else:
            os.replace(aside, name)


def list_backups(folder: Path, stem: str) -> list[BackupInfo]:
    """Complete backups of the database named ``stem`` in ``folder``, oldest first.

    Complete means a manifest that parses and every file it lists present with its size;
    the full hash check runs before a restore (``verify_backup``).
    """
    pattern = re.compile(
        rf"^{re.escape(stem)}-(?P<kind>[a-z_]+)-(?P<stamp>\d{{8}}-\d{{6}})(?:-\d+)?$")
    out = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = pattern.match(p.name)
            if not (m and p.is_dir()):
                continue
            manifest = read_manifest(p)
            if manifest is not None and _files_present(p, manifest):
                out.append(BackupInfo(p, m["kind"], m["stamp"]))
    return sorted(out, key=lambda b: (b.stamp, b.path.name))


def stale_partials(folder: Path) -> list[Path]:
    """Half-written backup folders left by a backup that was killed."""
    return [p for p in folder.glob(f"{PARTIAL_PREFIX}*") if p.is_dir()] \
        if folder.is_dir() else []


def remove_backup(info: BackupInfo) -> None:
    """Delete one backup folder (retention only; never the live database)."""
    shutil.rmtree(info.path)


def opens_with(db_file: Path, key: bytes | None) -> bool:
    """True when the (backup) database ``db_file`` opens with ``key``; read-only."""
    try:
        crypt.connect(db_file, key, readonly=True).close()
    except (crypt.KeyRejected, sqlite3.DatabaseError):
        return False
    return True


def attachment_hashes(db_file: Path, key: bytes | None) -> list[str]:
    """The attachment content hashes a (backup) database records; read-only."""
    conn = crypt.connect(db_file, key, readonly=True)
    try:
        if not _has_table(conn, "attachment"):
            return []
        return [r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachment")]
    finally:
        conn.close()


def restore_into(store: Store, source_db: Path, incoming: dict | None,
                 source_key: bytes | None = None) -> None:
    """Replace the open database's content with ``source_db`` (backup API, one transaction).

    ``incoming`` is the seal head the backup's manifest carries: the anchor beside the
    database names it, with the current head as equally valid, before the content is
    replaced, so a crash on either side of the replacement leaves a database that verifies.
    ``source_key`` opens ``source_db`` (None: plain). A backup under another key than the
    database's (plain, or made before a key rotation) is first written under the database's
    key into a scratch file beside it (SQLCipher copies pages only between files of one key).
    """
    scratch: Path | None = None
    if source_key != store.key:
        scratch = database_file(store).with_name(f".restore-{os.getpid()}.tmp")
        scratch.unlink(missing_ok=True)
        crypt.export_copy(source_db, scratch, source_key, store.key)
        source_db = scratch
    src = crypt.connect(source_db, store.key, readonly=True)
    try:
        problems = integrity_errors(src)
        if problems:
            raise JiedaoError("要恢复的备份已损坏：" + "；".join(problems[:3]))
        new = seal.SealHead(**incoming) if incoming else None
        seal.write_anchor(database_file(store), new, also=[seal.head(store.conn)])
        src.backup(store.conn)
    finally:
        src.close()
        if scratch is not None:
            scratch.unlink(missing_ok=True)


def restore_attachments(backup_folder: Path, store: Store) -> int:
    """Copy attachments the backup holds that are missing or damaged now; return how many.

    Attachment files are named by their SHA-256, so a file whose content no longer matches
    its name is damaged and the backup's copy replaces it."""
    src = backup_folder / ATTACHMENTS
    dst = attachments_dir(store)
    count = 0
    if not src.is_dir():
        return 0
    for path in src.rglob("*"):
        if path.is_file():
            out = dst / path.relative_to(src)
            damaged = (not out.exists() or out.read_bytes() != path.read_bytes()) \
                if store.key is not None else (not out.exists() or _sha256(out) != out.name)
            if damaged:
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out)
                count += 1
    return count


# A restore replaces the content, then records itself in the audit log. A process killed in
# between would leave restored data with no row saying so, and attachments not yet copied back.
# A marker beside the database, written before the content is replaced and removed after the
# audit row, lets the next opening finish the restore (core/backup.py finish_restore).
def _restore_marker(store: Store) -> Path:
    db = database_file(store)
    return db.with_name(db.name + ".restore-pending.json")


def _last_audit_hash(store: Store) -> str | None:
    return store.scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")


def mark_restore(store: Store, actor: Actor, folder: Path, safety: Path,
                 attachments_copied: bool = False) -> None:
    """Note a restore about to replace the content (who, from where, the audit head before;
    ``attachments_copied``: its attachments are in place already, under this database's
    key, and must not be copied again as the backup holds them)."""
    _write_json(_restore_marker(store), {
        "actor": [actor.user_id, actor.name, actor.role], "from": str(folder),
        "safety_backup": str(safety), "audit_before": _last_audit_hash(store),
        "attachments_copied": attachments_copied})


def clear_restore_mark(store: Store) -> None:
    """The restore is recorded (or never replaced anything): drop its marker."""
    _restore_marker(store).unlink(missing_ok=True)


def pending_restore(store: Store) -> dict | None:
    """The marker of a restore that replaced the content but was cut off before its audit row
    (who, from where, the safety backup), or None; a marker of a restore that replaced nothing
    is dropped here."""
    marker = _restore_marker(store)
    try:
        body = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):  # cut off while written: nothing was replaced yet
        clear_restore_mark(store)
        return None
    if _last_audit_hash(store) == body.get("audit_before"):
        clear_restore_mark(store)  # killed before the content was replaced (or by the same)
        return None
    return body
