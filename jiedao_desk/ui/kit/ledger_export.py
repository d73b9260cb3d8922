# SPDX-License-Identifier: MIT
"""导出台账 for any list screen: ask for a file, export in the background with progress.

A page with a windowed list adds one button::

    ledger_export.export_list(self, self.model.source, "居民信息台账", self.actor,
                              hidden=HIDDEN_COLUMNS, disable=[self.export_button])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import ledgers
from jiedao_desk.exports import ledger
from jiedao_desk.store.lists import ListSource
from jiedao_desk.ui.kit import saved, tasks, ui_state, widgets


def export_list(parent: QWidget | None, source: ListSource, title: str, actor: Actor,
                hidden: Iterable[str] = (), path: str | Path | None = None,
                on_done: Callable[[int], None] | None = None,
                disable: Iterable[Any] = ()) -> tasks.Task | None:
    """Export what ``source`` shows (filters, search, sort, columns) to an .xlsx ledger.

    Args:
        parent: the page (owns the file dialog, the progress dialog and messages).
        source: the list screen's source, as it is now; later changes do not affect the export.
        title: ledger title (sheet title row and suggested file name), e.g. "居民信息台账".
        actor: who exports (the personal data it carries is audited as theirs).
        hidden: keys of columns the view hides (not exported).
        path: the file to write; None asks with a save dialog.
        on_done: called with the number of rows written (default: the box that offers to
            open the file or its folder).
        disable: widgets/actions disabled while the export runs (e.g. the export button).

    Returns:
        The running task, or None when the user cancelled the file dialog.
    """
    if not widgets.confirm_plain_export(parent, title, source.store):
        return None
    if path is None:
        suggested = f"{title}_{clock.today().isoformat()}.xlsx"
        chosen = ui_state.save_file_name(parent, "导出台账", suggested,
                                         "Excel 工作簿 (*.xlsx)")
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    open_store = tasks.store_factory(source.store.path)
    snapshot = ledger.detach(source)  # read on the GUI thread; the worker only uses the copy
    hidden = tuple(hidden)

    def work(progress) -> int:
        with open_store() as store:  # sqlite connections are per thread
            snapshot.store = store
            return ledgers.export_source(store, actor, snapshot, target, title, progress,
                                         hidden)

    def done(rows: int) -> None:
        if on_done is not None:
            on_done(rows)
        else:
            saved.offer_open(parent, target, "导出完成", f"已导出 {rows:,} 行。")

    return tasks.run_task(parent, f"正在导出“{title}”…", work, on_done=done,
                          disable=disable)
