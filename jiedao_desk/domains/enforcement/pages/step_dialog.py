# SPDX-License-Identifier: MIT
"""A form dialog for one step of an enforcement case (立案, 笔录, 告知, 送达, 决定 …).

Layout only: the fields are declared with each step (``pages/actions.py``) and shown by the
app's one form dialog (``ui.kit.forms.FormDialog``), which adds two kinds of input of its own
(the officers with their certificate numbers, an evidence file). 确定 stays disabled while a
required field is empty or a date cannot be read; core's refusal is said in the status line
above the buttons, and everything typed stays where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from jiedao_desk.ui.kit import forms


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
        required: 确定 stays disabled while it is empty (what core refuses without).
    """

    key: str
    label: str
    kind: str = "text"
    choices: dict | None = None
    default: Any = ""
    placeholder: str = ""
    required: bool = False


class OfficersEditor(QWidget):
    """Rows of 姓名 + 执法证号; two rows to begin with (行政处罚法 第四十二条: ≥2 officers)."""

    changed = Signal()

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
        row = len(self.rows) + 1
        n.setPlaceholderText("执法人员姓名")
        c.setPlaceholderText("执法证号")
        # a screen reader names each box by its row, not just "执法人员"
        n.setAccessibleName(f"第{row}名执法人员姓名")
        c.setAccessibleName(f"第{row}名执法人员执法证号")
        n.textChanged.connect(self.changed)
        c.textChanged.connect(self.changed)
        self.grid.addWidget(n, row, 0)
        self.grid.addWidget(c, row, 1)
        self.grid.addWidget(self.more, row + 1, 0, 1, 2)
        if self.rows:  # Tab runs name → number → next row's name → … → 增加一名
            QWidget.setTabOrder(self.rows[-1][1], n)
        QWidget.setTabOrder(n, c)
        QWidget.setTabOrder(c, self.more)
        self.rows.append((n, c))

    def value(self) -> list[tuple[str, str]]:
        """The filled rows as (name, cert) pairs (empty rows left out)."""
        return [(n.text().strip(), c.text().strip()) for n, c in self.rows
                if n.text().strip() or c.text().strip()]


class FileEditor(QWidget):
    """A path field with a 选择… button."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = QLineEdit()
        self.path.setPlaceholderText("照片、扫描件、音视频等证据文件")
        self.path.setAccessibleName("文件位置")
        self.path.textChanged.connect(self.changed)
        browse = QPushButton("选择…")
        browse.setAccessibleName("选择文件")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "选择证据文件")
        if chosen:
            self.path.setText(chosen)


class EnforcementStepDialog(forms.FormDialog):
    """The form of one case step.

    Args:
        title: window title (the step's name).
        fields: the inputs, in order.
        submit: the step's core call taking ``values()``; its result (the page's message) is
            kept in ``result_value``. A refusal keeps the dialog open with the input.
        note: an explanation shown above the fields (rule, article of law), optional.
    """

    def __init__(self, title: str, fields: list[Field],
                 submit: Callable[[dict[str, Any]], Any], parent: QWidget | None = None,
                 note: str = ""):
        self.steps = {f.key: f for f in fields}
        super().__init__(title, [_form_field(f) for f in fields], parent, submit, note=note)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.setMinimumWidth(520)

    def make_editor(self, field: forms.Field) -> QWidget:
        """The kinds of a step: officers and file editors, the rest as every form has them."""
        f = self.steps[field.key]
        if f.kind == "officers":
            return OfficersEditor(f.default or None)
        if f.kind == "file":
            return FileEditor()
        if f.kind == "check":
            check = QCheckBox(f.label)  # the text beside the box: long labels stay readable
            check.setChecked(bool(f.default))
            return check
        editor = super().make_editor(field)
        if isinstance(editor, QComboBox):
            # Long items (a power's full name) are cut in the box: the tooltip shows it whole,
            # and the popup list is as wide as its longest item.
            editor.setToolTip(editor.currentText())
            editor.currentTextChanged.connect(editor.setToolTip)
            editor.view().setMinimumWidth(editor.view().sizeHintForColumn(0) + 24)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlaceholderText(f.placeholder)
            editor.setFixedHeight(90)
        elif isinstance(editor, QLineEdit) and f.placeholder:
            editor.setPlaceholderText(f.placeholder)
        return editor

    def add_row(self, field: forms.Field, editor: QWidget) -> None:
        """A check box carries its own text; every other input sits under its label."""
        if isinstance(editor, QCheckBox):
            self.form.addRow("", editor)
        else:
            super().add_row(field, editor)

    def read_editor(self, editor: QWidget) -> Any:
        """Officers as (name, cert) pairs, a file as its path, the rest as every form reads."""
        if isinstance(editor, OfficersEditor):
            return editor.value()
        if isinstance(editor, FileEditor):
            return editor.path.text().strip()
        return super().read_editor(editor)


def _form_field(f: Field) -> forms.Field:
    """A step's field as the form dialog's field."""
    kind: str | forms.Choices
    if f.kind == "choice":
        kind = [(text, value) for value, text in (f.choices or {}).items()]
    else:
        kind = {"text": "line", "long": "text"}.get(f.kind, f.kind)
    start = None if f.kind in ("officers", "file") else f.default
    return forms.Field(f.key, f.label, kind, start, f.required)
