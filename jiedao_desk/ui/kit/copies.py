# SPDX-License-Identifier: MIT
"""Read-only copies of other sites' records in views: a banner saying whose record it is,
and the actions that would change it disabled with the reason.

The database refuses a change to a copy on every path (core/exchange/ownership.py and
m020's triggers); this only spares people a button that can do nothing but fail.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from jiedao_desk.core.exchange import ownership
from jiedao_desk.store import Store

_MARK = "copy_locked"  # property of a control whose tooltip ``lock`` wrote
BANNER_STYLE = ("background: #fff3e0; color: #7a3e00; border: 1px solid #f0b070;"
                " padding: 4px 8px;")


def reason(store: Store, entity: str, record_id: int | None) -> str | None:
    """Why the record may not be changed here (None: it may, as far as ownership goes)."""
    return ownership.copy_reason(store, entity, record_id)


def lock(controls: Iterable[QWidget | QAction], why: str | None) -> None:
    """Disable ``controls`` with ``why`` as their tooltip when the record is a copy.

    Call it after the page has enabled its actions for the record (state, permissions): it
    only ever disables, so the page's own rules still decide for records owned here; for
    such a record (``why`` None) it takes back only the tooltips it put there itself.
    """
    for control in controls:
        if why:
            control.setEnabled(False)
            control.setToolTip(why)
            control.setProperty(_MARK, True)
        elif control.property(_MARK):
            control.setToolTip("")
            control.setProperty(_MARK, False)


class CopyBanner(QLabel):
    """A strip above a record's detail: "只读副本：此记录属于枫林苑社区站点…"; hidden for
    records owned here."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("copy_banner")
        self.setWordWrap(True)
        self.setStyleSheet(BANNER_STYLE)
        self.hide()

    def say(self, why: str | None) -> None:
        """Show ``why`` (the copy's reason), or hide for a record owned here."""
        self.setText(f"只读副本：{why}" if why else "")
        self.setVisible(bool(why))
