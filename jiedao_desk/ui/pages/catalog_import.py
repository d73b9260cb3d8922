# SPDX-License-Identifier: MIT
"""导入参考目录 dialog: choose a file → see what it adds, changes and removes → confirm.

The preview is core's own check (``catalog.preview_import``: the whole file is read and
validated, nothing written), so a file the dialog accepts is one the import accepts; the
import itself is ``catalog.import_version``, one audited transaction. The 发文机关 and 文号
typed here are stored with the version (official annexes rarely carry them in the file).
Every problem is shown in the dialog in Chinese; what the user typed stays.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ImportRejected, JiedaoError
from jiedao_desk.core import catalog
from jiedao_desk.core.catalog import ImportPreview, ImportResult
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import ui_state

FILE_FILTER = "参考目录文件 (*.toml *.xlsx)"
CHANGE_COLOURS = {"新增": QColor("#e7f5e9"), "修改": QColor("#fff4e5"), "删除": QColor("#fde8e8")}
ERROR_STYLE = "color: #b91c1c; background: #fde8e8; padding: 4px;"


class CatalogImportDialog(QDialog):
    """Preview then import one catalog version file.

    Attributes:
        preview: the checked preview of the chosen file (None before one passed).
        import_result: the import's result once done (None before).
        last_error: the Chinese text of the last refusal shown (kept for tests).
    """

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None,
                 path: str | Path | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.path: Path | None = None
        self.last_error = ""
        self.setWindowTitle("导入参考目录新版本")

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("请选择参考目录文件（.toml 或 Excel .xlsx）")
        self.path_edit.setAccessibleName("文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件："))
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose_button)

        self.summary = QLabel("选择文件后，先显示新版本与现行版本相比新增、修改、删除的条目，"
                              "确认后才导入。")
        self.summary.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.table = self._build_table()

        self.issuer = QLineEdit()
        self.issuer.setMaxLength(100)
        self.issuer.setPlaceholderText("如：北京市民政局（未知可留空）")
        self.issuer.setAccessibleName("发文机关")
        self.doc_number = QLineEdit()
        self.doc_number.setMaxLength(60)
        self.doc_number.setPlaceholderText("如：京民发〔2026〕1号（未知可留空）")
        self.doc_number.setAccessibleName("文号")
        form = QFormLayout()
        form.addRow("发文机关：", self.issuer)
        form.addRow("文号：", self.doc_number)

        self.import_button = QPushButton("确认导入")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(bottom)
        self.setTabOrder(self.choose_button, self.issuer)
        self.setTabOrder(self.issuer, self.doc_number)
        self.setTabOrder(self.doc_number, self.import_button)
        ui_state.fit(self, self.sizeHint().expandedTo(QSize(860, 560)))
        if path is not None:
            self.load_file(path)

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels(["变化", "序号", "条目内容", "原内容"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        wide = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((4, 4, 22)):
            table.setColumnWidth(col, wide * chars + 16)
        return table

    # -- choosing and previewing -----------------------------------------------------------
    def choose_file(self) -> None:
        path = ui_state.open_file_name(self, "选择参考目录文件", FILE_FILTER)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> ImportPreview | None:
        """Check ``path`` and show its changes; None (with the reason shown) when refused."""
        self.path = Path(path)
        self.path_edit.setText(self.path.name)  # the name is what the user recognises
        self.path_edit.setToolTip(str(self.path))
        self.preview = None
        self.import_button.setEnabled(False)
        self.table.setRowCount(0)
        try:
            preview = catalog.preview_import(self.store, self.actor, path)
        except JiedaoError as exc:
            self._refuse(exc)
            self.summary.setText("文件未通过检查，没有导入任何内容。请按下面的提示修改文件后重新选择。")
            return None
        self.error.hide()
        self.preview = preview
        v = preview.parsed.version
        # The file's own values are the starting point; what the user already typed stays.
        if not self.issuer.text().strip():
            self.issuer.setText(v.issuer)
        if not self.doc_number.text().strip():
            self.doc_number.setText(v.doc_number)
        self.summary.setText(_summary(preview))
        self._fill_table(preview)
        self.import_button.setEnabled(not preview.same)
        return preview

    def _fill_table(self, preview: ImportPreview) -> None:
        rows = [("新增", c) for c in preview.added] + [("修改", c) for c in preview.changed] \
            + [("删除", c) for c in preview.removed]
        self.table.setRowCount(len(rows))
        for r, (what, change) in enumerate(rows):
            cells = (what, str(change.seq), change.text, change.before)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(QBrush(CHANGE_COLOURS[what]))
                if col >= 2 and text:
                    item.setToolTip(text)
                self.table.setItem(r, col, item)

    def _refuse(self, exc: JiedaoError) -> None:
        text = exc.message
        if isinstance(exc, ImportRejected) and exc.errors:
            text += "\n" + "\n".join(f"第{e.row}行 {e.column}：{e.message}"
                                     for e in exc.errors[:30])
            if len(exc.errors) > 30:
                text += f"\n……共 {len(exc.errors)} 处错误"
        self.last_error = text
        self.error.setText(text)
        self.error.show()

    # -- importing -------------------------------------------------------------------------
    def run_import(self) -> ImportResult | None:
        """Import the previewed file with the typed 发文机关 and 文号; stay open on refusal."""
        if self.preview is None or self.path is None:
            return None
        try:
            self.import_result = catalog.import_version(
                self.store, self.actor, self.path, issuer=self.issuer.text(),
                doc_number=self.doc_number.text(),
                on_calendar_change=registry.calendar_changed)
        except JiedaoError as exc:
            self._refuse(exc)
            return None
        except OSError as exc:  # the file vanished or became unreadable after the preview
            self._refuse(JiedaoError(f"无法读取文件：{exc.strerror or exc}，没有导入任何内容。"))
            return None
        self.accept()
        return self.import_result


def _summary(p: ImportPreview) -> str:
    v = p.parsed.version
    head = (f"《{v.title}》新版本“{v.label}”，{len(p.parsed.items)}项，"
            f"置信度：{v.confidence_label}。")
    if p.same:
        return head + "这个版本已经导入过（内容相同），无需再次导入。"
    if p.base is None:
        return head + "这是一个新目录，全部条目都是新增。"
    counts = f"新增 {len(p.added)} 项、修改 {len(p.changed)} 项、删除 {len(p.removed)} 项"
    which = "现行" if p.base.in_force_on(clock.today()) else "最近的"
    which += "示例" if catalog.is_sample(p.base) else ""
    base = f"与{which}版本“{p.base.label}”相比：{counts}。"
    after = ("导入后按生效日期决定哪个版本现行；旧版本保留，不会删除。" if p.added or p.changed
             or p.removed else "条目与该版本相同。")
    return head + base + after

