# SPDX-License-Identifier: MIT
"""接诉即办 page: filters, clock colours, masked detail, dispatch through the dialog, scope,
the actions the rules allow, refreshing from change notices, import."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.model import RED
from jiedao_desk.domains.hotline.pages.dialogs import HotlineFormDialog
from jiedao_desk.domains.hotline.pages.page import COLOURS, HotlinePage
from jiedao_desk.ui.kit.windowed import configure_view
from tests.qt_helpers import on_modal  # noqa: E402


def ime(widget, text):
    """Type Chinese text as an input method commits it (QTest.keyClicks is ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def seeded(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")

    def add(no, cid, when, title):
        return hotline.add_ticket(store, actor, {"ticket_no": no, "received_at": when,
                                                 "community_id": cid, "title": title,
                                                 "claimant_phone": "13800138000"})
    t1 = add("T1", a.id, "2026-11-20 09:00", "楼道堆物")      # dispatch due 11-21: overdue
    t2 = add("T2", b.id, "2026-11-22 09:00", "噪音扰民")
    hotline_actions.dispatch(store, actor, t2, office="城管科")
    t3 = add("T3", a.id, "2026-10-02 09:00", "路灯不亮")
    hotline_actions.reply(store, actor, t3, "已修复")
    return a, b, t1


def make_page(qtbot, store, actor):
    page = HotlinePage(store, actor)
    qtbot.addWidget(page)
    page.show()
    return page


def test_filters_colours_and_detail(qtbot, qtmodeltester, store, actor, seeded):
    a, _, _ = seeded
    page = make_page(qtbot, store, actor)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 2  # this month (2026-11) by default
    page.state.setCurrentIndex(page.state.findData("dispatched"))
    assert [page.model.row_values(0)["ticket_no"]] == ["T2"] and page.model.rowCount() == 1
    page.state.setCurrentIndex(0)
    page.community.setCurrentIndex(page.community.findData(a.id))
    assert page.model.rowCount() == 1
    page.month.clear()
    page.month.editingFinished.emit()
    assert {page.model.row_values(r)["ticket_no"] for r in range(2)} == {"T1", "T3"}
    row = next(r for r in range(2) if page.model.row_values(r)["ticket_no"] == "T1")
    index = page.model.index(row, 0)
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) == COLOURS[RED]
    closed = page.model.index(1 - row, 0)
    assert page.model.data(closed, Qt.ItemDataRole.BackgroundRole) is None
    page.select_row(row)
    text = page.detail.toPlainText()
    assert "T1" in text and "*******8000" in text and "13800138000" not in text
    assert "派单 2026-11-21 09:00 已超时" in text
    ime(page.search, "路灯")
    page.search.editingFinished.emit()
    assert page.model.rowCount() == 1 and page.model.row_values(0)["ticket_no"] == "T3"


def test_dispatch_through_dialog(qtbot, store, actor, seeded):
    _, _, t1 = seeded
    page = make_page(qtbot, store, actor)
    page.select_row(next(r for r in range(page.model.rowCount())
                         if page.model.row_values(r)["ticket_no"] == "T1"))

    def fill(dialog):
        office = dialog.editors["office"]
        assert isinstance(office, QLineEdit)
        ime(office, "城管科")
        dialog.accept()

    state = on_modal(HotlineFormDialog, fill)
    qtbot.mouseClick(page.buttons["dispatch"], Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None
    row = hotline_store.get(store, t1)
    assert (row.assignee, row.state) == ("城管科", "dispatched")
    assert "城管科" in page.detail.toPlainText()


def test_buttons_follow_the_rules(qtbot, store, actor, seeded):
    page = make_page(qtbot, store, actor)
    page.month.clear()
    page.month.editingFinished.emit()
    page.select_row(next(r for r in range(page.model.rowCount())
                         if page.model.row_values(r)["ticket_no"] == "T3"))  # closed
    assert not page.buttons["dispatch"].isEnabled()
    assert page.buttons["dispatch"].toolTip().startswith("现为“已办结”")
    assert not page.buttons["reply"].isEnabled() and page.buttons["visit"].isEnabled()
    page.select_row(next(r for r in range(page.model.rowCount())
                         if page.model.row_values(r)["ticket_no"] == "T1"))  # received
    assert page.buttons["dispatch"].isEnabled() and page.buttons["dispatch"].toolTip() == ""
    assert page.buttons["dispatch"].text() == "派单…"
    assert page.buttons["reply"].text() == "答复/办结…"
    assert [page.state.itemText(i) for i in range(page.state.count())] == [
        "全部状态", "待派单", "已派单", "已退单", "已反馈", "已办结"]


def test_page_refreshes_from_change_notices(qtbot, store, actor, seeded):
    _, _, t1 = seeded
    page = make_page(qtbot, store, actor)
    page.select_row(next(r for r in range(page.model.rowCount())
                         if page.model.row_values(r)["ticket_no"] == "T1"))
    hotline_actions.dispatch(store, actor, t1, office="城管科")  # elsewhere, not by the page
    assert page.selected_id() == t1 and "城管科" in page.detail.toPlainText()
    assert page.model.row_values(page.view.currentIndex().row())["state"] == "dispatched"
    hotline.add_ticket(store, actor, {"ticket_no": "T4", "received_at": "2026-11-23 08:00"})
    assert page.model.rowCount() == 3 and page.counts.text() == "共 3 张"


def test_community_worker_sees_own_tickets_only(qtbot, store, seeded):
    a, _, _ = seeded
    page = make_page(qtbot, store, Actor(4, "甲工作者", "community_worker", a.id))
    assert page.community.count() == 1 and page.community.currentData() == a.id
    page.month.clear()
    page.month.editingFinished.emit()
    assert {page.model.row_values(r)["ticket_no"] for r in range(page.model.rowCount())} == {
        "T1", "T3"}
    readonly = make_page(qtbot, store, Actor(5, "统计", "readonly"))
    assert not readonly.buttons["dispatch"].isEnabled() and readonly.buttons["rates"].isEnabled()


def test_import_from_page(qtbot, store, actor, seeded, tmp_path):
    path = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["工单编号", "受理时间", "标题", "村/社区"])
    wb.active.append(["N9", "2026-11-21 10:00", "占道", "甲社区"])
    wb.active.append(["T1", "2026-11-20 09:00", "楼道堆物（更新）", "甲社区"])
    wb.save(path)
    page = make_page(qtbot, store, actor)
    page.import_file(str(path), "默认")
    assert page.model.rowCount() == 3
    assert "新增 1，更新 1" in page.counts.text()


def test_import_on_worker_with_file_store(qtbot, file_store, actor, tmp_path):
    from jiedao_desk.domains.org import service as org

    org.add_community(file_store, actor, "甲社区", "001")
    path = tmp_path / "y.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["工单编号", "受理时间", "标题", "村/社区"])
    wb.active.append(["F1", "2026-11-21 10:00", "占道", "甲社区"])
    wb.save(path)
    page = make_page(qtbot, file_store, actor)
    page.import_file(str(path), "默认")
    with qtbot.waitSignal(page.task.finished, timeout=20000):
        pass
    assert page.model.rowCount() == 1 and "新增 1" in page.counts.text()
    assert hotline_store.find_by_number(file_store, "F1").source == "import"


def test_no_column_header_is_cut(qtbot, store, actor, seeded):
    """A column starts at least as wide as its header, even where its width in characters
    would be narrower (here: a tiny character unit, as a large header font gives)."""
    page = HotlinePage(store, actor)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    configure_view(page.view, page.model, char_width=1, ledger_title="测试")
    hh = page.view.horizontalHeader()
    cut = [label for i, label in enumerate(c.label for c in page.model.columns)
           if not page.view.isColumnHidden(i)
           and page.view.columnWidth(i) < hh.fontMetrics().horizontalAdvance(label) + 24]
    assert cut == []
