# SPDX-License-Identifier: MIT
"""用户（姓名·角色）menu: who is signed in, 修改密码, 锁定, 切换用户, 注销."""

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from jiedao_desk.core import auth
from jiedao_desk.ui.dialogs.login import ChangePasswordDialog, LoginDialog
from jiedao_desk.ui.main_window import MainWindow
from jiedao_desk.ui.session import LockScreen, Session

from .test_session import PASSWORD, Clock, _typed_dialog

LI_PASSWORD = "Desk-lock-2027!"


@pytest.fixture
def users(store):
    auth.create_first_admin(store, "wang", "王管理", PASSWORD)
    admin = auth.authenticate(store, "wang", PASSWORD)
    auth.create_user(store, admin, "li", "李社工", "readonly", PASSWORD)
    auth.change_password(store, auth.authenticate(store, "li", PASSWORD), PASSWORD, LI_PASSWORD)
    return admin


@pytest.fixture
def session(store, users, qtbot):
    s = Session(store, users, lambda a: MainWindow(store, a), now=Clock())
    s.window.show()
    yield s
    s.close()
    if shiboken6.isValid(s.window):
        s.window.close()
        s.window.deleteLater()


def _answer(kind, handler):
    """Run ``handler`` on the next visible dialog of ``kind`` (it runs its own loop)."""
    def poll():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, kind) and w.isVisible():
                handler(w)
                return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def _action_texts(window):
    return [a.text() for a in window.user_menu.actions() if not a.isSeparator()]


def test_title_and_menu_name_the_user_and_role(session):
    window = session.window
    assert window.user_menu.title() == "用户（王管理·管理员）"
    assert window.windowTitle().endswith(" — 王管理·管理员")
    assert _action_texts(window) == ["修改密码(&P)…", "锁定(&L)", "切换用户(&S)…", "注销(&O)"]
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert all(a.isEnabled() for a in window.user_menu.actions())


def test_without_a_session_the_leaving_actions_are_disabled(store, users, qtbot):
    window = MainWindow(store, users)
    qtbot.addWidget(window)
    assert not window.logout_action.isEnabled() and not window.switch_action.isEnabled()
    assert window.change_password_action.isEnabled()


def test_change_password_from_the_menu(session, store, qtbot):
    def fill(dialog):
        dialog.old_edit.setText(PASSWORD)
        dialog.new_edit.setText("Brand-new-2026!x")
        dialog.new2_edit.setText("Brand-new-2026!x")
        dialog.ok_button.click()

    _answer(ChangePasswordDialog, fill)
    session.window.change_password_action.trigger()
    assert "密码已修改" in session.window.statusBar().currentMessage()
    assert auth.authenticate(store, "wang", "Brand-new-2026!x").user_id == session.actor.user_id


def test_change_password_cancelled_changes_nothing(session, store):
    _answer(ChangePasswordDialog, lambda d: d.reject())
    session.window.change_password_action.trigger()
    assert auth.authenticate(store, "wang", PASSWORD)


def test_lock_from_the_menu_shows_the_lock_screen_for_the_same_user(session):
    seen = {}

    def unlock(screen):
        seen["title"] = screen.windowTitle()
        seen["name"] = screen.username_edit.text()
        screen.password_edit.setText(PASSWORD)
        screen.unlock_button.click()

    window = session.window
    _answer(LockScreen, unlock)
    window.lock_action.trigger()
    assert seen == {"title": "街道工作台已锁定", "name": "wang"}
    assert session.window is window


def test_switch_user_signs_in_someone_else_and_cancels_the_open_dialogs(session, qtbot):
    old = session.window
    dialog, _edit = _typed_dialog(old, "王管理未保存的内容")
    seen = {}

    def sign_in(screen):
        seen["title"] = screen.windowTitle()
        seen["name"] = screen.username_edit.text()
        screen.username_edit.setText("li")
        screen.password_edit.setText(LI_PASSWORD)
        screen.unlock_button.click()

    _answer(LockScreen, sign_in)
    old.switch_action.trigger()
    assert seen == {"title": "切换用户", "name": ""}  # the name is left for the next person
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    qtbot.waitUntil(lambda: session.window is not old)
    assert session.window.user_menu.title() == "用户（李社工·只读/统计）"
    assert session.window.isVisible()


def test_logout_returns_to_sign_in_and_a_new_user_gets_a_new_window(session, qtbot):
    old = session.window
    dialog, _edit = _typed_dialog(old, "未保存")
    seen = {}

    def sign_in(login_dialog):
        # (result() starts as Rejected: only "no longer shown" proves the cancel)
        seen["dialog_rejected"] = not dialog.isVisible()
        seen["veiled"] = old.windowOpacity()
        session.lock()  # the idle lock must not put the last user's lock screen on top
        seen["locked"] = session.lock_screen is not None
        login_dialog.username_edit.setText("li")
        login_dialog.password_edit.setText(LI_PASSWORD)
        login_dialog.ok_button.click()

    _answer(LoginDialog, sign_in)
    old.logout_action.trigger()
    qtbot.waitUntil(lambda: session.window is not old, timeout=5000)
    assert seen == {"dialog_rejected": True, "veiled": 0.0, "locked": False}
    assert session.actor.name == "李社工" and session.window.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(old))


def test_logout_then_cancel_closes_the_window(session, qtbot):
    old = session.window
    _answer(LoginDialog, lambda d: d.reject())
    old.logout_action.trigger()
    qtbot.waitUntil(lambda: not old.isVisible(), timeout=5000)
    assert session.window is old and not session.signing_in
