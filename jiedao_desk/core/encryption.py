# SPDX-License-Identifier: MIT
"""Encryption at rest: unlocking, turning it on, rotating the key (store/crypt.py, vault.py).

个人信息保护法 第五十一条 lists encryption among the measures a handler of personal data
takes: residents' ID numbers, statements and evidence must not be readable by whoever copies
the data folder or finds a backup. It is opt-in: a plain database stays plain until an
administrator turns encryption on (``encryption on``, or the first-run choice).

Turning it on converts the file in one step a kill cannot leave half-done: the encrypted
copy is written beside the database under another name, flushed to the disk and renamed
over the plain file (a rename is atomic). Before the rename the plain file is what opens;
after it, the encrypted one, whose wrapped keys were written (and flushed) before.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, DatabaseDamaged, PermissionDenied, ValidationError
from jiedao_desk.core import auth
from jiedao_desk.core.permissions import require
from jiedao_desk.store import Store, blobs, crypt, keys, seal, vault
from jiedao_desk.store import attachments as att_store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import backup as backup_store
from jiedao_desk.store import users as users_store
from jiedao_desk.store.vault import RECOVERY

OLD_BACKUP_CHOICES = {"encrypt": "加密保留", "delete": "删除"}


@dataclass
class Enabled:
    """What ``enable`` did: the recovery code (shown once) and the older plain backups."""

    recovery_code: str
    backups_encrypted: list[str] = field(default_factory=list)
    backups_deleted: list[str] = field(default_factory=list)


def is_encrypted(db: str | Path) -> bool:
    """True when the database file is encrypted."""
    return crypt.is_encrypted(db)


def _open_with(db: Path, candidates: list[bytes]) -> bytes:
    """The candidate key that opens ``db`` (remembered for this process).

    Raises:
        DatabaseDamaged: a key of the key file authenticates the file's other pages but
            not its first one: the password and key are right, the file's start is damaged.
        VaultError: no key of the key file fits the database.
    """
    for n, key in enumerate(candidates):
        try:
            crypt.connect(db, key).close()
        except crypt.KeyRejected:
            continue
        _settle_rotation(db, switched=n > 0)
        crypt.remember(db, key)
        _hold_integrity_key(db, key)
        return key
    # SQLCipher says "not a database" both for a wrong key and for a damaged first page.
    # The key file's key was authenticated when it was unwrapped; whether it is this
    # file's key is told by the file's other pages.
    for key in candidates:
        if crypt.first_page_damaged(db, key):
            crypt.remember(db, key)  # a salvage or a restore may use it
            raise DatabaseDamaged(FIRST_PAGE_DAMAGED)
    raise vault.VaultError("密钥文件与数据库不符：用此密钥文件打不开这个数据库"
                           "（可能是把另一台电脑或更早的密钥文件放在了这里）。")


def _settle_rotation(db: Path, switched: bool) -> None:
    """Finish or undo a key rotation that a kill cut off (``rotate``): the database's rename
    decides. Opened with the new key (``switched``), the attachments staged under it replace
    the old folder and the new key becomes the current one; opened with the old key, the
    staged files and the prepared key are dropped and everything stays as before. A rotation
    still running in another process is left to finish itself."""
    if not vault.exists(db) or vault.rotation_running(db):
        return
    folder = db.parent / backup_store.ATTACHMENTS
    keys_file = vault.load(db)
    if switched:
        blobs.switch_to_staged(folder)
        keys_file.finish_rotation()
        return
    blobs.drop_staged(folder)
    if keys_file.rotation_prepared():
        keys_file.abandon_rotation()


def _hold_integrity_key(db: Path, master: bytes) -> None:
    """Sign and verify with the integrity key kept in the key file (moved there from the
    data folder the first time: a key file written before it was kept there)."""
    if not vault.exists(db):  # a backup's copy being opened under a temporary name
        return
    keys_file = vault.load(db)
    integrity = keys_file.integrity_key(master)
    if integrity is None:
        integrity = keys.signing_key()[1]
        keys_file.put_integrity_key(master, integrity)
    keys.hold(integrity)


FIRST_PAGE_DAMAGED = (
    "数据库文件开头（第一页）已损坏：密码正确，密钥也与文件相符，但文件开头读不出来，表目录"
    "随之丢失，抢救也找不回数据。请从最近的备份恢复（启动时可选“从备份恢复”；命令行："
    "jiedao-desk-cli encryption restore 备份文件夹 --db 新文件）。")


def unlock(db: str | Path, username: str, password: str) -> bytes | None:
    """Unlock an encrypted database with a user's password (None: the file is plain).

    Raises:
        PermissionDenied: wrong name or password (one message for both), too many failures.
    """
    db = Path(db).expanduser().resolve()
    if not crypt.is_encrypted(db):
        return None
    key = crypt.unlocked_key(db)
    if key is not None:
        return key
    return _open_with(db, vault.unlock(db, username, password))


def unlock_key_only(db: str | Path, username: str, password: str) -> bytes:
    """The current key from the key file, without reading the database (which may be
    damaged: ``recover`` salvages it with this key)."""
    db = Path(db).expanduser().resolve()
    key = vault.unlock(db, username, password)[0]
    crypt.remember(db, key)
    return key


def unlock_with_code(db: str | Path, code: str) -> bytes:
    """Unlock with the administrator's recovery code (when every password is lost)."""
    db = Path(db).expanduser().resolve()
    return _open_with(db, vault.unlock(db, RECOVERY, code))


