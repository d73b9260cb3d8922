# SPDX-License-Identifier: MIT
"""Who sits at the desk: the idle lock, unlocking, and switching user.

An office PC is left alone between visitors. After the idle time (setting
``auth.idle_lock_minutes``) — or at once with 用户 → 锁定 (Ctrl+L) — every window is veiled
behind the lock screen, open dialogs included. Their input is kept as it was: the dialogs
are neither closed nor hidden (hiding a dialog ends its ``exec()`` as cancelled), only made
invisible and blocked by the lock screen, which is application-modal.

Whoever signs in decides what happens next:
- the same user: the windows come back exactly as they were, typed input included;
- another user: every dialog the first user left open is cancelled before the second user
  sees anything, so user B can never read or commit what user A typed, and the main window
  is built anew for B (B's pages, B's permissions).

用户 → 切换用户 is the same sign-in with the name left empty for the next person. 用户 → 注销
cancels the user's open dialogs at once and returns to the sign-in dialog; cancelling that
ends the program.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core import auth
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.store import Store
from jiedao_desk.ui.dialogs.login import ChangePasswordDialog, login
from jiedao_desk.ui.kit import clock_reason, ui_state, widgets

# Input that shows someone is at the desk (mouse movement alone is not: a cat, a bumped desk).
ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
            QEvent.Type.TouchBegin)
CHECK_EVERY_MS = 15_000


class IdleWatch(QObject):
    """Calls ``on_idle`` once the application has seen no input for ``minutes()`` minutes
    (0 = never). ``now`` is the clock (monotonic seconds), replaceable in tests."""

    def __init__(self, minutes: Callable[[], int], on_idle: Callable[[], None],
                 now: Callable[[], float] = time.monotonic, parent: QObject | None = None):
        super().__init__(parent)
        self.minutes = minutes
        self.on_idle = on_idle
        self.now = now
        self.last_input = now()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(CHECK_EVERY_MS)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY:
            self.last_input = self.now()
        return False

    def check(self) -> None:
        """Lock if the idle time has passed."""
        minutes = self.minutes()
        if minutes > 0 and self.now() - self.last_input >= minutes * 60:
            self.last_input = self.now()  # one lock per idle period
            self.on_idle()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QDialog):
    """Covers the desk; a user signs in to continue (``actor`` afterwards), or quits."""

    def __init__(self, store: Store, current: Actor, username: str,
                 parent: QWidget | None = None, switching: bool = False):
        super().__init__(parent)
        self.store = store
        self.actor: Actor | None = None
        self.setWindowTitle("切换用户" if switching else "街道工作台已锁定")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setStyleSheet("LockScreen { background: #1f2937; } QLabel { color: white; }")
        title = QLabel(f"切换用户（{current.name} 的工作未关闭）" if switching
                       else f"已锁定（{current.name} 的工作未关闭）")
        title.setObjectName("lock_title")
        title.setStyleSheet("font-size: 20px; color: white;")
        # two short lines instead of word wrap: a wrapped label in a centred box can be
        # given too little height and cut its text
        note = QLabel("本人登录后继续刚才的工作；\n"
                      "其他人登录时，上一位用户未保存的对话框将被取消。")
        note.setStyleSheet("font-size: 14px; color: #e5e7eb;")
        self.username_edit = QLineEdit(username)
        self.username_edit.setPlaceholderText("用户名")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("密码")
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #fca5a5;")
        self.error_label.setWordWrap(True)
        self.unlock_button = QPushButton("登录")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.quit_button = QPushButton("退出程序")
        self.quit_button.clicked.connect(self.reject)
        box = QWidget()
        box.setFixedWidth(440)  # a fixed width lets the wrapped note take its full height
        inner = QVBoxLayout(box)
        for w in (title, note, self.username_edit, self.password_edit, self.error_label,
                  self.unlock_button, self.quit_button):
            inner.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.password_edit.setFocus()

    def submit(self) -> None:
        """Check the password (a wrong one counts towards the account's lockout)."""
        try:
            self.actor = clock_reason.call(self, auth.authenticate, self.store,
                                           self.username_edit.text(), self.password_edit.text())
        except JiedaoError as exc:
            self.error_label.setText(str(exc))
            self.password_edit.clear()
            return
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Escape must not simply close the lock screen and reveal the desk.
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)


