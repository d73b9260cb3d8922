# SPDX-License-Identifier: MIT
"""Backup policy: when to back up, what to keep, and restore.

条例 第四十一条 (2020 北京市街道办事处条例) asks for measures against loss and damage of data:
the app backs up automatically once a day, on exit when something changed, and before every
migration, import or restore; every copy is verified after writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError, NotFound, PermissionDenied, RestoreRefused
from jiedao_desk.core import check as check_mod
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.permissions import require
from jiedao_desk.core.settings import Setting
from jiedao_desk.store import Store, blobs, crypt, migrations, vault
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import backup as backup_store
from jiedao_desk.store import users as users_store
from jiedao_desk.store.backup import BackupInfo

AUTO_KINDS = ("daily", "exit")
SAFETY_KINDS = ("pre_migration", "pre_import", "pre_restore")

SETTINGS = settings_mod.declare(
    Setting("backup.keep_daily", "保留最近几天的每日备份", 7,
            "默认保留最近7天，每天一份。", "备份"),
    Setting("backup.keep_monthly", "保留最近几个月的月度备份", 12,
            "默认保留最近12个月，每月一份。", "备份"),
    Setting("backup.keep_safety", "保留操作前安全备份份数", 20,
            "升级、导入、恢复之前自动做的备份，保留最近这么多份。", "备份"),
    Setting("backup.interval_hours", "运行期间自动备份间隔（小时）", 24,
            "程序一直开着时，每隔这么多小时自动备份一次（另外每天首次启动和退出时也会备份）；"
            "0 = 不定时备份。", "备份"),
    Setting("backup.dir", "备份目录", "",
            "留空 = 数据库所在目录下的 backups 文件夹。建议定期另存到移动硬盘。", "备份"),
)


def backup_folder(store: Store) -> Path:
    """The configured backup folder."""
    configured = settings_mod.get(store, SETTINGS["backup.dir"])
    return Path(configured) if configured else backup_store.backups_dir(store)


def list_backups(store: Store, actor: Actor) -> list[BackupInfo]:
    """Backups of this database, oldest first (who may make backups may list them)."""
    require(actor, "backup.run")
    return _backups(store)


def _backups(store: Store) -> list[BackupInfo]:
    return backup_store.list_backups(backup_folder(store),
                                    backup_store.database_file(store).stem)


def backup_now(store: Store, kind: str = "manual", to_dir: str | Path | None = None,
               progress: Callable | None = None, actor: Actor | None = None) -> BackupInfo:
    """Make a verified backup, then apply the retention rules (to the default folder only).

    Automatic backups (daily, exit, before migrations/imports/restores) run without an actor;
    a backup a person asks for passes ``actor`` and needs the ``backup.run`` permission.
    """
    if actor is not None:
        require(actor, "backup.run")
    folder = Path(to_dir) if to_dir else backup_folder(store)
    _remove_stale_partials(folder)
    info = backup_store.make_backup(store, kind, folder, progress)
    if to_dir is None:
        prune(store)
    return info


STALE_PARTIAL = dt.timedelta(hours=6)  # far longer than any backup takes


def _remove_stale_partials(folder: Path) -> None:
    """Remove what backups killed halfway left behind (never listed, never restorable)."""
    now = dt.datetime.now().timestamp()
    for partial in backup_store.stale_partials(folder):
        with contextlib.suppress(OSError):
            if now - partial.stat().st_mtime > STALE_PARTIAL.total_seconds():
                shutil.rmtree(partial)


def daily_due(store: Store, today: dt.date) -> bool:
    """True if no automatic backup was made today (UTC stamps compared by local date)."""
    return not any(b.kind in AUTO_KINDS and _local_day(b.stamp) == today
                   for b in _backups(store))


def scheduled_due(store: Store, now: dt.datetime) -> bool:
    """True when the app has been running past the backup interval since the newest
    automatic backup (setting ``backup.interval_hours``; 0 turns the schedule off)."""
    hours = int(settings_mod.get(store, SETTINGS["backup.interval_hours"]))
    if hours <= 0:
        return False
    stamps = [b.stamp for b in _backups(store) if b.kind in AUTO_KINDS]
    if not stamps:
        return True
    newest = dt.datetime.strptime(max(stamps), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    return now.astimezone(dt.UTC) - newest >= dt.timedelta(hours=hours)


def _local_day(stamp: str) -> dt.date:
    utc = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    return utc.astimezone().date()


def to_remove(backups: list[BackupInfo], keep_daily: int, keep_monthly: int,
              keep_safety: int) -> list[BackupInfo]:
    """Retention rules.

    Keeps, for each automatic kind ("daily" = start of day, "exit" = end of a session), the
    newest backup of each of its last ``keep_daily`` days — so a day's start state and end
    state both survive; the newest automatic backup of each of the last ``keep_monthly``
    months; the newest ``keep_safety`` safety backups. Manual backups are never removed.
    """
    keep: set[Path] = set()
    auto = sorted((b for b in backups if b.kind in AUTO_KINDS),
                  key=lambda b: (b.stamp, b.path.name), reverse=True)
    days: dict[str, list[dt.date]] = {kind: [] for kind in AUTO_KINDS}
    months: list[tuple[int, int]] = []
    for b in auto:
        day = _local_day(b.stamp)
        seen = days[b.kind]
        if day not in seen and len(seen) < keep_daily:
            seen.append(day)
            keep.add(b.path)
        month = (day.year, day.month)
        if month not in months and len(months) < keep_monthly:
            months.append(month)
            keep.add(b.path)
    safety = sorted((b for b in backups if b.kind in SAFETY_KINDS), key=lambda b: b.stamp,
                    reverse=True)
    keep.update(b.path for b in safety[:keep_safety])
    return [b for b in backups if b.kind in AUTO_KINDS + SAFETY_KINDS and b.path not in keep]


def prune(store: Store) -> list[BackupInfo]:
    """Delete backups beyond the retention settings; return what was removed."""
    gone = to_remove(_backups(store),
                     int(settings_mod.get(store, SETTINGS["backup.keep_daily"])),
                     int(settings_mod.get(store, SETTINGS["backup.keep_monthly"])),
                     int(settings_mod.get(store, SETTINGS["backup.keep_safety"])))
    for b in gone:
        backup_store.remove_backup(b)
    return gone


def resolve_backup(path: str | Path) -> Path:
    """Accept a backup folder or the database file inside it; return the folder.

    Anything else (another file, a folder that is not a backup) is refused in Chinese."""
    p = Path(path).expanduser()
    if not p.exists():
        raise NotFound(f"找不到备份：{p}")
    p = p.resolve()
    folder = p if p.is_dir() else p.parent
    if p.is_file() and p.name != backup_store.DB_NAME or \
            not (folder / backup_store.DB_NAME).is_file():
        raise RestoreRefused(f"“{p}”不是本程序的备份。请选择备份文件夹（或其中的 "
                             f"{backup_store.DB_NAME}），数据没有被改动。")
    return folder


class BackupKeyNeeded(RestoreRefused):
    """The backup is encrypted under a key this database does not have (made before a key
    rotation, or on another installation): its own key file opens with the password an
    administrator had then, or with the recovery code."""


OTHER_KEY = ("这份备份是用另一把密钥加密的（在轮换密钥之前或在另一台电脑上做的）：请输入做备份时"
             "管理员的用户名和密码，或管理员恢复码。当前数据没有被改动。")


def backup_key(store: Store, folder: Path,
               secret: tuple[str | None, str] | None = None) -> bytes | None:
    """The key that opens the database of the backup ``folder`` (None: a plain backup).

    A backup under this database's key opens with it; one under another key opens with its
    own key file and ``secret``: (username, password), or (None, recovery code).

    Raises:
        BackupKeyNeeded: another key, and no ``secret`` given.
        PermissionDenied: ``secret`` opens none of the backup's keys.
        RestoreRefused: the backup has no key file, or its keys do not open it.
    """
    db_file = folder / backup_store.DB_NAME
    manifest = backup_store.read_manifest(folder) or {}
    if not manifest.get("encrypted") or not crypt.is_encrypted(db_file):
        return None  # plain, or no valid manifest: verify_for_restore says why
    if store.key is None:
        raise RestoreRefused("加密的备份不能恢复到未加密的数据库中：请用“encryption restore”"
                             "把它恢复成新的数据库文件。当前数据没有被改动。")
    if backup_store.opens_with(db_file, store.key):
        return store.key
    if secret is None:
        raise BackupKeyNeeded(OTHER_KEY)
    keys_path = folder / backup_store.KEYS
    if not keys_path.is_file():
        raise RestoreRefused("备份中缺少密钥文件，无法打开，没有恢复；当前数据没有被改动。")
    name, text = secret
    try:
        candidates = vault.unwrap_file(keys_path, (name or "").strip() or vault.RECOVERY,
                                       text)
    except vault.VaultError as exc:
        raise RestoreRefused(f"{exc}没有恢复；当前数据没有被改动。") from None
    if not candidates:
        raise PermissionDenied("用户名、密码或恢复码不正确（须是做这份备份时的），没有恢复。")
    for key in candidates:
        if backup_store.opens_with(db_file, key):
            return key
    raise RestoreRefused("备份中的密钥文件打不开这份备份（文件可能被替换过），没有恢复；"
                         "当前数据没有被改动。")


def verify_for_restore(store: Store, folder: Path, accept_unknown_key: bool = False,
                       key: bytes | None | bool = True) -> None:
    """Refuse (RestoreRefused, reasons in Chinese) a backup that must not replace the data:
    bytes not as its manifest says, a newer or damaged schema, a broken audit chain or seals,
    or no account that could sign in (with no administrator nobody could run the app).
    Nothing is changed either way.

    ``key`` opens the backup's database (``backup_key``); left out, the backup must be plain
    or under this database's key."""
    problems = backup_store.verify_backup(folder, accept_unknown_key)
    if problems:
        raise RestoreRefused("备份未通过校验，没有恢复，当前数据没有被改动：\n"
                             + "\n".join(problems[:8]))
    manifest = backup_store.read_manifest(folder) or {}
    if key is True:
        key = backup_key(store, folder)
    with tempfile.TemporaryDirectory(dir=backup_store.database_file(store).parent) as tmp:
        copy = Path(tmp) / backup_store.DB_NAME
        shutil.copyfile(folder / backup_store.DB_NAME, copy)
        try:
            # refuses a newer schema; an encrypted backup opens with its key
            candidate = Store.open(copy, migrate=False, key=key or None)
        except JiedaoError as exc:
            raise RestoreRefused(f"备份无法打开，没有恢复：{exc}") from None
        try:
            found = check_mod.check(candidate, backup_manifest=manifest)
            reasons = [p.message for p in found.problems
                       if not (accept_unknown_key and p.kind == "seal_key")
                       and p.kind not in _LIVE_ONLY]
            if found.audit_rows != manifest.get("audit", {}).get("rows", found.audit_rows):
                reasons.append("备份中的审计记录条数与备份清单不符")
            admins = users_store.count_live_admins(candidate)
        finally:
            candidate.close()
    if not admins:
        reasons.append("备份中没有可用的管理员账号：恢复后将无人能登录和管理")
    if reasons:
        raise RestoreRefused("备份未通过校验，没有恢复，当前数据没有被改动：\n"
                             + "\n".join(reasons[:8]))


