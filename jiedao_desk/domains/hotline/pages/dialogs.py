# SPDX-License-Identifier: MIT
"""Dialogs of the 接诉即办 page: a small field form, the column mapping, the 三率 table."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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


class MappingDialog(forms.FormDialog):
    """Map each header of a city export to a ticket field and save the mapping by name.

    The app's form dialog: 保存 waits until the mapping has a name and the 工单编号 and
    受理时间 columns are chosen (the status line says which is missing); core's refusal is
    said there and keeps every choice made.

    Args:
        headers: the header row of the chosen file.
        current: the mapping in use {header: field key} (its choices are preselected).
        submit: the core call taking ``values()`` (name, mapping); None: 保存 only closes.
    """

    def __init__(self, headers: list[str], current: dict[str, str], parent=None,
                 submit: Callable[[dict], Any] | None = None):
        super().__init__("调整列对应关系", [forms.Field("name", "保存为", required=True,
                                                  check=_name_check)],
                         parent, submit, ok_text="保存",
                         note="市平台导出文件的表头没有公开标准，请核对每一列对应的字段；"
                              "没有对应的列会原样保存在工单中。")
        name = self.editors["name"]
        assert isinstance(name, QLineEdit)
        self.name: QLineEdit = name
        self.name.setPlaceholderText("如：区平台2026")
        self.table = QTableWidget(len(headers), 2)  # one row per header: a few dozen at most
        self.table.setHorizontalHeaderLabels(["文件中的列", "对应字段"])
        self.table.setAccessibleName("列对应关系")
        self.combos: list[tuple[str, QComboBox]] = []
        norm = {normalize_header(h): k for h, k in current.items()}
        for i, h in enumerate(headers):
            self.table.setItem(i, 0, QTableWidgetItem(h))
            combo = QComboBox()
            combo.setAccessibleName(f"“{h}”对应的字段")
            combo.addItem("（不对应：原样保存）", "")
            for key, label in hotline_import.FIELD_LABELS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(norm.get(
                normalize_header(h), "")), 0))
            combo.currentIndexChanged.connect(self.revalidate)
            self.table.setCellWidget(i, 1, combo)
            self.combos.append((h, combo))
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(1, 220)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.table, 1)  # between the name and the status line
        self.resize(480, 540)
        self.revalidate()

    def mapping(self) -> dict[str, str]:
        """{header: field key} of the mapped headers."""
        return {h: c.currentData() for h, c in getattr(self, "combos", [])
                if c.currentData()}

    def values(self) -> dict[str, Any]:
        """The name and the mapping."""
        return {**super().values(), "mapping": self.mapping()}

    def problem(self) -> tuple[str, str] | None:
        """A missing name, or a mapping core would refuse (e.g. no 工单编号 column)."""
        found = super().problem()
        if found is None and hasattr(self, "combos"):
            missing = hotline_import.mapping_problem(self.mapping())
            if missing:
                return "name", missing
        return found


def _name_check(value: str) -> str | None:
    return "名称最多30字。" if len(value) > 30 else None


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
