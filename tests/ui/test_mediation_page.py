# SPDX-License-Identifier: MIT
"""人民调解 page driven through its widgets (today is frozen to 2026-11-23)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import catalog
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation.pages.fields_dialog import MediationFieldsDialog
from jiedao_desk.domains.mediation.pages.page import MediationPage
from jiedao_desk.ui.kit import widgets

MEDIATOR = Actor(7, "赵调解", "mediator")


def ime(widget, text):
    """Type Chinese text as an input method commits it (QTest.keyClicks is ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def on_modal(handler):
    """Fill the next MediationFieldsDialog with ``handler`` and accept it."""
    def poll():
        w = QApplication.activeModalWidget()
        if not isinstance(w, MediationFieldsDialog):
            QTimer.singleShot(10, poll)
            return
        handler(w)
        w.accept()

    QTimer.singleShot(0, poll)


@pytest.fixture
def errors(monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    return shown


@pytest.fixture
def page(store, actor, make_community, qtbot):
    catalog.load_builtin(store, actor)
    make_community("和平里社区", "HPL")
    p = MediationPage(store, MEDIATOR)
    qtbot.addWidget(p)
    p.resize(1100, 800)
    return p


def test_other_roles_cannot_open_the_page(store, qtbot):
    with pytest.raises(PermissionDenied):
        MediationPage(store, Actor(3, "队员", "enforcement_officer"))


def test_register_accept_record_and_agree(page, store, qtbot, errors):
    intake = page.intake
    assert intake.dispute_type.count() == 15 and intake.type_warning.isHidden()
    intake.dispute_type.setCurrentText("邻里纠纷")
    ime(intake.summary_edit, "楼上漏水")
    applicant, respondent = intake.party_edits
    ime(applicant["name"], "张三")
    qtbot.keyClicks(applicant["id"], "11010519491231002X")
    assert applicant["birth_date"].text() == "1949-12-31" and applicant["birth_date"].isReadOnly()
    assert applicant["gender"].currentData() == "女"
    ime(applicant["ethnicity"], "满族")
    ime(applicant["occupation"], "退休教师")
    ime(respondent["name"], "李四")
    qtbot.keyClicks(respondent["birth_date"], "1980-02-03")
    respondent["gender"].setCurrentIndex(respondent["gender"].findData("男"))
    qtbot.mouseClick(intake.register_button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert page.model.rowCount() == 1 and page.tabs.currentIndex() == 0
    assert page.header.text().startswith("（2026）和平里人调字第1号")
    parties = [page.party_list.item(i).text() for i in range(page.party_list.count())]
    assert "110105********002X" in parties[0] and "满族" in parties[0] and "76岁" in parties[0]
    assert "退休教师" in parties[0] and "男" in parties[1] and "46岁" in parties[1]
    visible = [page.model.index(0, i).data() for i in range(page.model.columnCount())
               if not page.view.isColumnHidden(i)]
    assert "11010519" not in " ".join(str(v) for v in visible)  # list never shows IDs
    assert page.buttons["accept"].isEnabled() and not page.buttons["agree"].isEnabled()

    qtbot.mouseClick(page.buttons["accept"], Qt.MouseButton.LeftButton)
    assert page.case.state == "accepted"
    assert "2026-12-23 前调结" in page.clock_label.text()
    qtbot.mouseClick(page.buttons["notify"], Qt.MouseButton.LeftButton)
    page.record_kind.setCurrentIndex(page.record_kind.findData("session"))

    def fill_session(d):
        ime(d.editors["place"], "调解室")
        ime(d.editors["matter"], "漏水")
        d.editors["content"].setPlainText("双方同意赔偿")

    on_modal(fill_session)
    qtbot.mouseClick(page.buttons["record"], Qt.MouseButton.LeftButton)
    assert errors == [] and "双方同意赔偿" in page.records.item(0).text()

    def fill_agreement(d):
        d.editors["facts"].setPlainText("漏水")
        d.editors["terms"].setPlainText("李四赔偿500元\n三日内修复")
        d.editors["amount"].setText("500")
        ime(d.editors["manner"], "现金")
        d.editors["deadline"].setText("2026-11-30")

    on_modal(fill_agreement)
    qtbot.mouseClick(page.buttons["agree"], Qt.MouseButton.LeftButton)
    assert errors == []
    case = mediation.get_case(store, MEDIATOR, page.case.id)
    assert case.state == "agreed" and case.terms == ("李四赔偿500元", "三日内修复")
    assert "2026-12-23 前共同申请司法确认" in page.clock_label.text()
    assert any("已达成协议" in page.timeline.item(i).text()
               for i in range(page.timeline.count()))
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("mediation_agreement"))
    qtbot.mouseClick(page.buttons["issue"], Qt.MouseButton.LeftButton)
    assert errors == [] and page.doc_list.count() == 1
    assert "人民调解协议书" in page.doc_list.item(0).text()
    page.detail_tabs.setCurrentIndex(4)


def test_bad_id_shows_the_error_and_registers_nothing(page, qtbot, errors):
    intake = page.intake
    ime(intake.summary_edit, "纠纷")
    ime(intake.party_edits[0]["name"], "张三")
    qtbot.keyClicks(intake.party_edits[0]["id"], "110105194912310021")
    assert intake.party_edits[0]["birth_date"].text() == ""  # a bad number derives nothing
    ime(intake.party_edits[1]["name"], "李四")
    qtbot.mouseClick(intake.register_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "校验位" in str(errors[0])
    assert page.model.rowCount() == 0


def test_statistics_tab(page, store, qtbot):
    case = mediation.register_case(store, MEDIATOR, community_id=None, source="own_initiative",
                                   dispute_type="物业纠纷", summary="s",
                                   parties=[{"role": "applicant", "name": "甲"},
                                            {"role": "respondent", "name": "乙"}])
    mediation.accept(store, MEDIATOR, case.id)
    tab = page.stats_tab
    tab.load_stats()
    assert tab.stats.rowCount() == 2
    assert tab.stats.item(0, 0).text() == "街道人民调解委员会"
    assert tab.stats.item(1, 1).text() == "1"
