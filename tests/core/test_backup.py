# SPDX-License-Identifier: MIT
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from jiedao_desk.base.errors import DatabaseRefused
from jiedao_desk.core import backup
from jiedao_desk.core.check import check
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store
from jiedao_desk.store.backup import BackupInfo


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
    with pytest.raises(DatabaseRefused, match="不是本程序的数据库文件"):
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


def test_check_detects_hand_edited_audit_row(file_store, actor):
    org.add_community(file_store, actor, "甲社区", "001")
    org.add_community(file_store, actor, "乙社区", "002")
    assert check(file_store).ok
    # the app itself cannot change the audit log
    with pytest.raises(sqlite3.DatabaseError, match="不可修改"):
        file_store.execute("UPDATE audit_log SET actor_name = 'x'")
    # someone with the sqlite3 tool drops the guard and edits a row
    conn = sqlite3.connect(file_store.path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET after_json = replace(after_json, '乙', '丙') WHERE id = 2")
    conn.commit()
    conn.close()
    report = check(file_store)
    assert not report.ok
    assert report.problems[0].kind == "audit_chain"
    assert report.problems[0].details["row_id"] == 2


def test_check_detects_deleted_audit_row(file_store, actor):
    for i in range(3):
        org.add_community(file_store, actor, f"社区{i}", f"00{i}")
    conn = sqlite3.connect(file_store.path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.commit()
    conn.close()
    report = check(file_store)
    assert report.problems[0].details["row_id"] == 3 and "删除" in report.problems[0].message


def test_retention_keeps_start_and_end_of_day():
    items = [_b("daily", "20261120-010000"), _b("exit", "20261120-090000"),
             _b("exit", "20261120-100000"), _b("daily", "20261121-010000")]
    gone = backup.to_remove(items, keep_daily=7, keep_monthly=12, keep_safety=5)
    assert [b.path.name for b in gone] == ["exit-20261120-090000"]
