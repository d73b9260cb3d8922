# SPDX-License-Identifier: MIT
"""The 综合执法 page driven like an officer: a whole 一般程序 case from lead to archive and a
简易程序 case, through the page's buttons, menus and dialogs; the store is checked after
each step."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from jiedao_desk.core import catalog, documents
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.pages.page import EnforcementPage
from jiedao_desk.ui.kit import widgets

PERSON_ID = "11010519491231002X"
OFFICERS = [("张明", "11010001"), ("李强", "11010002")]


def ime(widget, text):
    """Type Chinese text as an input method commits it (keyClicks is ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def fill(dialog, **values):
    """Type into a step dialog: text (Chinese through the IME), choices by data, checks."""
    from PySide6.QtWidgets import QCheckBox, QComboBox

    from jiedao_desk.domains.enforcement.pages.step_dialog import OfficersEditor

    for key, value in values.items():
        editor = dialog.editors[key]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(value)
        elif isinstance(editor, OfficersEditor):
            for (name, cert), (n, c) in zip(value, editor.rows, strict=False):
                ime(n, name)
                c.setText(cert)
        elif isinstance(editor, QPlainTextEdit):
            ime(editor, value)
        else:
            editor.clear()
            ime(editor, value)


def ok(qtbot, dialog):
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def page(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    p = EnforcementPage(store, actor)
    qtbot.addWidget(p)
    return p


@pytest.fixture(autouse=True)
def errors(monkeypatch):
    """Errors shown to the user (a modal box would block the test)."""
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    return shown


def step(qtbot, page, key, **values):
    page.detail.actions[key].trigger()
    dlg = page.detail.step_dialog
    qtbot.addWidget(dlg)
    fill(dlg, **values)
    ok(qtbot, dlg)
    return dlg


def issue(qtbot, page, kind, **extra):
    page.detail.doc_actions[kind].trigger()
    dlg = page.detail.doc_dialog
    qtbot.addWidget(dlg)
    for key, value in extra.items():
        dlg.add_field(key).setText(value)
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    if page.detail.preview is not None:
        page.detail.preview.close()
    return dlg


def test_whole_general_case(qtbot, qtmodeltester, store, page, errors):
    qtmodeltester.check(page.model)
    assert "听证门槛（较大数额罚款）未设置" in page.warning.text()

    # 线索
    page.lead_button.click()
    dlg = page.detail.step_dialog
    qtbot.addWidget(dlg)
    fill(dlg, source="hotline", act_on="2026-11-10", place="示例路9号", description="店外经营")
    ok(qtbot, dlg)
    assert errors == [] and not dlg.isVisible()
    cid = page.case_id
    row = es.get_case(store, cid)
    assert (row["status"], row["source"], row["place"], row["act_on"]) == (
        "lead", "hotline", "示例路9号", "2026-11-10")
    assert page.model.rowCount() == 1 and page.model.id_at(0) == cid
    assert not page.detail.actions["decide"].isEnabled()

    # 立案 with the power chosen in the dialog
    dlg = step(qtbot, page, "file", approved_by="王队长")
    row = es.get_case(store, cid)
    assert row["status"] == "filed" and row["filed_approved_by"] == "王队长"
    assert row["power_item_id"] == dlg.values()["power"]
    clocks = [page.detail.clocks.item(r, 0).text() for r in range(page.detail.clocks.rowCount())]
    assert "立案后作出处罚决定" in clocks
    assert page.detail.clocks.item(0, 0).data(Qt.ItemDataRole.UserRole) == "green"

    # 当事人, 现场检查笔录 with two officers
    step(qtbot, page, "party", kind="person", name="赵某", id_number=PERSON_ID,
         address="示例路9号")
    assert [p["id_number"] for p in es.parties(store, cid)] == [PERSON_ID]
    assert page.detail.parties.item(0, 1).text() == "赵某"
    step(qtbot, page, "inspection", officers=OFFICERS, summary="店外摆放货架经营")
    rec = es.events(store, cid, "inspection")[0]
    assert [o["cert_no"] for o in rec["officers"]] == ["11010001", "11010002"]
    assert page.detail.last_officers == OFFICERS

    # 事先告知 (hearing rights explicitly not told) and its service
    step(qtbot, page, "notice", fine="500", facts="店外经营", basis="《某条例》", hearing="no")
    assert es.get_case(store, cid)["status"] == "notified"
    step(qtbot, page, "serve", what="prior_notice", method="direct", receiver="赵某")
    # 决定, served, paid
    step(qtbot, page, "decide", fine="500", text="罚款伍佰元")
    row = es.get_case(store, cid)
    assert (row["status"], row["fine_fen"]) == ("decided", 50000)
    step(qtbot, page, "serve", what="decision", method="direct", receiver="赵某")
    assert es.get_case(store, cid)["served_on"] == "2026-11-23"
    step(qtbot, page, "pay", amount="500")
    assert es.get_case(store, cid)["paid_fen"] == 50000
    assert "未逾期" in page.detail.message.text()
    assert errors == []

    # Closing is refused while required documents are missing: the dialog stays open.
    dlg = step(qtbot, page, "close", approved_by="王队长", result="已缴纳罚款")
    assert errors and "缺少必备文书" in errors[-1] and dlg.isVisible()
    assert es.get_case(store, cid)["status"] == "decided"
    dlg.reject()

    # Issue every missing required document from the 出具文书 menu (kinds come from KINDS).
    page.detail.doc_menu.aboutToShow.emit()
    assert set(page.detail.doc_actions) == set(edocs.KINDS)
    for req in ed.missing_documents(store, cid):
        kind = next(k for k in req.kinds if k in edocs.KINDS)
        issue(qtbot, page, kind, requirement="停止店外经营", deadline="2026-11-30")
    assert ed.missing_documents(store, cid) == []
    assert page.detail.docs.rowCount() == len(documents.list_documents(store, enf.ENTITY, cid))

    errors.clear()
    step(qtbot, page, "close", approved_by="王队长", result="已缴纳罚款")
    assert errors == [] and es.get_case(store, cid)["status"] == "closed"
    assert page.model.row_values(0)["status_text"] == "已结案"

    # Dossier with its completeness result, then 归档 (after the 结案审批表 if required).
    for req in ed.missing_documents(store, cid, for_archive=True):
        issue(qtbot, page, next(k for k in req.kinds if k in edocs.KINDS))
    dossier = page.detail.open_dossier()
    qtbot.addWidget(dossier)
    assert dossier.missing == [] and "齐全" in dossier.result.text()
    assert dossier.pdf.startswith(b"%PDF")
    step(qtbot, page, "archive")
    row = es.get_case(store, cid)
    assert row["status"] == "archived" and row["archive_no"] == "20260001"
    assert "20260001" in page.detail.header.text()
    # Only 公示 (record, withdraw, void, rule) may still be recorded for an archived case.
    assert {k for k, a in page.detail.actions.items() if a.isEnabled()} <= {
        "publication", "publish_withdraw", "publish_void", "publish_rule"}


def test_simple_procedure_case(qtbot, store, page, errors):
    page.simple_button.click()
    dlg = page.detail.step_dialog
    qtbot.addWidget(dlg)
    values = dict(place="示例路3号", facts="随地乱丢废弃物", kind="person", name="钱某",
                  id_number=PERSON_ID, fine="300", paper_number="NO0001", officers=OFFICERS)
    fill(dlg, **values)
    ok(qtbot, dlg)
    # Art. 51: over 200 yuan for a person is refused, in Chinese, nothing written.
    assert errors and "当场处罚的罚款上限" in errors[-1] and dlg.isVisible()
    assert es.list_cases(store) == []
    fill(dlg, fine="50")
    ok(qtbot, dlg)
    cid = page.case_id
    row = es.get_case(store, cid)
    assert (row["procedure"], row["status"], row["fine_fen"], row["paper_number"]) == (
        "simple", "decided", 5000, "NO0001")
    assert page.model.row_values(0)["procedure_text"] == "简易程序"
    step(qtbot, page, "pay", amount="50")
    step(qtbot, page, "close", approved_by="王队长", result="当场缴纳")
    assert es.get_case(store, cid)["status"] == "closed"

    # Filters: by procedure and status.
    page.procedure.setCurrentIndex(page.procedure.findData("general"))
    assert page.model.rowCount() == 0
    page.procedure.setCurrentIndex(page.procedure.findData("simple"))
    page.status.setCurrentIndex(page.status.findData("closed"))
    assert page.model.rowCount() == 1 and page.count_label.text() == "共 1 件"
