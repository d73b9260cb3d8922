# SPDX-License-Identifier: MIT
"""参考目录 page: catalogs and their versions, each version's provenance and items.

Catalogs are small (tens of items), so the tree is filled whole and the items model holds
its list in memory. Imports of a catalog file are small too and run on the UI thread.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ImportRejected, JiedaoError
from jiedao_desk.core import auth, catalog, catalog_samples, catalog_text, wording_files
from jiedao_desk.core.catalog import CatalogItem, CatalogVersion, ImportResult
from jiedao_desk.domains.access import KIND_LABELS as DUTY_KINDS  # own/assist in words
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import saved, ui_state, widgets
from jiedao_desk.ui.pages.catalog_import import CatalogImportDialog

WARN_FG = QColor("#b45309")  # amber: "unknown" versions must not look like confirmed lists
WARN_BG = QColor("#fff4e5")
VOID_FG = QColor("#8a8a8a")
SAMPLE_STYLE = "color: #ffffff; background: #7c3aed; padding: 6px; font-weight: bold;"
SAMPLE_BANNER = ("【示例】这是培训用的示例清单，不是正式清单，条目不出自任何正式文件。"
                 "按它做的准入比对和开具的证明都标明【示例】、不具有效力。"
                 "取得正式清单后请用“导入新版本…”导入，示例随之退出现行；也可点“移除示例清单”。")
VERSION_ID = Qt.ItemDataRole.UserRole
MAX_SHOWN_ERRORS = 15  # more go to the message box's "详细信息"


class CatalogItemsModel(QAbstractTableModel):
    """The items of one catalog version (whole list in memory: catalogs are small)."""

    HEADERS = ("序号", "编码", "内容", "分类", "备注", "附加信息")
    LONG_COLUMNS = frozenset({2, 4, 5})

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[CatalogItem] = []

    def set_items(self, items: list[CatalogItem]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:  # wrapped rows read from their top
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            it = self._items[index.row()]
            category = DUTY_KINDS.get(it.category, it.category)
            values = (it.seq, it.code, it.text, category, catalog_text.notes_text(it.notes),
                      catalog_text.extra_text(it.extra))
            value = values[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:  # a long text whole, past four lines
                return str(value) if index.column() in self.LONG_COLUMNS and value else None
            return value
        return None


def _dates(v: CatalogVersion) -> str:
    start = v.effective_from.isoformat() if v.effective_from else "未知"
    return f"{start} 起，" + (f"至 {v.effective_to.isoformat()}" if v.effective_to
                             else "未见废止")


def _origin_text(origin: str) -> str:
    """Where a version came from, in words (the stored origin is ``kind:file``)."""
    kind, _, name = origin.partition(":")
    return {"builtin": "随软件发布", "sample": "随软件发布的示例清单（培训用）",
            "import": f"从文件“{name}”导入"}.get(kind, origin)


class CatalogsPage(QWidget):
    """Catalogs → versions on the left; provenance and items of the chosen version on the right.

    Args:
        store: the open store.
        actor: who imports (written to the audit log).
        parent: parent widget.
    """

    def __init__(self, store: Store, actor: Actor, parent=None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.last_message: QMessageBox | None = None  # kept so tests can read it
        splitter = QSplitter()
        splitter.addWidget(self._build_tree_side())
        splitter.addWidget(self._build_detail_side())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 670])  # the longest catalogue titles fit at 1366×768
        ui_state.remember_splitter(splitter, "catalogs")
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.reload()

    def _build_tree_side(self) -> QWidget:
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["目录 / 版本", "置信度", "条目", "状态"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        # the short columns as wide as their widest value ("二手来源", "1999项", "已作废") plus
        # the cell's margins, so a three-digit count is not cut to "199"
        metrics = self.tree.fontMetrics()
        for col, widest in ((1, "二手来源"), (2, "1999项"), (3, "已作废")):
            self.tree.setColumnWidth(col, max(metrics.horizontalAdvance(widest),
                                              metrics.horizontalAdvance(
                                                  self.tree.headerItem().text(col))) + 24)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.import_button = QPushButton("导入新版本…")
        self.import_button.clicked.connect(self._choose_import)
        self.import_dialog: CatalogImportDialog | None = None
        # Training samples of the lists whose official text is not public (catalog_samples).
        self.samples_button = QPushButton("载入示例清单")
        self.samples_button.setToolTip("载入培训用的示例职责清单、证明目录和表格清单（均标明【示例】，"
                                       "不是正式清单），用来试用准入比对和证明开具。")
        self.samples_button.clicked.connect(self.load_samples)
        self.remove_samples_button = QPushButton("移除示例清单")
        self.remove_samples_button.setToolTip("把示例清单作废（不删除），已按示例做的记录保留。")
        self.remove_samples_button.clicked.connect(self.remove_samples)
        if not auth.can(self.actor, "catalog.manage"):
            for button in (self.import_button, self.samples_button, self.remove_samples_button):
                button.setEnabled(False)
                button.setToolTip("只有管理员可以导入、载入或移除目录版本。")
        self.template_button = QPushButton("导出空白模板…")
        self.template_button.clicked.connect(self._choose_template)
        # The wording of every printed document as a 文书措辞 file, to be edited into the
        # street's official wording and imported with 导入新版本 (core/wording_files.py).
        self.wording_button = QPushButton("导出文书措辞…")
        self.wording_button.setToolTip("导出各种文书现用的固定文字（文本文件），按本街道正式文书样式"
                                       "修改后用“导入新版本”导入；已出具的文书不受影响。")
        self.wording_button.clicked.connect(self._choose_wording)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.template_button)
        buttons.addWidget(self.wording_button)
        sample_buttons = QHBoxLayout()
        sample_buttons.addWidget(self.samples_button)
        sample_buttons.addWidget(self.remove_samples_button)
        sample_buttons.addStretch(1)
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        layout.addLayout(sample_buttons)
        return side

    def _build_detail_side(self) -> QWidget:
        self.title = QLabel("请在左侧选择一个目录版本。")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {WARN_FG.name()}; background: {WARN_BG.name()};"
                                   " padding: 4px;")
        self.warning.hide()
        self.sample_banner = QLabel(SAMPLE_BANNER)
        self.sample_banner.setWordWrap(True)
        self.sample_banner.setStyleSheet(SAMPLE_STYLE)
        self.sample_banner.hide()
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (("confidence", "置信度"), ("issuer", "发文机关"), ("doc_number", "文号"),
                           ("dates", "有效期"), ("origin", "载入")):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label + "：", value)
        # A version may cite many pages (one cites 19): a small scrolling box, links clickable.
        self.sources = QTextBrowser()
        self.sources.setOpenExternalLinks(True)
        self.sources.setMaximumHeight(70)
        form.addRow("来源网址：", self.sources)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(110)
        form.addRow("说明：", self.notes)

        self.items_model = CatalogItemsModel(self)
        self.items_view = QTableView()
        self.items_view.setModel(self.items_model)
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.verticalHeader().hide()
        self._fit_item_columns()
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.sample_banner)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.items_view, 1)
        return side

    def _fit_item_columns(self) -> None:
        """Every column within the view's width at 1366×768 (and 1920×1080 at 150 %), with no
        sideways scrolling to reach 附加信息: the short columns as wide as their header or a
        typical value, the three long texts sharing the rest and wrapping onto more lines (a
        version has at most a few hundred items, so rows can be measured)."""
        view, header = self.items_view, self.items_view.horizontalHeader()
        metrics = view.fontMetrics()
        pad = 3 * metrics.horizontalAdvance("中")  # cell margins and the sort/resize grip
        for col, widest in ((0, "序号"), (1, "QZ-0000"), (3, "依法协助政府工作事项")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(col, min(metrics.horizontalAdvance(widest) + pad,
                                         metrics.horizontalAdvance("中") * 8))
        for col in CatalogItemsModel.LONG_COLUMNS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(metrics.horizontalAdvance("序号") + 12)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setWordWrap(True)
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # a long 附加信息 (a dozen lines when wrapped) keeps its row to four lines, the last
        # ending in "…"; the whole text is in the cell's tooltip
        rows.setMaximumSectionSize(4 * metrics.lineSpacing() + 4)

    # -- tree ---------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Rebuild the tree from the store and optionally select a version."""
        self.tree.clear()
        for cat in catalog.list_catalogs(self.store):
            top = QTreeWidgetItem([cat.title])
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for v in cat.versions:
                state = "已作废" if v.voided_at else ("现行" if v.id == cat.current_id else "")
                label = catalog_text.label_text(v.label)
                if catalog.is_sample(v):  # shipped as 示例, 示例-2 …: the mark once is enough
                    label = catalog.SAMPLE_MARK + v.label.removeprefix("示例").lstrip("-")
                child = QTreeWidgetItem([label, v.confidence_label, f"{v.item_count}项", state])
                child.setData(0, VERSION_ID, v.id)
                child.setToolTip(0, " ".join(x for x in (v.issuer, v.doc_number) if x))
                if catalog.is_sample(v):
                    child.setToolTip(0, "培训用的示例清单，不是正式清单。")
                if v.confidence == "unknown":
                    child.setForeground(1, QBrush(WARN_FG))
                    child.setBackground(1, QBrush(WARN_BG))
                    child.setToolTip(1, "条目未知：请取得正式文件附件后导入新版本。")
                if v.voided_at:
                    for col in range(4):
                        child.setForeground(col, QBrush(VOID_FG))
                top.addChild(child)
        self.tree.expandAll()  # the short columns keep the widths set in _build_tree_side
        if select_id is not None:
            self.select_version(select_id)

    def version_item(self, version_id: int) -> QTreeWidgetItem | None:
        """The tree row of a version, or None."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.data(0, VERSION_ID) == version_id:
                    return child
        return None

    def select_version(self, version_id: int) -> None:
        """Select a version in the tree (which shows it on the right)."""
        item = self.version_item(version_id)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous=None) -> None:
        version_id = current.data(0, VERSION_ID) if current is not None else None
        if version_id is not None:
            self.show_version(int(version_id))

    # -- details ------------------------------------------------------------------------
    def show_version(self, version_id: int) -> None:
        """Show a version's provenance and items on the right."""
        v = catalog.get_version(self.store, version_id)
        self.title.setText(f"{v.title} · 版本 {catalog_text.label_text(v.label)}")
        warnings = []
        sample = catalog.is_sample(v)
        self.sample_banner.setVisible(sample)
        if sample:
            pass  # the banner says it all; "items unknown" would contradict the listed items
        elif v.confidence == "unknown":
            warnings.append("本版本条目未知（未见公开的正式文本）。请向主管部门取得正式附件，"
                            "用“导入新版本…”载入。")
        elif v.confidence in ("paraphrase", "secondary"):
            warnings.append(f"本版本为{v.confidence_label}，条目文字未与正式文件逐字核对，"
                            "正式使用前请核对。")
        if v.voided_at:
            warnings.append(f"本版本已于 {v.voided_at} 作废：{v.void_reason}")
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        f = self.fields
        f["confidence"].setText(v.confidence_label)
        f["issuer"].setText(v.issuer or "—")
        f["doc_number"].setText(v.doc_number or "—")
        f["dates"].setText(_dates(v))
        self.sources.setHtml("<br>".join(
            f'<a href="{html.escape(u, quote=True)}">{html.escape(u)}</a>' for u in v.source_urls)
            or "—")
        f["origin"].setText(f"{_origin_text(v.origin)}，{v.imported_at}，{v.imported_by}")
        self.notes.setPlainText(catalog_text.notes_text(v.notes))
        self.items_model.set_items(catalog.items(self.store, version_id))

    # -- actions ------------------------------------------------------------------------
    def _choose_import(self) -> None:
        path = ui_state.open_file_name(
            self, "导入参考目录新版本", "参考目录文件 (*.toml *.xlsx);;所有文件 (*)")
        if path:
            self.open_import(path)

    def open_import(self, path: str | Path | None = None) -> CatalogImportDialog:
        """Open the import dialog (preview of ``path``'s changes, then 确认导入)."""
        dialog = CatalogImportDialog(self.store, self.actor, self, path)
        dialog.accepted.connect(lambda: self._imported(dialog.import_result))
        self.import_dialog = dialog
        dialog.open()  # window-modal but not blocking, so the page stays scriptable in tests
        return dialog

    def _imported(self, result: ImportResult | None) -> None:
        if result is None:
            return
        v = result.version
        self.reload(select_id=v.id)
        self.status.setText(f"已导入：{v.title} 版本 {catalog_text.label_text(v.label)}"
                                f"（{v.item_count}项）"
                            + (f"，{v.issuer}" if v.issuer else "")
                            + (f" {v.doc_number}" if v.doc_number else ""))

    def load_samples(self) -> None:
        """Load the training samples and show the duty list's."""
        ok, loaded = widgets.call_core(self, catalog_samples.load_samples, self.store,
                                       self.actor)
        if not ok or loaded is None:
            return
        first = next((v for v in loaded if v.catalog == "duty_list"), None)
        self.reload(select_id=first.id if first else None)
        names = "、".join(v.title for v in loaded)
        self.status.setText(f"已载入示例清单：{names}。示例只供培训，不是正式清单。"
                            if loaded else "示例清单已经载入，未重复写入。")

    def remove_samples(self) -> None:
        """Void the training samples after a confirmation naming what happens."""
        if not catalog_samples.live_samples(self.store):
            self.status.setText("没有载入的示例清单，无需移除。")
            return
        if not widgets.confirm(self, "移除示例清单",
                               "移除后示例清单作废（不删除），不再现行；已按示例做的比对和开具的证明保留，"
                               "仍标明【示例】。以后可以重新载入。确定移除吗？"):
            return
        ok, removed = widgets.call_core(self, catalog_samples.remove_samples, self.store,
                                        self.actor)
        if not ok or removed is None:
            return
        self.reload()
        self.status.setText(f"已移除示例清单 {len(removed)} 个（已作废，记录保留）。")

    def import_file(self, path: str | Path) -> ImportResult | None:
        """Import one version file; show errors in a message box. Returns None on failure."""
        try:
            result = catalog.import_version(self.store, self.actor, path,
                                            on_calendar_change=registry.calendar_changed)
        except JiedaoError as e:
            self._show_error("导入失败", e)
            return None
        v = result.version
        self.reload(select_id=v.id)
        self.status.setText(
            f"已导入：{v.title} 版本 {catalog_text.label_text(v.label)}"
                                f"（{v.item_count}项）" if result.created
            else f"该版本已载入（{v.title} 版本 {v.label}，内容相同），未重复写入。")
        return result

    def _choose_template(self) -> None:
        path = ui_state.save_file_name(
            self, "导出空白模板", "参考目录导入模板.xlsx", "Excel 工作簿 (*.xlsx)")
        if path:
            self.export_template(path)

    def export_template(self, path: str | Path) -> None:
        """Write the blank Excel template."""
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            catalog.write_template(path)
        except OSError as e:
            self._show_error("导出失败", JiedaoError(f"无法写入 {path}：{e.strerror or e}"))
            return
        self.status.setText(f"已导出空白模板：{path}")
        saved.offer_open(self, path, "导出完成", "已导出空白模板。")

    def _choose_wording(self) -> None:
        path = ui_state.save_file_name(self, "导出文书措辞", "文书措辞.toml",
                                       "文书措辞文件 (*.toml)")
        if path:
            self.export_wording(path)

    def export_wording(self, path: str | Path) -> None:
        """Write the current wording of every document kind as a 文书措辞 version file."""
        path = Path(path)
        if path.suffix.lower() != ".toml":
            path = path.with_name(path.name + ".toml")
        try:
            wording_files.write_current(path)
        except OSError as e:
            self._show_error("导出失败", JiedaoError(f"无法写入 {path}：{e.strerror or e}"))
            return
        saved.offer_open(self, path, "导出完成", "已导出文书措辞。")
        self.status.setText(f"已导出文书措辞：{path}。按正式文书样式修改各段文字后，用“导入新版本”"
                            "导入；未修改的段落可以删除。")

    def _show_error(self, title: str, error: JiedaoError) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, error.message,
                          QMessageBox.StandardButton.Ok, self)
        if isinstance(error, ImportRejected) and error.errors:
            lines = [f"第{e.row}行 {e.column}：{e.message}" for e in error.errors]
            more = len(lines) > MAX_SHOWN_ERRORS
            box.setInformativeText("\n".join(lines[:MAX_SHOWN_ERRORS])
                                   + (f"\n……共 {len(lines)} 处，见“详细信息”" if more else ""))
            box.setDetailedText("\n".join(lines))
        self.last_message = box
        box.open()  # window-modal but not blocking, so the page stays scriptable in tests
