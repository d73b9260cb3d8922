# SPDX-License-Identifier: MIT
"""Chart labels never overlap: the 12345 trend's month labels and the monthly dashboard's
mini bars (whose names are never cut either), at the narrowest and a wide size."""

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
def test_dashboard_bar_names_are_whole_and_apart(qtbot, width):
    bars = MiniBars([("受理调解", 3, 2), ("调解成功", 2, 2), ("超期未决定", 1, 0),
                     ("当月发现案件", 4, 5)])
    qtbot.addWidget(bars)
    bars.resize(max(width, bars.minimumSizeHint().width()), bars.sizeHint().height())
    bars.show()
    qtbot.waitExposed(bars)
    names = [n.geometry() for n in bars.names]
    assert [n.text() for n in bars.names] == ["受理调解", "调解成功", "超期未决定", "当月发现案件"]
    assert _apart(names)
    assert all(n.width() >= n.sizeHint().width() for n in bars.names)  # never cut
    assert all(b.width() >= 24 and b.geometry().left() > max(r.right() for r in names)
               for b in bars.bars)  # the bars start right of the longest name
    # the longer bar is this month's when it is larger, and the largest fills the row
    assert bars.bars[3].previous == 1.0 and bars.bars[3].current == 0.8
    assert bars.minimumSizeHint().width() <= 160  # a card at 1280×673 is ~180 wide
    assert "受理调解" in bars.toolTip()
    bars.grab()
