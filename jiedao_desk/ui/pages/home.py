# SPDX-License-Identifier: MIT
"""首页（待办）: everything due, most urgent first, coloured by working days left.

The list is collected on the reading worker thread (ui/kit/tasks.py) with its own connection,
so the window is usable at once on a street with a hundred thousand open items; the counts
per status show as soon as it is collected and the rows are added in batches, one batch per
turn of the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth, todo
from jiedao_desk.core.exchange import changes as exchange_changes
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.domains.monthly.pages import Dashboard
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import tasks, widgets

_Index = QModelIndex | QPersistentModelIndex
# (strong colour for the status cell, pale tint for the rest of the row)
COLOURS = {
    todo.OVERDUE: (QColor("#c62828"), QColor("#fdecea")),
    todo.DUE_SOON: (QColor("#b45309"), QColor("#fff4e5")),
    todo.OK: (QColor("#2e7d32"), QColor("#edf7ed")),
}
UNCONFIRMED = "未确认"
BATCH = 2000  # rows added per turn of the event loop


# the widest 依据 shown whole: "行政强制法 第五十三条、第五十四条、第六十九条"
BASIS_CHARS = 23


class TodoModel(QAbstractTableModel):
    """The todo items (a short list, held in memory)."""

    HEADERS = ("状态", "期限", "剩余", "事项", "依据")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[TodoItem] = []

    def set_items(self, items: list[TodoItem]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def add_items(self, items: list[TodoItem]) -> None:
        """Append rows (one batch of a list being filled)."""
        if not items:
            return
        first = len(self.items)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self.items.extend(items)
        self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, colours and tooltips of one cell."""
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        cell = self._ROLES.get(role)  # ItemDataRole is an IntEnum: a plain int finds it
        return cell(self.items[index.row()], index.column()) if cell else None

    @staticmethod
    def _background(item: TodoItem, col: int) -> QBrush:
        strong, pale = COLOURS.get(item.status, COLOURS[todo.OK])
        return QBrush(strong if col == 0 else pale)

    @staticmethod
    def _foreground(item: TodoItem, col: int) -> QBrush | None:
        if col == 0:
            return QBrush(QColor("white"))
        if col == 1 and not item.confirmed:
            return QBrush(COLOURS[todo.DUE_SOON][0])
        return None

    @staticmethod
    def _font(item: TodoItem, col: int) -> QFont | None:
        if col != 0:
            return None
        font = QFont()
        font.setBold(True)
        return font

    @staticmethod
    def _alignment(item: TodoItem, col: int) -> int | None:
        return int(Qt.AlignmentFlag.AlignCenter) if col in (0, 1, 2) else None

    @staticmethod
    def _tooltip(item: TodoItem, col: int) -> str | None:
        if col == 1 and not item.confirmed:
            return "期限涉及尚未录入节假日安排的日期，按周一至周五推算，可能有出入。"
        if col in (3, 4):
            return TodoModel._text(item, col)
        return None

    @staticmethod
    def _text(item: TodoItem, col: int) -> str:
        if col == 0:
            return todo.STATUS_LABELS.get(item.status, item.status)
        if col == 1:
            due = item.due.isoformat() + (f" {item.due_at:%H:%M}" if item.due_at else "")
            return due if item.confirmed else f"{due}（{UNCONFIRMED}）"
        if col == 2:
            return item.when
        if col == 3:
            return item.title
        return item.basis

    # what each role shows: role → (item, column) → value (None: nothing)
    _ROLES: dict[int, Callable[[TodoItem, int], Any]] = {
        Qt.ItemDataRole.DisplayRole: _text,
        Qt.ItemDataRole.BackgroundRole: _background,
        Qt.ItemDataRole.ForegroundRole: _foreground,
        Qt.ItemDataRole.FontRole: _font,
        Qt.ItemDataRole.TextAlignmentRole: _alignment,
        Qt.ItemDataRole.ToolTipRole: _tooltip,
    }


