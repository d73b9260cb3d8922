# SPDX-License-Identifier: MIT
"""接诉即办 page, 三率趋势 tab: the chart, the monthly table and the export."""

import openpyxl

from jiedao_desk.domains.hotline import reports as hotline_reports


def test_trend_tab_chart_table_and_export(qtbot, store, actor, rated, open_page, tmp_path):
    page = open_page(actor)
    page.tabs.setCurrentWidget(page.trend)
    panel = page.trend
    assert panel.unit.currentText() == "全街道" and panel.months.value() == 12
    t = hotline_reports.trend(store, actor, "2026-11", 12)
    assert panel.chart.months == t.months
    assert panel.chart.series["resolution_rate"] == t.values("全街道", "resolution_rate")
    assert panel.chart.series["resolution_rate"][-3:] == [0.0, 100.0, None]
    row = t.months.index("2026-10")
    assert panel.table.item(row, 3).text() == "100.00"  # 响应率 of 2026-10
    panel.months.setValue(3)
    assert panel.chart.months == ["2026-09", "2026-10", "2026-11"]
    panel.unit.setCurrentIndex(panel.unit.findText("乙社区"))
    assert panel.chart.series["satisfaction_rate"] == [90.0, None, None]
    out = panel.export(str(tmp_path / "trend.xlsx"))
    rows = list(openpyxl.load_workbook(out)["三率"].iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == {"2026-09", "2026-10", "2026-11"}
    assert ("2026-09", "乙社区") in {(r[0], r[1]) for r in rows[1:]}
    panel.chart.grab().save(str(tmp_path / "chart.png"))
    assert (tmp_path / "chart.png").stat().st_size > 1000
