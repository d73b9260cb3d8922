# SPDX-License-Identifier: MIT
"""Dialogs of the 接诉即办 page: a small field form, the column mapping, the 三率 table."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.domains.hotline import importing as hotline_import
from jiedao_desk.domains.hotline import reports as hotline_reports
from jiedao_desk.domains.hotline.model import RateRow
from jiedao_desk.exports.importer import normalize_header
from jiedao_desk.ui.kit import forms


class HotlineFormDialog(forms.FormDialog):
    """A form of a few fields: ``fields`` = [(key, label, kind, options)].

    kind: "line" (options: default text), "text", "choice" (options: [(text, data)]),
    "check", "int" (options: (min, max)). ``required``: keys that must be filled before OK;
    ``submit``: the core call taking the values (a refusal keeps the dialog open).
    """

    def __init__(self, title: str, fields: list[tuple[str, str, str, Any]],
                 parent: QWidget | None = None, submit: Callable[[dict], Any] | None = None,
                 required: Collection[str] = (), confirm: Callable[[dict], str] | None = None):
        super().__init__(title, [_field(f, f[0] in required) for f in fields], parent,
                         submit, confirm=confirm)

    def values(self) -> dict[str, Any]:
        """The entered values by key (multi-line text as typed)."""
        out = super().values()
        for key, w in self.editors.items():
            if isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText()
        return out


def _field(spec: tuple[str, str, str, Any], required: bool) -> forms.Field:
    key, label, kind, options = spec
    if kind == "choice":
        return forms.Field(key, label, list(options), required=required)
    if kind == "int":
        return forms.Field(key, label, "int", options[0], required, limits=tuple(options))
    return forms.Field(key, label, kind, options if kind == "line" else None, required)


class MappingDialog(QDialog):
    """Map each header of a city export to a ticket field and save the mapping by name."""

    def __init__(self, headers: list[str], current: dict[str, str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("调整列对应关系")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：区平台2026")
        self.table = QTableWidget(len(headers), 2)  # one row per header: a few dozen at most
        self.table.setHorizontalHeaderLabels(["文件中的列", "对应字段"])
        self.combos: list[tuple[str, QComboBox]] = []
        norm = {normalize_header(h): k for h, k in current.items()}
        for i, h in enumerate(headers):
            self.table.setItem(i, 0, QTableWidgetItem(h))
            combo = QComboBox()
            combo.addItem("（不对应：原样保存）", "")
            for key, label in hotline_import.FIELD_LABELS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(norm.get(
                normalize_header(h), "")), 0))
            self.table.setCellWidget(i, 1, combo)
            self.combos.append((h, combo))
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(1, 200)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("市平台导出文件的表头没有公开标准，请核对每一列对应的字段；"
                                "没有对应的列会原样保存在工单中。"))
        form = QFormLayout()
        form.addRow("保存为：", self.name)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(460, 520)

    def mapping(self) -> dict[str, str]:
        """{header: field key} of the mapped headers."""
        return {h: c.currentData() for h, c in self.combos if c.currentData()}


RATE_HEADERS = hotline_reports.RATE_HEADERS[1:]  # the export's columns without 月份


class RatesDialog(QDialog):
    """The month's 三率 table (a row per community plus the street; small, so a QTableWidget)."""

    def __init__(self, month: str, rows: list[RateRow], parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"{month} 三率")
        self.table = QTableWidget(len(rows), len(RATE_HEADERS))
        self.table.setHorizontalHeaderLabels(list(RATE_HEADERS))
        for i, r in enumerate(rows):
            cells = (r.unit, r.received, r.closed, r.valid_visits, r.contacted, r.solved,
                     r.satisfied, r.basic, r.excluded, r.response_rate, r.resolution_rate,
                     r.satisfaction_rate, r.score)
            for j, v in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem("—" if v is None else str(v)))
        note = QLabel("公式：响应率=联系数/有效回访，解决率=解决数/有效回访，"
                      "满意率=(满意+系数×基本满意)"
                      "/有效回访；综合成绩按设置中的权重。默认权重与系数取自某区统计代码，非官方"
                      "（参考资料 §6）。不纳入考核的工单单列，不计入有效回访。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        for j in range(len(RATE_HEADERS)):
            self.table.setColumnWidth(j, 90 if j == 0 else 72)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(1000, 320)
