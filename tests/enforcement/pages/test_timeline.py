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
