# SPDX-License-Identifier: MIT
"""The administrator's recovery code: shown once (printable), and used at sign-in to set a
new administrator password when every password is lost (core/encryption.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import encryption
from jiedao_desk.ui.kit import forms

if TYPE_CHECKING:  # printing support loads when the code is printed, not at sign-in
    from PySide6.QtPrintSupport import QPrinter

NOTE = ("所有密码都丢失时，凭恢复码才能为管理员设置新密码、打开加密的备份。它只显示这一次，"
        "程序不保存它：请现在打印或抄下，锁在柜子里，不要存在这台电脑上。")


class RecoveryCodeDialog(QDialog):
    """The recovery code in large letters, a print button, and a tick that it was kept
    before the dialog may close (it is never shown again)."""

    def __init__(self, code: str, parent: QWidget | None = None, intro: str = ""):
        super().__init__(parent)
        self.code = code
        self.setWindowTitle("管理员恢复码（只显示这一次）")
        head = QLabel(intro or "数据库已加密。下面是管理员恢复码：")
        head.setWordWrap(True)
        self.code_label = QLabel(code)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note = QLabel(NOTE)
        note.setWordWrap(True)
        self.print_button = QPushButton("打印恢复码…")
        self.print_button.clicked.connect(self.print_code)
        self.kept_box = QCheckBox("我已打印或抄下恢复码，并会妥善保管")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("关闭")
        self.ok_button.setEnabled(False)
        self.kept_box.toggled.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for w in (head, self.code_label, note, self.print_button, self.kept_box, self.buttons):
            layout.addWidget(w)
        self.setMinimumWidth(520)

    def reject(self) -> None:
        """Escape or the close box: only once the code is kept."""
        if self.kept_box.isChecked():
            super().reject()

    def page_html(self) -> str:
        """What the printed sheet says."""
        return ("<h2>街道工作台 管理员恢复码</h2>"
                f"<p style='font-size:20pt; font-family:monospace'><b>{self.code}</b></p>"
                f"<p>打印日期：{clock.today().isoformat()}</p>"
                f"<p>{NOTE}</p><p>使用方法：登录窗口 →“忘记密码（用恢复码）”。</p>")

    def print_to(self, printer: QPrinter) -> None:
        """Print the sheet on ``printer``."""
        doc = QTextDocument()
        doc.setHtml(self.page_html())
        doc.print_(printer)

    def print_code(self) -> bool:
        """Ask for a printer and print the sheet (never into a file left on this PC)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.print_to(printer)
        return True


def show_code(parent: QWidget | None, code: str, intro: str = "") -> None:
    """Show the recovery code once (modal)."""
    RecoveryCodeDialog(code, parent, intro).exec()


def _password(dialog: forms.FormDialog, *keys: str) -> None:
    for key in keys:
        editor = dialog.editors[key]
        assert isinstance(editor, QLineEdit)
        editor.setEchoMode(QLineEdit.EchoMode.Password)


def recover_password_dialog(db_path: Path, username: str = "",
                            parent: QWidget | None = None) -> forms.FormDialog:
    """The form that sets a lost administrator password with the recovery code."""
    def submit(v: dict) -> str:
        if v["password"] != v["password2"]:
            raise ValidationError("两次输入的新密码不一致。", "password2")
        encryption.reset_with_code(db_path, v["code"], v["username"], v["password"])
        return str(v["username"])

    dialog = forms.FormDialog(
        "用恢复码重设管理员密码",
        [forms.Field("username", "管理员用户名", start=username or None, required=True),
         forms.Field("code", "恢复码", required=True),
         forms.Field("password", "新密码", required=True),
         forms.Field("password2", "再次输入新密码", required=True)],
        parent, submit=submit, ok_text="设置新密码",
        hint="恢复码是开启加密时显示并打印的 8 组字符；输错与输错密码一样计入锁定次数。")
    _password(dialog, "password", "password2")
    return dialog
