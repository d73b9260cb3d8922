# SPDX-License-Identifier: MIT
"""The command line with the PC clock behind the newest action: refused with the Chinese
message unless ``--clock-reason`` explains it (audited once, then the command runs)."""

import datetime as dt
import json

from jiedao_desk.base import clock
from jiedao_desk.cli import main
from jiedao_desk.store import Store

T0 = dt.datetime(2026, 11, 23, 10, 0, 0)
BACK = T0 - dt.timedelta(days=1)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _audit(db):
    with Store.open(db) as s:
        return s.rows("SELECT action, actor_name, after_json FROM audit_log ORDER BY id")


def _names(db):
    with Store.open(db) as s:
        return [r["name"] for r in s.rows("SELECT name FROM community ORDER BY id")]


def test_clock_behind_refused_without_reason_and_runs_with_one(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    with clock.frozen_at(T0):
        cli_admin(db)
        assert run(capsys, "--db", db, "org", "add-community", "甲社区", "001")[0] == 0
    before = _audit(db)
    with clock.frozen_at(BACK):
        code, _, err = run(capsys, "--db", db, "org", "add-community", "乙社区", "002")
        assert code == 1
        assert "电脑时间（2026-11-22 10:00:00）比数据库中最近一次操作的时间" in err
        assert "--clock-reason" in err
        assert _audit(db) == before and _names(db) == ["甲社区"]  # not even the sign-in

        code, _, err = run(capsys, "--db", db, "--clock-reason", "  ", "org", "add-community",
                           "乙社区", "002")
        assert code == 1 and "电脑时间" in err and _audit(db) == before

        code, out, err = run(capsys, "--db", db, "--clock-reason", "主板电池没电，时间被重置",
                             "org", "add-community", "乙社区", "002")
        assert code == 0, err
        assert _names(db) == ["甲社区", "乙社区"]
        added = _audit(db)[len(before):]
        assert [(r["action"], r["actor_name"]) for r in added] == [
            ("clock.set_back", "管理员"), ("auth.login", "管理员"), ("community.add", "管理员")]
        assert json.loads(added[0]["after_json"]) == {
            "newest": "2026-11-23 10:00:00", "now": "2026-11-22 10:00:00",
            "reason": "主板电池没电，时间被重置"}

        # the next run is a new session: it has to explain again
        code, _, err = run(capsys, "--db", db, "org", "add-community", "丙社区", "003")
        assert code == 1 and "--clock-reason" in err
    with clock.frozen_at(T0 + dt.timedelta(seconds=5)):  # the clock put right: no question
        assert run(capsys, "--db", db, "org", "add-community", "丙社区", "003")[0] == 0


def test_clock_reason_is_not_needed_when_the_clock_is_right(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    with clock.frozen_at(T0):
        cli_admin(db)
    with clock.frozen_at(T0 + dt.timedelta(minutes=1)):
        code, _, _ = run(capsys, "--db", db, "--clock-reason", "没有用到", "org",
                         "add-community", "甲社区", "001")
    assert code == 0
    assert "clock.set_back" not in [r["action"] for r in _audit(db)]
