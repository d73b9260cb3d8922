# SPDX-License-Identifier: MIT
"""人民调解 page, the case buttons: attachments, corrections through the field dialogs
(today is frozen to 2026-11-23)."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt

from jiedao_desk.core import attachments
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation.pages import case_actions
from jiedao_desk.ui.kit import forms
from tests.mediation.pages.helpers import MEDIATOR, click, ime, on_modal, open_page


def _page(store, qtbot, who=MEDIATOR):
    p = open_page(store, qtbot, who)
    p.view.selectRow(0)
    return p


def test_attach_evidence_and_void_it(seeded, qtbot, tmp_path, monkeypatch, errors):
    store, case = seeded
    page = _page(store, qtbot)
    scan = tmp_path / "photo.png"
    Image.new("RGB", (30, 20), "red").save(scan)
    monkeypatch.setattr(case_actions.QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(scan), ""))
    on_modal(lambda d: d.editors["label"].setCurrentIndex(d.editors["label"].findData("evidence")))
    click(qtbot, page, "attach")
    assert errors == [] and page.att_list.count() == 1
    assert "人民调解证据材料" in page.att_list.item(0).text()
    assert "photo.png" in page.att_list.item(0).text()
    assert [a.note for a in attachments.list_attachments(store, "mediation_case", case.id)] == \
        ["evidence"]
    page.att_list.setCurrentRow(0)
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "拍错了")
    qtbot.mouseClick(page.void_att_button, Qt.MouseButton.LeftButton)
    assert errors == [] and page.att_list.count() == 0


def test_edit_case_and_party_through_dialogs(seeded, qtbot, errors):
    store, case = seeded
    page = _page(store, qtbot)

    def fill_case(d):
        d.editors["dispute_type"].setCurrentIndex(d.editors["dispute_type"].findData("物业纠纷"))
        assert d.editors["summary"].toPlainText() == "楼上漏水损坏吊顶"
        d.editors["summary"].setPlainText("楼上漏水两次")

    on_modal(fill_case)
    click(qtbot, page, "edit_case")
    assert errors == []
    assert "物业纠纷" in page.summary.text() and "楼上漏水两次" in page.summary.text()
    page.party_list.setCurrentRow(1)

    def fill_party(d):
        assert d.editors["name"].text() == "李四"
        ime(d.editors["ethnicity"], "蒙古族")
        ime(d.editors["occupation"], "司机")

    on_modal(fill_party)
    click(qtbot, page, "edit_party")
    assert errors == []
    assert "蒙古族" in page.party_list.item(1).text() and "司机" in page.party_list.item(1).text()
    assert mediation.get_case(store, MEDIATOR, case.id).parties[1].ethnicity == "蒙古族"


def test_edit_and_void_a_record(seeded, qtbot, monkeypatch, errors):
    store, case = seeded
    page = _page(store, qtbot)
    page.records.setCurrentRow(0)

    def fill(d):
        assert d.editors["content"].toPlainText() == "查看漏水"
        d.editors["content"].setPlainText("查看漏水点和吊顶")

    on_modal(fill)
    click(qtbot, page, "edit_record")
    assert errors == [] and "查看漏水点和吊顶" in page.records.item(0).text()
    page.records.setCurrentRow(0)
    on_modal(lambda d: ime(d.editors["reason"], "录入错误"))
    click(qtbot, page, "void_record")
    assert errors == [] and page.records.count() == 0
    assert mediation.get_case(store, MEDIATOR, case.id).records("investigation") == []
    row = store.row("SELECT void_reason FROM mediation_event")
    assert row["void_reason"] == "录入错误"
