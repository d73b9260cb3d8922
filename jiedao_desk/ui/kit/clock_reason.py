# SPDX-License-Identifier: MIT
"""When the PC clock is behind the newest action: ask why, audit it, go on.

The store refuses any write stamped earlier than the newest committed action (``ClockBehind``:
someone may have set the clock back to fit an action into a time window). Sign-in and every
page action go through ``call``, which asks for the reason in a dialog (it cannot be left
empty), has core record it in the audit log and then runs the action once more; the rest of
the session goes through without asking again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import ClockBehind
from jiedao_desk.core import audit as core_audit
from jiedao_desk.store import Store

T = TypeVar("T")


class ClockReasonDialog(QDialog):
    """Says that the clock is behind and asks why; OK only with a reason typed."""

    def __init__(self, error: ClockBehind, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("电脑时间异常")
        self.setMinimumWidth(460)
        message = QLabel(f"{error}\n\n最近一次操作的时间：{error.newest}\n"
                         f"现在的电脑时间：{error.now}\n\n请说明原因（将记入审计日志）：")
        message.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("例如：电脑电池没电后时间被重置，已通知管理员校正")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("记录原因并继续")
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        """The reason as typed (without surrounding spaces)."""
        return self.reason_edit.text().strip()


def ask_reason(parent: QWidget | None, error: ClockBehind) -> str | None:
    """Ask why the clock is behind; None when cancelled."""
    dialog = ClockReasonDialog(error, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    reason = dialog.reason()
    dialog.deleteLater()
    return reason if accepted and reason else None


def call(parent: QWidget | None, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn``; if the clock is behind, ask the reason, record it and run ``fn`` again.

    ``fn`` is a core function taking the store among its arguments. A refused action wrote
    nothing (its transaction rolled back), so running it again is safe.

    Raises:
        ClockBehind: the user cancelled (nothing was written).
    """
    try:
        return fn(*args, **kwargs)
    except ClockBehind as error:
        store = next((a for a in (*args, *kwargs.values()) if isinstance(a, Store)), None)
        if store is None:
            raise
        reason = ask_reason(parent, error)
        if reason is None:
            raise
        core_audit.explain_clock(store, error.actor or SYSTEM, reason)
        return fn(*args, **kwargs)
