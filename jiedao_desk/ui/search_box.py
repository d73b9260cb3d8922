# SPDX-License-Identifier: MIT
"""Global search (全局搜索) in the main window: a box in the toolbar and a results panel.

The box searches as the user types (debounced, so a fast typist or an input method that
commits several characters runs one query), through ``core.search.search`` — the same search
as the CLI ``search`` command, already filtered by the actor's permissions. Search over
1,000,000 residents takes under 1 ms per query (benchmarks/README.md), so it runs on the UI
thread; results are capped at ``LIMIT``.

The panel is a child of the main window laid over the page under the box (not a separate
window), so it moves with the window and never takes the keyboard from the box: ↑/↓ move
through the hits, Enter opens one, Esc closes the panel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import search as core_search
from jiedao_desk.store import Store
from jiedao_desk.ui.pages import visible_pages

LIMIT = 50
DEBOUNCE_MS = 250
# entity in the search index → key of the page that shows it (one place for the whole app).
# An entity not listed here opens the page whose key equals the entity name, if any.
RECORD_PAGES: dict[str, str] = {
    "resident": "residents",
    "mediation_case": "mediation",
    "enforcement_case": "enforcement",
    "hotline_ticket": "hotline",
}
HIT_ROLE = Qt.ItemDataRole.UserRole


def page_for(entity: str) -> str:
    """Key of the page that shows records of ``entity`` (the entity name if not mapped)."""
    return RECORD_PAGES.get(entity, entity)


class SearchResultsPanel(QFrame):
    """The results: hits grouped by kind, a count per kind, and a status line."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("global_search_results")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#global_search_results { background: palette(base);"
                           " border: 1px solid #888; }")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the box
        self.status = QLabel()
        self.status.setObjectName("global_search_status")
        self.status.setStyleSheet("color: #555; padding: 2px 4px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        self.hide()

    def show_hits(self, hits: list[core_search.SearchHit], truncated: bool) -> None:
        """Fill the tree: one bold group row per kind, then its hits (title, snippet)."""
        self.tree.clear()
        groups: dict[str, list[core_search.SearchHit]] = {}
        for hit in hits:
            groups.setdefault(hit.entity, []).append(hit)
        order = list(RECORD_PAGES)  # a stable order of kinds, whatever was indexed last
        bold = QFont(self.tree.font())
        bold.setBold(True)
        first: QTreeWidgetItem | None = None
        for entity in sorted(groups, key=lambda e: (order.index(e) if e in order else len(order),
                                                    groups[e][0].label)):
            label = f"{groups[entity][0].label}（{len(groups[entity])}）"
            group = QTreeWidgetItem(self.tree, [label])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a hit
            group.setFirstColumnSpanned(True)
            group.setFont(0, bold)
            group.setBackground(0, self.palette().alternateBase())
            for hit in groups[entity]:
                item = QTreeWidgetItem(group, [hit.title, hit.snippet])
                item.setData(0, HIT_ROLE, (hit.entity, hit.entity_id))
                item.setToolTip(0, hit.title)
                item.setToolTip(1, hit.snippet)
                first = first or item
            group.setExpanded(True)
        if first is not None:  # (the cleared tree has no current item otherwise)
            self.tree.setCurrentItem(first)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 360))
        if not hits and truncated:  # the first LIMIT matches were all of hidden kinds
            self.status.setText(f"前 {LIMIT} 条结果中没有您可以打开的记录，"
                                "请输入更多字词缩小范围。")
        elif not hits:
            self.status.setText("无结果")
        elif truncated:
            self.status.setText(f"仅显示前 {LIMIT} 条，请输入更多字词缩小范围。"
                                "↑↓ 选择，回车或双击打开，Esc 关闭")
        else:
            self.status.setText(f"共 {len(hits)} 条。↑↓ 选择，回车或双击打开，Esc 关闭")
        self.tree.setVisible(bool(hits))

    def show_message(self, text: str) -> None:
        """Show only a message (e.g. the query has no letter or digit)."""
        self.tree.clear()
        self.tree.hide()
        self.status.setText(text)

    def wanted_height(self) -> int:
        """Height that shows every row (the caller caps it to the window)."""
        rows = len(self.hit_items()) + self.tree.topLevelItemCount()
        row_height = max(self.tree.sizeHintForRow(0), self.fontMetrics().height() + 2)
        tree = rows * row_height + 2 * self.tree.frameWidth() + 4 if rows else 0
        return tree + self.status.sizeHint().height() + 14

    def hit_items(self) -> list[QTreeWidgetItem]:
        """The hit rows in display order (group rows left out)."""
        items: list[QTreeWidgetItem] = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is None:
                continue
            items.extend(hit for i in range(group.childCount())
                         if (hit := group.child(i)) is not None)
        return items

    def step_current(self, step: int) -> None:
        """Make the next (``step`` 1) or previous (-1) hit the current one."""
        items = self.hit_items()
        if not items:
            return
        current = self.tree.currentItem()
        n = items.index(current) if current in items else -step
        self.tree.setCurrentItem(items[max(0, min(len(items) - 1, n + step))])


