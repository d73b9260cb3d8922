# SPDX-License-Identifier: MIT
"""三率趋势 tab: a small line chart drawn with QPainter (QtCharts is not in
PySide6-Essentials), the monthly numbers under it, and the Excel export."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.hotline import reports as hotline_reports
from jiedao_desk.domains.hotline.rates import STREET
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import saved, ui_state, widgets

# (key, label, colour, dashed): the three rates and the combined score.
LINES = (("response_rate", "响应率", "#1f77b4", False),
         ("resolution_rate", "解决率", "#2ca02c", False),
         ("satisfaction_rate", "满意率", "#d62728", False),
         ("score", "综合成绩", "#555555", True))
TABLE_HEADERS = ("月份", "受理量", "有效回访", "响应率(%)", "解决率(%)", "满意率(%)", "综合成绩")


class TrendChart(QWidget):
    """Lines of the rates (0–100) over months; a month without valid visits leaves a gap."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.months: list[str] = []
        self.series: dict[str, list[float | None]] = {}
        self.title = ""
        self.setMinimumSize(420, 220)

    def set_data(self, title: str, months: list[str],
                 series: dict[str, list[float | None]]) -> None:
        """Show ``series`` {key of LINES: value per month}."""
        self.title, self.months, self.series = title, months, series
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """A comfortable default size."""
        return QSize(720, 280)

    def plot_rect(self) -> QRectF:
        """The area inside the axes (left room for the scale, bottom for month labels)."""
        # The right margin leaves room for half of the last month's label.
        return QRectF(44, 30, max(self.width() - 44 - 34, 10), max(self.height() - 30 - 46, 10))

    def point(self, i: int, value: float) -> QPointF:
        """Where month ``i`` at ``value`` (0–100) is drawn."""
        r = self.plot_rect()
        n = max(len(self.months) - 1, 1)
        x = r.left() + (r.width() * i / n if len(self.months) > 1 else r.width() / 2)
        return QPointF(x, r.bottom() - r.height() * max(0.0, min(value, 100.0)) / 100)

    def small_font(self) -> QFont:
        """The font of the scale, month labels and legend."""
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        return font

    def month_labels(self) -> list[tuple[QRectF, str]]:
        """The month labels under the axis, every ``step``-th month so that neighbours keep
        a gap (the last month always, dropping the one before it if they would touch)."""
        if not self.months:
            return []
        metrics = QFontMetrics(self.small_font())
        short = len(self.months) > 12
        texts = [m[2:] if short else m for m in self.months]
        width = max(metrics.horizontalAdvance(t) for t in texts) + 8
        r = self.plot_rect()
        spacing = r.width() / max(len(self.months) - 1, 1)
        step = max(1, math.ceil(width / spacing)) if len(self.months) > 1 else 1
        chosen = [i for i in range(len(self.months)) if i % step == 0]
        last = len(self.months) - 1
        if chosen[-1] != last:
            if len(chosen) > 1 and (last - chosen[-1]) * spacing < width:
                chosen.pop()
            chosen.append(last)
        return [(QRectF(self.point(i, 0).x() - width / 2, r.bottom() + 4, width, 16), texts[i])
                for i in chosen]

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Draw grid, axes, month labels, the lines with their points and a legend."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        r = self.plot_rect()
        p.setFont(self.small_font())
        p.setPen(QPen(QColor("#333333")))
        p.drawText(QRectF(0, 4, self.width(), 20), Qt.AlignmentFlag.AlignHCenter, self.title)
        for pct in range(0, 101, 20):  # horizontal grid with the % scale
            y = r.bottom() - r.height() * pct / 100
            p.setPen(QPen(QColor("#e0e0e0"), 1))
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            p.setPen(QPen(QColor("#666666")))
            p.drawText(QRectF(0, y - 8, r.left() - 6, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{pct}%" if pct == 100 else f"{pct}")
        p.setPen(QPen(QColor("#999999"), 1))
        p.drawLine(r.bottomLeft(), r.bottomRight())
        p.drawLine(r.bottomLeft(), r.topLeft())
        if not self.months:
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, "没有数据")
            return
        p.setPen(QPen(QColor("#666666")))
        for rect, text in self.month_labels():
            p.drawText(rect, Qt.AlignmentFlag.AlignHCenter, text)
        legend_x = r.left() + 4
        for key, label, colour, dashed in LINES:
            values = self.series.get(key, [])
            pen = QPen(QColor(colour), 2)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            path, drawing = QPainterPath(), False
            for i, v in enumerate(values):
                if v is None:
                    drawing = False
                    continue
                pt = self.point(i, v)
                path.lineTo(pt) if drawing else path.moveTo(pt)
                drawing = True
            p.drawPath(path)
            p.setBrush(QColor(colour))
            for i, v in enumerate(values):
                if v is not None:
                    p.drawEllipse(self.point(i, v), 2.5, 2.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
            y = self.height() - 14
            p.drawLine(QPointF(legend_x, y), QPointF(legend_x + 18, y))
            p.setPen(QPen(QColor("#333333")))
            p.drawText(QPointF(legend_x + 22, y + 4), label)
            legend_x += 22 + p.fontMetrics().horizontalAdvance(label) + 18
        p.end()


class TrendPanel(QWidget):
    """Unit and month-count pickers, the chart, the monthly numbers, and the export."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.trend: hotline_reports.Trend | None = None
        self.unit = QComboBox()
        self.unit.currentIndexChanged.connect(lambda *_: self.show_unit())
        self.months = QSpinBox()
        self.months.setRange(3, hotline_reports.MAX_MONTHS)
        self.months.setValue(12)
        self.months.setSuffix(" 个月")
        self.months.valueChanged.connect(lambda *_: self.load())
        self.export_button = QPushButton("导出每月三率（Excel）…")
        self.export_button.clicked.connect(lambda: self.export())
        bar = QHBoxLayout()
        for w in (QLabel("单位："), self.unit, QLabel("最近："), self.months):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.chart = TrendChart()
        self.table = QTableWidget(0, len(TABLE_HEADERS))  # one row per month: 36 at most
        self.table.setHorizontalHeaderLabels(list(TABLE_HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        note = QLabel("按受理月份统计；没有有效回访的月份不画点。公式与权重见“设置”页"
                      "“接诉即办”组，默认值非官方（参考资料 §6）。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.chart, 3)
        layout.addWidget(note)
        layout.addWidget(self.table, 2)

    def load(self) -> None:
        """Recompute the trend up to this month and refill the unit list."""
        ok, t = widgets.call_core(self, hotline_reports.trend, self.store, self.actor,
                                  clock.today().isoformat()[:7], self.months.value())
        if not ok or t is None:
            return
        self.trend = t
        current = self.unit.currentText() or STREET
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItems(list(reversed(t.units)))  # 全街道 first
        self.unit.setCurrentIndex(max(self.unit.findText(current), 0))
        self.unit.blockSignals(False)
        self.show_unit()

    def show_unit(self) -> None:
        """Draw the chosen unit and list its months."""
        t, unit = self.trend, self.unit.currentText()
        if t is None:
            return
        self.chart.set_data(f"{unit} 三率趋势（{t.months[0]} 至 {t.months[-1]}）", t.months,
                            {key: t.values(unit, key) for key, *_ in LINES})
        rows = t.rows.get(unit, [None] * len(t.months))
        self.table.setRowCount(len(t.months))
        for i, (month, r) in enumerate(zip(t.months, rows, strict=True)):
            cells = (month, *(("—",) * 6 if r is None else (
                r.received, r.valid_visits, r.response_rate, r.resolution_rate,
                r.satisfaction_rate, r.score)))
            for j, v in enumerate(cells):
                text = "—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))
                self.table.setItem(i, j, QTableWidgetItem(text))

    def export(self, path: str | None = None) -> str | None:
        """Save the shown months' rates (all units) as an Excel file."""
        if self.trend is None:
            return None
        if path is None:
            path = ui_state.save_file_name(
                self, "导出三率", f"三率_{self.trend.months[0]}_{self.trend.months[-1]}.xlsx",
                "Excel (*.xlsx)")
            if not path:
                return None
        ok, out = widgets.call_core(self, hotline_reports.write_rates_xlsx, self.store,
                                    self.actor, self.trend.months, path)
        if not ok or out is None:
            return None
        saved.offer_open(self, out, "导出完成", "已导出三率。")
        return str(out)
