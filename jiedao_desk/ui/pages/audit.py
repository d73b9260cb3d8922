# SPDX-License-Identifier: MIT
"""审计日志 page: who changed what and when, and a check that nobody edited the log.

The log is hash-chained (core.audit), so the chain check shows whether a row was changed,
inserted or removed by hand — part of protecting records against tampering (条例 第四十一条).
Only administrators may read it.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import audit as audit_core
from jiedao_desk.core import auth
from jiedao_desk.store import Store

HEADERS = ["时间", "操作人", "做了什么", "对象", "改前→改后"]
# A QTableWidget filled whole is acceptable only because the query is capped.
LIMIT = 500
ALL = "（全部）"


class _DateFilter(QWidget):
    """A date edit with a "不限" (no limit) checkbox."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        today = clock.today()
        self.edit.setDate(QDate(today.year, today.month, today.day))
        self.unlimited = QCheckBox("不限")
        self.unlimited.toggled.connect(lambda on: self.edit.setEnabled(not on))
        self.unlimited.setChecked(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.unlimited)

    def value(self) -> str | None:
        """The chosen day as YYYY-MM-DD, or None when unlimited."""
        return None if self.unlimited.isChecked() else self.edit.date().toString("yyyy-MM-dd")

    def set_value(self, day: QDate | None) -> None:
        """Set a day (None: unlimited)."""
        self.unlimited.setChecked(day is None)
        if day is not None:
            self.edit.setDate(day)


def _combo(values: list[str]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItem(ALL)
    combo.addItems(values)
    combo.setMinimumContentsLength(12)
    return combo


def _filter_text(combo: QComboBox) -> str | None:
    text = combo.currentText().strip()
    if text in ("", ALL):
        return None
    index = combo.findText(text)  # a listed kind of record stands for its code
    return combo.itemData(index) or text if index >= 0 else text


class AuditPage(QWidget):
    """Read-only view of the audit log with filters and the hash-chain check."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.allowed = auth.can(actor, "audit.view")
        layout = QVBoxLayout(self)
        if not self.allowed:
            self.denied_label = QLabel("只有管理员可以查看审计日志。")
            layout.addWidget(self.denied_label)
            layout.addStretch(1)
            return
        self.wording = registry.audit_wording()
        entities, actor_names = audit_core.filter_values(store, actor)
        self.entity_combo = _combo([])
        for entity in entities:
            self.entity_combo.addItem(audit_core.entity_label(entity, self.wording), entity)
        self.actor_combo = _combo(actor_names)
        self.date_from = _DateFilter()
        self.date_to = _DateFilter()
        self.query_button = QPushButton("查询")
        self.query_button.clicked.connect(self.load)
        self.verify_button = QPushButton("校验哈希链")
        self.verify_button.clicked.connect(self.verify)
        filters = QHBoxLayout()
        for label, w in (("对象：", self.entity_combo), ("操作人：", self.actor_combo),
                         ("从：", self.date_from), ("到：", self.date_to)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.query_button)
        filters.addStretch(1)
        filters.addWidget(self.verify_button)
        self.note = QLabel()
        self.note.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addLayout(filters)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.load()

    def on_show(self) -> None:
        """Re-run the query when the page is shown again."""
        if self.allowed:
            self.load()

    def load(self) -> None:
        """Run the query with the current filters and fill the table."""
        rows = audit_core.entries(self.store, self.actor, self.wording,
                                  _filter_text(self.entity_combo), _filter_text(self.actor_combo),
                                  self.date_from.value(), self.date_to.value(), LIMIT)
        self.table.setRowCount(len(rows))
        for r, entry in enumerate(rows):
            cells = [entry.at, entry.who, entry.what, entry.target, entry.changes_text]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col >= 3 and value:
                    # long changes are cut off in the cell; hover shows them, one per line
                    item.setToolTip("\n".join(c.text for c in entry.changes) if col == 4
                                    else value)
                self.table.setItem(r, col, item)
        unit = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((9, 6, 9, 16)):
            self.table.setColumnWidth(col, chars * unit + 16)
        more = "（只显示最新的500条，请用筛选条件缩小范围）" if len(rows) >= LIMIT else ""
        self.note.setText(f"共 {len(rows)} 条，最新的在前。{more}")

    def verify(self) -> None:
        """Walk the whole hash chain and report the first broken row, if any."""
        count, broken = audit_core.verify(self.store, self.actor)
        if broken is None:
            QMessageBox.information(self, "校验哈希链",
                                    f"审计日志完整：{count} 条记录的哈希链全部校验通过。")
        else:
            QMessageBox.critical(self, "校验哈希链",
                                 f"审计日志被改动过：{broken.reason}。请保留数据库文件并向上级报告。")