def require_recovery_code(db: str | Path) -> Path:
    """The resolved path of an encrypted database (which has a recovery code).

    Raises:
        Conflict: the database is plain, so there is no recovery code.
    """
    db = Path(db).expanduser().resolve()
    if not crypt.is_encrypted(db):
        raise Conflict("数据库没有加密，也就没有恢复码：管理员密码丢失时请由另一位管理员重设。")
    return db


def reset_with_code(db: str | Path, code: str, username: str, new_password: str) -> None:
    """Set a new password for an administrator who lost theirs, with the recovery code
    shown when encryption was turned on (the code is the proof: nobody signs in). The
    account's lockout is lifted and its key wrapped for the new password; the audit row
    names the account and says the code was used.

    Raises:
        PermissionDenied: wrong code (counted like a wrong password, with the same lockout),
            or the account is not a live administrator.
        ValidationError: the new password does not meet the policy.
        Conflict: the database is not encrypted (it has no recovery code).
    """
    db = require_recovery_code(db)
    key = _open_with(db, vault.unlock(db, RECOVERY, code))
    crypt.forget(db)  # the code unlocks this change only: signing in asks for the password
    with Store.open(db, key=key) as store:
        row = users_store.get_by_name(store, (username or "").strip())
        if row is None or row["voided_at"] or row["role"] != "admin":
            raise PermissionDenied("恢复码只能为在用的管理员账户重设密码；其他用户请由管理员在"
                                   "“用户管理”中重设。")
        digest = auth.new_password_hash(store, new_password, row["username"],
                                        row["display_name"])
        actor = Actor(row["id"], row["display_name"], row["role"], row["community_id"])
        with store.atomic():
            users_store.update(store, row["id"], password_hash=digest, must_change_password=0,
                               failed_count=0, locked_until=None)
            audit_store.record(store, actor, "user.recover_password", "user", row["id"], None,
                               {"username": row["username"], "via": "recovery_code"})
        vault.password_set(store, row["username"], new_password)


def new_recovery_code(store: Store, actor: Actor, password: str) -> str:
    """Replace the recovery code (the old one stops working); returns the new one, shown
    once. Asks for the administrator's own password again, as turning encryption on does.

    Raises:
        PermissionDenied: not an administrator, or the password is not theirs.
        Conflict: the database is not encrypted.
    """
    require(actor, "encryption.manage")
    if store.key is None or store.path is None:
        raise Conflict("数据库还没有加密，没有恢复码。")
    auth.verify_password(store, actor, password)
    code = vault.new_recovery_code()
    with store.atomic():  # the key file is written before COMMIT: no row without the code
        audit_store.record(store, actor, "database.recovery_code", "database", None)
        vault.load(store.path).set_secret(RECOVERY, vault.normalise_code(code), store.key)
    return code


def record_unlock_failures(store: Store, actor: Actor) -> int:
    """Write the failed unlocks counted beside the database into the audit log (at the
    first sign-in after them); returns how many."""
    if store.path is None or not crypt.is_encrypted(store.path):
        return 0
    entries = vault.take_unaudited(store.path)
    try:
        with store.atomic():
            for e in entries:
                audit_store.record(store, actor, "auth.unlock_failed", "database", None, None,
                                   {"username": e.get("name", ""), "at": e.get("at", ""),
                                    "locked": bool(e.get("locked"))})
    except BaseException:
        vault.put_back_unaudited(store.path, entries)
        raise
    return len(entries)


