# SPDX-License-Identifier: MIT
"""One form dialog for every small "fill a few fields, then OK" step.

What every form gets from ``FormDialog``:

* checks as the user types: OK stays disabled until every required field is filled, and a
  field's own check (``Field.check``) explains in the status line what is wrong;
* OK hands the values to ``submit`` (one core call) *inside* the dialog: a refusal from core
  is shown as one Chinese sentence in the status line, the field it names gets the focus, and
  everything typed stays where it was; the dialog closes only when core accepted;
* the status line (``Banner``) keeps its height whether it shows text or not, so the buttons
  below it never jump;
* Tab moves from field to field in the order they are listed (``focus.polish``).

``open_form`` also asks core first whether the step is possible at all (``precheck``), so the
user is not made to type a form that cannot be saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.errors import Conflict, JiedaoError, PermissionDenied
from jiedao_desk.core import validate
from jiedao_desk.store import faults
from jiedao_desk.ui.kit import clock_reason, focus, widgets

# (text, value) pairs of a drop-down
Choices = list[tuple[str, Any]]


@dataclass(frozen=True)
class Field:
    """One field of a form.

    Attributes:
        key: the name of the value in ``values()``.
        label: the Chinese label (without the colon).
        kind: "line", "text" (several lines), "date" (a line prefilled with today), "check",
            "int", or the (text, value) choices of a drop-down.
        start: the value to start from (None: empty, today for a date, the first choice).
        required: OK stays disabled while the field is empty.
        check: a check of the typed value run as the user types: the Chinese sentence
            saying what is wrong, or None.
        limits: (min, max) of an "int" field.
    """

    key: str
    label: str
    kind: str | Choices = "line"
    start: Any = None
    required: bool = False
    check: Callable[[Any], str | None] | None = None
    limits: tuple[int, int] = (0, 1_000_000)


class Banner(QLabel):
    """A message line above buttons that reserves its height (``lines`` lines) even while
    empty, so that the buttons below it do not move when a message appears or goes.

    Args:
        lines: the lines of text the reserved space holds.
        style: the style sheet while it shows text (e.g. an amber warning); none while empty.
        grow: a longer text may make it taller (a page's warnings); otherwise the height is
            fixed (a dialog's status line, whose texts are one sentence).
    """

    LINES = 2

    def __init__(self, parent: QWidget | None = None, lines: int = LINES, style: str = "",
                 grow: bool = False):
        super().__init__(parent)
        self.lines, self.text_style, self.grow = lines, style, grow
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Preferred,
                           QSizePolicy.Policy.Minimum if grow else QSizePolicy.Policy.Fixed)
        self.setAccessibleName("提示")
        height = self._height_of(lines)
        if grow:
            self.setMinimumHeight(height)
        else:
            self.setFixedHeight(height)

    def _height_of(self, lines: int) -> int:
        """The height ``lines`` lines of text take in the banner's style (padding included)."""
        self.setStyleSheet(self.text_style)
        self.ensurePolished()
        self.setText("\n".join(["测"] * lines))
        height = max(self.sizeHint().height(), self.fontMetrics().lineSpacing() * lines + 6)
        self.setText("")
        self.setStyleSheet("")
        return height

    def say(self, text: str, error: bool = False) -> None:
        """Show ``text`` (red for a refusal, grey for a hint, or the banner's own style);
        '' clears it and leaves the space."""
        if self.text_style:
            self.setStyleSheet(self.text_style if text else "")
        else:
            self.setStyleSheet("color: #b00020;" if error else "color: #555555;")
        self.setText(text)
        self.setToolTip(text if len(text) > 60 else "")


def _editor(field: Field) -> QWidget:
    """The editor of one field, filled with its start value."""
    kind, start = field.kind, field.start
    if isinstance(kind, list):
        combo = QComboBox()
        for text, value in kind:
            combo.addItem(text, value)
        if start is not None and combo.findData(start) >= 0:
            combo.setCurrentIndex(combo.findData(start))
        return combo
    if kind == "text":
        lines = QPlainTextEdit(str(start or ""))
        lines.setMinimumHeight(72)
        lines.setTabChangesFocus(True)
        return lines
    if kind == "check":
        check = QCheckBox()
        check.setChecked(bool(start))
        return check
    if kind == "int":
        spin = QSpinBox()
        spin.setRange(*field.limits)
        if start is not None:
            spin.setValue(int(start))
        return spin
    default = clock.today().isoformat() if kind == "date" else ""
    line = QLineEdit(default if start is None else str(start))
    if kind == "date":
        line.setPlaceholderText("如 2026-11-23")
    return line


def read(editor: QWidget) -> Any:
    """The value of an editor made by ``_editor`` (text stripped; check boxes as bool)."""
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText().strip()
    if isinstance(editor, QLineEdit):
        return editor.text().strip()
    return None


def _date_problem(label: str, value: Any) -> str | None:
    """The sentence saying a typed date is not one core would take, or None."""
    try:
        validate.date(str(value), label)
    except JiedaoError as exc:
        return str(exc)
    return None


def _changed_signal(editor: QWidget):
    custom = getattr(editor, "changed", None)
    if custom is not None:  # an editor of a subclass (several inputs) says when it changed
        return custom
    if isinstance(editor, QCheckBox):
        return editor.toggled
    if isinstance(editor, QComboBox):
        return editor.currentIndexChanged
    if isinstance(editor, QSpinBox):
        return editor.valueChanged
    return editor.textChanged  # type: ignore[attr-defined]


class FormDialog(QDialog):
    """A form of ``fields`` with a status line and 确定/取消.

    Args:
        title: the window title (what the step is called).
        fields: the fields, in the order they are filled (and Tab moves).
        submit: called with ``values()`` on OK; its result is kept in ``result_value``. A
            ``JiedaoError`` it raises keeps the dialog open with the reason in the status line.
            None: OK just closes the dialog (the caller reads ``values()``).
        hint: a sentence shown in the status line while nothing is wrong.
        ok_text: the text of the OK button (e.g. "保存", "登记").
        note: an explanation above the fields (the rule, its article of law), optional.
        confirm: for a step that cannot be undone: the consequence to confirm for the values
            (``widgets.confirm_irreversible``); declining keeps the dialog open.

    Attributes:
        editors: key → editor widget.
        status: the status line.
        ok_button: the OK button (disabled while a required field is empty).
        result_value: what ``submit`` returned.
    """

    def __init__(self, title: str, fields: Sequence[Field], parent: QWidget | None = None,
                 submit: Callable[[dict], Any] | None = None, hint: str = "",
                 ok_text: str = "确定", confirm: Callable[[dict], str] | None = None,
                 note: str = ""):
        super().__init__(parent)
        self.confirm = confirm
        self.setWindowTitle(title)
        self.fields = list(fields)
        self.submit = submit
        self.hint = hint
        self.result_value: Any = None
        self.editors: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # a check box is always "filled" (ticked or not): never marked 必填
        self.fields = [f if f.kind != "check" else replace(f, required=False)
                       for f in self.fields]
        if note:
            explanation = QLabel(note)
            explanation.setWordWrap(True)
            explanation.setStyleSheet("color: #555;")
            self.form.addRow(explanation)
        for field in self.fields:
            editor = self.make_editor(field)
            editor.setObjectName(field.key)
            self.editors[field.key] = editor
            self.add_row(field, editor)
            _changed_signal(editor).connect(self.revalidate)
        self.status = Banner()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(ok, QPushButton)
        self.ok_button: QPushButton = ok
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        focus.polish(self)
        self.revalidate()

    def make_editor(self, field: Field) -> QWidget:
        """The editor of ``field`` (a subclass adds kinds of its own here)."""
        return _editor(field)

    def read_editor(self, editor: QWidget) -> Any:
        """The value of an editor made by ``make_editor``."""
        return read(editor)

    def add_row(self, field: Field, editor: QWidget) -> None:
        """Put ``editor`` in the form under its label (marked 必填 when required)."""
        label = form_label(f"{field.label}{'（必填）' if field.required else ''}：")
        label.setBuddy(editor)
        self.form.addRow(label, editor)

    def values(self) -> dict[str, Any]:
        """The entered values by key (text stripped; check boxes as bool)."""
        return {key: self.read_editor(editor) for key, editor in self.editors.items()}

    def problem(self) -> tuple[str, str] | None:
        """(key, sentence) of the first field that is missing or fails its check, or None.

        A typed date is checked as core reads it (2026-11-23, 2026/11/23, 2026年11月23日 …)
        unless the field brings its own check."""
        for field in self.fields:
            value = self.read_editor(self.editors[field.key])
            if field.required and value in ("", None, []):
                return field.key, f"请填写“{field.label}”。"
            if value in ("", None, []):
                continue
            reason = (field.check(value) if field.check is not None
                      else _date_problem(field.label, value) if field.kind == "date" else None)
            if reason:
                return field.key, reason
        return None

    def revalidate(self, *_args: Any) -> None:
        """Enable OK only when nothing is missing; say what is missing or wrong."""
        found = self.problem()
        self.ok_button.setEnabled(found is None)
        if found is None:
            self.status.say(self.hint)
        else:  # a missing field is a hint (grey); a failed check is an error (red)
            key, text = found
            self.status.say(text, error=self.read_editor(self.editors[key]) not in ("", None, []))

    def refuse(self, exc: BaseException) -> None:
        """Show a refusal in the status line; focus the field it names (input is kept)."""
        show_refusal(self, self.status, exc, self.editors)

    def accept(self) -> None:
        """OK: if core accepts the values, close; otherwise say why and stay open."""
        if self.problem() is not None:
            self.revalidate()
            return
        if self.confirm is not None and not widgets.confirm_irreversible(
                self, self.windowTitle(), self.confirm(self.values()), self.ok_button.text()):
            self.status.say("没有执行。可以修改后再按“" + self.ok_button.text() + "”。")
            return
        if self.submit is not None:
            try:
                self.result_value = clock_reason.call(self, self.submit, self.values())
            except JiedaoError as exc:
                self.refuse(exc)
                return
            except sqlite3.Error as exc:
                if faults.storage_error(exc) is None:
                    raise
                self.refuse(exc)
                return
        super().accept()


# The widest a label of a form stands, in characters: the labels' column is as wide as its
# longest label, so one long label (改正期限（如 2026-12-31）（必填）) would take the inputs'
# room in every row; a longer label wraps onto more lines instead.
LABEL_CHARS = 10


def form_label(text: str) -> QLabel:
    """A form label at its natural width; longer than ``LABEL_CHARS`` characters it wraps
    onto as many lines as it needs, the lines about equally long."""
    label = QLabel(text)
    metrics = label.fontMetrics()
    natural = metrics.horizontalAdvance(text)
    widest = metrics.horizontalAdvance("中") * LABEL_CHARS
    if natural > widest:
        lines = -(-natural // widest)
        # a line breaks only where it may (not inside 2026-12-31): leave room for that
        width = min(widest, natural // lines + metrics.horizontalAdvance("中") * 2)
        label.setWordWrap(True)
        label.setFixedWidth(width)
        label.setToolTip(text)
    return label


def show_refusal(dialog: QWidget, status: Banner, exc: BaseException,
                 editors: dict[str, QWidget] | None = None) -> None:
    """A refusal from core as one sentence in a dialog's status line; the field it names
    (``ValidationError.field``, a key of ``editors``) gets the focus. Nothing typed is lost."""
    exc = faults.storage_error(exc) or exc
    if isinstance(exc, PermissionDenied):
        widgets.note_refusal(exc, dialog.windowTitle())
    status.say(widgets.error_text(exc), error=True)
    key = getattr(exc, "field", None)
    if editors and key in editors:
        editors[key].setFocus()


def submit_in(dialog: QWidget, status: Banner, fn: Callable[..., Any], *args: Any,
              editors: dict[str, QWidget] | None = None, **kwargs: Any) -> tuple[bool, Any]:
    """Call one core function from a dialog's OK: (True, result), or (False, None) after
    showing the refusal in ``status`` (for dialogs laid out by hand, not by ``FormDialog``)."""
    try:
        return True, clock_reason.call(dialog, fn, *args, **kwargs)
    except JiedaoError as exc:
        show_refusal(dialog, status, exc, editors)
    except sqlite3.Error as exc:
        if faults.storage_error(exc) is None:
            raise
        show_refusal(dialog, status, exc, editors)
    return False, None


def ask(parent: QWidget | None, title: str, fields: Sequence[Field],
        submit: Callable[[dict], Any] | None = None, hint: str = "",
        ok_text: str = "确定",
        confirm: Callable[[dict], str] | None = None) -> FormDialog | None:
    """Show a form until core accepts it or the user cancels.

    Returns:
        The accepted dialog (``values()``, ``result_value``), or None when cancelled.
    """
    dialog = FormDialog(title, fields, parent, submit, hint, ok_text, confirm)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return dialog if accepted else None


def precheck(parent: QWidget | None, title: str, reason: str | None) -> bool:
    """Whether a step may open its form: ``reason`` is core's answer (None = possible).

    A reason is shown once, before anything is typed.
    """
    if reason:
        widgets.show_error(parent, Conflict(reason), title)
        return False
    return True


def ask_text(parent: QWidget | None, title: str, prompt: str, text: str = "",
             consequence: str = "") -> str | None:
    """Ask for one line of text that must not be empty (e.g. a void reason); None when
    cancelled. ``consequence``: for a step that cannot be undone, what it does (asked with
    ``widgets.confirm_irreversible`` before the dialog closes; declining keeps what was typed).
    Pages call it through the module (``forms.ask_text``) so tests can answer it."""
    dialog = FormDialog(title, [Field("text", prompt.rstrip("：:").strip(), start=text or None,
                                      required=True)], parent,
                        confirm=(lambda _v: consequence) if consequence else None)
    accepted = dialog.exec() == FormDialog.DialogCode.Accepted
    value = dialog.values()["text"]
    dialog.deleteLater()
    return value if accepted else None
