# SPDX-License-Identifier: MIT
"""A small form dialog for mediation actions that need a few text fields."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from jiedao_desk.core import clock


class MediationFieldsDialog(QDialog):
    """Ask for named values.

    Args:
        fields: (key, label, kind) with kind "line", "text" (several lines), "date" (prefilled
            with today) or "check".
    """

    def __init__(self, title: str, fields: list[tuple[str, str, str]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for key, label, kind in fields:
            if kind == "text":
                editor = QPlainTextEdit()
                editor.setMinimumHeight(80)
            elif kind == "check":
                editor = QCheckBox()
            else:
                editor = QLineEdit(clock.today().isoformat() if kind == "date" else "")
            self.editors[key] = editor
            form.addRow(label + "：", editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        """The entered values (text stripped; checkboxes as bool)."""
        out: dict = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                out[key] = editor.isChecked()
            elif isinstance(editor, QPlainTextEdit):
                out[key] = editor.toPlainText().strip()
            else:
                out[key] = editor.text().strip()
        return out


def ask_fields(parent: QWidget | None, title: str,
               fields: list[tuple[str, str, str]]) -> dict | None:
    """Show the dialog; the values, or None when cancelled."""
    dialog = MediationFieldsDialog(title, fields, parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