def _username(store: Store, actor: Actor) -> str:
    row = users_store.get(store, actor.user_id) if actor.user_id else None
    if row is None:
        raise PermissionDenied("只有登录的管理员可以管理数据库加密。")
    return str(row["username"])


def _close_for_rename(store: Store) -> Path:
    """Close ``store`` with its WAL emptied (a WAL left beside the file would be replayed
    into the renamed one); returns the database path."""
    db = backup_store.database_file(store)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise Conflict("数据库正被另一个程序使用（日志文件未能清空），请关闭其他窗口后再试。")
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    return db


def _replace_with(db: Path, new_key: bytes, old_key: bytes | None,
                  last: Callable[[Store], None] | None = None) -> None:
    """Write the database under ``new_key`` beside it and rename it over ``db``.

    ``last`` runs on the new copy just before the rename (a transaction of its own there):
    what it writes exists exactly when the switch happened, so an audit row of the switch
    is never left behind in a file that stays under the old key.
    """
    part = db.with_name(db.name + ".encrypting")
    part_anchor = seal.anchor_path(part)
    part.unlink(missing_ok=True)
    part_anchor.unlink(missing_ok=True)
    crypt.export_copy(db, part, old_key, new_key)
    conn = crypt.connect(part, new_key, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        conn.close()
    if last is not None:
        copy = Store.open(part, key=new_key, migrate=False)
        try:
            copy.start_sealing("")
            last(copy)
        finally:
            _close_for_rename(copy)  # its WAL into the file: the rename moves one file
    crypt.fsync_file(part)
    crypt.private_file(part)
    os.replace(part, db)
    crypt.fsync_dir(db.parent)
    if part_anchor.exists():  # the seal of what ``last`` wrote: the file's newest
        os.replace(part_anchor, seal.anchor_path(db))
    crypt.remember(db, new_key)


def enable(store: Store, actor: Actor, password: str, old_backups: str | None = None,
           confirmed: bool = False) -> Enabled:
    """Encrypt the plain database of ``store`` (which is connected again afterwards, to the
    encrypted file).

    ``password`` is the acting administrator's own (their wrapped key opens with it; other
    users get theirs when an administrator resets their password). Older plain backups are
    encrypted (``old_backups="encrypt"``) or deleted (``"delete"``, only when ``confirmed``).

    Raises:
        PermissionDenied: not an administrator, or the password is not theirs.
        Conflict: already encrypted.
        ValidationError: plain backups exist and no choice for them was made.
    """
    require(actor, "encryption.manage")
    db = backup_store.database_file(store)
    if store.key is not None or crypt.is_encrypted(db):
        raise Conflict("数据库已经加密。")
    username = _username(store, actor)
    auth.verify_password(store, actor, password)
    plain = _plain_backups(store)
    _check_backup_choice(plain, old_backups, confirmed)
    master = vault.new_master_key()
    wrapped, code = vault.create(db, master, username, password)
    # The key that signed this database's seals travels with the wrapped keys from now on.
    wrapped.put_integrity_key(master, keys.signing_key()[1])
    # Everyone else keeps their account but holds no key until an administrator resets
    # their password (their password is not known here to wrap the key with).
    wrapped.mark_waiting({r["username"]: r["password_hash"] for r in users_store.list_users(store)
                       if not r["voided_at"] and r["username"] != username})
    folder = backup_store.attachments_dir(store)
    blobs.encrypt_folder(folder, folder, master)  # beside the plain files, until renamed
    db = _close_for_rename(store)
    # the audit row goes into the encrypted copy: a conversion killed or failed before the
    # rename leaves the plain file without a row claiming it was encrypted
    details = {"old_backups": old_backups or "", "plain_backups": len(plain)}
    _replace_with(db, master, None, last=lambda copy: _record_encryption(copy, actor, details))
    blobs.remove_plain(folder)
    _private_tree(db.parent)
    _hold_integrity_key(db, master)
    store.reopen(master)
    done = Enabled(code)
    _treat_backups(plain, old_backups, master, db, done)
    return done


def _record_encryption(store: Store, actor: Actor, details: dict) -> None:
    with store.atomic():
        audit_store.record(store, actor, "database.encrypt", "database", None, None, details)


def _plain_backups(store: Store) -> list[backup_store.BackupInfo]:
    folder = backup_store.backups_dir(store)
    stem = backup_store.database_file(store).stem
    backup_store.reclaim_half_encrypted(folder)
    return [b for b in backup_store.list_backups(folder, stem)
            if not crypt.is_encrypted(b.db_file)]


def _check_backup_choice(plain: list, choice: str | None, confirmed: bool) -> None:
    if not plain:
        return
    if choice not in OLD_BACKUP_CHOICES:
        raise ValidationError(
            f"备份文件夹中有 {len(plain)} 份未加密的旧备份，不能悄悄留下："
            "请选择加密保留（--old-backups encrypt）或删除（--old-backups delete）。",
            "old_backups")
    if choice == "delete" and not confirmed:
        raise ValidationError(f"将删除 {len(plain)} 份未加密的旧备份，且无法找回：请确认"
                              "（命令行加 --yes）。", "old_backups")


def _treat_backups(plain: list[backup_store.BackupInfo], choice: str | None, master: bytes,
                   db: Path, done: Enabled) -> None:
    for info in plain:
        if choice == "delete":
            shutil.rmtree(info.path)
            done.backups_deleted.append(info.path.name)
        else:
            backup_store.encrypt_in_place(info, master, crypt.keys_file(db))
            done.backups_encrypted.append(info.path.name)


def finish_backups(store: Store, actor: Actor, old_backups: str | None,
                   confirmed: bool = False) -> Enabled:
    """Encrypt or delete plain backups left beside an encrypted database (a conversion
    killed after its rename, or backups copied in)."""
    require(actor, "encryption.manage")
    if store.key is None:
        raise Conflict("数据库还没有加密。")
    plain = _plain_backups(store)
    _check_backup_choice(plain, old_backups, confirmed)
    done = Enabled("")
    folder = backup_store.attachments_dir(store)
    blobs.encrypt_folder(folder, folder, store.key)
    blobs.remove_plain(folder)
    _treat_backups(plain, old_backups, store.key, backup_store.database_file(store), done)
    return done


def _private_tree(folder: Path) -> None:
    """The data folder, its sub-folders and files owner-only (0700 / 0600)."""
    crypt.private_dir(folder)
    for path in folder.rglob("*"):
        (crypt.private_dir if path.is_dir() else crypt.private_file)(path)


def rotate(store: Store, actor: Actor) -> None:
    """Re-encrypt the database and its attachments with a new master key (``store`` is
    connected again after).

    The new key is wrapped for every user and the recovery code still holding an entry, so
    a voided user's old copy of the key file opens no later copy of the database. Copies
    made before (older backups, a copied file) stay readable with the old key.

    A kill cannot leave the database under one key and the attachments under the other: the
    attachments are written under the new key into a folder beside the live one, the new
    key is wrapped beside the current one in the key file, and the database's rename is
    the switch; the next unlock finishes the folder swap (the database opened with the new
    key) or drops what was staged (it opened with the old one), ``_settle_rotation``.
    """
    require(actor, "encryption.manage")
    old = store.key
    if old is None:
        raise Conflict("数据库还没有加密，无法轮换密钥。")
    db = backup_store.database_file(store)
    folder = backup_store.attachments_dir(store)
    new = vault.new_master_key()
    closed = False
    try:
        with vault.rotating(db):
            wrapped = vault.load(db)
            blobs.stage_rekeyed(folder, att_store.all_hashes(store), old, new)
            integrity = wrapped.integrity_key(old) or keys.signing_key()[1]
            # from here either key opens, whichever the file holds
            wrapped.prepare_rotation(new, integrity)
            closed = True
            _close_for_rename(store)
            # the switch: the database is under the new key, with the audit row of the
            # rotation (written into the new copy, so an undone rotation leaves no row)
            _replace_with(db, new, old, last=lambda copy: _record_rotation(
                copy, actor, wrapped.names()))
            blobs.switch_to_staged(folder)
            wrapped.finish_rotation()
            store.reopen(new)
    except vault.RotationBusy:
        raise
    except Exception:
        # An error, not a kill (a full disk, the file held by another program): settled at
        # once as the next unlock would, and the store connected again under its key.
        switched = _opens(db, new)
        _settle_rotation(db, switched)
        crypt.remember(db, new if switched else old)
        if closed:
            store.reopen(new if switched else old)
        raise


def _record_rotation(store: Store, actor: Actor, holders: list[str]) -> None:
    with store.atomic():
        audit_store.record(store, actor, "database.rotate_key", "database", None, None,
                           {"holders": holders})


def _opens(db: Path, key: bytes) -> bool:
    """True when ``key`` opens the database ``db``."""
    try:
        crypt.connect(db, key).close()
    except crypt.KeyRejected:
        return False
    return True


def status(db: str | Path) -> dict:
    """Whether the database is encrypted, who holds a key, and plain backups left."""
    db = Path(db).expanduser().resolve()
    encrypted = crypt.is_encrypted(db)
    wrapped = vault.load(db) if encrypted and vault.exists(db) else None
    names = wrapped.names() if wrapped else []
    folder = db.parent / "backups"
    plain = [b.path.name for b in backup_store.list_backups(folder, db.stem)
             if not crypt.is_encrypted(b.db_file)]
    return {"encrypted": encrypted, "holders": names,
            "waiting": wrapped.waiting() if wrapped else [],
            "recovery_code": encrypted and vault.exists(db) and
            RECOVERY in vault.load(db).body["entries"],
            "plain_backups": plain}


def restore_backup(folder: str | Path, new_db: str | Path, username: str | None,
                   secret: str) -> Path:
    """Make a new database ``new_db`` from an encrypted backup, on this PC or another one:
    the backup's own wrapped keys open with an administrator's password (``username``) or
    the recovery code (``username`` None). The files are copied as they are (still
    encrypted), so nothing plain is written; returns the new database's path.

    Raises:
        ValidationError: not an encrypted backup, damaged, or ``new_db`` exists.
        PermissionDenied: wrong password or code, or the user is no administrator.
    """
    folder = backup_store_folder(folder)
    new_db = Path(new_db).expanduser().resolve()
    if new_db.exists() or crypt.keys_file(new_db).exists():
        raise ValidationError(f"目标文件“{new_db}”已存在：恢复只写入新文件，不覆盖任何文件。",
                              "db")
    manifest = backup_store.read_manifest(folder)
    if manifest is None or not (folder / backup_store.KEYS).is_file():
        raise ValidationError("这不是完整的加密备份（缺少清单或密钥文件）。", "file")
    problems = [p for p in backup_store.verify_backup(folder, accept_unknown_key=True)]
    if problems:
        raise ValidationError("备份已损坏或被改动：" + "；".join(problems[:3]), "file")
    crypt.private_dir(new_db.parent)
    keys_copy = crypt.keys_file(new_db)
    shutil.copyfile(folder / backup_store.KEYS, keys_copy)
    crypt.private_file(keys_copy)
    part = new_db.with_name(new_db.name + ".restoring")
    try:
        name = username if username is not None else RECOVERY
        candidates = vault.unlock(new_db, name, secret)
        shutil.copyfile(folder / backup_store.DB_NAME, part)
        crypt.private_file(part)
        crypt.fsync_file(part)
        key = _open_with(part, candidates)
        crypt.forget(part)
        crypt.remember(new_db, key)
        _hold_integrity_key(new_db, key)  # the anchor below is signed with the backup's key
        if username is not None:
            _require_admin(part, key, username)
        sealed = manifest.get("seal")  # the anchor names the seal the backup ends with
        seal.write_anchor(new_db, seal.SealHead(**sealed) if sealed else None)
        os.replace(part, new_db)
        crypt.fsync_dir(new_db.parent)
    except BaseException:
        crypt.forget(new_db)
        part.unlink(missing_ok=True)
        seal.anchor_path(new_db).unlink(missing_ok=True)
        keys_copy.unlink(missing_ok=True)
        vault.unlock_state_file(new_db).unlink(missing_ok=True)
        raise
    att = folder / backup_store.ATTACHMENTS
    if att.is_dir():
        shutil.copytree(att, new_db.parent / backup_store.ATTACHMENTS, dirs_exist_ok=True)
    _private_tree(new_db.parent)
    return new_db


def backup_store_folder(path: str | Path) -> Path:
    """A backup folder given as the folder or its database file."""
    path = Path(path).expanduser().resolve()
    return path.parent if path.is_file() else path


def _require_admin(db: Path, key: bytes, username: str) -> None:
    with Store.open(db, key=key, migrate=False, readonly=True) as store:
        row = users_store.get_by_name(store, username)
    if row is None or row["voided_at"] or row["role"] != "admin":
        raise PermissionDenied("只有管理员的密码或恢复码可以恢复加密备份。")
