# SPDX-License-Identifier: MIT
"""人民调解 page, 月度统计 tab: one month per committee, on screen and as an Excel sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.domains import mediation
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import saved, ui_state, widgets

_HEADS = ["调委会", "受理", "成功", "成功率%", "书面", "口头", "终止", "金额(元)", "回访",
          "司法确认申请", "确认", "不予确认", "防止民转刑(件)", "防止群体性上访(件)"]


class StatsTab(QWidget):
    """Monthly figures (the counting rules are shown under the month)."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.month = QLineEdit(clock.today().isoformat()[:7])
        self.month.setMaximumWidth(110)
        run = QPushButton("统计")
        run.clicked.connect(self.load_stats)
        self.export_button = QPushButton("导出统计表…")
        self.export_button.clicked.connect(lambda: self.export_xlsx())
        self.stats = QTableWidget(0, 0)
        bar = QHBoxLayout()
        for w in (QLabel("月份："), self.month, run, self.export_button):
            bar.addWidget(w)
        bar.addStretch(1)
        note = QLabel("口径：受理=当月受理的案件，成功=当月达成协议，成功率=成功/受理（参照黄石市"
                      "2016年月报，北京报表样式未见）。统计表不含当事人信息。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(self.stats, 1)

    def load_stats(self) -> None:
        """Fill the table for the month typed."""
        ok, rows = widgets.call_core(self, mediation.monthly_stats, self.store, self.actor,
                                     self.month.text())
        if not ok or rows is None:
            return
        self.stats.setColumnCount(len(_HEADS))
        self.stats.setHorizontalHeaderLabels(_HEADS)
        self.stats.setRowCount(len(rows))
        for r, s in enumerate(rows):
            values = [s.committee, s.accepted, s.succeeded,
                      "—" if s.success_rate is None else s.success_rate, s.written, s.oral,
                      s.terminated, f"{s.amount_fen / 100:.2f}", s.follow_ups, s.jc_applied,
                      s.jc_confirmed, s.jc_rejected, s.prevented_cases["criminal"],
                      s.prevented_cases["petition"]]
            for col, v in enumerate(values):
                self.stats.setItem(r, col, QTableWidgetItem(str(v)))

    def export_xlsx(self, path: str | Path | None = None) -> Path | None:
        """Write the month's sheet for the monthly report (asks for a file unless given)."""
        month = self.month.text().strip()
        if path is None:
            path = ui_state.save_file_name(self, "导出统计表", f"人民调解统计_{month}.xlsx",
                                           "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
        ok, rows = widgets.call_core(self, mediation.monthly_stats, self.store, self.actor,
                                     month)
        if not ok or rows is None:
            return None
        target = Path(path)
        try:
            mediation.write_stats_xlsx(rows, month, target)
        except OSError as e:  # e.g. the file is open in Excel
            QMessageBox.warning(self, "导出失败", f"无法写入“{target}”：{e}")
            return None
        saved.offer_open(self, target, "导出完成", f"已导出 {month} 人民调解统计表。")
        return target
