# SPDX-License-Identifier: MIT
"""The idle lock and switching user: the same user gets their typed input back, another user
never sees or commits it, a refusal shown in a page is audited as the signed-in user's."""

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QVBoxLayout

from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import auth, settings
from jiedao_desk.ui.kit import widgets
from jiedao_desk.ui.main_window import MainWindow
from jiedao_desk.ui.session import IdleWatch, LockScreen, Session

PASSWORD = "Desk-lock-2026!"


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def users(store):
    auth.create_first_admin(store, "wang", "王管理", PASSWORD)
    admin = auth.authenticate(store, "wang", PASSWORD)
    auth.create_user(store, admin, "li", "李社工", "readonly", PASSWORD)
    auth.change_password(store, auth.authenticate(store, "li", PASSWORD), PASSWORD,
                         "Desk-lock-2027!")
    return admin


@pytest.fixture
def session(store, users, qtbot):
    clock = Clock()
    s = Session(store, users, lambda a: MainWindow(store, a), now=clock)
    s.clock = clock
    s.window.show()
    yield s
    s.close()
    if shiboken6.isValid(s.window):
        s.window.close()
        s.window.deleteLater()


def _typed_dialog(parent, text):
    """A dialog left open with unsaved input (shown, as a page's editor would be)."""
    dialog = QDialog(parent)
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    edit.setText(text)
    dialog.show()
    return dialog, edit


def _sign_in_on_lock_screen(session, username, password, seen):
    """Answer the lock screen once it is up (it runs its own event loop)."""
    def answer():
        screen = session.lock_screen
        if screen is None:
            QTimer.singleShot(10, answer)
            return
        seen["opacity"] = [w.windowOpacity() for w in seen.get("watch", [])]
        screen.username_edit.setText(username)
        screen.password_edit.setText(password)
        screen.unlock_button.click()
        if screen.isVisible():  # refused: remember why, then sign in properly
            seen["error"] = screen.error_label.text()
            screen.username_edit.setText("wang")
            screen.password_edit.setText(PASSWORD)
            screen.unlock_button.click()

    QTimer.singleShot(0, answer)


def test_idle_time_locks_and_input_postpones_it(store, users, qtbot):
    clock, locks = Clock(), []
    watch = IdleWatch(lambda: 15, lambda: locks.append(clock.t), now=clock)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    clock.t += 14 * 60 + 59
    watch.check()
    assert locks == []  # one second short of 15 minutes
    qtbot.keyClick(edit, Qt.Key.Key_A)  # someone is at the desk
    clock.t += 60
    watch.check()
    assert locks == []
    clock.t += 15 * 60
    watch.check()
    assert len(locks) == 1
    never = IdleWatch(lambda: 0, lambda: locks.append("x"), now=clock)
    clock.t += 10 * 3600
    never.check()
    assert len(locks) == 1  # 0 = never lock
    watch.stop()
    never.stop()


def test_idle_minutes_come_from_the_setting(session, store, users):
    assert session.idle_minutes() == 15
    settings.set_value(store, users, auth.SETTINGS["auth.idle_lock_minutes"], 5)
    assert session.idle_minutes() == 5


def test_same_user_gets_the_typed_input_back(session, qtbot):
    dialog, edit = _typed_dialog(session.window, "未保存的调解记录")
    seen = {"watch": [session.window, dialog]}
    window = session.window
    _sign_in_on_lock_screen(session, "wang", PASSWORD, seen)
    session.lock()
    assert seen["opacity"] == [0.0, 0.0]  # veiled while locked
    assert session.window is window and dialog.isVisible()
    assert edit.text() == "未保存的调解记录"
    assert window.windowOpacity() == 1.0 and dialog.windowOpacity() == 1.0


def test_wrong_password_keeps_the_desk_locked(session, qtbot):
    seen = {}
    _sign_in_on_lock_screen(session, "wang", "wrong-password", seen)
    session.lock()
    assert "密码" in seen["error"]


def test_another_user_never_gets_the_first_users_dialog(session, store, qtbot):
    dialog, edit = _typed_dialog(session.window, "王管理未保存的内容")
    old = session.window
    _sign_in_on_lock_screen(session, "li", "Desk-lock-2027!", {})
    session.lock()
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    qtbot.waitUntil(lambda: session.window is not old)
    assert session.actor.name == "李社工" and session.window.actor.role == "readonly"
    assert "用户管理" not in [session.window.nav.item(i).text()
                           for i in range(session.window.nav.count())]
    qtbot.waitUntil(lambda: not shiboken6.isValid(old))  # A's window is gone, not hidden


def test_escape_does_not_reveal_the_desk(store, users, qtbot):
    screen = LockScreen(store, users, "wang")
    qtbot.addWidget(screen)
    screen.show()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.isVisible()


def test_lock_action_in_the_menu_locks(session, qtbot):
    _sign_in_on_lock_screen(session, "wang", PASSWORD, {})
    locked = []
    session.window.lock_action.triggered.connect(lambda: locked.append(True))
    session.window.lock_action.trigger()
    assert locked and session.lock_screen is None  # locked, then unlocked by the answer


def test_refusal_shown_in_a_page_is_audited_as_the_signed_in_user(session, store, users,
                                                                   monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    widgets.show_error(session.window, PermissionDenied("没有此项权限（audit.view）。"), "审计日志")
    row = store.db.execute("SELECT action, actor_id, after_json FROM audit_log "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    assert row[0] == "auth.refused" and row[1] == users.user_id and "审计日志" in row[2]