# Findings about files outside a backup's database (the live attachments folder, the live
# anchor file): a backup is checked against its own manifest and attachments instead.
_LIVE_ONLY = frozenset({"attachment"})


def restore(store: Store, actor: Actor, path: str | Path,
            progress: Callable | None = None, accept_unknown_key: bool = False,
            secret: tuple[str | None, str] | None = None) -> BackupInfo:
    """Replace the current data with a verified backup, after a safety backup of the current
    state.

    ``accept_unknown_key`` restores a backup signed on another PC whose key is not here (the
    PC was lost); the restore's audit row says so.

    A backup under another key (plain, or made before a key rotation) is written under this
    database's key, its attachments too; ``secret`` opens its own key file (``backup_key``).

    Returns:
        The safety backup taken before restoring (so the restore itself can be undone).
    """
    require(actor, "backup.restore")
    folder = resolve_backup(path)
    key = backup_key(store, folder, secret)
    verify_for_restore(store, folder, accept_unknown_key, key)
    db_file = folder / backup_store.DB_NAME
    safety = backup_now(store, "pre_restore", progress=progress)
    rekeyed = store.key is not None and key != store.key
    if rekeyed and store.key is not None:  # in place before the content names them
        blobs.copy_rekeyed(folder / backup_store.ATTACHMENTS,
                           backup_store.attachments_dir(store),
                           backup_store.attachment_hashes(db_file, key), key, store.key)
    store.stop_sealing()  # the restored file brings its own schema
    manifest = backup_store.read_manifest(folder) or {}
    backup_store.mark_restore(store, actor, folder, safety.path, attachments_copied=rekeyed)
    try:
        backup_store.restore_into(store, db_file, manifest.get("seal"), key)
    except BaseException:
        backup_store.clear_restore_mark(store)  # one backup-API step: nothing was replaced
        raise
    if not rekeyed:
        backup_store.restore_attachments(folder, store)
    upgraded = bool(migrations.pending_names(store))
    migrations.MIGRATIONS.apply(store.db)  # an older backup is brought up to date
    store.start_sealing("恢复较旧的备份后重新封存" if upgraded else "")
    with store.atomic():
        audit_store.record(store, actor, "backup.restore", "database", None, None,
                           {"from": str(db_file), "safety_backup": str(safety.path),
                            "unknown_key_accepted": accept_unknown_key,
                            "other_encryption_key": key is not None and key != store.key})
    backup_store.clear_restore_mark(store)
    return safety


def finish_restore(store: Store) -> bool:
    """Finish a restore whose process ended after replacing the content (store/backup.py
    marks it): copy its attachments back and write its audit row, saying it was completed on
    opening. Called wherever a session opens the database; True if there was one."""
    body = backup_store.pending_restore(store)
    if body is None:
        return False
    folder = Path(body.get("from", ""))
    if (folder / backup_store.DB_NAME).is_file() and not body.get("attachments_copied"):
        backup_store.restore_attachments(folder, store)
    with store.atomic():
        audit_store.record(store, Actor(*body["actor"]), "backup.restore", "database", None,
                           None, {"from": str(folder / backup_store.DB_NAME),
                                  "safety_backup": body.get("safety_backup"),
                                  "completed_on_opening": True})
    backup_store.clear_restore_mark(store)
    return True
