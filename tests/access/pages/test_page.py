# SPDX-License-Identifier: MIT
"""准入管理 page: register through the dialog, triage, decide, see the state change."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from jiedao_desk.core import catalog
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access.pages import AccessPage
from jiedao_desk.domains.access.pages.dialogs import DecideDialog, RegisterDialog
from jiedao_desk.domains.org import service as org
from tests.ui.test_main_window import ime, on_modal

LEFT = Qt.MouseButton.LeftButton


def test_register_triage_decide_through_the_page(qtbot, qtmodeltester, store, actor):
    catalog.load_builtin(store, actor)
    org.set_street(store, actor, "测试街道办事处")
    community = org.add_community(store, actor, "甲社区", "A01")
    page = AccessPage(store, actor)
    qtbot.addWidget(page)
    page.show()

    def fill(dialog: RegisterDialog):
        ime(dialog.unit, "区统计局")
        dialog.level.setCurrentText("区")
        ime(dialog.title_edit, "经济普查入户登记")
        dialog.task_type.setCurrentText("调查统计")
        dialog.communities.item(0).setCheckState(Qt.CheckState.Checked)
        qtbot.keyClicks(dialog.start, "2027-03-01")
        dialog.verbs[1].setChecked(True)  # 协助入户
        dialog.conditions["经费"][0].setChecked(True)
        dialog.accept()

    state = on_modal(RegisterDialog, fill)
    qtbot.mouseClick(page.buttons["register"], LEFT)
    qtbot.waitUntil(lambda: state["done"])
    assert state["error"] is None
    assert page.model.rowCount() == 1
    rid = page.selected_id()
    req = access.get_request(store, actor, rid)
    assert (req.applicant_unit, req.role_verbs, req.communities) == (
        "区统计局", ("协助入户",), ((community.id, "甲社区"),))
    assert req.conditions["经费"]["provided"]

    qtbot.mouseClick(page.buttons["triage"], LEFT)
    assert "职责清单未导入，无法比对，需审批" in page.detail.toPlainText()
    assert "社区可拒绝" in page.detail.toPlainText()

    def refuse(dialog: DecideDialog):
        assert dialog.refuse.isChecked()  # not on the list: refusal preselected
        ime(dialog.reason, "清单外事项，未经审批")
        dialog.accept()

    state = on_modal(DecideDialog, refuse)
    qtbot.mouseClick(page.buttons["decide"], LEFT)
    qtbot.waitUntil(lambda: state["done"])
    assert state["error"] is None
    assert access.get_request(store, actor, rid).state == "refused"
    assert page.model.row_values(0)["state_label"] == "不予准入"
    detail = page.detail.toPlainText()
    assert "不予准入" in detail and "清单外事项，未经审批" in detail
    qtmodeltester.check(page.model)

    page.stats_month.setText("2026-11")
    page.show_stats()
    assert page.stats_units.item(0, 0).text() == "区统计局"
    assert [page.stats_units.item(0, c).text() for c in range(1, 6)] == ["1", "0", "1", "0", "0"]


def test_filters_and_readonly_cannot_register(qtbot, store, actor):
    from jiedao_desk.base.actor import Actor

    page = AccessPage(store, Actor(9, "统计员", "readonly"))
    qtbot.addWidget(page)
    assert not page.buttons["register"].isEnabled()
    assert not page.buttons["decide"].isEnabled()
    page.month.setText("2026-10")
    page._apply_filters()
    assert page.model.rowCount() == 0



def test_refused_registration_is_said_in_the_dialog_and_keeps_the_input(qtbot, store,
                                                                         actor):
    catalog.load_builtin(store, actor)
    org.add_community(store, actor, "甲社区", "A01")
    dialog = RegisterDialog(store, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.findChild(QDialogButtonBox).mapTo(dialog, QPoint(0, 0))
    ime(dialog.unit, "区统计局")
    ime(dialog.title_edit, "经济普查入户登记")  # no start date yet: core refuses
    dialog.communities.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.status.text() == "计划开始日期不能为空。"
    assert dialog.unit.text() == "区统计局" and dialog.title_edit.text() == "经济普查入户登记"
    qtbot.wait(10)
    assert dialog.findChild(QDialogButtonBox).mapTo(dialog, QPoint(0, 0)) == before
    qtbot.keyClicks(dialog.start, "2027-03-01")
    dialog.accept()
    assert dialog.saved is not None and not dialog.isVisible()
