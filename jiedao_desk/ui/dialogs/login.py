# SPDX-License-Identifier: MIT
"""Sign-in dialogs: first administrator, login, password change.

Errors are shown inline (a red line inside the dialog) rather than in a message box, so the
user keeps what was typed and simply corrects it. There is never a default password: the
first run asks for the administrator's own (条例 第四十一条 — protect personal data).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import DatabaseDamaged, JiedaoError, ValidationError
from jiedao_desk.core import auth, encryption
from jiedao_desk.store import Store, faults
from jiedao_desk.ui.kit import clock_reason

log = logging.getLogger(__name__)
ERROR_STYLE = "color: #b91c1c;"


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _sign_in_with(store: Store, credentials: tuple[str, str],
                  parent: QWidget | None) -> Actor | None:
    """Sign in with the name and password that unlocked the database (None: refused, e.g.
    the account is locked; the login dialog then says why)."""
    notices: list[str] = []
    try:
        actor = auth.authenticate(store, *credentials, warn=notices.append)
    except JiedaoError as exc:
        QMessageBox.warning(parent, "无法登录", str(exc))
        return None
    for text in notices:
        QMessageBox.warning(parent, "登录记录未能写入", text)
    return actor


class _FormDialog(QDialog):
    """A form with an inline error line and an OK/Cancel row; OK calls ``submit``."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        """Show ``text`` in the red line (the dialog stays open)."""
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def attempt(self, fn: Callable[..., Any], *args: Any,
                passing: tuple[type[BaseException], ...] = ()) -> tuple[bool, Any]:
        """Call one core function; on a JiedaoError show its message inline (a clock set
        back is asked about first, ui/kit/clock_reason.py); ``passing`` errors are raised."""
        try:
            result = clock_reason.call(self, fn, *args)
        except passing:
            raise
        except JiedaoError as exc:
            self.show_error(str(exc))
            return False, None
        self.show_error("")
        return True, result

    def submit(self) -> None:  # pragma: no cover - overridden
        """Handle the OK button."""
        raise NotImplementedError


class FirstAdminDialog(_FormDialog):
    """Create the administrator on first run; ``actor`` is the signed-in admin afterwards."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("首次使用：创建管理员", "创建并登录", parent)
        self.store = store
        self.actor: Actor | None = None
        intro = QLabel("本机还没有任何用户。请创建管理员账户，之后由管理员为其他人新建账户。")
        intro.setWordWrap(True)
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText("2-30个字符，不含空格")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("写入审计日志的姓名")
        self.password_edit = _password_edit()
        self.password2_edit = _password_edit()
        self.encrypt_box = QCheckBox("加密数据库（复制走的文件、备份和附件都无法读取）")
        self.encrypt_box.setToolTip("密钥用各用户的密码包装；创建后显示一次管理员恢复码，"
                                    "请打印或抄下锁好。")
        self.recovery_code = ""  # shown once by ``login`` when the database was encrypted
        self.form.addRow(intro)
        self.form.addRow("用户名：", self.username_edit)
        self.form.addRow("姓名：", self.name_edit)
        self.form.addRow("密码：", self.password_edit)
        self.form.addRow("再次输入密码：", self.password2_edit)
        self.form.addRow(self.encrypt_box)

    def submit(self) -> None:
        """Create the admin and sign in as that user (and encrypt, when asked)."""
        # Encrypting rewrites the whole file (an empty one: the page check is long done),
        # which must not copy a damaged page; the app offers the repair instead.
        if faults.page_damage(self.store):
            self.reject()
            return
        password = self.password_edit.text()
        if password != self.password2_edit.text():
            self.show_error("两次输入的密码不一致。")
            return
        username = self.username_edit.text()
        ok, _ = self.attempt(auth.create_first_admin, self.store, username,
                             self.name_edit.text(), password)
        if ok:
            ok, self.actor = self.attempt(auth.authenticate, self.store, username, password)
        if ok and self.encrypt_box.isChecked() and self.actor is not None:
            ok, done = self.attempt(encryption.enable, self.store, self.actor, password)
            self.recovery_code = done.recovery_code if ok else ""
        if ok:
            self.accept()


