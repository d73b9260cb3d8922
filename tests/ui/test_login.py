# SPDX-License-Identifier: MIT
"""Sign-in dialogs: first administrator, login, forced password change, login()."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from jiedao_desk.core import auth
from jiedao_desk.ui.dialogs import login as login_mod
from jiedao_desk.ui.dialogs.login import (
    ChangePasswordDialog,
    FirstAdminDialog,
    LoginDialog,
    login,
)


def click_ok(qtbot, dialog):
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def admin(store):
    auth.create_first_admin(store, "admin", "管理员", "good-pass-1")
    return auth.authenticate(store, "admin", "good-pass-1")


def test_first_admin_refuses_short_password_then_accepts_good_one(store, qtbot):
    dialog = FirstAdminDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, "wang")
    qtbot.keyClicks(dialog.password_edit, "ab1")
    qtbot.keyClicks(dialog.password2_edit, "ab1")
    click_ok(qtbot, dialog)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "密码至少需要10位（不算首尾空格）。"
    assert dialog.isVisible() and dialog.actor is None
    assert not auth.has_users(store)

    dialog.password_edit.clear()
    dialog.password2_edit.clear()
    qtbot.keyClicks(dialog.password_edit, "secret-4242!")
    qtbot.keyClicks(dialog.password2_edit, "secret-4241!")
    click_ok(qtbot, dialog)
    assert dialog.error_label.text() == "两次输入的密码不一致。"
    assert not auth.has_users(store)

    dialog.password2_edit.clear()
    qtbot.keyClicks(dialog.password2_edit, "secret-4242!")
    click_ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role == "admin"
    assert dialog.actor.name == "wang"  # blank display name falls back to the username
    assert [u.username for u in auth.list_users(store, dialog.actor)] == ["wang"]


def test_login_wrong_password_shows_message_right_one_sets_actor(store, admin, qtbot):
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, "wrong-pass-1")
    click_ok(qtbot, dialog)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "用户名或密码不正确。"
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.password_edit.text() == ""

    qtbot.keyClicks(dialog.password_edit, "good-pass-1")
    click_ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor == admin


def test_login_lockout_message_from_core(store, admin, qtbot):
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username_edit, "admin")
    for _ in range(5):
        qtbot.keyClicks(dialog.password_edit, "wrong-pass-1")
        click_ok(qtbot, dialog)
    assert dialog.error_label.text().startswith("密码连续输错5次，账户已锁定")
    qtbot.keyClicks(dialog.password_edit, "good-pass-1")
    click_ok(qtbot, dialog)
    assert "已锁定" in dialog.error_label.text() and dialog.actor is None


def test_forced_password_change(store, admin, qtbot):
    auth.create_user(store, admin, "li", "李四", "readonly", "init-pass-1")
    li = auth.authenticate(store, "li", "init-pass-1")
    assert auth.must_change_password(store, li)
    dialog = ChangePasswordDialog(store, li, forced=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.old_edit, "init-pass-1")
    qtbot.keyClicks(dialog.new_edit, "init-pass-1")
    qtbot.keyClicks(dialog.new2_edit, "init-pass-1")
    click_ok(qtbot, dialog)
    assert dialog.error_label.text() == "新密码不能与原密码相同。"
    assert auth.must_change_password(store, li)

    for edit in (dialog.new_edit, dialog.new2_edit):
        edit.clear()
        qtbot.keyClicks(edit, "mine-only-9")
    click_ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not auth.must_change_password(store, li)
    assert auth.authenticate(store, "li", "mine-only-9").user_id == li.user_id


def _drive_modals(steps):
    """Answer the next modal dialogs in order; each step is (class, handler)."""
    state = {"seen": [], "error": None}

    def poll():
        if not steps:
            return
        w = QApplication.activeModalWidget()
        kind, handler = steps[0]
        if isinstance(w, kind) and w not in state["seen"]:
            steps.pop(0)
            state["seen"].append(w)
            try:
                handler(w)
            except BaseException as exc:  # noqa: BLE001 - re-raised by the test
                state["error"] = exc
                w.reject()
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return state


def test_login_function_runs_login_then_forced_change(store, admin, monkeypatch):
    auth.create_user(store, admin, "li", "李四", "readonly", "init-pass-1")

    def fill_login(d):
        d.username_edit.setText("li")
        d.password_edit.setText("init-pass-1")
        d.ok_button.click()

    def fill_change(d):
        d.old_edit.setText("init-pass-1")
        d.new_edit.setText("mine-only-9")
        d.new2_edit.setText("mine-only-9")
        d.ok_button.click()

    state = _drive_modals([(LoginDialog, fill_login), (ChangePasswordDialog, fill_change)])
    actor = login(store)
    assert state["error"] is None
    assert actor is not None and actor.name == "李四" and actor.role == "readonly"
    assert not auth.must_change_password(store, actor)


def test_login_function_first_run_and_cancel(store, monkeypatch):
    calls = []
    monkeypatch.setattr(login_mod.FirstAdminDialog, "exec", lambda self: calls.append(1) or 0)
    assert login(store) is None
    assert calls == [1]  # empty database → first-admin dialog, cancelled → None
