# SPDX-License-Identifier: MIT
"""三率 trend = month_rates per month; the rates and hot-spot exports reopened and checked."""


import openpyxl
import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.hotline import (
    actions as hotline_actions,
)
from jiedao_desk.domains.hotline import (
    rates as hotline_rates,
)
from jiedao_desk.domains.hotline import (
    reports as hotline_reports,
)
from jiedao_desk.domains.hotline import (
    tickets as hotline,
)


@pytest.fixture
def months(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    n = {"i": 0}

    def add(cid, when, visit, category="市容环境", place="和平里3号楼"):
        n["i"] += 1
        tid = hotline.add_ticket(store, actor, {
            "ticket_no": f"R{n['i']}", "received_at": when, "community_id": cid,
            "category": category, "place": place})
        hotline_actions.reply(store, actor, tid, "已办理", closed_at=when)
        if visit:
            hotline_actions.record_visit(store, actor, tid, *visit)

    add(a.id, "2026-08-03 09:00", (True, True, "满意"))
    add(a.id, "2026-09-03 09:00", (True, False, "不满意"))
    add(b.id, "2026-09-04 09:00", (True, True, "基本满意"), category="噪音", place="乙路1号")
    add(a.id, "2026-11-05 09:00", (False, True, "满意"))
    add(b.id, "2026-11-06 09:00", None)
    return a, b


def test_month_span():
    assert hotline_reports.month_span("2026-02", 4) == ["2025-11", "2025-12", "2026-01",
                                                         "2026-02"]
    with pytest.raises(ValidationError):
        hotline_reports.month_span("2026-02", 0)
    with pytest.raises(ValidationError):
        hotline_reports.month_span("2026/02", 3)


def test_trend_equals_month_rates_each_month(store, actor, months):
    t = hotline_reports.trend(store, actor, count=4)  # today 2026-11-23
    assert t.months == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert t.units == ["甲社区", "乙社区", "全街道"]
    for i, month in enumerate(t.months):
        expected = {r.unit: r for r in hotline_rates.month_rates(store, actor, month)}
        for unit in t.units:
            assert t.rows[unit][i] == expected.get(unit), (unit, month)
    assert t.values("全街道", "resolution_rate") == [100.0, 50.0, None, 100.0]
    assert t.values("乙社区", "satisfaction_rate") == [None, 90.0, None, None]
    worker = Actor(8, "乙社区工作者", "community_worker", months[1].id)
    assert hotline_reports.trend(store, worker, count=4).units == ["乙社区"]


def test_rates_export_reopened(store, actor, months, tmp_path):
    path = hotline_reports.write_rates_xlsx(store, actor, ["2026-09", "2026-11"],
                                            tmp_path / "rates.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["三率"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == hotline_reports.RATE_HEADERS
    by = {(r[0], r[1]): r for r in rows[1:]}
    assert set(by) == {("2026-09", "甲社区"), ("2026-09", "乙社区"), ("2026-09", "全街道"),
                       ("2026-11", "甲社区"), ("2026-11", "乙社区"), ("2026-11", "全街道")}
    # 2026-09 street: 2 visits, contacted 2, solved 1, 满意 0, 基本满意 1 → 100, 50, 45;
    # score 10 + 25 + 18
    assert by[("2026-09", "全街道")][2:] == (2, 2, 2, 2, 1, 0, 1, 0, 100.0, 50.0, 45.0, 53.0)
    assert by[("2026-11", "乙社区")][4] == 0 and by[("2026-11", "乙社区")][10] is None
    assert "非官方" in "".join(str(c.value) for c in wb["说明"]["A"])


def test_hotspots_export(store, actor, months, tmp_path):
    path = hotline_reports.write_hotspots_xlsx(store, actor, "2026-08", "2026-11",
                                               tmp_path / "hot.xlsx")
    rows = list(openpyxl.load_workbook(path)["高频诉求"].iter_rows(values_only=True))
    assert rows[0] == hotline_reports.HOTSPOT_HEADERS
    assert rows[1][:3] == (4, "市容环境", "和平里3号楼") and len(rows) == 2
    assert set(rows[1][5].split("、")) == {"R1", "R2", "R4", "R5"}
