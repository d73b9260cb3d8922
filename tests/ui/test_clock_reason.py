# SPDX-License-Identifier: MIT
"""The GUI with the PC clock behind the newest action: sign-in and page actions ask for the
reason (Chinese, never empty), record it and go on; cancelling writes nothing."""

import datetime as dt
import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from jiedao_desk.base import clock
from jiedao_desk.base.errors import ClockBehind
from jiedao_desk.core import auth
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.dialogs.login import LoginDialog
from jiedao_desk.ui.kit import clock_reason, widgets

T0 = dt.datetime(2026, 11, 23, 10, 0, 0)
BACK = T0 - dt.timedelta(days=2)
PASSWORD = "good-pass-1"


def on_reason_dialog(handler):
    """Run ``handler(dialog)`` on the clock-reason dialog once it is shown (modal)."""
    seen = {}

    def poll():
        w = QApplication.activeModalWidget()
        if not isinstance(w, clock_reason.ClockReasonDialog):
            QTimer.singleShot(10, poll)
            return
        seen["dialog"] = w
        seen["ok_enabled_when_empty"] = w.ok_button.isEnabled()
        handler(w)

    QTimer.singleShot(0, poll)
    return seen


def answer(text):
    def handler(dialog):
        dialog.reason_edit.setText(text)
        dialog.ok_button.click()
    return handler


def _audit(store):
    return store.rows("SELECT action, actor_name, after_json FROM audit_log ORDER BY id")


def _login_dialog(qtbot, store):
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    return dialog


def test_reason_dialog_needs_a_reason(qtbot):
    error = ClockBehind("2026-11-23 10:00:00", "2026-11-21 10:00:00")
    dialog = clock_reason.ClockReasonDialog(error)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "电脑时间异常"
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "x")  # QTest types ASCII only
    assert dialog.ok_button.isEnabled() and dialog.reason() == "x"
    dialog.reason_edit.setText("停电 ")
    assert dialog.ok_button.isEnabled() and dialog.reason() == "停电"


def test_sign_in_asks_the_reason_then_signs_in(qtbot, store):
    with clock.frozen_at(T0):
        auth.create_first_admin(store, "admin", "管理员", PASSWORD)
    with clock.frozen_at(BACK):
        dialog = _login_dialog(qtbot, store)
        seen = on_reason_dialog(answer("电脑换了主板，时间未校正"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert seen["ok_enabled_when_empty"] is False
    assert dialog.actor is not None and dialog.actor.name == "管理员"
    rows = _audit(store)
    assert [r["action"] for r in rows][-2:] == ["clock.set_back", "auth.login"]
    assert json.loads(rows[-2]["after_json"])["reason"] == "电脑换了主板，时间未校正"
    assert rows[-2]["actor_name"] == "管理员"


def test_cancelling_the_reason_signs_nobody_in_and_writes_nothing(qtbot, store):
    with clock.frozen_at(T0):
        auth.create_first_admin(store, "admin", "管理员", PASSWORD)
    before = _audit(store)
    with clock.frozen_at(BACK):
        dialog = _login_dialog(qtbot, store)
        on_reason_dialog(lambda d: d.reject())
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None and dialog.isVisible()
    assert "电脑时间" in dialog.error_label.text()
    assert _audit(store) == before


def test_page_action_asks_the_reason_and_goes_on(qtbot, store, actor, monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    with clock.frozen_at(T0):
        org.add_community(store, actor, "甲社区", "A01")
    with clock.frozen_at(BACK):
        seen = on_reason_dialog(answer("补录前天的纸质记录"))
        ok, made = widgets.call_core(None, org.add_community, store, actor, "乙社区", "B01")
        assert ok and made is not None and made.name == "乙社区" and "dialog" in seen
        ok, _ = widgets.call_core(None, org.add_community, store, actor, "丙社区", "C01")
        assert ok  # asked once for the session
    assert not shown
    actions = [r["action"] for r in _audit(store)]
    assert actions.count("clock.set_back") == 1
    assert actions[-3:] == ["clock.set_back", "community.add", "community.add"]


def test_page_action_cancelled_shows_the_message_and_writes_nothing(qtbot, store, actor,
                                                                    monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    with clock.frozen_at(T0):
        org.add_community(store, actor, "甲社区", "A01")
    before = _audit(store)
    with clock.frozen_at(BACK):
        on_reason_dialog(lambda d: d.reject())
        ok, _ = widgets.call_core(None, org.add_community, store, actor, "乙社区", "B01")
    assert not ok and isinstance(shown[0], ClockBehind)
    assert _audit(store) == before
