# SPDX-License-Identifier: MIT
"""Small bar charts for printed summaries (reportlab graphics, the document's own fonts).

A ``bar_chart`` block (resources/documents/README.md) takes a list of items
``{label, value, previous}``; ``previous`` (e.g. last month) is drawn as a pale second bar
when any item has one. Values of None count as 0 and are labelled "—".
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from jiedao_desk.documents.fonts import FontSet

CURRENT = colors.HexColor("#2f6db3")
PREVIOUS = colors.HexColor("#b9cde6")


def _num(value) -> float:
    try:
        return float(value) if value not in (None, "", "—") else 0.0
    except (TypeError, ValueError):
        return 0.0


def bar_chart(fonts: FontSet, items: Sequence[dict], title: str = "", width: float = 420,
              height: float = 170, legend: Sequence[str] = ("本月", "上月")) -> Drawing:
    """A vertical bar chart Flowable of ``items`` (dicts with label, value, previous)."""
    font = fonts.name("table")
    d = Drawing(width, height)
    d.initialFontName = font  # else the renderer's initial state pulls in (unembedded) Helvetica
    if title:
        d.add(String(width / 2, height - 12, title, fontName=font, fontSize=11,
                     textAnchor="middle"))
    labels = [str(i.get("label", "")) for i in items]
    current = [_num(i.get("value")) for i in items]
    has_prev = any(i.get("previous") is not None for i in items)
    data = [current, [_num(i.get("previous")) for i in items]] if has_prev else [current]
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 34
    chart.width, chart.height = width - 60, height - 70
    chart.data = data
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max([v for series in data for v in series] + [1])
    chart.valueAxis.valueMax = top * 1.2
    chart.bars[0].fillColor = CURRENT
    if has_prev:
        chart.bars[1].fillColor = PREVIOUS
    chart.barLabelFormat = lambda v: f"{v:g}"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    d.add(chart)
    if has_prev:
        x = width - 110
        for n, (name, colour) in enumerate(zip(legend, (CURRENT, PREVIOUS), strict=False)):
            d.add(Rect(x + n * 52, height - 28, 9, 9, fillColor=colour, strokeColor=None))
            d.add(String(x + n * 52 + 12, height - 27, name, fontName=font, fontSize=8))
    return d
