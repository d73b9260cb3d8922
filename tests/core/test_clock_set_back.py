# SPDX-License-Identifier: MIT
"""A PC clock set back is noticed: an action stamped before the newest committed action is
refused (ClockBehind, nothing written) until the session gives a reason, which is audited
once (``clock.set_back``) in its own transaction; then the session goes on."""

import datetime as dt
import json

import pytest

from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import ClockBehind, JiedaoError, PermissionDenied, ValidationError
from jiedao_desk.core import audit as core_audit
from jiedao_desk.core import auth
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

T0 = dt.datetime(2026, 11, 23, 10, 0, 0)
PASSWORD = "Admin-desk-2026!"


def _audit(store):
    return store.rows("SELECT action, at, actor_name, after_json FROM audit_log ORDER BY id")


def _communities(store):
    return store.scalar("SELECT COUNT(*) FROM community")


def test_action_stamped_before_the_newest_is_refused_and_writes_nothing(store):
    with clock.frozen_at(T0):
        org.add_community(store, SYSTEM, "甲社区", "A01")
    before = (_audit(store), _communities(store))
    with clock.frozen_at(T0 - dt.timedelta(seconds=1)), \
            pytest.raises(ClockBehind) as refused:
        org.add_community(store, SYSTEM, "乙社区", "B01")
    assert isinstance(refused.value, JiedaoError)
    assert (refused.value.newest, refused.value.now) == ("2026-11-23 10:00:00",
                                                         "2026-11-23 09:59:59")
    assert refused.value.actor == SYSTEM
    assert ("电脑时间（2026-11-23 09:59:59）比数据库中最近一次操作的时间"
            "（2026-11-23 10:00:00）还早") in str(refused.value)
    assert (_audit(store), _communities(store)) == before


def test_the_same_second_and_later_go_through(store):
    with clock.frozen_at(T0):
        org.add_community(store, SYSTEM, "甲社区", "A01")
        org.add_community(store, SYSTEM, "乙社区", "B01")  # same second: not behind
    with clock.frozen_at(T0 + dt.timedelta(seconds=1)):
        org.add_community(store, SYSTEM, "丙社区", "C01")
    assert _communities(store) == 3


def test_compared_with_the_newest_stamp_not_the_last_row(store):
    with clock.frozen_at(T0):
        org.add_community(store, SYSTEM, "甲社区", "A01")
    back = T0 - dt.timedelta(days=3)
    with clock.frozen_at(back):
        core_audit.explain_clock(store, SYSTEM, "主板电池没电")
        org.add_community(store, SYSTEM, "乙社区", "B01")  # the last row is now early
    assert audit_store.newest_stamp(store) == "2026-11-23 10:00:00"


def test_reason_is_audited_once_in_its_own_transaction_and_the_session_goes_on(store):
    with clock.frozen_at(T0):
        org.add_community(store, SYSTEM, "甲社区", "A01")
    back = T0 - dt.timedelta(hours=2)
    with clock.frozen_at(back):
        with pytest.raises(ClockBehind):
            org.add_community(store, SYSTEM, "乙社区", "B01")
        core_audit.explain_clock(store, SYSTEM, "  停电后电脑时间被重置，\n已通知管理员  ")
        org.add_community(store, SYSTEM, "乙社区", "B01")
        org.add_community(store, SYSTEM, "丙社区", "C01")  # asked once per session
    rows = _audit(store)
    set_back = [r for r in rows if r["action"] == "clock.set_back"]
    assert len(set_back) == 1
    assert set_back[0]["at"] == "2026-11-23 08:00:00"
    assert json.loads(set_back[0]["after_json"]) == {
        "newest": "2026-11-23 10:00:00", "now": "2026-11-23 08:00:00",
        "reason": "停电后电脑时间被重置， 已通知管理员"}
    assert [r["action"] for r in rows][-3:] == ["clock.set_back", "community.add",
                                                "community.add"]
    assert audit_store.verify_chain(store) is None


def test_empty_reason_refused_and_nothing_written(store):
    with clock.frozen_at(T0):
        org.add_community(store, SYSTEM, "甲社区", "A01")
    before = _audit(store)
    with clock.frozen_at(T0 - dt.timedelta(minutes=5)):
        for empty in ("", "   ", None):
            with pytest.raises(ValidationError, match="原因.*不能为空"):
                core_audit.explain_clock(store, SYSTEM, empty)
        with pytest.raises(ClockBehind):  # still refused
            org.add_community(store, SYSTEM, "乙社区", "B01")
    assert _audit(store) == before


def test_explaining_inside_an_open_transaction_is_a_programming_error(store):
    with store.atomic(), pytest.raises(RuntimeError):
        audit_store.excuse_clock(store, SYSTEM, "原因")


def test_a_new_session_on_the_same_file_asks_again(tmp_path):
    db = tmp_path / "a.sqlite3"
    with clock.frozen_at(T0):
        first = Store.open(db)
        org.add_community(first, SYSTEM, "甲社区", "A01")
    back = T0 - dt.timedelta(days=1)
    with clock.frozen_at(back):
        core_audit.explain_clock(first, SYSTEM, "测试")
        worker = Store.open(db)  # another connection of the same session (a GUI worker)
        org.add_community(worker, SYSTEM, "乙社区", "B01")
        worker.close()
        first.close()
        later = Store.open(db)  # the next start of the app
        try:
            with pytest.raises(ClockBehind):
                org.add_community(later, SYSTEM, "丙社区", "C01")
        finally:
            later.close()


def test_sign_in_with_the_clock_behind(store):
    with clock.frozen_at(T0):
        auth.create_first_admin(store, "admin", "管理员", PASSWORD)
    with clock.frozen_at(T0 - dt.timedelta(days=30)):
        # A wrong password is still counted and audited (a refusal would let guessing dodge
        # the lock-out), and says nothing about the clock.
        with pytest.raises(PermissionDenied, match="用户名或密码不正确"):
            auth.authenticate(store, "admin", "wrong")
        assert _audit(store)[-1]["action"] == "auth.login_failed"
        with pytest.raises(ClockBehind) as refused:
            auth.authenticate(store, "admin", PASSWORD)
        assert refused.value.actor is not None and refused.value.actor.name == "管理员"
        core_audit.explain_clock(store, refused.value.actor, "电脑刚换主板")
        actor = auth.authenticate(store, "admin", PASSWORD)
    assert actor.name == "管理员"
    assert [(r["action"], r["actor_name"]) for r in _audit(store)][-2:] == [
        ("clock.set_back", "管理员"), ("auth.login", "管理员")]


def test_frozen_at_fixes_day_and_time():
    with clock.frozen_at(dt.datetime(2030, 5, 6, 7, 8, 9, 999)):
        assert clock.now() == dt.datetime(2030, 5, 6, 7, 8, 9)
        assert clock.today() == dt.date(2030, 5, 6)
    assert clock.today() == dt.date(2026, 11, 23)
