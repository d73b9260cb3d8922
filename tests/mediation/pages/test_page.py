# SPDX-License-Identifier: MIT
"""人民调解 page driven through its widgets: intake, the case flow, the list, ledger export, the
lines the shell adds, refreshing from change notices (today is frozen to 2026-11-23)."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation.pages import MediationPage
from jiedao_desk.domains.mediation.pages.fields_dialog import MediationFieldsDialog
from jiedao_desk.ui.kit import saved, tasks
from tests.mediation.pages.helpers import MEDIATOR, click, ime, on_modal, open_page
from tests.mediation.samples import ID_A


def _page(store, qtbot, who=MEDIATOR, **kw):
    p = open_page(store, qtbot, who, **kw)
    p.view.selectRow(0)
    return p


def test_other_roles_cannot_open_the_page(store, qtbot):
    with pytest.raises(PermissionDenied):
        MediationPage(store, Actor(3, "队员", "enforcement_officer"))


def _agree_once_a_mediator_is_assigned(qtbot, page, store, errors, fill_agreement):
    """No mediator yet: the agreement form does not even open, the article is named
    (人民调解法 第十九、二十九条); assigned, it is recorded."""
    qtbot.mouseClick(page.buttons["agree"], Qt.MouseButton.LeftButton)
    assert errors and "尚未指定人民调解员" in str(errors[-1])
    assert not isinstance(QApplication.activeModalWidget(), MediationFieldsDialog)
    assert mediation.get_case(store, MEDIATOR, page.case.id).state == "accepted"
    errors.clear()
    on_modal(lambda d: ime(d.editors["names"], "赵调解"))
    qtbot.mouseClick(page.buttons["assign"], Qt.MouseButton.LeftButton)
    state = on_modal(fill_agreement)
    qtbot.mouseClick(page.buttons["agree"], Qt.MouseButton.LeftButton)
    assert errors == [] and state["refused"] is None


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

    _agree_once_a_mediator_is_assigned(qtbot, page, store, errors, fill_agreement)
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


def test_export_button_masks_ids_for_admin(seeded, qtbot, tmp_path, monkeypatch):
    store, _case = seeded
    shown = []
    monkeypatch.setattr(saved, "offer_open", lambda *a, **k: shown.append(a[3]))
    for who, expect in ((Actor(1, "管理员", "admin"), "张三：110105********002X"),
                        (MEDIATOR, f"张三：{ID_A}")):
        out = tmp_path / f"{who.role}.xlsx"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, o=out, **k: (str(o), ""))
        page = _page(store, qtbot, who)
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        tasks.wait_idle()
        qtbot.waitUntil(lambda o=out: o.exists() and len(shown) > 0, timeout=10_000)
        shown.clear()
        ws = openpyxl.load_workbook(out).active
        heads = [c.value for c in ws[2]]
        row = dict(zip(heads, [c.value for c in ws[3]], strict=True))
        assert row["当事人证件号码"] == expect and row["纠纷类型"] == "邻里纠纷"
        assert "状态代码" not in heads


def test_search_box_and_new_document_kinds(seeded, qtbot, errors):
    store, case = seeded
    page = _page(store, qtbot)
    ime(page.search, "吊顶")
    assert page.model.rowCount() == 1
    page.search.setText("没有这件事")
    assert page.model.rowCount() == 0
    page.search.clear()
    page.view.selectRow(0)
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("mediation_application"))
    click(qtbot, page, "issue")
    on_modal(lambda d: d.editors["note"].setPlainText("当事人拒绝签名"))
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("mediation_case_note"))
    click(qtbot, page, "issue")
    assert errors == []
    docs = [page.doc_list.item(i).text() for i in range(page.doc_list.count())]
    assert any("人民调解申请书" in d for d in docs) and any("卷宗情况说明" in d for d in docs)


def test_buttons_follow_the_rules(seeded, qtbot, actor):
    store, case = seeded
    page = _page(store, qtbot)
    enabled = {key for key, button in page.buttons.items() if button.isEnabled()}
    assert enabled == {"assign", "notify", "record", "agree", "terminate", "transfer",
                       "edit_case", "edit_party", "edit_record", "void_record", "attach",
                       "void_case", "issue"}
    assert page.buttons["agree"].text() == "登记调解协议…"
    mediation.void_case(store, actor, case.id, "误登记")  # elsewhere: the notice refreshes
    assert "已作废" in page.header.text()
    assert not any(b.isEnabled() for b in page.buttons.values())
    assert not page.void_att_button.isEnabled()


def test_page_refreshes_from_change_notices(seeded, qtbot, actor):
    store, case = seeded
    page = _page(store, qtbot)
    assert page.case.id == case.id and page.case.state == "accepted"
    act.terminate(store, actor, case.id, "一方拒绝", "可向人民法院起诉")  # e.g. another window
    assert page.case.state == "terminated" and "已终止调解" in page.header.text()
    assert page.buttons["close"].isEnabled() and not page.buttons["agree"].isEnabled()
    assert "已终止调解" in page.model.index(0, 2).data()
    page.hide()
    act.close_case(store, actor, case.id)
    assert page.case.state == "terminated"  # a hidden page refreshes when shown again
    page.show()
    assert page.case.state == "closed"


def test_notes_from_whoever_builds_the_page(seeded, qtbot):
    store, case = seeded
    page = _page(store, qtbot, notes_for=lambda entity, record_id: f"\n附注：{entity} {record_id}")
    assert page.summary.text().endswith(f"\n附注：mediation_case {case.id}")
    assert "附注" not in _page(store, qtbot).summary.text()
