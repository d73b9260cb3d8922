# SPDX-License-Identifier: MIT
"""数据交换 page, 冲突 tab (administrators): records another site changed although this site
(or a third) owns them. Both versions side by side with Chinese field names, and settling
one by choosing a version — the same core function as ``exchange conflicts --resolve``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.core.exchange import changes
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, widgets

LIST_HEADERS = ("记录", "本机保留", "对方", "发现时间", "处理")
DIFF_COLOUR = "#fff3e0"


class ConflictsPanel(QWidget):
    """The conflicts list, the two versions of the chosen one, and the two choices."""

    resolved = Signal()  # a conflict was settled (the page recounts its sites)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.items: list[changes.ConflictView] = []
        split = QSplitter()
        split.addWidget(self._build_list())
        split.addWidget(self._build_versions())
        # half and half: at 1366x768 the list's five columns fit without sideways scrolling
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([2500, 2500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        note = QLabel("别的站点改了本机（或第三个站点）所有的记录时，本机的版本保留，对方的版本"
                      "另存在这里。核对后选定一个版本：保留本机版本，或采用对方版本（作为本机的新"
                      "版本随下一个交换包发出；只有记录的所有者才能采用对方版本）。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(split, 1)
        self.refresh()

    def _build_list(self) -> QWidget:
        """The conflicts: record, who keeps it, from which package, when."""
        self.list = QTableWidget(0, len(LIST_HEADERS))
        self.list.setHorizontalHeaderLabels(LIST_HEADERS)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().setVisible(False)
        self.list.setWordWrap(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        unit = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((8, 4, 8, 10, 3)):
            self.list.setColumnWidth(col, chars * unit + 16)
        self.list.itemSelectionChanged.connect(self.show_selected)
        self.show_resolved = QCheckBox("包括已处理的")
        self.show_resolved.toggled.connect(self.refresh)
        self.empty = QLabel("没有待处理的冲突。")
        self.empty.setStyleSheet("color: #555; padding: 12px;")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        ll.addWidget(self.empty)
        ll.addWidget(self.show_resolved)
        return left

    def _build_versions(self) -> QWidget:
        """Both versions field by field, and the two choices."""
        unit = self.fontMetrics().horizontalAdvance("中")
        self.versions = QTableWidget(0, 3)
        self.versions.setHorizontalHeaderLabels(("字段", "本机版本", "对方版本"))
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.verticalHeader().setVisible(False)
        self.versions.setWordWrap(False)
        head = self.versions.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.versions.setColumnWidth(0, 9 * unit + 16)
        self.only_diff = QCheckBox("只看不同的字段")
        self.only_diff.setChecked(True)
        self.only_diff.toggled.connect(self.show_selected)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)

        self.keep_ours = QPushButton("保留本机版本…")
        self.keep_ours.clicked.connect(lambda: self.resolve("ours"))
        self.take_theirs = QPushButton("采用对方版本…")
        self.take_theirs.clicked.connect(lambda: self.resolve("theirs"))
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.summary)
        rl.addWidget(self.versions, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.only_diff)
        bar.addStretch(1)
        bar.addWidget(self.keep_ours)
        bar.addWidget(self.take_theirs)
        rl.addLayout(bar)
        return right

    def refresh(self) -> None:
        """Re-read the conflicts, keeping the one chosen if it is still listed."""
        current = self.selected()
        keep = current.id if current else None
        ok, found = widgets.call_core(self, changes.conflicts, self.store, self.actor,
                                      self.show_resolved.isChecked())
        self.items = list(found or []) if ok else []
        self.list.blockSignals(True)
        self.list.setRowCount(len(self.items))
        for r, c in enumerate(self.items):
            cells = (c.record, c.local_owner_name, f"{c.sender_name}第 {c.package_seq} 号包",
                     c.noticed_at[:16], "已处理" if c.resolved_at else "待处理")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(c.resolution or text)
                self.list.setItem(r, col, item)
        self.list.blockSignals(False)
        row = next((r for r, c in enumerate(self.items) if c.id == keep), 0)
        if self.items:
            self.list.selectRow(row)
        self.list.setVisible(bool(self.items))
        self.empty.setVisible(not self.items)
        self.show_selected()

    def selected(self) -> changes.ConflictView | None:
        """The conflict chosen in the list."""
        rows = self.list.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def show_selected(self) -> None:
        """Both versions of the chosen conflict, field by field."""
        c = self.selected()
        self.versions.setRowCount(0)
        for b in (self.keep_ours, self.take_theirs):
            b.setEnabled(c is not None and c.resolved_at is None)
            b.setToolTip("")
        if c is None:
            self.summary.setText("")
            return
        self.versions.setHorizontalHeaderLabels(
            ("字段", f"本机版本（{c.local_owner_name}第 {c.local_version} 版）",
             f"对方版本（{c.sender_name}第 {c.their_version} 版）"))
        state = f"已处理：{c.resolution}" if c.resolved_at else "待处理"
        self.summary.setText(f"<b>{html.escape(c.record)}</b>　{html.escape(state)}<br>"
                             f"不同的字段：{'、'.join(f.label for f in c.differing) or '（无）'}")
        shown = c.differing if self.only_diff.isChecked() else c.fields
        self.versions.setRowCount(len(shown))
        for r, f in enumerate(shown):
            for col, text in enumerate((f.label, f.ours, f.theirs)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if f.differs:
                    item.setBackground(QColor(DIFF_COLOUR))
                self.versions.setItem(r, col, item)
        if c.resolved_at is None and not c.owned_here:
            self.take_theirs.setEnabled(False)
            self.take_theirs.setToolTip(f"这条记录属于{c.local_owner_name}站点，只能在该站点决定"
                                        "采用哪个版本；本机只能保留现状。")

    def resolve(self, keep: str) -> bool:
        """Settle the chosen conflict with the version ``keep`` and a note (audited)."""
        c = self.selected()
        if c is None:
            return False
        what = changes.KEEP_CHOICES[keep]
        consequence = (f"采用{c.sender_name}的版本后，本机的{c.record}改为对方的内容，并作为本机"
                       "的新版本随下一个交换包发出。" if keep == "theirs" else
                       f"{c.record}保持本机的内容，对方的版本只留档。")
        note = forms.ask_text(self, what, f"{what}：请写明核对的情况（记入审计日志）：",
                              consequence=consequence)
        if note is None:
            return False
        ok, _ = widgets.call_core(self, changes.resolve_conflict, self.store, self.actor,
                                  c.id, note, keep, registry.search_reindexers())
        if ok:
            self.refresh()
            self.resolved.emit()
        return ok
