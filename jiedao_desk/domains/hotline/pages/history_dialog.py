# SPDX-License-Identifier: MIT
"""来电人历史 / 地址历史: one timeline across tickets, mediation and enforcement."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.domains.hotline.model import History

HEADERS = ("日期", "类别", "编号", "状态", "内容", "匹配依据", "相关人/地点")


class HistoryDialog(QDialog):
    """The timeline of a person or an address, newest first.

    At most 500 records per domain come back from core, so a QTableWidget is fine here.
    """

    def __init__(self, history: History, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(history.subject)
        self.history = history
        self.table = QTableWidget(len(history.entries), len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for i, e in enumerate(history.entries):
            for j, v in enumerate((e.date[:16], e.domain_label, e.number, e.state_label, e.title,
                                   e.matched_on, e.detail)):
                self.table.setItem(i, j, QTableWidgetItem(v))
        for j, w in enumerate((120, 80, 210, 70, 260, 110, 260)):
            self.table.setColumnWidth(j, w)
        self.summary = QLabel(self._summary())
        self.summary.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.resize(1000, 420)

    def _summary(self) -> str:
        h = self.history
        counts: dict[str, int] = {}
        for e in h.entries:
            counts[e.domain_label] = counts.get(e.domain_label, 0) + 1
        found = "、".join(f"{k} {v} 条" for k, v in counts.items()) or "没有找到其他记录"
        text = f"{h.subject}：{found}（不含当前工单；电话只显示后四位）。"
        if h.hidden:
            text += f" 您的角色无权查看{'、'.join(h.hidden)}，这些记录未列出。"
        return text
