# SPDX-License-Identifier: MIT
import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import JiedaoError, NotFound, RestoreRefused
from jiedao_desk.core import auth, backup
from jiedao_desk.core.check import check
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store
from jiedao_desk.store import backup as backup_store
from jiedao_desk.store.backup import BackupInfo


@pytest.fixture
def file_store(file_store):
    """A file store with an administrator (a backup without one is never restored)."""
    auth.create_first_admin(file_store, "admin", "管理员", "Admin-desk-2026!")
    return file_store


def test_backup_is_verified_and_restore_round_trips(file_store, actor, tmp_path):
    org.add_community(file_store, actor, "甲社区", "001")
    att = file_store.path.parent / "attachments" / "ab"
    att.mkdir(parents=True)
    (att / "abcdef").write_bytes(b"scan")
    info = backup.backup_now(file_store, "manual")
    assert (info.path / "jiedao-desk.sqlite3").exists()
    assert (info.path / "attachments" / "ab" / "abcdef").read_bytes() == b"scan"

    org.add_community(file_store, actor, "乙社区", "002")
    (att / "abcdef").unlink()
    safety = backup.restore(file_store, actor, info.path)
    names = [c.name for c in org.list_communities(file_store)]
    assert names == ["甲社区"]
    assert (att / "abcdef").read_bytes() == b"scan"  # attachment brought back
    assert safety.kind == "pre_restore"
    # the safety backup holds the state before restoring
    s2 = Store.open(safety.db_file, readonly=True)
    assert s2.scalar("SELECT COUNT(*) FROM community") == 2
    s2.close()
    assert check(file_store).ok  # the restored chain plus the restore row is intact


def test_restore_refuses_corrupt_backup_and_keeps_data(file_store, actor, tmp_path):
    org.add_community(file_store, actor, "甲社区", "001")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "jiedao-desk.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(RestoreRefused, match="没有有效的备份清单"):
        backup.restore(file_store, actor, bad)
    assert [c.name for c in org.list_communities(file_store)] == ["甲社区"]


def _b(kind, stamp):
    return BackupInfo(Path(f"/b/{kind}-{stamp}"), kind, stamp)


def test_retention_keeps_7_daily_and_12_monthly():
    start = dt.datetime(2025, 1, 1, 12)
    items = [_b("daily", (start + dt.timedelta(days=i)).strftime("%Y%m%d-%H%M%S"))
             for i in range(690)]  # up to 2026-11-21
    items += [_b("manual", "20250101-000000")]
    items += [_b("pre_import", f"2026{m:02d}01-000000") for m in range(1, 13)]
    gone = backup.to_remove(items, keep_daily=7, keep_monthly=12, keep_safety=5)
    kept = [b for b in items if b not in gone]
    kept_daily = [b for b in kept if b.kind == "daily"]
    # 2026-11-15..21 + the last day of each of the 11 months before (Nov shares its day)
    assert len(kept_daily) == 7 + 11
    assert all(b.kind != "manual" for b in gone)
    assert len([b for b in kept if b.kind == "pre_import"]) == 5


def test_retention_keeps_start_and_end_of_day():
    items = [_b("daily", "20261120-010000"), _b("exit", "20261120-090000"),
             _b("exit", "20261120-100000"), _b("daily", "20261121-010000")]
    gone = backup.to_remove(items, keep_daily=7, keep_monthly=12, keep_safety=5)
    assert [b.path.name for b in gone] == ["exit-20261120-090000"]


def test_backup_is_published_only_complete_with_a_signed_manifest(file_store, tmp_path):
    att = file_store.path.parent / "attachments" / "ab"
    att.mkdir(parents=True)
    (att / "abcdef").write_bytes(b"scan")
    info = backup.backup_now(file_store, "manual")
    manifest = json.loads((info.path / "manifest.json").read_text())
    assert set(manifest["files"]) == {"jiedao-desk.sqlite3", "attachments/ab/abcdef"}
    assert manifest["seal"]["seal_id"] and manifest["mac"] and manifest["schema"][-1]
    # attachments are copied: damage to the live file is not damage to the backup
    assert (att / "abcdef").stat().st_ino != (info.path / "attachments/ab/abcdef").stat().st_ino
    assert not list(info.path.parent.glob(".partial-*"))