class LoginDialog(_FormDialog):
    """Username and password; ``actor`` is set when the login succeeds."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("登录街道工作台", "登录", parent)
        self.store = store
        self.actor: Actor | None = None
        self.notice = ""  # why the sign-in could not be recorded (a full or read-only disk)
        self.username_edit = QLineEdit()
        self.password_edit = _password_edit()
        self.form.addRow("用户名：", self.username_edit)
        self.form.addRow("密码：", self.password_edit)

    def submit(self) -> None:
        """Check the password (failures are counted and may lock the account). The page
        check may still be reading the file: what this writes stays out of the file until it
        is done (store/faults.PageCheck)."""
        ok, actor = self.attempt(auth.authenticate, self.store, self.username_edit.text(),
                                 self.password_edit.text(), self._note)
        if ok:
            self.actor = actor
            self.accept()
        else:
            self.password_edit.clear()
            self.password_edit.setFocus()


    def _note(self, text: str) -> None:
        self.notice = text


class UnlockDialog(_FormDialog):
    """Username and password that unlock an encrypted database before it can be opened
    (the same two fields as the login, which then signs in with them)."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__("登录街道工作台", "登录", parent)
        self.db_path = db_path
        self.credentials: tuple[str, str] | None = None
        self.damage: DatabaseDamaged | None = None  # right password, damaged file
        self.username_edit = QLineEdit()
        self.password_edit = _password_edit()
        self.form.addRow("用户名：", self.username_edit)
        self.form.addRow("密码：", self.password_edit)
        self.recover_button = QPushButton("忘记密码（用恢复码）…")
        self.recover_button.setToolTip("管理员的密码全部丢失时，凭开启加密时打印的恢复码设置新密码。")
        self.recover_button.clicked.connect(self.recover_password)
        self.buttons.addButton(self.recover_button, QDialogButtonBox.ButtonRole.ResetRole)

    def recover_password(self) -> bool:
        """Set a lost administrator password with the recovery code, then sign in with it."""
        from jiedao_desk.ui.dialogs import recovery

        dialog = recovery.recover_password_dialog(self.db_path, self.username_edit.text(), self)
        if not dialog.exec():
            return False
        self.username_edit.setText(str(dialog.result_value))
        self.password_edit.clear()
        self.password_edit.setFocus()
        self.show_error("")
        self.error_label.setText("已凭恢复码设置新密码，请用新密码登录。")
        self.error_label.setStyleSheet("color: #15803d;")
        self.error_label.show()
        return True

    def submit(self) -> None:
        """Unwrap the database key with this password (failures are counted)."""
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        try:
            ok, _ = self.attempt(encryption.unlock, self.db_path, username, password,
                                 passing=(DatabaseDamaged,))
        except DatabaseDamaged as exc:  # not shown here: the start-up offers a backup
            self.damage, self.credentials = exc, (username, password)
            self.accept()
            return
        if ok:
            self.credentials = (username, password)
            self.accept()
        else:
            self.password_edit.clear()
            self.password_edit.setFocus()


def unlock(db_path: Path, parent: QWidget | None = None
           ) -> tuple[tuple[str, str] | None, DatabaseDamaged | None]:
    """Ask for the password that unlocks an encrypted database: (credentials, None), or
    (credentials, the damage) when the password is right but the file's start is damaged,
    or (None, None) if cancelled."""
    dialog = UnlockDialog(db_path, parent)
    if not dialog.exec():
        return None, None
    return dialog.credentials, dialog.damage


def show_recovery_code(parent: QWidget | None, code: str) -> None:
    """Show the administrator's recovery code, once (printable)."""
    from jiedao_desk.ui.dialogs import recovery

    recovery.show_code(parent, code)


class ChangePasswordDialog(_FormDialog):
    """A user changes their own password; ``forced`` after an admin set or reset it."""

    def __init__(self, store: Store, actor: Actor, forced: bool = False,
                 parent: QWidget | None = None):
        super().__init__("修改密码", "保存新密码", parent)
        self.store = store
        self.actor = actor
        if forced:
            # An admin chose this password, so it is known to someone else: replace it first.
            note = QLabel("管理员为您设置了初始密码，请先设置只有您自己知道的新密码。")
            note.setWordWrap(True)
            self.form.addRow(note)
        self.old_edit = _password_edit()
        self.new_edit = _password_edit()
        self.new2_edit = _password_edit()
        self.form.addRow("原密码：", self.old_edit)
        self.form.addRow("新密码：", self.new_edit)
        self.form.addRow("再次输入新密码：", self.new2_edit)

    def submit(self) -> None:
        """Save the new password."""
        if self.new_edit.text() != self.new2_edit.text():
            self.show_error(str(ValidationError("两次输入的新密码不一致。")))
            return
        ok, _ = self.attempt(auth.change_password, self.store, self.actor,
                             self.old_edit.text(), self.new_edit.text())
        if ok:
            self.accept()


def login(store: Store, parent: QWidget | None = None,
          credentials: tuple[str, str] | None = None) -> Actor | None:
    """Sign a user in at app start.

    Runs the first-admin dialog on an empty database, the login dialog otherwise (skipped
    when ``credentials`` that unlocked an encrypted database sign in), then the forced
    password change if required.

    Returns:
        The signed-in actor, or None if the user cancelled.
    """
    actor = _sign_in_with(store, credentials, parent) if credentials else None
    if actor is None:
        dialog: FirstAdminDialog | LoginDialog
        if auth.has_users(store):
            dialog = LoginDialog(store, parent)
        else:
            dialog = FirstAdminDialog(store, parent)
        if not dialog.exec() or dialog.actor is None:
            return None
        actor = dialog.actor
        if isinstance(dialog, LoginDialog) and dialog.notice:
            QMessageBox.warning(parent, "登录记录未能写入", dialog.notice)
        if isinstance(dialog, FirstAdminDialog) and dialog.recovery_code:
            show_recovery_code(parent, dialog.recovery_code)
    try:
        encryption.record_unlock_failures(store, actor)
    except (JiedaoError, sqlite3.Error) as exc:  # kept for the next sign-in
        log.warning("failed unlocks not audited: %s", exc)
    if auth.must_change_password(store, actor):
        change = ChangePasswordDialog(store, actor, forced=True, parent=parent)
        if not change.exec():
            return None
    return actor
