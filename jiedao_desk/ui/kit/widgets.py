# SPDX-License-Identifier: MIT
"""Small shared UI helpers: showing errors, confirming (a reason is asked by forms.ask_text).

Pages call these through the module (``widgets.show_error(...)``) so that a test can watch
or replace them in one place.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from jiedao_desk.base.errors import JiedaoError, PermissionDenied, ValidationError
from jiedao_desk.store import Store, crypt, faults
from jiedao_desk.ui.kit import clock_reason

log = logging.getLogger(__name__)
T = TypeVar("T")

# Where a refusal shown to the user is audited (the main window sets it to core's
# ``auth.record_refusal`` for the signed-in user); None before sign-in.
_refusal_sink: Callable[[PermissionDenied, str], None] | None = None


def audit_refusals(sink: Callable[[PermissionDenied, str], None] | None) -> None:
    """Send every refusal shown by ``show_error`` to ``sink(error, what)``."""
    global _refusal_sink
    _refusal_sink = sink


def note_refusal(exc: PermissionDenied, what: str) -> None:
    """Audit a refusal shown somewhere else than ``show_error`` (a form's status line)."""
    if _refusal_sink is not None:
        _refusal_sink(exc, what)


def error_text(exc: BaseException) -> str:
    """The Chinese text a user sees for an error."""
    exc = faults.storage_error(exc) or exc
    if isinstance(exc, JiedaoError):
        return str(exc)
    return f"程序内部错误（{type(exc).__name__}）：{exc}\n\n操作没有完成。请把这条信息告诉管理员。"


def show_error(parent: QWidget | None, exc: BaseException, title: str = "操作未完成") -> None:
    """Show an error in a modal message box.

    A ``JiedaoError`` is the user's to fix (warning); anything else is a bug (critical, and
    its traceback goes to the log). A damaged file or a full or read-only disk is the
    user's too: it is shown as the Chinese storage error.
    """
    exc = faults.storage_error(exc) or exc
    if isinstance(exc, PermissionDenied):
        note_refusal(exc, title)
    if isinstance(exc, JiedaoError):
        box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(exc),
                          QMessageBox.StandardButton.Ok, parent)
    else:
        log.error("unexpected error: %s", "".join(traceback.format_exception(exc)))
        box = QMessageBox(QMessageBox.Icon.Critical, "程序内部错误", error_text(exc),
                          QMessageBox.StandardButton.Ok, parent)
    box.exec()


def call_core(parent: QWidget | None, fn: Callable[..., T], *args: Any,
              **kwargs: Any) -> tuple[bool, T | None]:
    """Call one core function; show a ``JiedaoError`` instead of raising it.

    A clock set back is asked about and the call run again (ui/kit/clock_reason.py).

    Returns:
        (True, result) on success, (False, None) after showing the error.
    """
    try:
        return True, clock_reason.call(parent, fn, *args, **kwargs)
    except JiedaoError as exc:
        show_error(parent, exc)
        return False, None
    except sqlite3.Error as exc:  # a read from a damaged page (writes come translated)
        error = faults.storage_error(exc)
        if error is None:
            raise
        show_error(parent, error)
        return False, None


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; "否" is the default button."""
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


IRREVERSIBLE = "此操作不能撤销。"


def confirm_irreversible(parent: QWidget | None, title: str, consequence: str,
                         action_text: str = "确定", undo: str = "") -> bool:
    """Ask before a step that cannot be undone; ``consequence`` names what happens, with the
    actual number or month ("打印后文号 X 将被占用，不能再用。").

    The default button is 取消, so Enter does not take the step by accident. Tests replace
    this function (it is always called through the module). ``undo``: how the step can
    still be undone by someone else (e.g. "街道退回修改后才能再改。"), said instead of
    "此操作不能撤销。".

    Returns:
        True when the user chose ``action_text``.
    """
    tail = undo or IRREVERSIBLE
    text = consequence if tail in consequence else consequence + tail
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    go = box.addButton(action_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go


def confirm_plain_export(parent: QWidget | None, what: str, store: Store | None = None) -> bool:
    """Before an export of personal data from an encrypted database: say, once for this
    export, that the file written is not encrypted (个人信息保护法 第五十一条). A plain
    database asks nothing. ``store`` None: any database unlocked in this process counts.

    Returns:
        True to go on (always for a plain database).
    """
    encrypted = store.key is not None if store is not None else crypt.any_unlocked()
    if not encrypted:
        return True
    text = (f"数据库已加密，但导出的文件不加密：“{what}”含居民、当事人等个人信息，任何拿到这个"
            "文件的人都能打开。请只存放在需要的地方，发送或打印后及时删除，不要留在U盘或共享"
            "文件夹中。导出会记入审计日志。")
    box = QMessageBox(QMessageBox.Icon.Warning, "导出的文件不加密", text,
                      QMessageBox.StandardButton.NoButton, parent)
    go = box.addButton("继续导出", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go


# -- editors for typed values (settings, later form fields) --------------------------------
def value_editor(default: Any) -> QWidget:
    """An editor suited to the type of ``default``: check box, spin box or line edit."""
    editor: QWidget
    if isinstance(default, bool):
        editor = QCheckBox("是")
    elif isinstance(default, int):
        editor = QSpinBox()
        editor.setRange(-1_000_000_000, 1_000_000_000)
    elif isinstance(default, float):
        editor = QDoubleSpinBox()
        editor.setRange(-1e12, 1e12)
        editor.setDecimals(4)
    else:
        editor = QLineEdit()
    editor.setMaximumWidth(360 if isinstance(editor, QLineEdit) else 160)
    return editor


def set_editor_value(editor: QWidget, value: Any) -> None:
    """Show ``value`` in an editor made by ``value_editor`` (lists/dicts as JSON)."""
    if isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox | QDoubleSpinBox):
        editor.setValue(value)
    elif isinstance(editor, QLineEdit):
        editor.setText(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def read_editor_value(editor: QWidget, default: Any, label: str, key: str = "") -> Any:
    """Read an editor made by ``value_editor`` for a value typed like ``default``.

    Raises:
        ValidationError: the text of a list/dict value is not valid JSON.
    """
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    text = editor.text() if isinstance(editor, QLineEdit) else ""
    if isinstance(default, str):
        return text
    try:  # lists, tables, thresholds that may be null: typed as JSON
        return json.loads(text)
    except json.JSONDecodeError:
        raise ValidationError(f"“{label}”的格式不正确：请照旁边“默认”的样子填写"
                              "（如列表写成 [\"甲\", \"乙\"]）。", key or None) from None


def show_value(value: Any) -> str:
    """A value as the user reads it (是/否, （空）, JSON for lists)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or isinstance(value, str):
        return value or "（空）"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
