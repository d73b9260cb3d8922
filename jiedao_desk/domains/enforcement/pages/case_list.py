# SPDX-License-Identifier: MIT
"""The case list of the 综合执法 page: a windowed model over ``lists.list_source``
plus a computed 时钟 column (the worst open clock of the case, coloured green/yellow/red).

The clock colour depends on today and on the working-day calendar, so it is not a stored
column: it is computed only for the rows the view paints, and cached until the next refresh.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.domains.enforcement import lists
from jiedao_desk.domains.enforcement.clocks import COLOUR_LABELS
from jiedao_desk.domains.enforcement.store_lists import CaseListSource
from jiedao_desk.store import Store
from jiedao_desk.ui.kit.windowed import DISPLAY, ID_ROLE, WindowedTableModel

_Index = QModelIndex | QPersistentModelIndex
CLOCK_COLOURS = {"green": "#c8e6c9", "yellow": "#fff59d", "red": "#ef9a9a", "done": "#e0e0e0",
                 "lapsed": "#eeeeee"}
BACKGROUND = Qt.ItemDataRole.BackgroundRole


class CaseListModel(WindowedTableModel):
    """Cases, newest first, with a column 时钟 (未到期 / 即将到期 / 已超期) after the
    source's."""

    computed_columns = 1

    def __init__(self, store: Store, actor: Actor, parent: QObject | None = None):
        super().__init__(lists.list_source(store, actor), parent)
        self.store, self.actor = store, actor
        self._colours: dict[int, str] = {}
        self.modelReset.connect(self._colours.clear)

    @property
    def source(self) -> CaseListSource:
        """The case list (with its month restriction, ``set_month``)."""
        source = super().source
        if not isinstance(source, CaseListSource):  # built with one; set_source is not used
            raise TypeError("the case list model reads a CaseListSource")
        return source

    @property
    def clock_column(self) -> int:
        """Index of the computed 时钟 column (after the source's columns)."""
        return len(self.columns)

    def colour_of(self, row: int) -> str:
        """"red", "yellow", "green" or "" for a row (computed once per refresh)."""
        case_id = self.id_at(row)
        if case_id is None:
            return ""
        if case_id not in self._colours:
            try:
                self._colours.update(lists.clock_colours(self.store, self.actor, [case_id]))
            except JiedaoError:
                self._colours[case_id] = ""
        return self._colours[case_id]

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        """The source's cells; for 时钟 the colour label and background."""
        if not index.isValid() or index.column() != self.clock_column:
            return super().data(index, role)
        if index.row() >= self.rowCount():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role == DISPLAY:
            return COLOUR_LABELS.get(self.colour_of(index.row()), "")
        if role == BACKGROUND:
            colour = self.colour_of(index.row())
            return QColor(CLOCK_COLOURS[colour]) if colour else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = DISPLAY) -> Any:
        """The source's headers plus 时钟."""
        if orientation == Qt.Orientation.Horizontal and section == self.clock_column:
            return "时钟" if role == DISPLAY else None
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The computed column cannot sort; the others as the windowed model does."""
        if column != self.clock_column:
            super().sort(column, order)