class HomePage(QWidget):
    """This month's figures (dashboard) and the todo list of the signed-in user.

    Signals:
        open_page(str, str): a dashboard figure was clicked (page key, month); the main window
            shows that page.
    """

    open_page = Signal(str, str)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.model = TodoModel(self)
        self.task: tasks.Task | None = None
        self.again = False  # a refresh came while collecting
        self.filling = 0  # which collected list the row batches belong to
        self.dashboard = Dashboard(store, actor)
        self.dashboard.open_page.connect(self.open_page)

        title = QLabel("待办事项")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.summary = QLabel()
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        unit = self.fontMetrics().horizontalAdvance("中")
        # 剩余 holds up to "已超期（今天 23:59）" (core/todo.py): twelve CJK widths.
        for col, chars in enumerate((5, 10, 12, 30, 18)):
            self.view.setColumnWidth(col, chars * unit + 16)
        # The item text takes the spare width; the basis column is as wide as the longest basis
        # listed (a citation such as "行政强制法 第五十三条、第五十四条、第六十九条", at most
        # BASIS_CHARS characters), set again whenever the list is refilled.
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("目前没有待办事项。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #2e7d32; font-size: 13pt; padding: 24px;")

        # Sites that have not exchanged for a while: the street's view of the communities'
        # data is only as fresh as their last package (hidden when none is overdue).
        self.exchange_line = QLabel()
        self.exchange_line.setWordWrap(True)
        self.exchange_line.setStyleSheet("color: #b45309; font-weight: bold;")
        self.exchange_line.linkActivated.connect(lambda _link: self.open_page.emit("exchange", ""))
        self.exchange_line.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.dashboard)
        layout.addWidget(self.exchange_line)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.waiting = True  # the first collection has not started
        if self.store.path is None:  # in memory: collected here (no reading thread can open it)
            self.refresh()
            return
        # The collections run on reading threads but share the GIL with the GUI thread: a page
        # shown at start-up starts them once it has painted, so that the window they are in is
        # built and painted first; a page made without being shown starts them at once.
        self.summary.setText("正在收集待办事项……")
        QTimer.singleShot(0, self, self._collect_unless_shown)

    def _collect_unless_shown(self) -> None:
        if self.waiting and not self.isVisible():
            self.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.waiting:
            QTimer.singleShot(0, self, self._collect_after_paint)

    def _collect_after_paint(self) -> None:
        if self.waiting:
            self.refresh()

    def on_show(self) -> None:
        """Re-read the list when the page is shown again."""
        self.refresh()

    def refresh(self) -> None:
        """Collect the todo items (on the reading thread) and the dashboard figures again."""
        self.waiting = False
        self.dashboard.refresh()
        self.refresh_exchange()
        if self.store.path is None:  # an in-memory database: no other thread can open it
            ok, items = widgets.call_core(self, todo.collect, self.store, self.actor,
                                          registry.todo_providers())
            if ok:
                self.show_items(items or [])
            return
        if self.task is not None and self.task.running:
            self.again = True  # collect once more when this run is in
            return
        self.again = False
        self.summary.setText("正在收集待办事项……")
        open_store = tasks.store_factory(self.store.path)
        actor = self.actor

        def work(_progress) -> list[TodoItem]:
            # The providers are read here, on the reading thread: the first read builds every
            # domain's spec, which the window does not wait for.
            providers = registry.todo_providers()
            with open_store() as s:
                return todo.collect(s, actor, providers)

        self.task = tasks.run_task(self, "正在收集待办事项……", work, on_done=self.show_items,
                                   progress=False, disable=[self.refresh_button], reads=True)

    def refresh_exchange(self) -> None:
        """Name the enrolled sites that have not exchanged a package for some days."""
        quiet = []
        if auth.can(self.actor, "exchange.run"):
            ok, found = widgets.call_core(self, exchange_changes.quiet_sites, self.store,
                                          self.actor)
            quiet = list(found or []) if ok else []
        parts = [f"{q.name} 登记后{q.days}天未交换" if q.never else f"{q.name} {q.days}天未交换"
                 for q in quiet]
        self.exchange_line.setText(
            "数据交换：" + "；".join(parts) + "　<a href='exchange'>打开数据交换</a>"
            if parts else "")
        self.exchange_line.setVisible(bool(parts))

    def show_items(self, items: list[TodoItem]) -> None:
        """Show the counts at once and fill the rows in batches."""
        if not shiboken6.isValid(self):  # the window was closed while collecting
            return
        if self.again:
            self.refresh()
        counts = todo.counts(items)
        unconfirmed = sum(1 for i in items if not i.confirmed)
        text = (f"共 {len(items)} 项：已超期 {counts[todo.OVERDUE]}，"
                f"即将到期 {counts[todo.DUE_SOON]}，未到期 {counts[todo.OK]}")
        if unconfirmed:
            text += f"；{unconfirmed} 项期限{UNCONFIRMED}"
        now = clock.now()
        self.summary.setText(f"{text}    （更新于 {now:%H:%M}）")
        self.view.setVisible(bool(items))
        self.empty.setVisible(not items)
        self._fit_basis(items)
        self.filling += 1  # a newer list stops the batches of an older one
        self.model.set_items(items[:BATCH])
        run = self.filling
        QTimer.singleShot(0, lambda: self._fill(items, BATCH, run))

    def _fit_basis(self, items: list[TodoItem]) -> None:
        """The 依据 column as wide as its longest text (whole, not only in the tooltip)."""
        metrics = self.view.fontMetrics()
        widest = max((metrics.horizontalAdvance(i.basis) for i in items if i.basis), default=0)
        unit = metrics.horizontalAdvance("中")
        header = metrics.horizontalAdvance(TodoModel.HEADERS[4])
        self.view.setColumnWidth(4, min(max(widest, header), BASIS_CHARS * unit) + 20)

    def _fill(self, items: list[TodoItem], start: int, run: int) -> None:
        if run != self.filling or start >= len(items) or not shiboken6.isValid(self):
            return
        self.model.add_items(items[start:start + BATCH])
        QTimer.singleShot(0, lambda: self._fill(items, start + BATCH, run))