def test_a_failed_verification_publishes_nothing(file_store, monkeypatch):
    monkeypatch.setattr(backup_store, "integrity_errors", lambda conn: ["page 7 is never used"])
    with pytest.raises(JiedaoError, match="备份写入后完整性检查失败"):
        backup.backup_now(file_store, "manual")
    folder = backup.backup_folder(file_store)
    assert backup.list_backups(file_store, SYSTEM) == []
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.parametrize("damage", ["no_manifest", "truncated_db", "missing_attachment"])
def test_an_incomplete_backup_is_neither_listed_nor_restorable(file_store, damage):
    org.add_community(file_store, SYSTEM, "甲社区", "001")
    att = file_store.path.parent / "attachments" / "ab"
    att.mkdir(parents=True)
    (att / "abcdef").write_bytes(b"scan")
    info = backup.backup_now(file_store, "manual")
    if damage == "no_manifest":  # killed before the manifest was written
        (info.path / "manifest.json").unlink()
    elif damage == "truncated_db":
        with info.db_file.open("r+b") as fh:
            fh.truncate(info.db_file.stat().st_size // 2)
    else:
        (info.path / "attachments/ab/abcdef").unlink()
    assert backup.list_backups(file_store, SYSTEM) == []
    with pytest.raises(RestoreRefused):
        backup.restore(file_store, SYSTEM, info.path)
    assert [c.name for c in org.list_communities(file_store)] == ["甲社区"]


def test_restore_refuses_a_backup_whose_bytes_were_edited_and_the_manifest_fixed(file_store):
    org.add_community(file_store, SYSTEM, "甲社区", "001")
    info = backup.backup_now(file_store, "manual")
    with contextlib.closing(sqlite3.connect(info.db_file, isolation_level=None)) as c:
        c.execute("DROP TRIGGER audit_log_no_update")
        c.execute("UPDATE audit_log SET actor_name = '某人'")
    manifest = json.loads((info.path / "manifest.json").read_text())
    entry = manifest["files"]["jiedao-desk.sqlite3"]
    entry["size"] = info.db_file.stat().st_size
    entry["sha256"] = hashlib.sha256(info.db_file.read_bytes()).hexdigest()
    (info.path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RestoreRefused, match="备份清单的签名不符"):
        backup.restore(file_store, SYSTEM, info.path)


def test_restore_refuses_edited_audit_rows_even_with_a_valid_manifest(file_store, monkeypatch):
    """Someone holding the key is out of scope, but the checks behind the manifest still run."""
    org.add_community(file_store, SYSTEM, "甲社区", "001")
    info = backup.backup_now(file_store, "manual")
    with contextlib.closing(sqlite3.connect(info.db_file, isolation_level=None)) as c:
        c.execute("DROP TRIGGER audit_log_no_update")
        c.execute("UPDATE audit_log SET actor_name = '某人' WHERE id = 2")
        c.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                  "BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END")
    manifest = json.loads((info.path / "manifest.json").read_text())
    manifest["files"] = backup_store._file_list(info.path)
    body = {k: v for k, v in manifest.items() if k not in ("mac", "key_id")}
    (info.path / "manifest.json").write_text(json.dumps(backup_store.sign_manifest(body)))
    with pytest.raises(RestoreRefused, match="第2条审计记录的内容与哈希不符"):
        backup.restore(file_store, SYSTEM, info.path)


def test_restore_refuses_a_backup_without_an_administrator(tmp_path):
    with Store.open(tmp_path / "empty" / "jiedao-desk.sqlite3") as empty:
        info = backup.backup_now(empty, "manual")
    with Store.open(tmp_path / "live.sqlite3") as live:
        auth.create_first_admin(live, "admin", "管理员", "Admin-desk-2026!")
        with pytest.raises(RestoreRefused, match="没有可用的管理员账号"):
            backup.restore(live, SYSTEM, info.path)
        assert live.scalar("SELECT COUNT(*) FROM app_user") == 1


@pytest.mark.parametrize("path", ["/etc/passwd", "/etc", "nowhere/at/all"])
def test_restore_from_anything_else_gives_a_clear_message(file_store, path):
    with pytest.raises((RestoreRefused, NotFound)) as exc:
        backup.restore(file_store, SYSTEM, path)
    assert "不是本程序的备份" in str(exc.value) or "找不到备份" in str(exc.value)


