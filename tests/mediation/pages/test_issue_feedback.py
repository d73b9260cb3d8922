# SPDX-License-Identifier: MIT
"""出具文书 says what was issued and offers its preview; 文书档案 names the case by its number
and parties, and every domain that issues documents names its records there."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core import documents
from jiedao_desk.domains.mediation.rules import ENTITY
from jiedao_desk.store import documents as doc_store
from jiedao_desk.ui.kit.issued import IssuedBox, announce_issued
from jiedao_desk.ui.kit.preview import PreviewDialog
from jiedao_desk.ui.pages.documents import DocumentsPage
from tests.mediation.pages.helpers import MEDIATOR, click, open_page

ADMIN = Actor(1, "管理员", "admin")


def test_issuing_names_the_document_and_offers_its_preview(seeded, qtbot, errors):
    store, case = seeded
    page = open_page(store, qtbot)
    page.view.selectRow(0)
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("mediation_application"))
    click(qtbot, page, "issue")
    assert errors == []
    [doc] = documents.list_documents(store, ENTITY, case.id)
    box = page.issued_box
    assert isinstance(box, IssuedBox) and box.isVisible()
    # the forms of a mediation carry the case's 卷号 instead of a number of their own
    assert doc.doc_number == ""
    assert box.text() == f"已出具人民调解申请书（卷号 {case.case_number}）。"
    assert "文书档案" in box.informativeText()
    qtbot.mouseClick(box.preview_button, Qt.MouseButton.LeftButton)
    assert isinstance(box.preview, PreviewDialog) and box.preview.isVisible()
    assert case.case_number in box.preview.windowTitle()
    assert box.preview.pdf_bytes == documents.reprint(store, doc.id)


def test_a_refused_issue_shows_no_issued_box(seeded, qtbot, errors, actor):
    store, case = seeded
    page = open_page(store, qtbot)
    page.view.selectRow(0)
    from jiedao_desk.domains.mediation import cases as mediation

    mediation.void_case(store, actor, case.id, "误登记")
    page.case = mediation.get_case(store, MEDIATOR, case.id)  # as shown before the refresh
    page.doc_kind.setCurrentIndex(page.doc_kind.findData("mediation_application"))
    page.do_issue()
    assert len(errors) == 1 and getattr(page, "issued_box", None) is None
    assert documents.list_documents(store, ENTITY, case.id) == []


def test_documents_page_names_the_case_and_its_parties(seeded, qtbot):
    store, case = seeded
    from jiedao_desk.domains import mediation

    mediation.issue_document(store, ADMIN, case.id, "mediation_application")
    page = DocumentsPage(store, ADMIN)
    qtbot.addWidget(page)
    values = page.model.row_values(0)
    assert values["target"] == f"{case.case_number}（张三、李四）"
    assert "mediation_case" not in values["target"] and "#" not in values["target"]


def test_every_entity_with_documents_has_a_label():
    """Each domain that issues documents tells the documents list how to name its records."""
    labels = registry.record_labels()
    assert {"mediation_case", "enforcement_case", "access_request", "certificate",
            "hotline_ticket"} <= set(labels)
    for sql in labels.values():
        assert "{id}" in sql


def test_an_unlabelled_or_missing_record_still_reads_in_chinese():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE document (entity TEXT, entity_id INTEGER)")
    conn.executemany("INSERT INTO document VALUES (?, ?)",
                     [("mediation_case", 5), ("other_thing", 6), ("", None)])
    sql = doc_store.target_sql({"mediation_case": "(SELECT NULL WHERE {id} > 0)"})
    rows = conn.execute(f"SELECT {sql} FROM document AS t ORDER BY rowid").fetchall()
    assert [r[0] for r in rows] == ["记录 5", "记录 6", ""]


def test_a_numbered_document_is_announced_with_its_number(store, qtbot):
    notice = documents.issue(store, SYSTEM, "generic_notice", {
        "issuer": "测试街道办事处", "addressee": "张三", "body": ["请到街道办事处。"],
        "issue_date": "2026-11-23"})
    parent = QWidget()
    qtbot.addWidget(parent)
    box = announce_issued(parent, store, SYSTEM, notice)
    assert notice.doc_number and box.text() == f"已出具通知书，文号 {notice.doc_number}。"
    box.done(0)
