# SPDX-License-Identifier: MIT
"""Select one record, by id, in a page's windowed list (used by the ``show_record`` hooks).

A windowed list knows ids only page by page, so finding a record means reading pages in list
order. The scan is bounded: a page with a huge list (1,000,000 residents) first narrows the
list (e.g. searches for the record's name) and then calls this.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from jiedao_desk.ui.kit.windowed import WindowedTableModel

MAX_SCAN_ROWS = 5000  # 25 pages of 200 rows: a few milliseconds, never a freeze


def select_id(view: QTableView, model: WindowedTableModel, record_id: int,
              max_rows: int = MAX_SCAN_ROWS) -> bool:
    """Make ``record_id`` the current, selected and visible row of ``view``.

    Args:
        view: the table showing ``model``.
        model: the windowed model of the page's list.
        record_id: id of the record to select.
        max_rows: how many rows to look through at most.

    Returns:
        True if the record is listed within the first ``max_rows`` rows and now selected.
    """
    for row in range(min(model.rowCount(), max_rows)):
        if model.id_at(row) == record_id:
            column = next((c for c in range(model.columnCount()) if not view.isColumnHidden(c)),
                          0)
            index = model.index(row, column)
            view.setCurrentIndex(index)  # pages show their detail on currentRowChanged
            view.selectRow(row)
            view.scrollTo(index)
            return True
    return False
