# SPDX-License-Identifier: MIT
"""Small read-only tables of the 综合执法 page (a case's clocks, parties, records …; the
monthly figures). These hold a few dozen rows at most, so a ``QTableWidget`` is enough; the
case list itself is windowed (``case_list``)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def make_table(headers: tuple[str, ...]) -> QTableWidget:
    """A read-only, row-selecting table for the few rows of one case (or one month)."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return t


def fill_table(table: QTableWidget, rows: list[tuple], widths: tuple[int, ...] = ()) -> None:
    """Replace the rows (each cell's tooltip shows its whole text); set column widths."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setToolTip(item.text())
            table.setItem(r, c, item)
    for c, w in enumerate(widths):
        table.setColumnWidth(c, w)


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell that ``fill_table`` filled."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"no item at ({row}, {column})")
    return item
