# SPDX-License-Identifier: MIT
"""导入 dialog: choose an .xlsx file, check every row first, then import it as one transaction.

The check is the importer's own dry run (``core.imports.run_import(dry_run=True)``), so
what the dialog promises is exactly what the import will do: any problem in any row rejects
the whole file and nothing is written; the row-by-row errors are listed here and saved as an
error report next to the file. Both steps run on the worker thread with its own connection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ImportRejected, JiedaoError
from jiedao_desk.core import imports as importer
from jiedao_desk.core.imports import ImportSpec
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import saved, tasks, ui_state, widgets

MAX_SHOWN_ERRORS = 1000  # the saved report has all of them
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def save_template(parent: QWidget | None, spec: ImportSpec, path: str | Path | None = None
                  ) -> Path | None:
    """Ask where to save the blank import template of ``spec`` and write it.

    Returns:
        The written file, or None when cancelled or on an error (shown to the user).
    """
    if path is None:
        chosen = ui_state.save_file_name(parent, "保存导入模板",
                                         f"{spec.title}导入模板.xlsx", XLSX_FILTER)
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    try:
        importer.write_template(spec, target)
    except (OSError, JiedaoError) as exc:
        widgets.show_error(parent, exc if isinstance(exc, JiedaoError) else
                           JiedaoError(f"无法保存模板 {target}：{exc}"))
        return None
    saved.offer_open(parent, target, "导入模板",
                     "已保存导入模板。红色表头为必填列；“说明”页列出每一列的要求。")
    return target


class ImportDialog(QDialog):
    """Check then import one file for an import (e.g. the residents' ``ImportSpec``).

    Attributes:
        import_result: the ``ImportResult`` of the real import once done (None before).
        checked: the dry-run result of the file now chosen, if it passed.
        errors: the row errors of the last check.
        report_path: where the last error report was saved.
    """

    def __init__(self, store: Store, actor: Actor, spec: ImportSpec,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor, self.spec = store, actor, spec
        self.import_result: importer.ImportResult | None = None
        self.checked: importer.ImportResult | None = None
        self.errors: list = []
        self.report_path: Path | None = None
        self.task: tasks.Task | None = None
        self.setWindowTitle(f"导入{self.spec.title}")

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("请选择 Excel (.xlsx) 文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton("下载导入模板…")
        self.template_button.clicked.connect(lambda: save_template(self, self.spec))
        top = QHBoxLayout()
        top.addWidget(QLabel("文件："))
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.template_button)

        self.summary = QLabel("先检查文件的每一行；只要有一处错误，就不会导入任何记录。")
        self.summary.setWordWrap(True)
        self.errors_table = QTableWidget(0, 3)
        self.errors_table.setHorizontalHeaderLabels(["行号", "列", "问题"])
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors_table.verticalHeader().setVisible(False)
        self.errors_table.setWordWrap(False)
        header = self.errors_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        digit = self.fontMetrics().horizontalAdvance("0")
        self.errors_table.setColumnWidth(0, digit * 8)
        self.errors_table.setColumnWidth(1, self.fontMetrics().horizontalAdvance("中") * 8)
        self.errors_table.hide()
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label.hide()

        self.check_button = QPushButton("检查文件")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.run_check)
        self.import_button = QPushButton("确认导入")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for b in (self.check_button, self.import_button, self.close_button):
            bottom.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors_table, 100)
        layout.addWidget(self.report_label)
        layout.addStretch(1)  # keeps the summary at the top while the error table is hidden
        layout.addLayout(bottom)
        self.resize(760, 460)

    # -- steps ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        """Ask for the file, then check it at once."""
        path = ui_state.open_file_name(self, f"选择要导入的{self.spec.title}文件", XLSX_FILTER)
        if path:
            self.set_file(path)
            self.run_check()

    def set_file(self, path: str | Path) -> None:
        """Choose the file to import (forgets the previous check)."""
        self.path_edit.setText(str(path))
        self.checked = None
        self.import_button.setEnabled(False)
        self.check_button.setEnabled(True)

    def _run(self, title: str, dry_run: bool, on_done: Callable[[Any], None]) -> None:
        path = Path(self.path_edit.text())
        spec, actor = self.spec, self.actor
        busy = [self.choose_button, self.check_button, self.import_button, self.close_button]

        def call(store: Store, progress) -> importer.ImportResult:
            return importer.run_import(store, actor, spec, path, dry_run=dry_run,
                                       progress=progress)

        if self.store.path is None:  # an in-memory store (tests): no other thread can see it
            try:
                on_done(call(self.store, None))
            except JiedaoError as exc:
                self._failed(exc)
            return
        open_store = tasks.store_factory(self.store.path)

        def work(progress):
            with open_store() as s:
                return call(s, progress)

        self.task = tasks.run_task(self, title, work, on_done=on_done, on_error=self._failed,
                                   disable=busy)

    def run_check(self) -> None:
        """Dry run of the import: shows the row errors, or how many rows can be imported."""
        if not self.path_edit.text():
            return
        self.import_button.setEnabled(False)
        self._run("正在检查文件…", True, self._checked)

    def run_import(self) -> None:
        """The real import (after a passed check): one transaction, safety backup first."""
        if self.checked is None:
            return
        self._run(f"正在导入{self.spec.title}…", False, self._imported)

    # -- outcomes (GUI thread) -----------------------------------------------------------
    def _show_errors(self, errors: list) -> None:
        self.errors = list(errors)
        shown = self.errors[:MAX_SHOWN_ERRORS]
        self.errors_table.setRowCount(len(shown))
        for r, e in enumerate(shown):
            for c, text in enumerate((str(e.row), e.column, e.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.errors_table.setItem(r, c, item)
        self.errors_table.setVisible(bool(shown))

    def _checked(self, result: importer.ImportResult) -> None:
        self.checked = result
        self._show_errors([])
        self.report_label.hide()
        self.summary.setText(f"检查通过：{result.rows:,} 行可以导入。点“确认导入”写入"
                             "（导入前自动备份当前数据）。")
        self.summary.setStyleSheet("color: #15803d; font-weight: bold;")
        self.import_button.setEnabled(True)
        self.import_button.setDefault(True)

    def _failed(self, exc: BaseException) -> None:
        self.checked = None
        self.import_button.setEnabled(False)
        if not isinstance(exc, ImportRejected):
            self.summary.setText("操作未完成。")
            widgets.show_error(self, exc)
            return
        self._show_errors(exc.errors)
        first = exc.message.split("\n", 1)[0]
        more = (f"（下表列出前 {MAX_SHOWN_ERRORS:,} 处）" if len(exc.errors) > MAX_SHOWN_ERRORS
                else "")
        self.summary.setText(f"{first}{more}")
        self.summary.setStyleSheet("color: #b91c1c; font-weight: bold;")
        self.report_path = getattr(exc, "report_path", None)
        if self.report_path:
            self.report_label.setText(f"错误报告（含每行原值）已保存：{self.report_path}\n"
                                      "请改正原文件后重新选择文件检查。")
        else:
            self.report_label.setText("错误报告未能保存（文件夹可能只读）；请按上表改正原文件。")
        self.report_label.show()

    def _imported(self, result: importer.ImportResult) -> None:
        self.import_result = result
        text = f"已导入 {result.imported:,} 条{self.spec.title}记录。"
        if result.backup:
            text += f"\n导入前的安全备份：{result.backup}"
        QMessageBox.information(self, "导入完成", text)
        self.accept()
