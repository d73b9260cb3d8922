# SPDX-License-Identifier: MIT
"""A small form dialog for mediation actions that need a few text fields."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from jiedao_desk.base import clock


class MediationFieldsDialog(QDialog):
    """Ask for named values.

    Args:
        fields: (key, label, kind) with kind "line", "text" (several lines), "date" (prefilled
            with today), "check", or a list of (text, value) pairs for a drop-down.
        initial: values to start from (e.g. the record being corrected).
    """

    def __init__(self, title: str, fields: list[tuple[str, str, object]],
                 parent: QWidget | None = None, initial: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        initial = initial or {}
        for key, label, kind in fields:
            start = initial.get(key)
            if isinstance(kind, list):
                editor = QComboBox()
                for text, value in kind:
                    editor.addItem(text, value)
                if start is not None and editor.findData(start) >= 0:
                    editor.setCurrentIndex(editor.findData(start))
            elif kind == "text":
                editor = QPlainTextEdit(str(start or ""))
                editor.setMinimumHeight(80)
            elif kind == "check":
                editor = QCheckBox()
                editor.setChecked(bool(start))
            else:
                default = clock.today().isoformat() if kind == "date" else ""
                editor = QLineEdit(default if start is None else str(start))
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
            elif isinstance(editor, QComboBox):
                out[key] = editor.currentData()
            elif isinstance(editor, QPlainTextEdit):
                out[key] = editor.toPlainText().strip()
            else:
                out[key] = editor.text().strip()
        return out


def ask_fields(parent: QWidget | None, title: str, fields: list[tuple[str, str, object]],
               initial: dict | None = None) -> dict | None:
    """Show the dialog; the values, or None when cancelled."""
    dialog = MediationFieldsDialog(title, fields, parent, initial)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
