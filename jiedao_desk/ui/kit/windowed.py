# SPDX-License-Identifier: MIT
"""A table model that reads a ``ListSource`` one page at a time (design.md "List screens").

The view asks only for the rows it paints, so a list of a million rows costs a few pages of
200 rows. It does not wait for the full count either: it counts at most ``FIRST_COUNT`` rows
(exact for shorter lists), paints, and has the exact number counted on a worker thread with
its own connection; when it arrives the rows beyond are appended and ``count_known`` fires
(a page's "共 N 条" label listens to it). The worker starts once the first rows have been
painted (or ``COUNT_DELAY_MS`` after the first count when nothing paints): started at once,
its opening of the database and its count competed with the paint for the two cores and the
interpreter, and made the first paint twice as slow at 1,000,000 rows. Pages live in a small
LRU cache; a sort, filter or search change empties it (``beginResetModel``), because every
page's content changes.
"""

from __future__ import annotations

import re
import weakref
from collections import OrderedDict
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from jiedao_desk.base.actor import Actor
from jiedao_desk.core.exchange import ownership
from jiedao_desk.store import Store
from jiedao_desk.store.lists import ListSource
from jiedao_desk.ui.kit import ledger_export, ui_state

_Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ID_ROLE = Qt.ItemDataRole.UserRole  # data(index, ID_ROLE) → the record id of the row
FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ROLES = frozenset(int(r) for r in (DISPLAY, TOOLTIP, ID_ROLE, FOREGROUND))  # data() answers
_CELL_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemNeverHasChildren)  # every cell: selectable, never editable
OWNER_LABEL = ownership.SOURCE_LABEL  # the column marking other sites' records held here
OWNER_COLOUR = "#9a4d00"
EXPORT_ACTION = "export_action"  # object name of the list's export action
FIRST_COUNT = 10_000  # rows counted before the first paint (~1 ms on an index)
# A search counts one page: its rows are found by walking the list (store/lists.py), and
# 10,000 matches of a term in one record of eight mean reading 80,000 rows before the paint.
FIRST_SEARCH_COUNT = 200
COUNT_DELAY_MS = 200  # the exact count starts this long after the first one if nothing paints

# Models whose exact count is due but not started (``wait_counts`` starts them first).
_due: weakref.WeakSet[WindowedTableModel] = weakref.WeakSet()

_count_pool: QThreadPool | None = None


def _counting_pool() -> QThreadPool:
    """Threads that count lists (readers: they never wait for the writer thread)."""
    global _count_pool
    if _count_pool is None:
        _count_pool = QThreadPool()
        _count_pool.setMaxThreadCount(2)
    return _count_pool


def wait_counts(msecs: int = -1) -> bool:
    """Wait until the lists being counted are counted (tests, exit); counts still due start
    now."""
    for model in list(_due):
        if shiboken6.isValid(model):
            model._start_count()
    return _count_pool.waitForDone(msecs) if _count_pool is not None else True


class _CountDelivery(QObject):
    """Carries a count from the worker to the model's (GUI) thread."""

    counted = Signal(int, int)  # generation, count


class _CountRun(QRunnable):
    def __init__(self, source: ListSource, path, delivery: _CountDelivery, generation: int):
        super().__init__()
        self._source, self._path = source, path
        self._delivery, self._generation = delivery, generation

    def run(self) -> None:  # worker thread: its own connection, emits a signal only
        try:
            with Store.open(self._path, migrate=False) as store:
                self._source.store = store
                count = self._source.count()
        except Exception:  # noqa: BLE001 - the list keeps the rows it has; a refresh recounts
            return
        if shiboken6.isValid(self._delivery):  # the list may have been closed meanwhile
            self._delivery.counted.emit(self._generation, count)


