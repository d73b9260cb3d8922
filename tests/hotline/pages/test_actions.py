# SPDX-License-Identifier: MIT
"""接诉即办 page, ticket actions: 转人民调解 through the dialog, 作废关联, 来电人/地址历史."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.hotline import links as hotline_links
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.pages.dialogs import HotlineFormDialog
from tests.qt_helpers import ime, on_modal  # noqa: E402


def select(page, no):
    page.select_row(next(r for r in range(page.model.rowCount())
                         if page.model.row_values(r)["ticket_no"] == no))


def test_to_mediation_through_dialog_shows_link(qtbot, store, actor, rated, open_page):
    page = open_page(actor)
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
    tid = hotline.find_ticket(store, actor, "T1").id
    (link,) = hotline_links.links_of(store, actor, tid)
    assert link.domain == "mediation"
    assert "人民调解案件" in page.detail.toPlainText() and link.label in page.detail.toPlainText()
    staff = open_page(Actor(5, "科员", "street_staff"))
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


def test_history_buttons_filtered_by_role(qtbot, store, actor, rated, open_page):
    hotline_links.to_mediation(store, actor, hotline.find_ticket(store, actor, "T2").id,
                               dispute_type="物业纠纷", respondent="王五")
    page = open_page(actor)
    select(page, "T1")
    qtbot.mouseClick(page.buttons["history_person"], Qt.MouseButton.LeftButton)
    d = page.history_dialog
    qtbot.addWidget(d)
    numbers = [d.table.item(r, 2).text() for r in range(d.table.rowCount())]
    assert "T2" in numbers and "T1" not in numbers and "T3" not in numbers
    assert any(d.table.item(r, 1).text() == "人民调解" for r in range(d.table.rowCount()))
    staff = open_page(Actor(5, "科员", "street_staff"))
    select(staff, "T1")
    qtbot.mouseClick(staff.buttons["history_address"], Qt.MouseButton.LeftButton)
    d = staff.history_dialog
    qtbot.addWidget(d)
    kinds = {d.table.item(r, 1).text() for r in range(d.table.rowCount())}
    assert kinds == {"12345工单"} and d.table.rowCount() == 2  # T2, T3 at the same address
    assert "无权查看人民调解、综合执法" in d.summary.text()
