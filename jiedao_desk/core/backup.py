# SPDX-License-Identifier: MIT
"""Backup policy: when to back up, what to keep, and restore.

条例 第四十一条 (2020 北京市街道办事处条例) asks for measures against loss and damage of data:
the app backs up automatically once a day, on exit when something changed, and before every
migration, import or restore; every copy is verified after writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.permissions import require
from jiedao_desk.core.settings import Setting
from jiedao_desk.store import Store, migrations
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import backup as backup_store
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
    info = backup_store.make_backup(store, kind, Path(to_dir) if to_dir else backup_folder(store),
                                    progress)
    if to_dir is None:
        prune(store)
    return info


def daily_due(store: Store, today: dt.date) -> bool:
    """True if no automatic backup was made today (UTC stamps compared by local date)."""
    return not any(b.kind in AUTO_KINDS and _local_day(b.stamp) == today
                   for b in _backups(store))


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
    """Accept a backup folder or the database file inside it; return the folder."""
    p = Path(path).expanduser().resolve()
    if p.is_dir() and (p / backup_store.DB_NAME).exists():
        return p
    if p.is_file():
        return p.parent
    raise NotFound(f"找不到备份：{p}")


def restore(store: Store, actor: Actor, path: str | Path,
            progress: Callable | None = None) -> BackupInfo:
    """Replace the current data with a backup, after a safety backup of the current state.

    Returns:
        The safety backup taken before restoring (so the restore itself can be undone).
    """
    require(actor, "backup.restore")
    folder = resolve_backup(path)
    db_file = folder / backup_store.DB_NAME if folder.is_dir() and \
        (folder / backup_store.DB_NAME).exists() else Path(path)
    if not db_file.exists():
        raise NotFound(f"找不到备份数据库文件：{db_file}")
    Store.open(db_file, readonly=True).close()  # refuses a backup written by a newer app
    safety = backup_now(store, "pre_restore", progress=progress)
    backup_store.restore_into(store, db_file)
    backup_store.restore_attachments(folder, store)
    migrations.MIGRATIONS.apply(store.db)  # an older backup is brought up to date
    with store.atomic():
        audit_store.record(store, actor, "backup.restore", "database", None, None,
                           {"from": str(db_file), "safety_backup": str(safety.path)})
    return safety
