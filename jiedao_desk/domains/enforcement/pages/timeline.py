# SPDX-License-Identifier: MIT
"""A drawn timeline of a case's statutory clocks: one bar per clock from the day it runs
from to its due day, coloured green / yellow / red / grey (done), with a line for today.

Layout only; the clocks and colours come from ``view.case_detail``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from jiedao_desk.base import clock
from jiedao_desk.domains.enforcement.pages.case_list import CLOCK_COLOURS

BORDER = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828", "done": "#9e9e9e",
          "lapsed": "#bdbdbd"}
ROW_H, TOP, LABEL_W, PAD, DUE_W = 24, 22, 230, 10, 48  # DUE_W: room for "MM-DD"


class ClockTimeline(QWidget):
    """Bars of (label, start, due, colour) on a shared date axis."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[tuple[str, dt.date, dt.date, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(TOP + ROW_H + PAD)

    def set_clocks(self, clocks) -> None:
        """Show ``[(Clock, colour), …]``; "not before" clocks are drawn from start to due."""
        self.bars = [(c.label, c.start, c.due, colour) for c, colour in clocks]
        self.setFixedHeight(TOP + max(1, len(self.bars)) * ROW_H + PAD)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(600, TOP + max(1, len(self.bars)) * ROW_H + PAD)

    def _span(self) -> tuple[dt.date, dt.date]:
        today = clock.today()
        first = min([b[1] for b in self.bars] + [today])
        last = max([b[2] for b in self.bars] + [today])
        return first, max(last, first + dt.timedelta(days=1))

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.bars:
            p.setPen(QColor("#777777"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "本案暂无法定期限")
            return
        x = self.x_of
        for rect, text, today in self.header_items():
            p.setPen(QColor("#1565c0" if today else "#555555"))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        metrics = p.fontMetrics()
        for i, (label, start, due, colour) in enumerate(self.bars):
            y = TOP + i * ROW_H
            p.setPen(QColor("#222222"))
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, LABEL_W - 8)
            p.drawText(QRectF(4, y, LABEL_W - 8, ROW_H), Qt.AlignmentFlag.AlignVCenter, text)
            left, right = x(start), max(x(due), x(start) + 3)
            p.setPen(QPen(QColor(BORDER[colour]), 1))
            p.setBrush(QColor(CLOCK_COLOURS[colour]))
            p.drawRoundedRect(QRectF(left, y + 4, right - left, ROW_H - 8), 3, 3)
            p.setPen(QColor("#333333"))
            p.drawText(QRectF(right + 4, y, DUE_W, ROW_H), Qt.AlignmentFlag.AlignVCenter,
                       due.isoformat()[5:])
        today_x = self.x_of(clock.today())
        p.setPen(QPen(QColor("#1565c0"), 2, Qt.PenStyle.DashLine))
        p.drawLine(int(today_x), TOP - 2, int(today_x), self.height() - 2)
        p.end()

    def x_of(self, day: dt.date) -> float:
        """Where ``day`` lies on the date axis."""
        first, last = self._span()
        axis_left, axis_right = self._axis()
        return axis_left + (axis_right - axis_left) * (day - first).days / (
            (last - first).days or 1)

    def _axis(self) -> tuple[float, float]:
        """Left and right x of the date axis."""
        width = max(self.width() - LABEL_W - 2 * PAD - DUE_W, 50)
        return LABEL_W + PAD, LABEL_W + PAD + width

    def header_items(self) -> list[tuple[QRectF, str, bool]]:
        """The texts above the bars: (rect, text, is today's marker).

        "今天" sits over today's line but is kept inside the axis, and a date at an end of
        the axis that it would cover is left out, so no two texts overlap.
        """
        if not self.bars:
            return []
        first, last = self._span()
        left, right = self._axis()
        metrics = self.fontMetrics()
        height = TOP - 4

        def box(text: str, centre: float) -> QRectF:
            w = metrics.horizontalAdvance(text) + 8
            x0 = min(max(centre - w / 2, left), right - w)
            return QRectF(x0, 2, w, height)

        marker = box("今天", self.x_of(clock.today()))
        items = [(marker, "今天", True)]
        for day, centre in ((first, left), (last, right)):
            rect = box(day.isoformat(), centre)
            if not rect.intersects(marker) and not any(rect.intersects(r) for r, _t, _d in items):
                items.append((rect, day.isoformat(), False))
        return items