def test_the_backup_schedule_is_due_after_its_interval_and_off_at_zero(file_store, monkeypatch):
    from jiedao_desk.core import settings

    made = backup.backup_now(file_store, "daily")
    stamp = dt.datetime.strptime(made.stamp, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    hour = dt.timedelta(hours=24)
    assert not backup.scheduled_due(file_store, stamp + hour - dt.timedelta(seconds=1))
    assert backup.scheduled_due(file_store, stamp + hour)
    settings.set_value(file_store, SYSTEM, backup.SETTINGS["backup.interval_hours"], 2)
    assert backup.scheduled_due(file_store, stamp + dt.timedelta(hours=2))
    assert not backup.scheduled_due(file_store, stamp + dt.timedelta(hours=1, minutes=59))
    settings.set_value(file_store, SYSTEM, backup.SETTINGS["backup.interval_hours"], 0)
    assert not backup.scheduled_due(file_store, stamp + dt.timedelta(days=30))
    backup.backup_now(file_store, "manual")  # a person's backup does not reset the schedule
    settings.set_value(file_store, SYSTEM, backup.SETTINGS["backup.interval_hours"], 24)
    assert backup.scheduled_due(file_store, stamp + hour)


def test_a_catalogue_import_makes_a_safety_backup_first(file_store, tmp_path):
    from jiedao_desk.core import catalog

    src = tmp_path / "kinds.toml"
    src.write_text('[catalog]\nkey = "dispute_type"\ntitle = "纠纷类型"\n[version]\n'
                   'label = "本街-2026"\nissuer = "测试"\nconfidence = "unknown"\nnotes = "演练"\n'
                   '[[items]]\nseq = 1\ntext = "邻里纠纷"\n', encoding="utf-8")
    assert catalog.import_version(file_store, SYSTEM, src).created
    kinds = [b.kind for b in backup.list_backups(file_store, SYSTEM)]
    assert kinds == ["pre_import"]
    assert not catalog.import_version(file_store, SYSTEM, src).created  # the same file again
    assert [b.kind for b in backup.list_backups(file_store, SYSTEM)] == ["pre_import"]


class _Killed(BaseException):
    """Stands for the process being killed: no ``except Exception`` handler runs."""


def _restore_rows(db: Path) -> list[dict]:
    """The restore rows after a session opens ``db`` (which finishes a cut-off restore)."""
    with Store.open(db) as s:
        backup.finish_restore(s)
        return [json.loads(r["after_json"]) for r in
                s.rows("SELECT after_json FROM audit_log WHERE action = 'backup.restore'")]


def test_a_restore_cut_off_after_replacing_the_content_is_finished_on_opening(
        file_store, actor, monkeypatch):
    org.add_community(file_store, actor, "甲社区", "001")
    att = file_store.path.parent / "attachments" / "ab"
    att.mkdir(parents=True)
    (att / "abcdef").write_bytes(b"scan")
    info = backup.backup_now(file_store, "manual")
    org.add_community(file_store, actor, "乙社区", "002")
    (att / "abcdef").unlink()

    def killed(folder, store):
        raise _Killed

    monkeypatch.setattr(backup_store, "restore_attachments", killed)
    with pytest.raises(_Killed):
        backup.restore(file_store, actor, info.path)
    db = file_store.path
    file_store.close()
    monkeypatch.undo()
    marker = db.with_name(db.name + ".restore-pending.json")
    assert marker.exists()
    rows = _restore_rows(db)  # the next session's opening finishes the restore
    assert [r.get("completed_on_opening") for r in rows] == [True]
    assert not marker.exists()
    assert (att / "abcdef").read_bytes() == b"scan"
    with Store.open(db) as s:
        assert [c.name for c in org.list_communities(s)] == ["甲社区"]
        assert check(s).ok
    assert len(_restore_rows(db)) == 1  # recorded once, not at every opening


def test_a_restore_cut_off_before_replacing_anything_records_nothing(file_store, actor):
    org.add_community(file_store, actor, "甲社区", "001")
    info = backup.backup_now(file_store, "manual")
    safety = backup.backup_now(file_store, "pre_restore")
    backup_store.mark_restore(file_store, actor, info.path, safety.path)  # then killed
    db = file_store.path
    file_store.close()
    assert _restore_rows(db) == []
    assert not db.with_name(db.name + ".restore-pending.json").exists()


def test_a_restore_refused_while_replacing_leaves_no_marker(file_store, actor, monkeypatch):
    info = backup.backup_now(file_store, "manual")

    def broken(store, source_db, incoming, source_key=None):
        raise JiedaoError("要恢复的备份已损坏：测试")

    monkeypatch.setattr(backup_store, "restore_into", broken)
    with pytest.raises(JiedaoError):
        backup.restore(file_store, actor, info.path)
    db = file_store.path
    assert not db.with_name(db.name + ".restore-pending.json").exists()


def test_the_command_line_finishes_a_cut_off_restore_when_it_opens(file_store, actor, monkeypatch,
                                                                   capsys):
    from jiedao_desk import cli

    org.add_community(file_store, actor, "甲社区", "001")
    info = backup.backup_now(file_store, "manual")
    org.add_community(file_store, actor, "乙社区", "002")
    monkeypatch.setattr(backup_store, "restore_attachments",
                        lambda folder, store: (_ for _ in ()).throw(_Killed()))
    with pytest.raises(_Killed):
        backup.restore(file_store, actor, info.path)
    db = file_store.path
    file_store.close()
    monkeypatch.undo()
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Admin-desk-2026!")
    cli.main(["--db", str(db), "--user", "admin", "check"])
    capsys.readouterr()
    assert not db.with_name(db.name + ".restore-pending.json").exists()
    with Store.open(db) as s:
        assert s.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'backup.restore'") == 1
