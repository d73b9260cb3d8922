# SPDX-License-Identifier: MIT
"""The 综合执法 page: list, lead form, clock timeline colours, 立案 and document actions."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from jiedao_desk.core import catalog
from jiedao_desk.core import enforcement as enf
from jiedao_desk.core import enforcement_decision as ed
from jiedao_desk.store import enforcement as es
from jiedao_desk.ui import widgets
from jiedao_desk.ui.pages.enforcement import CaseListModel, EnforcementPage

OFFICERS = [("张明", "11010001"), ("李强", "11010002")]


def ime(widget, text):
    """Type Chinese text as an input method commits it (keyClicks is ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def seeded(store, actor):
    catalog.load_builtin(store, actor)
    power = enf.power_choices(store)[0][0]
    # An overdue case: filed 2026-08-20 → decision due 2026-11-18, today 2026-11-23.
    res = enf.register_lead(store, actor, "patrol", "2026-08-19", "示例路1号", "摆摊")
    enf.file_case(store, actor, res.case_id, "2026-08-20", "王队长", power["item_id"])
    enf.add_party(store, actor, res.case_id, "person", "赵某", "11010519491231002X")
    pid = enf.register_preservation(store, actor, res.case_id, "2026-08-20", "三轮车",
                                    "王队长", OFFICERS)
    enf.dispose_preservation(store, actor, res.case_id, pid, "2026-08-25", "退还")
    return res.case_id


def test_page_shows_clocks_and_runs_actions(qtbot, qtmodeltester, store, actor, seeded,
                                            monkeypatch):
    page = EnforcementPage(store, actor)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert page.warning.isVisibleTo(page) and "为空或未知" in page.warning.text()
    assert "听证门槛（较大数额罚款）未设置：自然人、法人或其他组织" in page.warning.text()
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.case_id == seeded
    colours = {page.clocks.item(i).text().split("：")[0]: page.clocks.item(i).data(
        Qt.ItemDataRole.UserRole) for i in range(page.clocks.count())}
    assert colours == {"立案后作出处罚决定": "red", "先行登记保存物品处理决定": "done"}
    assert page.model.data(page.model.index(0, 5)) == "已超期"

    # New lead typed into the form.
    page.place.setFocus()
    ime(page.place, "示例路9号")
    ime(page.description, "店外经营")
    qtbot.keyClicks(page.act_on, "2026-11-01")
    qtbot.mouseClick(page.add_lead, Qt.MouseButton.LeftButton)
    new_id = page.case_id
    assert new_id != seeded and page.model.rowCount() == 2
    row = es.get_case(store, new_id)
    assert (row["place"], row["description"], row["act_on"]) == ("示例路9号", "店外经营",
                                                                  "2026-11-01")

    # 立案 via the button (approver typed into the dialog).
    monkeypatch.setattr(widgets, "ask_text", lambda *a, **k: "王队长")
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    row = es.get_case(store, new_id)
    assert row["status"] == "filed" and row["filed_approved_by"] == "王队长"
    assert row["power_item_id"] == page.power.currentData()
    assert any("立案后作出处罚决定" in page.clocks.item(i).text()
               for i in range(page.clocks.count()))

    # Issue the 立案审批表: it appears in the document list.
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("enforcement_filing_approval"))
    qtbot.mouseClick(page.doc_button, Qt.MouseButton.LeftButton)
    assert page.docs.count() == 1 and "立案审批表" in page.docs.item(0).text()

    # Filter by status.
    page.status.setCurrentIndex(page.status.findData("lead"))
    assert page.model.rowCount() == 0


def test_close_refused_shows_error(qtbot, store, actor, seeded, monkeypatch):
    ed.prior_notice(store, actor, seeded, "2026-09-01", 100, "事实", "依据", hearing=False)
    ed.serve(store, actor, seeded, "prior_notice", "direct", "2026-09-01", receiver="赵某")
    ed.decide(store, actor, seeded, "2026-09-02", 0, "警告")
    page = EnforcementPage(store, actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    assert "缺少必备文书" in page.detail_warning.text()
    shown = []
    monkeypatch.setattr(widgets, "ask_text", lambda *a, **k: "王队长")
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert shown and "缺少必备文书" in shown[0]
    assert es.get_case(store, seeded)["status"] == "decided"


def test_model_empty(qtmodeltester):
    qtmodeltester.check(CaseListModel())


def test_steps_through_the_form_dialog(qtbot, store, actor, seeded, monkeypatch):
    page = EnforcementPage(store, actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    page.step.setCurrentIndex(page.step.findData("notice"))
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    dlg = page.step_dialog
    qtbot.addWidget(dlg)
    e = dlg.editors
    e["day"].setText("2026-09-29")
    qtbot.keyClicks(e["fine"], "500")
    ime(e["facts"], "当事人摆摊")
    ime(e["basis"], "《某条例》")
    e["hearing"].setCurrentIndex(e["hearing"].findData("no"))
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert es.get_case(store, seeded)["status"] == "notified"
    notice = es.events(store, seeded, "prior_notice")[0]["details"]
    assert notice == {"intended_fine": "500", "facts": "当事人摆摊", "basis": "《某条例》",
                      "hearing": False}

    # 留置送达 without a witness: the error is shown, nothing recorded.
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    page.step.setCurrentIndex(page.step.findData("serve"))
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    dlg = page.step_dialog
    qtbot.addWidget(dlg)
    dlg.editors["method"].setCurrentIndex(dlg.editors["method"].findData("left"))
    dlg.editors["day"].setText("2026-09-30")
    dlg.accept()
    assert shown and "见证人" in shown[0] and es.events(store, seeded, "service") == []
    assert page.apply_step("serve", {**dlg.values(), "witnesses": "孙某"})
    assert any("送达" in page.events.item(i).text() for i in range(page.events.count()))
