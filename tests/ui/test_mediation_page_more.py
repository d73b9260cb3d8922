# SPDX-License-Identifier: MIT
"""人民调解 page: attachments, ledger export, corrections and search (today is 2026-11-23)."""

from __future__ import annotations

import openpyxl
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import attachments, catalog
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation.pages import case_actions as mediation_case_actions
from jiedao_desk.domains.mediation.pages.page import MediationPage
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import ledger_export, tasks, widgets
from tests.ui.test_mediation_page import MEDIATOR, errors, ime, on_modal  # noqa: F401 (fixture)

ID_A = "11010519491231002X"


@pytest.fixture
def seeded(file_store, actor):
    catalog.load_builtin(file_store, actor)
    c = org.add_community(file_store, actor, "和平里社区", "HPL")
    case = mediation.register_case(
        file_store, actor, community_id=c.id, source="application", application_form="written",
        dispute_type="邻里纠纷", summary="楼上漏水损坏吊顶", claims=["赔偿"],
        parties=[{"role": "applicant", "name": "张三", "id_number": ID_A},
                 {"role": "respondent", "name": "李四"}], received_on="2026-11-02")
    mediation.accept(file_store, actor, case.id, on="2026-11-02")
    act.add_record(file_store, actor, case.id, "investigation",
                   {"place": "现场", "content": "查看漏水"}, on="2026-11-03")
    return file_store, case


def _page(store, qtbot, who=MEDIATOR):
    p = MediationPage(store, who)
    qtbot.addWidget(p)
    p.resize(1100, 800)
    p.view.selectRow(0)
    return p


def _click(qtbot, page, key):
    assert page.buttons[key].isEnabled(), key
    qtbot.mouseClick(page.buttons[key], Qt.MouseButton.LeftButton)


def test_attach_evidence_and_void_it(seeded, qtbot, tmp_path, monkeypatch, errors):  # noqa: F811
    store, case = seeded
    page = _page(store, qtbot)
    scan = tmp_path / "photo.png"
    Image.new("RGB", (30, 20), "red").save(scan)
    monkeypatch.setattr(mediation_case_actions.QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(scan), ""))
    on_modal(lambda d: d.editors["label"].setCurrentIndex(d.editors["label"].findData("evidence")))
    _click(qtbot, page, "attach")
    assert errors == [] and page.att_list.count() == 1
    assert "人民调解证据材料" in page.att_list.item(0).text()
    assert "photo.png" in page.att_list.item(0).text()
    assert [a.note for a in attachments.list_attachments(store, "mediation_case", case.id)] == \
        ["evidence"]
    page.att_list.setCurrentRow(0)
    monkeypatch.setattr(widgets, "ask_text", lambda *a, **k: "拍错了")
    qtbot.mouseClick(page.void_att_button, Qt.MouseButton.LeftButton)
    assert errors == [] and page.att_list.count() == 0


def test_export_button_masks_ids_for_admin(seeded, qtbot, tmp_path, monkeypatch):
    store, _case = seeded
    shown = []
    monkeypatch.setattr(ledger_export.QMessageBox, "information",
                        lambda *a, **k: shown.append(a[2]))
    for who, expect in ((Actor(1, "管理员", "admin"), "张三：110105********002X"),
                        (MEDIATOR, f"张三：{ID_A}")):
        out = tmp_path / f"{who.role}.xlsx"
        monkeypatch.setattr(ledger_export.QFileDialog, "getSaveFileName",
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


def test_edit_case_and_party_through_dialogs(seeded, qtbot, errors):  # noqa: F811
    store, case = seeded
    page = _page(store, qtbot)

    def fill_case(d):
        d.editors["dispute_type"].setCurrentIndex(d.editors["dispute_type"].findData("物业纠纷"))
        assert d.editors["summary"].toPlainText() == "楼上漏水损坏吊顶"
        d.editors["summary"].setPlainText("楼上漏水两次")

    on_modal(fill_case)
    _click(qtbot, page, "edit_case")
    assert errors == []
    assert "物业纠纷" in page.summary.text() and "楼上漏水两次" in page.summary.text()
    page.party_list.setCurrentRow(1)

    def fill_party(d):
        assert d.editors["name"].text() == "李四"
        ime(d.editors["ethnicity"], "蒙古族")
        ime(d.editors["occupation"], "司机")

    on_modal(fill_party)
    _click(qtbot, page, "edit_party")
    assert errors == []
    assert "蒙古族" in page.party_list.item(1).text() and "司机" in page.party_list.item(1).text()
    assert mediation.get_case(store, MEDIATOR, case.id).parties[1].ethnicity == "蒙古族"


def test_edit_and_void_a_record(seeded, qtbot, monkeypatch, errors):  # noqa: F811
    store, case = seeded
    page = _page(store, qtbot)
    page.records.setCurrentRow(0)

    def fill(d):
        assert d.editors["content"].toPlainText() == "查看漏水"
        d.editors["content"].setPlainText("查看漏水点和吊顶")

    on_modal(fill)
    _click(qtbot, page, "edit_record")
    assert errors == [] and "查看漏水点和吊顶" in page.records.item(0).text()
    page.records.setCurrentRow(0)
    monkeypatch.setattr(widgets, "ask_text", lambda *a, **k: "录入错误")
    _click(qtbot, page, "void_record")
    assert errors == [] and page.records.count() == 0
    assert mediation.get_case(store, MEDIATOR, case.id).records("investigation") == []
    row = store.row("SELECT void_reason FROM mediation_event")
    assert row["void_reason"] == "录入错误"


def test_search_box_and_new_document_kinds(seeded, qtbot, errors):  # noqa: F811
    store, case = seeded
    page = _page(store, qtbot)
    ime(page.search, "吊顶")
    assert page.model.rowCount() == 1
    page.search.setText("没有这件事")
    assert page.model.rowCount() == 0
    page.search.clear()
    page.view.selectRow(0)
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("mediation_application"))
    _click(qtbot, page, "issue")
    on_modal(lambda d: d.editors["note"].setPlainText("当事人拒绝签名"))
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("mediation_case_note"))
    _click(qtbot, page, "issue")
    assert errors == []
    docs = [page.doc_list.item(i).text() for i in range(page.doc_list.count())]
    assert any("人民调解申请书" in d for d in docs) and any("卷宗情况说明" in d for d in docs)


def test_statistics_sheet_export(seeded, qtbot, tmp_path):
    store, _case = seeded
    page = _page(store, qtbot)
    out = page.stats_tab.export_xlsx(tmp_path / "stats.xlsx")
    ws = openpyxl.load_workbook(out).active
    rows = [r for r in ws.iter_rows(values_only=True)]
    assert rows[2][0] == "和平里社区人民调解委员会" and rows[2][1] == 1
