# SPDX-License-Identifier: MIT
"""A form dialog for one step of an enforcement case (立案, 笔录, 告知, 送达, 决定 …).

Layout only: the fields are declared with each step (``pages/actions.py``); on 确定 the dialog
hands its values to ``submit``, which calls the core function (errors are shown through
``widgets.call_core``). The dialog closes only when ``submit`` succeeded, so a refused entry
keeps what the officer typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)


@dataclass(frozen=True)
class Field:
    """One input of a step form.

    Attributes:
        key: the value's key in ``values()``.
        label: Chinese label.
        kind: "text", "long" (several lines), "date" (YYYY-MM-DD), "choice", "check",
            "officers" (≥2 rows of 姓名 + 执法证号) or "file".
        choices: value → label, for "choice".
        default: initial text / value (for "officers": a list of (name, cert) pairs).
        placeholder: grey hint inside an empty text field.
    """

    key: str
    label: str
    kind: str = "text"
    choices: dict | None = None
    default: Any = ""
    placeholder: str = ""


class OfficersEditor(QWidget):
    """Rows of 姓名 + 执法证号; two rows to begin with (行政处罚法 第四十二条: ≥2 officers)."""

    def __init__(self, people: list[tuple[str, str]] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[QLineEdit, QLineEdit]] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(QLabel("姓名"), 0, 0)
        self.grid.addWidget(QLabel("执法证号"), 0, 1)
        self.more = QPushButton("增加一名")
        self.more.clicked.connect(lambda: self.add_row())
        people = list(people or [])
        for i in range(max(2, len(people))):
            self.add_row(*(people[i] if i < len(people) else ("", "")))

    def add_row(self, name: str = "", cert: str = "") -> None:
        """Add one officer row."""
        n, c = QLineEdit(name), QLineEdit(cert)
        n.setPlaceholderText("执法人员姓名")
        c.setPlaceholderText("执法证号")
        row = len(self.rows) + 1
        self.grid.addWidget(n, row, 0)
        self.grid.addWidget(c, row, 1)
        self.grid.addWidget(self.more, row + 1, 0, 1, 2)
        self.rows.append((n, c))

    def value(self) -> list[tuple[str, str]]:
        """The filled rows as (name, cert) pairs (empty rows left out)."""
        return [(n.text().strip(), c.text().strip()) for n, c in self.rows
                if n.text().strip() or c.text().strip()]


class FileEditor(QWidget):
    """A path field with a 选择… button."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = QLineEdit()
        self.path.setPlaceholderText("照片、扫描件、音视频等证据文件")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "选择证据文件")
        if chosen:
            self.path.setText(chosen)


class EnforcementStepDialog(QDialog):
    """The form of one case step.

    Args:
        title: window title (the step's name).
        fields: the inputs, in order.
        submit: called with ``values()`` on 确定; returns True when core accepted them.
        note: an explanation shown above the fields (rule, article of law), optional.
    """

    def __init__(self, title: str, fields: list[Field],
                 submit: Callable[[dict[str, Any]], bool], parent: QWidget | None = None,
                 note: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            form.addRow(hint)
        for f in fields:
            editor = self._editor(f)
            self.editors[f.key] = editor
            if f.kind == "check":
                form.addRow("", editor)
            else:
                form.addRow(f.label + "：", editor)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _editor(f: Field) -> QWidget:
        if f.kind == "choice":
            box = QComboBox()
            for value, text in (f.choices or {}).items():
                box.addItem(text, value)
            if f.default not in ("", None) and box.findData(f.default) >= 0:
                box.setCurrentIndex(box.findData(f.default))
            # Long items (a power's full name) are cut in the box: the tooltip shows it whole,
            # and the popup list is as wide as its longest item.
            box.setToolTip(box.currentText())
            box.currentTextChanged.connect(box.setToolTip)
            box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)
            return box
        if f.kind == "check":
            check = QCheckBox(f.label)
            check.setChecked(bool(f.default))
            return check
        if f.kind == "officers":
            return OfficersEditor(f.default or None)
        if f.kind == "file":
            return FileEditor()
        if f.kind == "long":
            text = QPlainTextEdit(str(f.default or ""))
            text.setPlaceholderText(f.placeholder)
            text.setFixedHeight(90)
            return text
        line = QLineEdit(str(f.default or ""))
        line.setPlaceholderText(f.placeholder or ("如 2026-11-23" if f.kind == "date" else ""))
        return line

    def values(self) -> dict[str, Any]:
        """The entered values: text stripped, combo boxes give their data key, check boxes
        a bool, officers a list of (name, cert) pairs, files the path text."""
        out: dict[str, Any] = {}
        for key, e in self.editors.items():
            if isinstance(e, QComboBox):
                out[key] = e.currentData()
            elif isinstance(e, QCheckBox):
                out[key] = e.isChecked()
            elif isinstance(e, OfficersEditor):
                out[key] = e.value()
            elif isinstance(e, FileEditor):
                out[key] = e.path.text().strip()
            elif isinstance(e, QPlainTextEdit):
                out[key] = e.toPlainText().strip()
            elif isinstance(e, QLineEdit):
                out[key] = e.text().strip()
        return out

    def accept(self) -> None:
        """Hand the values to core; stay open (keeping the input) when it refused them."""
        if self.submit(self.values()):
            super().accept()
