# SPDX-License-Identifier: MIT
"""The 综合执法 page: photos on a lead, voiding one record / evidence item from the tabs."""

import pytest

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.pages.page import EnforcementPage
from jiedao_desk.ui.kit import widgets
from tests.ui.test_enforcement_page import OFFICERS, ok, step
from tests.ui.test_enforcement_steps import make_jpeg


@pytest.fixture(autouse=True)
def errors(monkeypatch):
    """Errors shown to the user (a modal box would block the test)."""
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    return shown


@pytest.fixture
def answers(monkeypatch):
    """Texts typed into ``ask_text`` (None = cancelled), consumed in order."""
    queue = []
    monkeypatch.setattr(widgets, "ask_text", lambda *a, **k: queue.pop(0))
    return queue


def _page(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    cid = enf.register_lead(store, actor, "report", "2026-09-25", "示例路1号",
                            "占道摆摊").case_id
    page = EnforcementPage(store, actor)
    qtbot.addWidget(page)
    page.select_case(cid)
    return page, cid


def test_lead_photo_from_the_page(qtbot, file_store, actor, errors, tmp_path):
    page, cid = _page(qtbot, file_store, actor)
    assert page.detail.actions["lead_photo"].isEnabled()
    assert not page.detail.actions["evidence"].isEnabled()  # investigation evidence: after 立案
    dlg = step(qtbot, page, "lead_photo", description="举报人提供的照片", day="2026-09-25")
    assert errors and "请选择照片文件" in errors[-1] and dlg.isVisible()
    dlg.editors["path"].path.setText(str(make_jpeg(tmp_path / "举报.jpg")))
    ok(qtbot, dlg)
    ev = page.detail.evidence
    assert ev.rowCount() == 1 and ev.item(0, 1).text() == "【线索照片】举报人提供的照片"
    assert ev.item(0, 3).text() == "2026-11-20 09:15:30"
    assert es.events(file_store, cid, "evidence")[0]["details"]["stage"] == "lead"
    enf.file_case(file_store, actor, cid, "2026-09-28", "王队长",
                  enf.power_choices(file_store)[0][0]["item_id"])
    page.detail.refresh()
    assert not page.detail.actions["lead_photo"].isEnabled()


def test_void_record_and_evidence_from_tabs(qtbot, file_store, actor, errors, answers,
                                            tmp_path):
    page, cid = _page(qtbot, file_store, actor)
    enf.file_case(file_store, actor, cid, "2026-09-28", "王队长",
                  enf.power_choices(file_store)[0][0]["item_id"])
    enf.record_investigation(file_store, actor, cid, "inspection", "2026-09-28", OFFICERS,
                             "现场有三轮车一辆")
    enf.record_investigation(file_store, actor, cid, "inquiry", "2026-09-29", OFFICERS,
                             "误录", interviewee="钱某")
    enf.add_evidence(file_store, actor, cid, make_jpeg(tmp_path / "a.jpg"), "拍错", "2026-09-28")
    page.detail.refresh()
    detail = page.detail
    assert detail.records.rowCount() == 3 and detail.void_record_button.isEnabled()
    # Nothing selected: the user is told to select.
    detail.records.setCurrentCell(-1, -1)
    assert not detail.void_record_button.click() and "请先在表格中选择" in errors[-1]
    row = next(r for r in range(3) if detail.records.item(r, 1).text() == "询问笔录")
    detail.records.selectRow(row)
    answers.append(None)  # cancelled: nothing happens
    detail.void_record_button.click()
    assert detail.records.rowCount() == 3
    answers.append("误录入其他案件的询问")
    detail.void_record_button.click()
    assert detail.records.rowCount() == 2
    assert "已作废询问笔录记录" in detail.message.text()
    assert [e["kind"] for e in es.events(file_store, cid)] == ["inspection", "evidence"]
    # The evidence tab has its own button.
    detail.evidence.selectRow(0)
    answers.append("拍错对象")
    detail.void_evidence_button.click()
    assert detail.evidence.rowCount() == 0 and detail.tabs.tabText(3) == "证据"
    voided = file_store.rows("SELECT kind, void_reason FROM enforcement_event WHERE "
                             "voided_at IS NOT NULL ORDER BY id")
    assert voided == [{"kind": "inquiry", "void_reason": "误录入其他案件的询问"},
                      {"kind": "evidence", "void_reason": "拍错对象"}]
    # A voided case: the buttons are disabled.
    enf.void_case(file_store, actor, cid, "重复登记")
    detail.refresh()
    assert not detail.void_record_button.isEnabled()
