# SPDX-License-Identifier: MIT
"""A small form dialog for mediation actions that need a few text fields."""

from __future__ import annotations

from collections.abc import Sequence

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

# A field: (key, label, kind); kind is "line", "text", "date", "check" or the (text, value)
# choices of a drop-down.
FieldKind = str | list[tuple[str, object]]
Field = tuple[str, str, FieldKind]


def _editor(kind: FieldKind, start: object) -> QWidget:
    """The editor of one field, filled with ``start`` (None: empty, or today for a date)."""
    if isinstance(kind, list):
        combo = QComboBox()
        for text, value in kind:
            combo.addItem(text, value)
        if start is not None and combo.findData(start) >= 0:
            combo.setCurrentIndex(combo.findData(start))
        return combo
    if kind == "text":
        lines = QPlainTextEdit(str(start or ""))
        lines.setMinimumHeight(80)
        return lines
    if kind == "check":
        check = QCheckBox()
        check.setChecked(bool(start))
        return check
    default = clock.today().isoformat() if kind == "date" else ""
    return QLineEdit(default if start is None else str(start))


class MediationFieldsDialog(QDialog):
    """Ask for named values.

    Args:
        fields: (key, label, kind) with kind "line", "text" (several lines), "date" (prefilled
            with today), "check", or a list of (text, value) pairs for a drop-down.
        initial: values to start from (e.g. the record being corrected).
    """

    def __init__(self, title: str, fields: Sequence[Field],
                 parent: QWidget | None = None, initial: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        initial = initial or {}
        for key, label, kind in fields:
            editor = _editor(kind, initial.get(key))
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
            elif isinstance(editor, QLineEdit):
                out[key] = editor.text().strip()
        return out


def ask_fields(parent: QWidget | None, title: str, fields: Sequence[Field],
               initial: dict | None = None) -> dict | None:
    """Show the dialog; the values, or None when cancelled."""
    dialog = MediationFieldsDialog(title, fields, parent, initial)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
