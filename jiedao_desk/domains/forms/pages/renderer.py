# SPDX-License-Identifier: MIT
"""Turn a form definition (definitions.FormDef) into widgets — no per-form code.

Each field gets an editor and a red message line; every change is checked at once with
values.check_value, so a mistake shows while typing. Choosing a resident fills the fields that
reference it (entries.prefill_row).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError, ValidationError
from jiedao_desk.domains import org as core_org
from jiedao_desk.domains.forms import entries as forms_entries
from jiedao_desk.domains.forms.definitions import FieldDef, FormDef
from jiedao_desk.domains.forms.values import check_row, check_value, is_empty
from jiedao_desk.store import Store

_PLACEHOLDERS = {"date": "如 2026-10-05", "id_card": "18位身份证号", "phone": "手机或固定电话",
                 "integer": "整数", "decimal": "数字"}


class ResidentPicker(QWidget):
    """Search the resident register of one community and pick one resident."""

    changed = Signal()

    def __init__(self, store: Store, actor: Actor, community_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor, self.community_id = store, actor, community_id
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名或住址查找")
        self.button = QPushButton("查找")
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(16)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.button)
        lay.addWidget(self.combo, 1)
        self.button.clicked.connect(self.find_residents)
        self.search.returnPressed.connect(self.find_residents)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.combo.addItem("（未选择）", None)

    def find_residents(self) -> None:
        """Fill the list with matching residents."""
        try:
            found = forms_entries.find_residents(self.store, self.actor, self.community_id,
                                                 self.search.text())
        except JiedaoError:
            found = []
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("（未选择）" if found else "（没有找到）", None)
        for rid, label in found:
            self.combo.addItem(label, rid)
        self.combo.blockSignals(False)
        if len(found) == 1:
            self.combo.setCurrentIndex(1)
        else:
            self.changed.emit()

    def value(self) -> int | None:
        """The chosen resident id."""
        return self.combo.currentData()

    def set_value(self, resident_id: Any) -> None:
        """Show a saved resident."""
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("（未选择）", None)
        if not is_empty(resident_id):
            try:
                label = forms_entries.resident_label(self.store, self.actor, int(resident_id))
            except (JiedaoError, ValueError):
                label = f"编号 {resident_id}"
            self.combo.addItem(label, int(resident_id))
            self.combo.setCurrentIndex(1)
        self.combo.blockSignals(False)


# the editor of one field: a text line, a list (choice, community) or a resident picker
Editor = QLineEdit | QComboBox | ResidentPicker


class FormRenderer(QWidget):
    """Editors for one row of a form, with checks as you type.

    Args:
        form: the definition.
        store / actor: for communities, residents and prefill.
        community_id: the community being filled (default of community fields; residents are
            searched there).
    """

    changed = Signal()

    def __init__(self, form: FormDef, store: Store, actor: Actor, community_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.form, self.store, self.actor, self.community_id = form, store, actor, community_id
        self.editors: dict[str, Editor] = {}
        self.messages: dict[str, QLabel] = {}
        self._loading = False
        self._communities = core_org.list_communities(store)
        self.row_message = QLabel()
        self.row_message.setStyleSheet("color: #b00020;")
        self.row_message.setWordWrap(True)
        layout = QFormLayout()
        for f in form.fields:
            editor = self._editor(f)
            message = QLabel()
            message.setStyleSheet("color: #b00020;")
            message.setVisible(False)
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(editor)
            box.addWidget(message)
            if f.help:
                editor.setToolTip(f.help)
            label = QLabel(("* " if f.required else "") + f.label + "：")
            if f.help:
                label.setToolTip(f.help)
            layout.addRow(label, box)
            self.editors[f.id] = editor
            self.messages[f.id] = message
        outer = QVBoxLayout(self)
        outer.addLayout(layout)
        outer.addWidget(self.row_message)
        outer.addStretch(1)
        self.clear()

    # -- building ------------------------------------------------------------------------
    def _editor(self, f: FieldDef) -> Editor:
        if f.type == "choice":
            return self._combo(f, [(c, c) for c in f.choices])
        if f.type == "community":
            return self._combo(f, [(c.name, c.id) for c in self._communities])
        if f.type == "resident":
            picker = ResidentPicker(self.store, self.actor, self.community_id)
            picker.changed.connect(lambda fid=f.id: self._resident_chosen(fid))
            return picker
        line = QLineEdit()
        line.setPlaceholderText(f.help if f.type == "text" and f.help else
                                _PLACEHOLDERS.get(f.type, ""))
        if f.max_length:
            line.setMaxLength(f.max_length + 10)  # let the check say "too long" instead of cutting
        line.textChanged.connect(lambda _t, fid=f.id: self._edited(fid))
        return line

    def _combo(self, f: FieldDef, items: list[tuple[str, Any]]) -> QComboBox:
        """A list to choose from: an empty first entry, then (label, data) items."""
        combo = QComboBox()
        combo.addItem("", None)
        for label, data in items:
            combo.addItem(label, data)
        combo.currentIndexChanged.connect(lambda _i, fid=f.id: self._edited(fid))
        return combo

    # -- values --------------------------------------------------------------------------
    def raw_value(self, field_id: str) -> Any:
        """What the editor of a field holds (text, or the id chosen in a list)."""
        w = self.editors[field_id]
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, ResidentPicker):
            return w.value()
        return w.currentData()

    def values(self) -> dict[str, Any]:
        """The row as typed, empty fields left out."""
        return {fid: v for fid in self.editors if not is_empty(v := self.raw_value(fid))}

    def set_values(self, row: dict[str, Any]) -> None:
        """Show a saved row (then check it)."""
        self._loading = True
        try:
            for f in self.form.fields:
                w, v = self.editors[f.id], row.get(f.id)
                if isinstance(w, QLineEdit):
                    w.setText("" if v is None else str(v))
                elif isinstance(w, ResidentPicker):
                    w.set_value(v)
                else:
                    w.setCurrentIndex(max(w.findData(v), 0) if v is not None else 0)
        finally:
            self._loading = False
        self.check_all(show_required=False)

    def clear(self) -> None:
        """An empty row; community fields default to the community being filled."""
        defaults = {f.id: self.community_id for f in self.form.fields if f.type == "community"}
        self.set_values(defaults)

    def set_read_only(self, read_only: bool) -> None:
        """Lock the editors (a submitted entry)."""
        for w in self.editors.values():
            w.setEnabled(not read_only)

    # -- checks --------------------------------------------------------------------------
    def _check(self, f: FieldDef, show_required: bool = True) -> str:
        value = self.raw_value(f.id)
        if is_empty(value) and not show_required:
            return ""
        try:
            check_value(f, value, community_ids={c.id for c in self._communities})
        except ValidationError as e:
            return e.message
        return ""

    def _show(self, field_id: str, message: str) -> None:
        label = self.messages[field_id]
        label.setText(message)
        label.setVisible(bool(message))

    def _edited(self, field_id: str) -> None:
        if self._loading:
            return
        self._show(field_id, self._check(self.form.field(field_id)))
        self.changed.emit()

    def _resident_chosen(self, field_id: str) -> None:
        if self._loading:
            return
        self._edited(field_id)
        try:
            filled = forms_entries.prefill_row(self.store, self.actor, self.form, self.values())
        except JiedaoError:
            return
        self._loading = True
        try:
            for f in self.form.fields:
                editor = self.editors[f.id]
                if f.prefill.startswith(field_id + ".") and filled.get(f.id) and isinstance(
                        editor, QLineEdit) and not self.raw_value(f.id):
                    editor.setText(str(filled[f.id]))
        finally:
            self._loading = False
        for f in self.form.fields:
            if f.prefill.startswith(field_id + "."):
                self._show(f.id, self._check(f, show_required=False))

    def check_all(self, show_required: bool = True) -> dict[str, str]:
        """Check every field (and, when all pass, the cross-field checks); show the messages."""
        errors: dict[str, str] = {}
        for f in self.form.fields:
            msg = self._check(f, show_required)
            self._show(f.id, msg)
            if msg:
                errors[f.id] = msg
        self.row_message.setText("")
        if not errors and show_required:
            _clean, row_errors = check_row(self.form, self.values(),
                                           community_ids={c.id for c in self._communities})
            if "_row" in row_errors:
                errors["_row"] = row_errors["_row"]
                self.row_message.setText(row_errors["_row"])
        return errors
