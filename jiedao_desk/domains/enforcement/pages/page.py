# SPDX-License-Identifier: MIT
"""综合执法 page: the case list (filters, search, month, 台账 export), the selected case with
its clock timeline and every step from lead to archive, 简易程序, and the monthly statistics.

Only enforcement officers and administrators reach this page (PageSpec permission
``enforcement.view``); the core functions check permissions again. The parts live in
``case_list`` (model), ``detail`` (case view), ``actions`` (the steps as data), ``events``
(record texts) and ``stats``. The list, the case view and the statistics refresh from change
notices (``ui.kit.changes.watch``), whoever changed a case.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound
from jiedao_desk.domains.enforcement import lists, parameters, rules
from jiedao_desk.domains.enforcement.cases import power_choices
from jiedao_desk.domains.enforcement.model import ENTITY, PARTY_KINDS, PROCEDURES, SOURCES
from jiedao_desk.domains.enforcement.pages.actions import LEAD, SIMPLE
from jiedao_desk.domains.enforcement.pages.case_list import CaseListModel
from jiedao_desk.domains.enforcement.pages.detail import WARN_STYLE, CaseDetailView
from jiedao_desk.domains.enforcement.pages.stats import EnforcementStatsView
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import changes, ledger_export, ui_state, widgets
from jiedao_desk.ui.kit.windowed import configure_view

LEDGER_TITLE = "执法案件台账"


def _filter_box(everything: str, labels: dict[str, str]) -> QComboBox:
    box = QComboBox()
    box.addItem(everything, None)
    for key, label in labels.items():
        box.addItem(label, key)
    return box


class EnforcementPage(QWidget):
    """Case list on the left, the selected case on the right; a 统计 tab."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None,
                 notes_for: Callable[[str, int], str] | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARN_STYLE)
        left = self._build_list_side()
        self.detail = CaseDetailView(store, actor, self, notes_for)
        self.detail.created.connect(self._case_created)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([560, 840])
        ui_state.remember_splitter(split, "enforcement")

        self.stats = EnforcementStatsView(store, actor, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "案件办理")
        self.tabs.addTab(self.stats, "统计")
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.tabs, 1)
        self._update_warning()
        self._update_count()
        changes.watch(self, store, (ENTITY,), lambda _changes: self.reload())
        # the hearing threshold (settings) and the powers catalogue feed the warning
        changes.watch(self, store, ("setting", "catalog_version"),
                      lambda _changes: self._update_warning())

    def _build_list_side(self) -> QWidget:
        """The left side: search, filters, the case list and the buttons under it."""
        self.model = CaseListModel(self.store, self.actor, self)
        self.table = QTableView()
        configure_view(self.table, self.model, ledger_title=LEDGER_TITLE,
                       hidden=lists.HIDDEN_COLUMNS, actor=self.actor)
        self.table.setColumnWidth(self.model.clock_column, 80)
        # Shown right after 状态 (visual order only): the clock is what an officer scans for.
        self.table.horizontalHeader().moveSection(self.model.clock_column, 2)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.count_known.connect(self._update_count)  # the exact count came later
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(self._build_search_row())
        lv.addLayout(self._build_filters())
        lv.addWidget(self.table, 1)
        lv.addLayout(self._build_buttons())
        return left

    def _build_filters(self) -> QHBoxLayout:
        """State, source and procedure filters, and the count of cases listed."""
        self.state = _filter_box("全部状态", {k: rules.label(k) for k in rules.RECORDED_STATES})
        self.source = _filter_box("全部来源", SOURCES)
        self.procedure = _filter_box("全部程序", PROCEDURES)
        for key, box in (("state", self.state), ("source", self.source),
                         ("procedure", self.procedure)):
            box.currentIndexChanged.connect(
                lambda _i, k=key, b=box: self._filter(k, b.currentData()))
        self.count_label = QLabel()
        filters = QHBoxLayout()
        for w in (self.state, self.source, self.procedure):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        return filters

    def _build_search_row(self) -> QHBoxLayout:
        """The search box, its button and the month shown (when the list is limited)."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("案件编号、当事人、地点、描述、归档号（回车搜索）")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.apply_search)
        self.search.textChanged.connect(self._search_edited)
        self.search_button = QPushButton("搜索")
        self.search_button.clicked.connect(self.apply_search)
        self.month_button = QPushButton()  # shown while the list is limited to one month
        self.month_button.setToolTip("点击显示全部月份")
        self.month_button.clicked.connect(lambda: self.show_month(""))
        self.month_button.setVisible(False)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.month_button)
        return search_row

    def _build_buttons(self) -> QHBoxLayout:
        """登记线索, 当场处罚 and 导出台账."""
        self.lead_button = QPushButton("登记线索…")
        self.simple_button = QPushButton("当场处罚（简易程序）…")
        self.export_button = QPushButton("导出台账…")
        self.lead_button.clicked.connect(lambda: self.detail.run_step(LEAD))
        self.simple_button.clicked.connect(lambda: self.detail.run_step(SIMPLE))
        self.export_button.clicked.connect(lambda: self.export_ledger())
        buttons = QHBoxLayout()
        for b in (self.lead_button, self.simple_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        return buttons

    # -- list --------------------------------------------------------------------------------
    @property
    def case_id(self) -> int | None:
        """The case shown on the right."""
        return self.detail.case_id

    def _update_warning(self) -> None:
        try:
            _items, warning = power_choices(self.store)
        except NotFound:  # catalog not loaded at all: say so, keep the page usable
            warning = "职权目录尚未载入，请管理员在“参考目录”页载入或导入。"
        unset = [label for kind, label in PARTY_KINDS.items()
                 if parameters.hearing_threshold(self.store, kind) is None]
        if unset:  # the 城管 较大数额 amount is unknown (reference §6 item 3)
            warning = (warning + "\n" if warning else "") + (
                f"听证门槛（较大数额罚款）未设置：{'、'.join(unset)}。请管理员在“设置”页填写本街道"
                "确认的数额；未设置时，每次事先告知须明确是否告知听证权利。")
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))

    def _filter(self, key: str, value) -> None:
        self.model.set_filter(key, value)
        self.select_case(self.case_id)

    def _update_count(self) -> None:
        text = f"共 {self.model.count_text()} 件"
        if self.model.search_text:
            text += f"（搜索“{self.model.search_text}”）"
        self.count_label.setText(text)

    def apply_search(self) -> None:
        """Limit the list to cases matching the search box (number, party, place …)."""
        self.model.set_search(self.search.text().strip())
        self.select_case(self.case_id)

    def _search_edited(self, text: str) -> None:
        if not text.strip() and self.model.search_text:  # cleared with the ✕ button
            self.apply_search()

    def show_month(self, month: str) -> bool:
        """Limit the list to cases found in ``month`` ("YYYY-MM"; "" shows all).

        The home dashboard calls it when an enforcement figure of a month is clicked.
        Returns False (and says why) for a malformed month.
        """
        if month:
            ok, checked = widgets.call_core(self, lists.check_month, month)
            if not ok or checked is None:
                return False
            month = checked
        self.tabs.setCurrentIndex(0)
        self.model.source.set_month(month)
        self.model.refresh()
        self.month_button.setText(f"仅 {month} 发现的案件　✕" if month else "")
        self.month_button.setVisible(bool(month))
        self.select_case(self.case_id)
        return True

    def reload(self) -> None:
        """Re-read the list, keeping the shown case selected if it is still listed."""
        self.model.refresh()
        self.select_case(self.case_id)

    def select_case(self, case_id: int | None) -> None:
        """Select ``case_id`` in the list if listed, and show it on the right."""
        for row in range(self.model.rowCount()):
            if self.model.id_at(row) == case_id:
                self.table.selectRow(row)
                break
        if self.detail.case_id != case_id:
            self.detail.set_case(case_id)

    def show_record(self, entity: str, entity_id: int) -> bool:
        """Open a case (a global search hit): clear the filters, the search and the month so
        the case is listed, then select it."""
        if entity != ENTITY:
            return False
        self.tabs.setCurrentIndex(0)
        for box in (self.state, self.source, self.procedure):
            box.setCurrentIndex(0)
        self.search.clear()  # the ✕ path: re-reads the list without the search
        self.show_month("")
        self.select_case(entity_id)
        index = self.table.currentIndex()
        return index.isValid() and self.model.id_at(index.row()) == entity_id

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.detail.set_case(self.model.id_at(current.row()))

    def _case_created(self, case_id: int) -> None:
        self.select_case(case_id)

    def export_ledger(self, path=None, on_done=None):
        """Export the list as filtered to an .xlsx 台账 (in the background).

        Args:
            path: the file (None asks with a save dialog).
            on_done: called with the row count (None: an information box says it).
        """
        return ledger_export.export_list(self, self.model.source, LEDGER_TITLE, self.actor,
                                         hidden=lists.HIDDEN_COLUMNS, path=path,
                                         on_done=on_done, disable=[self.export_button])
