# SPDX-License-Identifier: MIT
"""接诉即办 page, new controls: 转人民调解, 来电人/地址历史, 三率趋势 chart + export, 主动治理."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.domains.hotline import (
    actions as hotline_actions,
)
from jiedao_desk.domains.hotline import (
    links as hotline_links,
)
from jiedao_desk.domains.hotline import (
    reports as hotline_reports,
)
from jiedao_desk.domains.hotline import (
    tickets as hotline,
)
from jiedao_desk.domains.hotline.pages.dialogs import HotlineFormDialog
from jiedao_desk.domains.hotline.pages.page import HotlinePage
from tests.qt_helpers import ime, on_modal  # noqa: E402


@pytest.fixture
def seeded(store, actor, make_community):
    catalog.load_builtin(store, actor)
    a, b = make_community("甲社区"), make_community("乙社区")

    def add(no, cid, when, visit=None, **kw):
        v = {"ticket_no": no, "received_at": when, "community_id": cid, "title": no,
             "claimant_name": "张三", "claimant_phone": "13800138000",
             "place": "和平里小区3号楼", "category": "市容环境"}
        v.update(kw)
        tid = hotline.add_ticket(store, actor, v)
        if visit:
            hotline_actions.reply(store, actor, tid, "已办理", closed_at=when)
            hotline_actions.record_visit(store, actor, tid, *visit)
        return tid

    add("T1", a.id, "2026-11-20 09:00", content="楼上漏水")
    add("T2", a.id, "2026-10-03 09:00", (True, True, "满意"))
    add("T3", b.id, "2026-09-03 09:00", (True, False, "基本满意"), claimant_name="李四",
        claimant_phone="13900000000")
    return a, b


def make_page(qtbot, store, actor):
    page = HotlinePage(store, actor)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.month.clear()
    page.month.editingFinished.emit()
    return page


def select(page, no):
    page.select_row(next(r for r in range(page.model.rowCount())
                         if page.model.row_values(r)["ticket_no"] == no))


def test_to_mediation_through_dialog_shows_link(qtbot, store, actor, seeded):
    page = make_page(qtbot, store, actor)
    select(page, "T1")

    def fill(dialog):
        types = dialog.editors["dispute_type"]
        assert isinstance(types, QComboBox) and types.count() > 1
        types.setCurrentIndex(types.findData("物业纠纷"))
        assert dialog.editors["applicant"].text() == "张三"
        ime(dialog.editors["respondent"], "王五")
        dialog.accept()

    form = on_modal(HotlineFormDialog, fill)
    info = on_modal(QMessageBox, lambda box: box.accept())
    qtbot.mouseClick(page.buttons["to_mediation"], Qt.MouseButton.LeftButton)
    assert form["done"] and form["error"] is None and info["done"]
    tid = hotline.find_ticket(store, actor, "T1")["id"]
    (link,) = hotline_links.links_of(store, actor, tid)
    assert link.domain == "mediation"
    assert "人民调解案件" in page.detail.toPlainText() and link.label in page.detail.toPlainText()
    staff = make_page(qtbot, store, Actor(5, "科员", "street_staff"))
    assert not staff.buttons["to_mediation"].isEnabled()
    assert staff.buttons["history_person"].isEnabled()

    def void(dialog):
        assert dialog.editors["link_id"].currentData() == link.id
        ime(dialog.editors["reason"], "转错了")
        dialog.accept()

    state = on_modal(HotlineFormDialog, void)
    qtbot.mouseClick(page.buttons["void_link"], Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None
    assert hotline_links.links_of(store, actor, tid) == []
    assert "人民调解案件" not in page.detail.toPlainText()


def test_history_buttons_filtered_by_role(qtbot, store, actor, seeded):
    hotline_links.to_mediation(store, actor, hotline.find_ticket(store, actor, "T2")["id"],
                               dispute_type="物业纠纷", respondent="王五")
    page = make_page(qtbot, store, actor)
    select(page, "T1")
    qtbot.mouseClick(page.buttons["history_person"], Qt.MouseButton.LeftButton)
    d = page.history_dialog
    qtbot.addWidget(d)
    numbers = [d.table.item(r, 2).text() for r in range(d.table.rowCount())]
    assert "T2" in numbers and "T1" not in numbers and "T3" not in numbers
    assert any(d.table.item(r, 1).text() == "人民调解" for r in range(d.table.rowCount()))
    staff = make_page(qtbot, store, Actor(5, "科员", "street_staff"))
    select(staff, "T1")
    qtbot.mouseClick(staff.buttons["history_address"], Qt.MouseButton.LeftButton)
    d = staff.history_dialog
    qtbot.addWidget(d)
    kinds = {d.table.item(r, 1).text() for r in range(d.table.rowCount())}
    assert kinds == {"12345工单"} and d.table.rowCount() == 2  # T2, T3 at the same address
    assert "无权查看人民调解、综合执法" in d.summary.text()


def test_trend_tab_chart_table_and_export(qtbot, store, actor, seeded, tmp_path):
    page = make_page(qtbot, store, actor)
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


def test_hotspots_tab_and_export(qtbot, store, actor, seeded, tmp_path):
    page = make_page(qtbot, store, actor)
    page.tabs.setCurrentWidget(page.hotspots)
    panel = page.hotspots
    assert (panel.first.text(), panel.last.text()) == ("2026-09", "2026-11")
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == "3"
    panel.min_count.setValue(4)
    qtbot.mouseClick(panel.query_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 0 and panel.status.text() == "共 0 组"
    panel.min_count.setValue(2)
    out = panel.export(str(tmp_path / "hot.xlsx"))
    rows = list(openpyxl.load_workbook(out)["高频诉求"].iter_rows(values_only=True))
    assert rows[1][:3] == (3, "市容环境", "和平里小区3号楼")
