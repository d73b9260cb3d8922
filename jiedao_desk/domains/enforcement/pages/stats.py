# SPDX-License-Identifier: MIT
"""统计 tab of the 综合执法 page: the monthly-report figures of ``view.statistics`` (cases by
source, power and state; fines decided and collected; overdue clocks). Refreshed from change
notices of cases and when the month is chosen."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.enforcement import view as ev
from jiedao_desk.domains.enforcement.model import ENTITY, Statistics
from jiedao_desk.domains.enforcement.pages.tables import cell, fill_table, make_table
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import changes, widgets


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


class EnforcementStatsView(QWidget):
    """Figures of one month."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.result: Statistics | None = None
        today = clock.today()
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)  # devolved enforcement began 2020-07-01
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.month = QComboBox()
        for m in range(1, 13):
            self.month.addItem(f"{m} 月", m)
        self.month.setCurrentIndex(today.month - 1)
        self.run_button = QPushButton("统计")
        self.run_button.clicked.connect(self.refresh)
        self.period = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("统计月份："))
        top.addWidget(self.year)
        top.addWidget(self.month)
        top.addWidget(self.run_button)
        top.addSpacing(16)
        top.addWidget(self.period, 1)

        self.fines = QLabel()
        self.fines.setStyleSheet("font-size: 15px; font-weight: bold; padding: 6px;")
        self.by_source = make_table(("案件来源", "案件数"))
        self.by_state = make_table(("状态", "案件数"))
        self.by_power = make_table(("职权事项", "案件数"))
        self.overdue = make_table(("超期时钟", "案件数"))
        for table in (self.by_source, self.by_state, self.by_power, self.overdue):
            header = table.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
            table.setColumnWidth(1, 90)
        grid = QGridLayout()
        for i, (table, title) in enumerate(((self.by_source, "按来源"), (self.by_state, "按状态"),
                                            (self.by_power, "按职权事项"),
                                            (self.overdue, "超期时钟（截至今日，全部在办案件）"))):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            grid.addWidget(box, i // 2, i % 2)
        note = QLabel("案件按发现日期计入所选月份；决定罚款按决定日期、收缴罚款按缴款日期统计；"
                      "已作废的案件不计。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.fines)
        layout.addLayout(grid, 1)
        layout.addWidget(note)
        self.refresh()
        changes.watch(self, store, (ENTITY,), lambda _changes: self.refresh())

    def refresh(self) -> None:
        """Compute the figures of the chosen month."""
        first, last = month_range(self.year.value(), self.month.currentData())
        ok, st = widgets.call_core(self, ev.statistics, self.store, self.actor, first, last)
        if not ok or st is None:
            return
        self.result = st
        self.period.setText(f"统计期间：{st.date_from} 至 {st.date_to}")
        total = sum(st.by_source.values())
        self.fines.setText(f"本月案件 {total} 件　　决定罚款 {st.fines_decided:,.2f} 元　　"
                           f"收缴罚款 {st.fines_collected:,.2f} 元")
        for table, counts in ((self.by_source, st.by_source), (self.by_state, st.by_state),
                              (self.by_power, st.by_power), (self.overdue, st.overdue_clocks)):
            rows = list(counts.items()) or [("（无）", 0)]
            fill_table(table, rows)
            for r in range(table.rowCount()):
                cell(table, r, 1).setTextAlignment(Qt.AlignmentFlag.AlignRight
                                                  | Qt.AlignmentFlag.AlignVCenter)
