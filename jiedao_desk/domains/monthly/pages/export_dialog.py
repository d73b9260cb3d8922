# SPDX-License-Identifier: MIT
"""导出月报 dialog: the monthly workbook, a district template by a saved mapping, or the PDF
summary; the work runs on the worker thread with a progress dialog (ui.tasks)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.monthly import mappings as monthly_mappings
from jiedao_desk.domains.monthly import pdf as monthly_pdf
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.domains.monthly import template as monthly_template
from jiedao_desk.domains.monthly import workbook as monthly_xlsx
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import tasks, ui_state, widgets

KINDS = (("xlsx", "月报工作簿（标准格式）"), ("template", "区里下发的模板（按已保存的对应关系）"),
         ("pdf", "月报摘要 PDF（可打印）"))


def _path_row(edit: QLineEdit, pick) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    button = QPushButton("浏览…")
    button.clicked.connect(pick)
    row.addWidget(button)
    return box


class MonthlyExportDialog(QDialog):
    """Choose month, kind and file, then export on the worker thread."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出月报")
        self.store, self.actor = store, actor
        self.task: tasks.Task | None = None
        self.done_text = ""
        self.month = QLineEdit(monthly.previous_month(clock.today().isoformat()[:7]))
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.mapping = QComboBox()
        ok, items = widgets.call_core(self, monthly_mappings.list_mappings, store, actor)
        for m in (items or []) if ok else []:
            self.mapping.addItem(m.name)
        self.template = QLineEdit()
        self.output = QLineEdit()
        form = QFormLayout(self)
        form.addRow("月份（如 2026-10）", self.month)
        form.addRow("导出内容", self.kind)
        form.addRow("对应关系", self.mapping)
        form.addRow("区里模板", _path_row(self.template, self._pick_template))
        form.addRow("保存到", _path_row(self.output, self._pick_output))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("导出")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        is_template = self.kind.currentData() == "template"
        self.mapping.setEnabled(is_template)
        self.template.setEnabled(is_template)
        if is_template and not self.mapping.count():
            self.mapping.setPlaceholderText("（尚未保存对应关系：请管理员先保存区里模板的单元格对应关系）")

    def _pick_template(self) -> None:
        path = ui_state.open_file_name(self, "选择区里的模板", "Excel (*.xlsx)")
        if path:
            self.template.setText(path)

    def _pick_output(self) -> None:
        ext = "pdf" if self.kind.currentData() == "pdf" else "xlsx"
        path = ui_state.save_file_name(
            self, "保存月报", f"月报{self.month.text().strip()}.{ext}", f"*.{ext}")
        if path:
            self.output.setText(path)

    def start(self) -> None:
        """Check the inputs and run the export on the worker thread."""
        month, out = self.month.text().strip(), self.output.text().strip()
        kind = self.kind.currentData()
        try:
            if not out:
                raise ValidationError("请选择保存位置。")
            if kind == "template" and not (self.mapping.currentText() and
                                           self.template.text().strip()):
                raise ValidationError("请选择区里的模板和已保存的对应关系。")
        except ValidationError as e:
            widgets.show_error(self, e)
            return
        if Path(out).exists() and not widgets.confirm_irreversible(
                self, "导出月报", f"“{Path(out).name}”已存在，导出 {month} 月报将覆盖它，"
                "原文件不能找回。", "覆盖"):
            return
        open_store = tasks.store_factory(self.store.path)
        actor, mapping, template = self.actor, self.mapping.currentText(), self.template.text()

        def work(progress):
            with open_store() as s:
                if kind == "pdf":
                    return monthly_pdf.export_pdf(s, actor, month, out, progress)
                if kind == "template":
                    return monthly_template.export_template(s, actor, month, template, mapping,
                                                            out, progress)
                return monthly_xlsx.export_monthly(s, actor, month, out, progress)

        self.task = tasks.run_task(self, "正在导出月报…", work, on_done=self._done,
                                   disable=[self.ok_button])

    def _done(self, _result) -> None:
        self.done_text = f"已导出：{Path(self.output.text()).name}"
        self.accept()
