# SPDX-License-Identifier: MIT
"""Monthly statistics and the home page's todo items."""

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import todo
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import stats as access_stats
from jiedao_desk.domains.access import triage as access_triage
from jiedao_desk.store import audit as audit_store
from tests.access.support import STAFF, register

TODO = registry.todo_providers()

def _seed_month(store, actor, env):
    audit_store.excuse_clock(store, actor, "测试：按历史日期补录")  # the test travels back in time
    def on(day, fn, *args, **kw):
        with clock.frozen(day):
            return fn(*args, **kw)

    a = [env["a"].id]
    sep = on(dt.date(2026, 9, 1), register, store, actor, a, applicant_unit="区民政局",
             task_type="台账")
    r1 = on(dt.date(2026, 10, 9), register, store, actor, a)
    r2 = on(dt.date(2026, 10, 12), register, store, actor, a, applicant_unit="区民政局",
            task_type="台账")
    r3 = on(dt.date(2026, 10, 20), register, store, actor, a)
    r4 = on(dt.date(2026, 10, 28), register, store, actor, a)
    for r in (sep, r1, r2, r3, r4):
        on(r.received_on, access_triage.triage_request, store, actor, r.id)
    on(dt.date(2026, 10, 15), access.decide, store, actor, r1.id, "admit", "同意")
    on(dt.date(2026, 10, 30), access.decide, store, actor, r2.id, "refuse", "清单外")
    on(dt.date(2026, 11, 3), access.decide, store, actor, r3.id, "admit", "同意")
    on(dt.date(2026, 11, 2), register, store, actor, a)  # next month: not counted


def test_month_stats_on_seeded_october(store, actor, env):
    _seed_month(store, actor, env)
    s = access_stats.month_stats(store, actor, "2026-10")
    t = s.total
    # received 4 in Oct; r1 admitted, r2 refused in Oct; pending on 10-31: sep, r3, r4;
    # overdue: sep only (decide_by 2026-09-22 + 国庆 → before 10-31); r3/r4 still in time.
    assert (t.received, t.admitted, t.refused, t.pending, t.overdue) == (4, 1, 1, 3, 1)
    by_unit = {r.key: (r.received, r.admitted, r.refused, r.pending, r.overdue) for r in s.by_unit}
    assert by_unit == {"区民政局": (1, 0, 1, 1, 1), "区统计局": (3, 1, 0, 2, 0)}
    by_type = {r.key: r.received for r in s.by_type}
    assert by_type == {"台账": 1, "调查统计": 3}
    assert s.as_of == dt.date(2026, 10, 31)
    assert "区统计局" in access_stats.stats_table(s)
    with pytest.raises(ValidationError):
        access_stats.month_stats(store, actor, "2026-13")


def test_todo_lists_pending_decisions_and_unapproved_starts(store, actor, env):
    soon = register(store, env["worker"], [env["a"].id], planned_start="2026-11-27")
    titles = {i.title: i for i in todo.collect(store, STAFF, TODO)
              if i.domain == "access"}
    pending = titles[f"准入申请待决定：{soon.title}（区统计局）"]
    assert pending.due == soon.decide_by == dt.date(2026, 12, 14)
    worker_items = [i for i in todo.collect(store, env["worker"], TODO) if i.domain == "access"]
    expected = f"未经准入即将开始：{soon.title}（甲社区，社区可拒绝）"
    assert [i.title for i in worker_items] == [expected]
    assert worker_items[0].due == dt.date(2026, 11, 27)