class GlobalSearch(QObject):
    """The search box and its results panel, laid over ``host`` (the main window).

    Signals:
        activated(str, int): a hit was opened (entity, entity id).
    """

    activated = Signal(str, int)

    def __init__(self, store: Store, actor: Actor, host: QWidget):
        super().__init__(host)
        # No Python reference to ``host`` (self.parent() is it): a cycle through a Qt
        # connection would keep the window alive after it is closed.
        self.store, self.actor = store, actor
        self.hits: list[core_search.SearchHit] = []
        self.truncated = False
        # Kinds whose page this actor may not open are not listed: the page would refuse them
        # anyway, and a name alone can leak personal data (个人信息保护法 第十条).
        self._hidden_pages = ({p.key for p in registry.pages()}
                              - {p.key for p in visible_pages(actor)})
        self.edit = QLineEdit()
        self.edit.setObjectName("global_search")
        self.edit.setPlaceholderText("全局搜索：姓名、案号、工单号、地址…（Ctrl+F）")
        self.edit.setClearButtonEnabled(True)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("中") * 30)
        self.panel = SearchResultsPanel(host)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.installEventFilter(self)
        host.installEventFilter(self)
        self.panel.tree.itemActivated.connect(self._item_activated)
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # the widgets above could not exist without it
        app.focusChanged.connect(self._focus_changed)

    # -- searching ---------------------------------------------------------------------------
    def focus(self) -> None:
        """Ctrl+F: put the cursor in the box with its text selected."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._reopen()

    def _reopen(self) -> None:
        # Back in the box with text: search again (records may have changed meanwhile).
        if self.edit.text().strip() and not self.panel.isVisible():
            self.run_search()

    def _text_changed(self, text: str) -> None:
        if not text.strip():
            self.timer.stop()
            self.hits = []
            self.panel.hide()
            return
        self.timer.start()  # restarts: one query once typing pauses

    def run_search(self) -> None:
        """Search for the box's text now and show the results."""
        self.timer.stop()
        text = self.edit.text().strip()
        if not text:
            return
        try:
            found = core_search.search(self.store, self.actor, text,
                                       registry.search_sources(), limit=LIMIT + 1)
        except ValidationError as exc:  # e.g. only punctuation: say why there is nothing
            self.hits, self.truncated = [], False
            self.panel.show_message(str(exc))
        else:
            # One more than LIMIT tells whether there are more (describers may hide some).
            self.truncated = len(found) > LIMIT
            self.hits = [h for h in found[:LIMIT]
                         if page_for(h.entity) not in self._hidden_pages]
            self.panel.show_hits(self.hits, self.truncated)
        self._show_panel()

    # -- opening -----------------------------------------------------------------------------
    def activate(self, item: QTreeWidgetItem | None = None) -> bool:
        """Open a hit (the current one if ``item`` is None); group rows do nothing."""
        item = item or self.panel.tree.currentItem()
        data = item.data(0, HIT_ROLE) if item is not None else None
        if not data:
            return False
        self.panel.hide()
        self.activated.emit(data[0], int(data[1]))
        return True

    def _item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.activate(item)

    # -- panel placement and keys ------------------------------------------------------------
    def _show_panel(self) -> None:
        self._place()
        self.panel.show()
        self.panel.raise_()

    def _host(self) -> QWidget:
        """The window the panel is laid over (the parent given to the constructor)."""
        host = self.parent()
        assert isinstance(host, QWidget)  # set once in __init__ and never changed
        return host

    def _place(self) -> None:
        host = self._host()
        below = self.edit.mapTo(host, self.edit.rect().bottomLeft())
        width = min(max(self.edit.width(), 720), host.width() - 12)
        x = max(6, min(below.x(), host.width() - width - 6))
        height = min(self.panel.wanted_height(), int(host.height() * 0.7),
                     host.height() - below.y() - 30)
        self.panel.setGeometry(x, below.y() + 2, width, max(height, 60))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Keys of the box drive the panel; the panel follows the window's size."""
        if obj is self.parent() and event.type() == QEvent.Type.Resize and self.panel.isVisible():
            self._place()
        elif (obj is self.edit and event.type() == QEvent.Type.KeyPress
              and isinstance(event, QKeyEvent)):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                if not self.panel.isVisible() and self.edit.text().strip():
                    self.run_search()
                self.panel.step_current(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive() or not self.panel.isVisible():
                    self.run_search()  # Enter before the pause: search, don't open stale hits
                else:
                    self.activate()
                return True
            if key == Qt.Key.Key_Escape and self.panel.isVisible():
                self.panel.hide()
                return True
        elif obj is self.edit and event.type() == QEvent.Type.FocusIn:
            self._reopen()
        return super().eventFilter(obj, event)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Clicking elsewhere (a page, the navigation) closes the panel, like a menu.
        if new is None or new is self.edit or self.panel.isAncestorOf(new):
            return
        self.panel.hide()
