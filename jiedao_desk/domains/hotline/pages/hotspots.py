# SPDX-License-Identifier: MIT
"""主动治理 tab: recurring claims grouped by category (and place) over a period, with export.

Streets must govern proactively where claims concentrate (条例; reference §7, P). The grouping
itself is a local rule, so the screen says so.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.hotline import rates as hotline_rates
from jiedao_desk.domains.hotline import reports as hotline_reports
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import saved, ui_state, widgets

MAX_SHOWN = 1000  # a screen of groups; the export has them all


class HotspotPanel(QWidget):
    """Period, minimum count and grouping; the table of groups; the export."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        first, last = hotline_reports.default_span()
        self.first, self.last = QLineEdit(first), QLineEdit(last)
        for edit in (self.first, self.last):
            edit.setMaximumWidth(90)
            edit.setPlaceholderText("如 2026-11")
        self.min_count = QSpinBox()
        self.min_count.setRange(1, 999)
        self.min_count.setValue(2)
        self.by_place = QCheckBox("分地点")
        self.by_place.setChecked(True)
        self.query_button = QPushButton("查询")
        self.query_button.clicked.connect(lambda: self.load())
        self.export_button = QPushButton("导出（Excel）…")
        self.export_button.clicked.connect(lambda: self.export())
        bar = QHBoxLayout()
        for w in (QLabel("从"), self.first, QLabel("到"), self.last, QLabel("至少出现"),
                  self.min_count, QLabel("次"), self.by_place, self.query_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.table = QTableWidget(0, len(hotline_reports.HOTSPOT_HEADERS))
        self.table.setHorizontalHeaderLabels(list(hotline_reports.HOTSPOT_HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for j, width in enumerate((50, 220, 200, 120, 120, 400)):
            self.table.setColumnWidth(j, width)
        self.status = QLabel()
        note = QLabel("同一问题分类（和地点）在期间内反复出现的诉求，供主动治理、"
                      "“每月一题”选题参考；归并规则为本地做法，非官方口径。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def _args(self) -> tuple[str, str, int, bool]:
        return (self.first.text().strip(), self.last.text().strip(), self.min_count.value(),
                self.by_place.isChecked())

    def load(self) -> None:
        """Run the grouping for the chosen period."""
        first, last, n, by_place = self._args()
        ok, rows = widgets.call_core(self, hotline_rates.hot_spots, self.store, self.actor,
                                     first, last, n, by_place)
        if not ok or rows is None:
            return
        shown = rows[:MAX_SHOWN]
        self.table.setRowCount(len(shown))
        for i, r in enumerate(shown):
            cells = (r.count, r.category or "（未分类）", r.place if by_place else "（不分地点）",
                     r.first_at, r.last_at, r.ticket_numbers)
            for j, v in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(str(v)))
        more = f"（只显示前 {MAX_SHOWN} 组，导出包含全部）" if len(rows) > MAX_SHOWN else ""
        self.status.setText(f"共 {len(rows)} 组{more}")

    def export(self, path: str | None = None) -> str | None:
        """Save the groups of the chosen period as an Excel file."""
        first, last, n, by_place = self._args()
        if path is None:
            path = ui_state.save_file_name(self, "导出高频诉求",
                                           f"高频诉求_{first}_{last}.xlsx",
                                           "Excel (*.xlsx)")
            if not path:
                return None
        ok, out = widgets.call_core(self, hotline_reports.write_hotspots_xlsx, self.store,
                                    self.actor, first, last, path, n, by_place)
        if not ok or out is None:
            return None
        saved.offer_open(self, out, "导出完成", "已导出高频诉求。")
        return str(out)
