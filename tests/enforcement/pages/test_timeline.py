# SPDX-License-Identifier: MIT
"""The clock timeline: the "今天" marker never covers the axis dates, wherever today falls."""

import datetime as dt
from types import SimpleNamespace

import pytest

from jiedao_desk.base import clock
from jiedao_desk.domains.enforcement.pages.timeline import LABEL_W, ClockTimeline


def _clock(label, start, due):
    return SimpleNamespace(label=label, start=dt.date.fromisoformat(start),
                           due=dt.date.fromisoformat(due))


@pytest.mark.parametrize("today", ["2026-11-01", "2026-11-02", "2026-11-15", "2026-11-29",
                                   "2026-11-30", "2026-12-20"])
@pytest.mark.parametrize("width", [520, 900])
def test_today_marker_and_axis_dates_never_overlap(qtbot, today, width):
    view = ClockTimeline()
    qtbot.addWidget(view)
    view.resize(width, 100)
    with clock.frozen(dt.date.fromisoformat(today)):
        view.set_clocks([(_clock("立案审批（5个工作日）", "2026-11-01", "2026-11-08"), "green"),
                         (_clock("办案期限（90日）", "2026-11-01", "2026-11-30"), "yellow")])
        items = view.header_items()
        view.grab()  # paints without error
    texts = [t for _r, t, _today in items]
    assert "今天" in texts
    rects = [r for r, _t, _today in items]
    for i, a in enumerate(rects):
        assert a.left() >= LABEL_W and a.right() <= width
        for b in rects[i + 1:]:
            assert not a.intersects(b), (today, texts)
    if today == "2026-11-15":  # room for all three
        assert texts == ["今天", "2026-11-01", "2026-11-30"]


def test_today_line_is_at_today_and_under_its_marker(qtbot):
    """Today after every due day: the line is at the right end of the axis, not at the end
    of the last bar drawn."""
    view = ClockTimeline()
    qtbot.addWidget(view)
    view.resize(680, 60)
    with clock.frozen(dt.date(2026, 12, 5)):
        view.set_clocks([(_clock("立案后作出处罚决定", "2026-07-10", "2026-10-08"), "red")])
        line = view.x_of(dt.date(2026, 12, 5))
        bar_end = view.x_of(dt.date(2026, 10, 8))
        marker = next(r for r, _t, today in view.header_items() if today)
        image = view.grab().toImage()
    assert line > bar_end + 100
    assert marker.left() <= line <= marker.right() + 1
    # the dashed line is drawn there (blue), and not at the bar's end

    def blue_in_column(x):
        return any(image.pixelColor(x, y).blue() > 150 and image.pixelColor(x, y).red() < 100
                   for y in range(24, 58))

    assert blue_in_column(int(line)) and not blue_in_column(int(bar_end) + 2)