class Session(QObject):
    """The signed-in user and their main window; locks on idle and switches user.

    ``make_window(actor)`` builds the main window for a user (ui/app.py passes MainWindow).
    """

    switched = Signal(object)  # the new main window

    def __init__(self, store: Store, actor: Actor,
                 make_window: Callable[[Actor], QWidget],
                 now: Callable[[], float] = time.monotonic):
        super().__init__()
        self.store = store
        self.actor = actor
        self.make_window = make_window
        self.lock_screen: LockScreen | None = None
        self.signing_in = False  # the sign-in dialog after 注销 is up: no idle lock on top
        self.window = self._open(actor)
        self.watch = IdleWatch(self.idle_minutes, self.lock, now, self)

    def _open(self, actor: Actor) -> QWidget:
        """The main window for ``actor``; refusals shown from now on are audited as theirs."""
        self.actor = actor
        store = self.store
        widgets.audit_refusals(lambda exc, what: auth.record_refusal(store, actor, what, exc))
        window = self.make_window(actor)
        for name, slot in (("lock_action", self.lock), ("switch_action", self.switch_user),
                           ("logout_action", self.logout)):
            action = getattr(window, name, None)
            if action is not None:
                action.triggered.connect(slot)
                action.setEnabled(True)
        return window

    def close(self) -> None:
        """The app is ending: stop watching and auditing for this user."""
        self.watch.stop()
        widgets.audit_refusals(None)

    def idle_minutes(self) -> int:
        """The idle time from the settings, read each time (a change applies at once); 0
        while the database is closed for a conversion (ui/pages/encryption.py)."""
        try:
            return int(settings_mod.get(self.store, auth.SETTINGS["auth.idle_lock_minutes"]))
        except sqlite3.ProgrammingError:
            return 0

    def lock(self) -> None:
        """Veil every window and wait for a sign-in (see the module docstring)."""
        self._veil_and_sign_in(self._username(), switching=False)

    def switch_user(self) -> None:
        """切换用户: the lock screen, with the name left empty for the next person."""
        self._veil_and_sign_in("", switching=True)

    def logout(self) -> None:
        """注销: cancel this user's open dialogs, then ask for a sign-in (see the module
        docstring)."""
        if self.lock_screen is not None or self.signing_in:
            return
        self.signing_in = True
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible() and w is not self.window:
                w.reject()
        # The cancelled dialogs' exec() loops return first; then the sign-in opens.
        QTimer.singleShot(0, self._sign_in_after_logout)

    def _sign_in_after_logout(self) -> None:
        old = self.window
        widgets.audit_refusals(None)  # nobody is signed in now
        old.setWindowOpacity(0.0)  # the next person does not see the last user's pages
        try:
            actor = login(self.store, old)
        finally:
            self.signing_in = False
        if actor is None:
            old.close()  # cancelled: the program ends, as when cancelling the first sign-in
            return
        self.window = self._open(actor)
        self.window.show()  # before the old one closes, or the application would quit
        old.close()
        old.deleteLater()
        self.switched.emit(self.window)

    def _veil_and_sign_in(self, username: str, switching: bool) -> None:
        if self.lock_screen is not None or self.signing_in:
            return
        veiled = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in veiled:
            w.setWindowOpacity(0.0)
        screen = LockScreen(self.store, self.actor, username, switching=switching)
        self.lock_screen = screen
        available = screen.screen().availableGeometry()
        screen.setGeometry(available)
        ui_state.keep_size(screen)  # the one window meant to cover the whole desk
        try:
            accepted = screen.exec() == QDialog.DialogCode.Accepted
        finally:
            self.lock_screen = None
        actor = screen.actor if accepted else None
        veiled = [w for w in veiled if shiboken6.isValid(w)]  # some closed while locked
        if actor is not None and actor.user_id != self.actor.user_id:
            # Cancel what the previous user left open before anything is shown again.
            for w in veiled:
                if isinstance(w, QDialog) and w is not self.window:
                    w.reject()
        for w in veiled:
            w.setWindowOpacity(1.0)
        if actor is None:
            self.window.close()  # 退出程序 on the lock screen
        elif actor.user_id != self.actor.user_id:
            # The cancelled dialogs' exec() loops return first; then the window is rebuilt.
            QTimer.singleShot(0, lambda: self._switch_to(actor))

    def _switch_to(self, actor: Actor) -> None:
        if auth.must_change_password(self.store, actor):
            change = ChangePasswordDialog(self.store, actor, forced=True)
            if not change.exec():
                self.lock()  # a temporary password opens nothing: back to the lock screen
                return
        old = self.window
        self.window = self._open(actor)
        self.window.show()  # before the old one closes, or the application would quit
        old.close()
        old.deleteLater()
        self.switched.emit(self.window)

    def _username(self) -> str:
        user = auth.get_user(self.store, self.actor.user_id) if self.actor.user_id else None
        return user.username if user else ""
