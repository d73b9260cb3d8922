# SPDX-License-Identifier: MIT
"""A small form dialog for one step of an enforcement case (告知, 送达, 决定, 缴款 …).

Layout only: the page reads ``values()`` and calls the core function.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)


class EnforcementStepDialog(QDialog):
    """Fields given as (key, label, choices-or-None, default text)."""

    def __init__(self, title: str, fields: list[tuple[str, str, dict | None, str]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for key, label, choices, default in fields:
            if choices:
                editor = QComboBox()
                for value, text in choices.items():
                    editor.addItem(text, value)
            else:
                editor = QLineEdit(default)
            self.editors[key] = editor
            form.addRow(label, editor)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def values(self) -> dict[str, str]:
        """The entered values (combo boxes give their data key)."""
        return {k: (e.currentData() if isinstance(e, QComboBox) else e.text().strip())
                for k, e in self.editors.items()}
