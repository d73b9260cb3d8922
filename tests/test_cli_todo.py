# SPDX-License-Identifier: MIT
"""`todo`: the command prints the home page's due list (one collector), filtered by status and
limited, with the working-day words right across weekends, National Day and a make-up
working day."""

import datetime as dt
import json

import pytest

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.cli import main
from jiedao_desk.core import todo
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store
from tests.access.support import register

# (due, status, days left, words) on a fixed today, for an item due on each day.
CASES = [
    # Wednesday 2026-09-30, the eve of National Day (10-01..10-07 off): 10-08 is the next
    # working day, one working day away although eight calendar days.
    (dt.date(2026, 9, 30), dt.date(2026, 10, 8), todo.DUE_SOON, 1, "1 个工作日"),
    (dt.date(2026, 9, 30), dt.date(2026, 10, 5), todo.DUE_SOON, 0, "5 天后（休息日）"),
    (dt.date(2026, 9, 30), dt.date(2026, 10, 14), todo.OK, 6, "6 个工作日"),  # 10-10 counts
    # Friday 2026-10-09: Saturday 10-10 is a make-up working day (调休上班).
    (dt.date(2026, 10, 9), dt.date(2026, 10, 10), todo.DUE_SOON, 1, "明天到期"),
    (dt.date(2026, 10, 9), dt.date(2026, 10, 12), todo.DUE_SOON, 2, "2 个工作日"),
    # An ordinary weekend: Friday to Monday is one working day, Saturday to Monday too.
    (dt.date(2026, 11, 20), dt.date(2026, 11, 23), todo.DUE_SOON, 1, "1 个工作日"),
    (dt.date(2026, 11, 21), dt.date(2026, 11, 23), todo.DUE_SOON, 1, "1 个工作日"),
    (dt.date(2026, 11, 22), dt.date(2026, 11, 23), todo.DUE_SOON, 1, "明天到期"),
    (dt.date(2026, 11, 23), dt.date(2026, 11, 20), todo.OVERDUE, -1, "超期 1 个工作日"),
    # Overdue across National Day: due 09-30, today 10-08, one working day late.
    (dt.date(2026, 10, 8), dt.date(2026, 9, 30), todo.OVERDUE, -1, "超期 1 个工作日"),
]


@pytest.mark.parametrize(("today", "due", "status", "left", "when"), CASES)
def test_due_words_across_holidays(store, today, due, status, left, when):
    def provider(store_, actor_, today_, cal):
        return [TodoItem("calendar", "测试事项", due)]

    with clock.frozen(today):
        [item] = todo.collect(store, SYSTEM, [provider])
    assert (item.status, item.days_left, item.when) == (status, left, when)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, cli_admin):
    path = tmp_path / "a.sqlite3"
    cli_admin(path)
    with Store.open(path) as s:
        org.set_street(s, SYSTEM, "测试街道办事处")
        a = org.add_community(s, SYSTEM, "甲社区", "A01")
        for title, start in (("人口普查入户登记", "2027-03-01"), ("垃圾分类宣传", "2027-04-01")):
            register(s, SYSTEM, [a.id], title=title, planned_start=start)
    return str(path)


def test_todo_prints_the_home_pages_list(db, capsys):
    code, out, _ = run(capsys, "--db", db, "--json", "todo")
    assert code == 0
    rows = json.loads(out)
    with Store.open(db) as s:
        admin = SYSTEM.__class__(1, "管理员", "admin")
        expected = [todo.as_dict(i) for i in todo.collect(s, admin, registry.todo_providers())]
    # two requests to decide, and the reminder to import next year's holiday notice
    assert rows == expected and len(rows) == 3
    assert [r["domain"] for r in rows] == ["access", "access", "calendar"]
    code, out, _ = run(capsys, "--db", db, "todo")
    assert "准入申请待决定：人口普查入户登记" in out and "列出 3 项（共 3 项）" in out


def test_todo_filters_by_status_and_limits(db, capsys):
    code, out, _ = run(capsys, "--db", db, "--json", "todo", "--limit", "1")
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = run(capsys, "--db", db, "--json", "todo", "--status", "已超期")
    assert json.loads(out) == []  # the requests were registered today: nothing late yet
    code, out, _ = run(capsys, "--db", db, "todo", "--status", "ok", "--status", "due_soon")
    assert "列出 3 项" in out
    with pytest.raises(SystemExit) as refused:
        run(capsys, "--db", db, "todo", "--status", "late")
    assert refused.value.code == 2 and "已超期" in capsys.readouterr().err
