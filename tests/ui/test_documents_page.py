# SPDX-License-Identifier: MIT
"""文书档案 page: the list, preview, void, 组卷 and 签发样张 on real widgets."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core import documents
from jiedao_desk.ui.kit.preview import PreviewDialog
from jiedao_desk.ui.pages.documents import DocumentsPage, SampleNoticeDialog
from tests.qt_helpers import ime, on_modal  # noqa: E402

NOTICE = {"issuer": "测试街道办事处", "addressee": "张喆", "body": ["请于三日内到街道办事处。"],
          "issue_date": "2026-11-23"}
LONG = {**NOTICE, "body": [f"第{i}段：请按时到街道办事处办理相关手续，逾期不办的后果自负。" * 3
                           for i in range(40)]}


def _page(qtbot, store, actor=SYSTEM):
    page = DocumentsPage(store, actor)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    return page


def _values(page, row):
    return page.model.row_values(row)


def test_lists_issued_documents_newest_first_and_passes_modeltester(store, qtbot,
                                                                   qtmodeltester):
    first = documents.issue(store, SYSTEM, "generic_notice", NOTICE)
    second = documents.issue(store, SYSTEM, "generic_notice", NOTICE,
                             corrects=documents.Correction(first.id))
    page = _page(qtbot, store)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 2 and page.count_label.text() == "共 2 份"
    top = _values(page, 0)
    assert top["doc_number"] == second.doc_number == "街通〔2026〕第2号"
    assert top["title"] == "通知书" and top["state"] == "正常"
    assert top["corrects"] == first.doc_number
    assert top["issued_at"].startswith("2026-11-23")
    assert top["issued_by"] == SYSTEM.name
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(page.model.columnCount()) if not page.view.isColumnHidden(i)]
    assert headers == ["文号", "文书种类", "对象", "签发时间", "签发人", "状态", "更正自",
                       "作废原因"]


def test_preview_opens_with_the_right_page_count(store, qtbot):
    doc = documents.issue(store, SYSTEM, "generic_notice", LONG)
    assert doc.pages >= 2
    page = _page(qtbot, store)
    page.view.selectRow(0)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    preview = page.preview
    assert isinstance(preview, PreviewDialog) and preview.isVisible()
    assert len(preview.page_labels) == doc.pages
    assert preview.pages_label.text() == f"共 {doc.pages} 页"
    assert preview.pdf_bytes == documents.reprint(store, doc.id)
    preview.close()


def test_void_changes_the_state_and_the_filters_follow(store, qtbot, monkeypatch):
    documents.issue(store, SYSTEM, "generic_notice", NOTICE)
    page = _page(qtbot, store)
    from jiedao_desk.ui.kit import forms

    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "重复签发")
    page.view.selectRow(0)
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert _values(page, 0)["state"] == "已作废"
    assert _values(page, 0)["void_reason"] == "重复签发"
    assert documents.list_documents(store)[0].voided
    page.state.setCurrentIndex(page.state.findData("正常"))
    assert page.model.rowCount() == 0 and page.count_label.text() == "共 0 份"
    page.state.setCurrentIndex(page.state.findData("已作废"))
    assert page.model.rowCount() == 1
    page.kind.setCurrentIndex(page.kind.findData("record"))
    assert page.model.rowCount() == 0
    page.kind.setCurrentIndex(page.kind.findData("generic_notice"))
    assert page.model.rowCount() == 1


def test_issue_sample_from_the_form(store, qtbot):
    page = _page(qtbot, store)

    def fill(dialog):
        ime(dialog.addressee, "王堃")
        ime(dialog.body, "请于十二月一日前到社区服务站领取材料。")
        dialog.issue_button.click()

    state = on_modal(SampleNoticeDialog, fill)
    qtbot.mouseClick(page.sample_button, Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None
    assert page.model.rowCount() == 1
    assert _values(page, 0)["doc_number"] == "街通〔2026〕第1号"
    doc = documents.list_documents(store)[0]
    assert doc.data(store)["addressee"] == "王堃"
    assert doc.data(store)["body"] == ["请于十二月一日前到社区服务站领取材料。"]
    assert page.preview is not None and len(page.preview.page_labels) == doc.pages
    page.preview.close()


def test_sample_asks_naming_the_number_and_cancel_issues_nothing(store, qtbot, confirms):
    page = _page(qtbot, store)
    dialog = SampleNoticeDialog(store, SYSTEM)
    qtbot.addWidget(dialog)
    ime(dialog.addressee, "王堃")
    ime(dialog.body, "请于十二月一日前到社区服务站领取材料。")
    confirms.answer = False
    dialog.issue_button.click()
    ((title, text),) = confirms
    assert "文号 街通〔2026〕第1号 将被占用" in text
    assert documents.list_documents(store) == [] and dialog.issued is None
    assert dialog.body.toPlainText()  # still there to issue after all
    confirms.answer = True
    dialog.issue_button.click()
    assert [d.doc_number for d in documents.list_documents(store)] == ["街通〔2026〕第1号"]
    assert page is not None


def test_sample_form_refuses_an_empty_body(store, qtbot, monkeypatch):
    from jiedao_desk.ui.kit import widgets

    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    dialog = SampleNoticeDialog(store, SYSTEM)
    qtbot.addWidget(dialog)
    ime(dialog.addressee, "王堃")
    dialog.issue_button.click()
    assert "正文" in str(shown[-1]) and dialog.issued is None
    assert documents.list_documents(store) == []


def test_dossier_reports_missing_items_and_assembles_on_the_worker(file_store, qtbot):
    a = documents.issue(file_store, SYSTEM, "generic_notice", NOTICE)
    b = documents.issue(file_store, SYSTEM, "generic_notice", LONG)
    page = _page(qtbot, file_store)
    page.view.selectAll()
    qtbot.mouseClick(page.dossier_button, Qt.MouseButton.LeftButton)
    dialog = page.dossier_dialog
    dialog.dtype.setCurrentIndex(dialog.dtype.findData("generic"))
    assert dialog.items.count() == 2
    assert "审批表" in dialog.missing_label.text() and "笔录" in dialog.missing_label.text()
    ime(dialog.cover["title"], "测试卷宗")
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_pdf is not None, timeout=20_000)
    pages = len(PdfReader(io.BytesIO(dialog.result_pdf)).pages)
    assert pages == 1 + 1 + a.pages + b.pages  # cover, 卷内目录, the documents
    assert [r.pages for r in dialog.index_rows] == \
        ["3", f"4-{3 + b.pages}" if b.pages > 1 else "4"]
    preview = dialog.preview
    assert len(preview.page_labels) == pages
    preview.close()
    dialog.close()


@pytest.mark.parametrize("role", ["readonly"])
def test_roles_without_documents_issue_cannot_void_or_issue(store, qtbot, role):
    page = _page(qtbot, store, Actor(7, "某人", role))
    assert not page.void_button.isEnabled() and not page.sample_button.isEnabled()
    assert page.preview_button.isEnabled()