class WindowedTableModel(QAbstractTableModel):
    """Read-only model over a ``ListSource``.

    Args:
        source: the list (filters, sort and search live there).
        cache_pages: how many pages of ``source.page_size`` rows to keep.
    """

    count_known = Signal(int)  # the exact number of rows, once counted

    def __init__(self, source: ListSource, parent=None, cache_pages: int = 50):
        super().__init__(parent)
        self._source = source
        self._cache_pages = max(2, cache_pages)
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        # page number → {record id: 只读（owner）} of the copies on that page, read with it
        self._copies: dict[int, dict[int, tuple[str, str]]] = {}
        self._owners_shown = self._may_hold_copies()
        self._count: int | None = None
        self._exact = False  # _count is the exact number (not the first FIRST_COUNT rows)
        self._count_due = False  # the exact count is wanted but its worker not yet started
        self._start_posted = False  # a paint has asked for the count to start after it
        self._generation = 0  # a count arriving for an older filter/search is dropped
        self._delivery = _CountDelivery(self)
        self._delivery.counted.connect(self._counted)
        self._search = ""
        self.page_reads = 0  # how many pages were read from the store (tests, diagnostics)

    # Columns a subclass computes itself, placed after the source's (their data is theirs).
    computed_columns = 0

    # -- the source --------------------------------------------------------------------
    @property
    def source(self) -> ListSource:
        """The list this model shows."""
        return self._source

    @property
    def search_text(self) -> str:
        """The current search text ("" when not searching)."""
        return self._search

    @property
    def columns(self):
        """The source's columns (``store.lists.Column``)."""
        return self._source.columns

    def set_source(self, source: ListSource) -> None:
        """Show another list (e.g. another community), keeping sort and search if possible."""
        old = self._source
        if old.sort_key is not None and any(c.key == old.sort_key for c in source.columns):
            source.set_sort(old.sort_key, old.descending)
        if self._search and source.search_entity:
            source.set_search(self._search)
        self._reset(lambda: setattr(self, "_source", source))

    def set_filter(self, key: str, value: Any) -> None:
        """Filter a column of the source (None or "" clears it)."""
        self._reset(lambda: self._source.set_filter(key, value))

    def set_search(self, text: str) -> None:
        """Restrict to rows matching ``text`` in the search index ("" shows all)."""
        self._search = (text or "").strip()
        self._reset(lambda: self._source.set_search(self._search))

    def refresh(self) -> None:
        """Re-read everything (after the data changed)."""
        self._reset(self._source.refresh)

    def _may_hold_copies(self) -> bool:
        """A 来源 column only where copies can exist: a replicated table, on a database
        that knows another site (a single-PC office never sees the column)."""
        try:
            return ownership.may_hold_copies(self._source.store, self._source.table)
        except Exception:  # noqa: BLE001 - a list without a store yet: no column
            return False

    @property
    def owner_column(self) -> int | None:
        """Index of the 来源 column (None when the list does not show one)."""
        return len(self._source.columns) + self.computed_columns if self._owners_shown else None

    def copy_of(self, row: int) -> str | None:
        """"只读（枫林苑社区）" when the row is another site's record held here as a copy."""
        rid = self.id_at(row)
        if rid is None:
            return None
        found = self._copies.get(row // self._source.page_size, {}).get(rid)
        return found[0] if found else None

    def _reset(self, change) -> None:
        self.beginResetModel()
        try:
            change()
        finally:
            self._pages.clear()
            self._copies.clear()
            self._owners_shown = self._may_hold_copies()
            self._count = None
            self._exact = False
            self._count_due = self._start_posted = False
            _due.discard(self)
            self._generation += 1
            self.endResetModel()

    # -- rows --------------------------------------------------------------------------
    def _row(self, row: int) -> tuple | None:
        size = self._source.page_size
        number = row // size
        page = self._pages.get(number)
        if page is None:
            page = self._source.page(number * size, size)
            self.page_reads += 1
            self._pages[number] = page
            if self._owners_shown:  # one query by key for the page's copies, never per row
                found = ownership.copies(self._source.store, self._source.table,
                                         [r[0] for r in page])
                self._copies[number] = {
                    rid: (ownership.copy_label(o),
                          ownership.READ_ONLY.format(owner=o.owner_name) + "，不能在本机修改")
                    for rid, o in found.items()}
            while len(self._pages) > self._cache_pages:
                old, _ = self._pages.popitem(last=False)
                self._copies.pop(old, None)
        else:
            self._pages.move_to_end(number)
        offset = row - number * size
        return page[offset] if 0 <= offset < len(page) else None

    def id_at(self, row: int) -> int | None:
        """Record id of a row (None outside the list)."""
        if not 0 <= row < self.rowCount():
            return None
        r = self._row(row)
        return None if r is None else r[0]

    def row_values(self, row: int) -> dict[str, Any] | None:
        """The row as {column key: value} (None outside the list)."""
        if not 0 <= row < self.rowCount():
            return None
        r = self._row(row)
        if r is None:
            return None
        return {c.key: v for c, v in zip(self.columns, r[1:], strict=True)}

    # -- Qt model interface ------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        if parent.isValid():
            return 0
        if self._count is None:
            first = FIRST_SEARCH_COUNT if self._source.searching else FIRST_COUNT
            count, exact = self._source.count_within(first)
            if not exact and self._source.store.path is None:
                # an in-memory database is visible to this connection only: count here
                count, exact = self._source.count(), True
            self._count, self._exact = count, exact
            if not exact:
                self._count_later()
        return self._count

    @property
    def count_started(self) -> bool:
        """True once the exact count (if one is needed) is on its worker or done."""
        return not self._count_due

    @property
    def count_exact(self) -> bool:
        """True once ``rowCount()`` is the exact number of rows (not the first rows only)."""
        self.rowCount()
        return self._exact

    def count_text(self) -> str:
        """The number of rows for a "共 N 条" label: "10,000+" while still counting."""
        n = self.rowCount()
        return f"{n:,}" if self._exact else f"{n:,}+"

    def _count_later(self) -> None:
        """Have the exact count made after the first paint (``data`` starts it then), or after
        ``COUNT_DELAY_MS`` if no view paints this model."""
        self._count_due, self._start_posted = True, False
        _due.add(self)
        QTimer.singleShot(COUNT_DELAY_MS, self, self._start_count)

    def _start_count(self) -> None:
        if not self._count_due:
            return
        self._count_due = False
        _due.discard(self)
        _counting_pool().start(_CountRun(self._source.copy_for(None), self._source.store.path,
                                         self._delivery, self._generation))

    def _counted(self, generation: int, count: int) -> None:
        if generation != self._generation or self._exact:
            return
        self._source.remember_count(count)
        shown = self._count or 0
        if count > shown:
            self.beginInsertRows(QModelIndex(), shown, count - 1)
            self._count, self._exact = count, True
            self.endInsertRows()
        elif count < shown:  # rows voided since the first count: show the true number
            self.beginResetModel()
            self._pages.clear()
            self._count, self._exact = count, True
            self.endResetModel()
        else:
            self._exact = True
        self.count_known.emit(count)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        if parent.isValid():
            return 0
        return len(self._source.columns) + self.computed_columns + int(self._owners_shown)

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        """Display text (and tooltip) of a cell; ``ID_ROLE`` gives the row's record id; the
        来源 column marks a read-only copy (its tooltip says whose)."""
        # Called for every painted cell (a few thousand per paint): no Qt calls that are not
        # needed, no enum arithmetic.
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        count = self._count if self._count is not None else self.rowCount()
        if row >= count or column >= (len(self._source.columns) + self.computed_columns
                                      + int(self._owners_shown)):
            return None
        r = self._row(row)
        if self._count_due and not self._start_posted:
            # rows are being painted: the count starts once this paint is done
            self._start_posted = True
            QTimer.singleShot(0, self, self._start_count)
        if r is None:  # the table shrank under us; a refresh will follow
            return None
        if role == ID_ROLE:
            return r[0]
        if column == self.owner_column:
            return self._owner_cell(row, r[0], role)
        if role == FOREGROUND:  # the whole row of a copy in the copy's colour
            return self._owner_cell(row, r[0], role)
        if column >= len(self._source.columns):
            return None
        value = r[column + 1]
        return "" if value is None else str(value)

    def _owner_cell(self, row: int, record_id: int, role: int) -> Any:
        copy = self._copies.get(row // self._source.page_size, {}).get(record_id)
        if role == FOREGROUND:
            return QColor(OWNER_COLOUR) if copy else None
        if copy is None:
            return ownership.HERE if role == DISPLAY else "本机的记录"
        return copy[0] if role == DISPLAY else copy[1]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = DISPLAY) -> Any:
        """Column labels (tooltip: whether a click sorts); row numbers on the vertical header."""
        cols = self._source.columns
        if orientation == Qt.Orientation.Horizontal and section == self.owner_column:
            if role == DISPLAY:
                return OWNER_LABEL
            return "“只读”：其他站点的记录，本机只保存副本，不能修改" if role == TOOLTIP else None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(cols):
            if role == DISPLAY:
                return cols[section].label
            if role == TOOLTIP:
                return "单击按此列排序" if cols[section].sortable else "此列不能排序"
            return None
        if orientation == Qt.Orientation.Vertical and role == DISPLAY and section >= 0:
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Selectable and enabled, never editable (edits go through dialogs and core)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _CELL_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a sortable column (others are ignored); column -1 sorts by id."""
        descending = order == Qt.SortOrder.DescendingOrder
        if column < 0 or column >= len(self._source.columns):
            key = None
        else:
            key = self._source.columns[column].key
            if not self._source.columns[column].sortable:
                return
        if key == self._source.sort_key and descending == self._source.descending:
            return
        self._reset(lambda: self._source.set_sort(key, descending))


def follow_count(model: WindowedTableModel, label: QLabel) -> None:
    """When ``model``'s exact count arrives, put it into ``label``'s "共 10,000+ …" text."""

    def update(count: int) -> None:
        label.setText(re.sub(r"^共 [\d,]+\+", f"共 {count:,}", label.text()))

    model.count_known.connect(update)


def header_width(header: QHeaderView, label: str) -> int:
    """The narrowest a column may start: its whole label plus the sort arrow and margins, so
    that no header is cut ("诉求人" never shows as "诉…")."""
    return header.fontMetrics().horizontalAdvance(label) + 36


def configure_view(view: QTableView, model: WindowedTableModel, char_width: int | None = None,
                   row_height: int | None = None, ledger_title: str = "台账",
                   hidden: tuple[str, ...] | frozenset[str] | set[str] = (),
                   actor: Actor | None = None) -> None:
    """Set up a table view for a big windowed list.

    Fixed row height and no word wrap (a row never needs measuring), column widths from
    ``Column.width``, never ``ResizeToContents`` (it would read every row), and sorting by a
    click on a sortable column's header only.
    """
    view.setModel(model)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(False)  # we sort on header clicks ourselves, sortable columns only
    metrics = view.fontMetrics()
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(row_height or metrics.height() + 10)
    vh.setVisible(False)
    hh = view.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setStretchLastSection(True)
    hh.setSectionsClickable(True)
    hh.setHighlightSections(False)
    hh.setSortIndicatorShown(True)
    hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    # Column.width counts characters of mixed text: a Chinese character is about twice as
    # wide as a digit, so use their mean (an 18-digit ID and a 9-character name both fit).
    unit = char_width or (metrics.horizontalAdvance("中") + metrics.horizontalAdvance("0")) / 2
    for i, col in enumerate(model.columns):
        view.setColumnWidth(i, max(round(col.width * unit) + 16, header_width(hh, col.label)))
        if col.key in hidden:  # e.g. filter-only columns; the ledger export skips them too
            view.hideColumn(i)
    if model.owner_column is not None:
        view.setColumnWidth(model.owner_column,
                            max(round(11 * unit) + 16, header_width(hh, OWNER_LABEL)))
        # shown right after the record's first column, so that a 1366-pixel screen sees
        # which rows are copies without scrolling (a visual move: indices stay as they are)
        first = next((i for i in range(len(model.columns)) if not view.isColumnHidden(i)), 0)
        hh.moveSection(hh.visualIndex(model.owner_column), hh.visualIndex(first) + 1)
    # widths the user dragged come back next time (by column key, so a new column shifts none)
    ui_state.remember_columns(hh, view.objectName() or ledger_title,
                              [c.key for c in model.columns])

    def clicked(section: int) -> None:
        cols = model.columns
        if not 0 <= section < len(cols) or not cols[section].sortable:
            _show_indicator(hh, model)
            return
        src = model.source
        if src.sort_key == cols[section].key:
            order = (Qt.SortOrder.AscendingOrder if src.descending
                     else Qt.SortOrder.DescendingOrder)
        else:
            order = Qt.SortOrder.AscendingOrder
        model.sort(section, order)
        _show_indicator(hh, model)

    hh.sectionClicked.connect(clicked)
    _show_indicator(hh, model)
    if actor is not None:  # an export is audited as someone's: no user, no export menu
        _add_export_menu(view, model, ledger_title, actor)


def _add_export_menu(view: QTableView, model: WindowedTableModel, title: str,
                     actor: Actor) -> None:
    """Every list screen can export what it shows: a context-menu action
    exports the current filters, search, sort and visible columns to an .xlsx ledger."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    action = QAction("导出当前列表为 Excel 台账…", view)
    action.setObjectName(EXPORT_ACTION)

    def export() -> None:
        hidden = [c.key for i, c in enumerate(model.columns) if view.isColumnHidden(i)]
        ledger_export.export_list(view, model.source, title, actor, hidden=hidden)

    action.triggered.connect(export)
    view.addAction(action)


def export_action(view: QTableView) -> QAction | None:
    """The "export this list" action ``configure_view`` added to ``view`` (for tests and
    toolbars), or None when the view was configured without one."""
    return view.findChild(QAction, EXPORT_ACTION)


def _show_indicator(header: QHeaderView, model: WindowedTableModel) -> None:
    src = model.source
    keys = [c.key for c in model.columns]
    section = keys.index(src.sort_key) if src.sort_key in keys else -1
    order = Qt.SortOrder.DescendingOrder if src.descending else Qt.SortOrder.AscendingOrder
    header.setSortIndicator(section, order)
