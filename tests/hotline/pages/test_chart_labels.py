# SPDX-License-Identifier: MIT
"""Chart labels never overlap: the 12345 trend's month labels and the monthly dashboard's
mini bars, at the narrowest and a wide size."""

import pytest
from PySide6.QtGui import QFontMetrics

from jiedao_desk.domains.hotline.pages.trend import TrendChart
from jiedao_desk.domains.monthly.pages.dashboard import MiniBars


def _apart(rects):
    return all(not a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


@pytest.mark.parametrize("count", [1, 2, 6, 12, 13, 24, 36])
@pytest.mark.parametrize("width", [420, 720, 1400])
def test_trend_month_labels_keep_apart_and_end_on_the_last_month(qtbot, count, width):
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(width, 260)
    months = [f"{2024 + (i // 12)}-{i % 12 + 1:02d}" for i in range(count)]
    chart.set_data("全街道", months, {"response_rate": [50.0] * count})
    labels = chart.month_labels()
    metrics = QFontMetrics(chart.small_font())
    assert labels[-1][1] in (months[-1], months[-1][2:])
    assert _apart([r for r, _t in labels])
    assert all(metrics.horizontalAdvance(t) <= r.width() for r, t in labels)
    if count <= 6 and width >= 720:
        assert len(labels) == count  # room for every month
    chart.grab()


@pytest.mark.parametrize("width", [160, 260, 480])
def test_dashboard_bar_labels_fit_their_slots(qtbot, width):
    bars = MiniBars([("受理调解", 3, 2), ("调解成功", 2, 2), ("超期时限", 1, 0),
                     ("立案数量", 4, 5)])
    qtbot.addWidget(bars)
    bars.resize(width, 60)
    labels = bars.labels()
    metrics = QFontMetrics(bars.label_font())
    assert _apart([r for r, _t in labels])
    assert all(metrics.horizontalAdvance(t) <= r.width() for r, t in labels)
    if width >= 480:
        assert [t for _r, t in labels] == ["受理调解", "调解成功", "超期时限", "立案数量"]
    assert "受理调解" in bars.toolTip()
    bars.grab()
