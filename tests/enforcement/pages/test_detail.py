# SPDX-License-Identifier: MIT
"""The selected case on the 综合执法 page: evidence with EXIF, 先行登记保存, hearing, 催告 and
court; Chinese validation messages; documents needing extra fields; the repeat-offender hint;
陈述申辩, 裁量 and 公示; the clock timeline; lead photos and voiding one record from the tabs."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jiedao_desk.base import clock
from jiedao_desk.core import catalog, documents
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import investigation, publication
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.model import ENTITY
from jiedao_desk.domains.enforcement.pages import EnforcementPage
from jiedao_desk.domains.enforcement.pages.actions import STEP_BY_KEY
from jiedao_desk.store import audit as audit_store
from jiedao_desk.ui.kit import forms
from tests.enforcement.pages.helpers import (
    OFFICERS,
    fill,
    make_jpeg,
    ok,
    open_page,
    seed,
    step,
)


def _issue_and_retry(qtbot, dlg, store, actor, cid):
    """Issue the decision and the 催告书 the court application attaches, then click 确定."""
    for kind in ("enforcement_penalty_decision", "enforcement_demand"):
        edocs.issue_document(store, actor, cid, kind)
    ok(qtbot, dlg)


def test_investigation_hearing_and_execution(qtbot, file_store, actor, errors, tmp_path):
    audit_store.excuse_clock(file_store, actor, "测试：按历史日期补录")  # the test travels in time
    store = file_store
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)

    # Evidence file: SHA-256 and EXIF time/position shown in the 证据 tab.
    photo = make_jpeg(tmp_path / "现场.jpg")
    dlg = step(qtbot, page, "evidence", description="现场照片", day="2026-09-28")
    # no file chosen: 确定 stays disabled and the status line names the field
    assert not dlg.ok_button.isEnabled() and "请填写“证据文件”" in dlg.status.text() \
        and dlg.isVisible() and dlg.values()["description"] == "现场照片"
    dlg.editors["path"].path.setText(str(photo))
    ok(qtbot, dlg)
    ev = page.detail.evidence
    assert ev.rowCount() == 1 and ev.item(0, 3).text() == "2026-11-20 09:15:30"
    assert ev.item(0, 4).text().startswith("39.9") and len(ev.item(0, 5).text()) == 64
    assert page.detail.tabs.tabText(3) == "证据（1）"
    ev.selectRow(0)
    opened = page.detail.open_selected_evidence()  # checked against its SHA-256 first
    assert opened and Path(opened).read_bytes() == photo.read_bytes()

    # 先行登记保存 then its disposal (the 7-working-day clock turns done).
    step(qtbot, page, "preserve", day="2026-09-28", items="三轮车一辆", approved_by="王队长",
         officers=OFFICERS)
    dlg = step(qtbot, page, "dispose", day="2026-09-30", outcome="退还当事人")
    assert es.events(store, cid, "preservation_disposal")[0].details["outcome"] == "退还当事人"
    colours = {page.detail.clocks.item(r, 0).text(): page.detail.clocks.item(r, 3).text()
               for r in range(page.detail.clocks.rowCount())}
    assert any("登记保存" in k and v.startswith("已完成") for k, v in colours.items())

    # Hearing: told, requested within 5 working days, notified ≥7 working days before, held.
    step(qtbot, page, "notice", day="2026-10-09", fine="5000", facts="占道", basis="《某条例》",
         penalty_basis="《某条例》第二十条",
         hearing="yes")
    step(qtbot, page, "serve", what="prior_notice", method="left", day="2026-10-09",
         witnesses="孙某、周某")
    step(qtbot, page, "hearing_request", day="2026-10-12")
    assert "在期限内" in page.detail.message.text()
    dlg = step(qtbot, page, "hearing_schedule", day="2026-10-20", hearing_on="2026-10-26",
               place="街道会议室", host="法制员孙某")
    assert errors and "七个工作日前通知" in errors[-1] and dlg.isVisible()
    fill(dlg, day="2026-10-13")
    ok(qtbot, dlg)
    step(qtbot, page, "hearing_record", day="2026-10-26", summary="当事人陈述")
    # After a hearing, 法制审核 is required before deciding (Art. 58).
    errors.clear()
    dlg = step(qtbot, page, "decide", day="2026-10-28", fine="5000", text="罚款伍仟元")
    assert errors and "法制审核" in errors[-1] and dlg.isVisible()
    dlg.reject()
    step(qtbot, page, "review", step="legal_review", day="2026-10-27", by="法制员",
         opinion="同意")
    errors.clear()
    step(qtbot, page, "decide", day="2026-10-28", fine="5000", text="罚款伍仟元")
    step(qtbot, page, "serve", what="decision", method="direct", day="2026-10-28",
         receiver="赵某")
    assert errors == [] and es.get_case(store, cid).state == "decided"

    # Unpaid: 催告, then the court application only ten working days after the demand was
    # served (Art. 54, 69) and once the 复议/诉讼 periods have passed (Art. 53).
    step(qtbot, page, "demand", day="2026-11-13")
    step(qtbot, page, "serve", what="demand", method="direct", day="2026-11-13", receiver="赵某")
    dlg = step(qtbot, page, "court", day="2026-11-20", court="北京市示例区人民法院",
               opinion="未提出陈述、申辩")
    assert errors and "十个工作日的履行期限至 11月27日" in errors[-1]
    with clock.frozen(dt.date(2027, 5, 6)):
        fill(dlg, day="2026-11-30")
        ok(qtbot, dlg)
        assert "复议、诉讼期限至 2027年4月28日，届满前不能申请法院强制执行" in errors[-1]
        fill(dlg, day="2027-04-29")
        ok(qtbot, dlg)  # 行政强制法 第五十五条: the decision and the 催告书 are attached
        assert "请先出具行政处罚决定书" in errors[-1] and dlg.isVisible()
        _issue_and_retry(qtbot, dlg, store, actor, cid)
        assert "出具强制执行申请书 执申〔2027〕第1号" in page.detail.message.text()
    assert [e.day.isoformat() for e in es.events(store, cid, "court_application")] == \
        ["2027-04-29"]
    # On a database file the dossier is assembled on the worker thread.
    assert page.detail.open_dossier() is None
    qtbot.waitUntil(lambda: page.detail.dossier_dialog is not None, timeout=20000)
    qtbot.addWidget(page.detail.dossier_dialog)
    assert page.detail.dossier_dialog.pdf.startswith(b"%PDF")
    assert "不完整" in page.detail.dossier_dialog.result_label.text()
    kinds = [page.detail.records.item(r, 1).text() for r in range(page.detail.records.rowCount())]
    assert {"证据", "先行登记保存", "听证", "法制审核", "催告", "申请法院强制执行"} <= set(kinds)


def test_validation_messages_are_chinese(qtbot, store, actor, errors, monkeypatch):
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    page.lead_button.click()
    lead = page.detail.step_dialog
    qtbot.addWidget(lead)
    fill(lead, found_on="2026-11-01", act_on="2026-11-05", place="某处", description="某事")
    ok(qtbot, lead)
    assert "违法行为发生日期不能晚于发现日期" in errors[-1] and lead.isVisible()
    assert page.case_id == cid and len(es.list_cases(store)) == 1
    lead.reject()
    dlg = step(qtbot, page, "inspection", officers=OFFICERS[:1], summary="检查")
    assert errors and "两名以上执法人员" in errors[-1] and dlg.isVisible()
    assert len(es.events(store, cid, "inspection")) == 1  # only the one seed() made
    dlg.reject()
    step(qtbot, page, "party", kind="person", name="钱某", id_number="110105194912310021")
    assert "身份证" in errors[-1] and len(es.parties(store, cid)) == 1
    step(qtbot, page, "notice", fine="100", facts="事实", basis="依据",
         penalty_basis="《某条例》第二十条")  # hearing left unset
    assert "听证门槛" in errors[-1] and es.get_case(store, cid).state == "filed"

    # A document whose wording needs fields the case lacks: asked for, in Chinese.
    page.detail.doc_actions["enforcement_rectification_notice"].trigger()
    doc = page.detail.doc_dialog
    qtbot.addWidget(doc)
    assert {"requirement", "deadline"} <= doc.required <= set(doc.extra)
    assert not doc.ok_button.isEnabled() and "改正要求" in doc.status.text()
    doc.accept()  # nothing issued while a required field is empty
    assert doc.isVisible() and doc.issued is None
    doc.extra["requirement"].setText("拆除占道设施")
    doc.extra["deadline"].setText("2026-11-30")
    doc.extra["order_day"].setText("2026-11-20")
    doc.accept()
    assert not doc.isVisible() and page.detail.preview is not None
    page.detail.preview.close()
    issued = documents.list_documents(store, ENTITY, cid)
    assert [d.kind for d in issued] == ["enforcement_rectification_notice"]
    assert page.detail.docs.item(0, 1).text() == issued[0].doc_number
    page.detail.doc_menu.aboutToShow.emit()
    texts = {k: a.text() for k, a in page.detail.doc_actions.items()}
    assert texts["enforcement_rectification_notice"].endswith("（已出具）")
    assert not texts["enforcement_prior_notice"].endswith("（已出具）")

    # Void it with a reason: kept on record, shown as 已作废.
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "期限写错")
    page.detail.docs.selectRow(0)
    assert page.detail.void_selected_document()
    assert documents.get_document(store, issued[0].id).voided
    assert page.detail.docs.item(0, 3).text() == "已作废"


def test_repeat_offender_hint_and_dossier_incomplete(qtbot, qtmodeltester, store, actor,
                                                    tmp_path):
    first = seed(store, actor, found="2026-06-01", filed="2026-06-02")
    second = seed(store, actor)
    edocs.issue_document(store, actor, second, "enforcement_filing_approval")
    page = open_page(qtbot, store, actor, second)
    qtmodeltester.check(page.model)
    # The first case is overdue (90 days from 2026-06-02): red in the list's 时钟 column.
    row = [page.model.id_at(r) for r in range(2)].index(first)
    cell = page.model.index(row, page.model.clock_column)
    assert page.model.data(cell) == "已超期"
    assert page.model.data(cell, Qt.ItemDataRole.BackgroundRole).name() == "#ef9a9a"
    assert not page.detail.parties_hint.isHidden()  # (in the 当事人 tab)
    # Cases are named by their case number (立案编号), in the hint, the notes and the header.
    assert "既往案件 案件 执案〔2026〕第0001号（2026-06-01" in page.detail.parties_hint.text()
    assert "同一当事人或地址有既往案件：执案〔2026〕第0001号" in page.detail.warning.text()
    assert page.detail.header.text().startswith("案件 执案〔2026〕第0002号　一般程序")
    assert page.model.data(page.model.index(row, 0)) == "执案〔2026〕第0001号"  # 案件编号
    dossier = page.detail.open_dossier()
    qtbot.addWidget(dossier)
    assert "不完整" in dossier.result_label.text()
    assert "行政处罚决定书" in dossier.result_label.text()
    assert "立案审批表" not in dossier.missing
    saved = dossier.save_to(tmp_path / "案卷.pdf")
    assert saved.read_bytes().startswith(b"%PDF")


def test_statement_discretion_and_publication_steps(qtbot, store, actor, errors):
    assert set(STEP_BY_KEY) >= {"statement", "discretion", "publication", "lead_photo",
                                "publish_withdraw", "publish_void", "publish_rule"}
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    step(qtbot, page, "discretion", day="2026-09-28", reasons="首次违法，及时改正")
    assert errors == [] and "已记录裁量" in page.detail.message.text()
    assert "裁量：" in page.detail.header.text()
    step(qtbot, page, "notice", day="2026-10-09", fine="100", facts="占道", basis="《某条例》",
         penalty_basis="《某条例》第二十条",
         hearing="no")
    step(qtbot, page, "serve", what="prior_notice", method="direct", day="2026-10-09",
         receiver="赵某")
    step(qtbot, page, "statement", day="2026-10-10", person="赵某", officers=OFFICERS,
         statement="已自行整改")
    assert es.events(store, cid, "statement")[0].details["statement"] == "已自行整改"
    step(qtbot, page, "decide", day="2026-10-14", fine="100", text="罚款壹佰元")
    step(qtbot, page, "publication", day="2026-10-15", channel="街道公示栏")
    assert errors == [] and "已公示 2026-10-15" in page.detail.header.text()

    # Withdraw the publication, then mark the case as not to be published (reason required).
    [pub] = publication.summary(store, actor, cid).records
    step(qtbot, page, "publish_withdraw", publication=pub.id, day="2026-10-16",
         reason="决定被撤销")
    assert errors == [] and "已登记撤回公示" in page.detail.message.text()
    assert publication.summary(store, actor, cid).records[0].withdrawn_on.isoformat() == \
        "2026-10-16"
    assert "应公示，尚未登记" in page.detail.header.text()
    dlg = step(qtbot, page, "publish_withdraw", day="2026-10-16", reason="再撤一次")
    assert "没有可选的公示记录" in errors[-1] and dlg.isVisible()
    dlg.reject()
    dlg = step(qtbot, page, "publish_rule", rule="no")
    assert "理由" in errors[-1] and dlg.isVisible()
    fill(dlg, note="涉及个人隐私")
    ok(qtbot, dlg)
    st = publication.summary(store, actor, cid)
    assert not st.required and st.why == "涉及个人隐私"
    assert "不需公示" in page.detail.header.text()
    step(qtbot, page, "publish_void", publication=pub.id, reason="公示途径登记错误")
    assert publication.summary(store, actor, cid).records == ()


def test_timeline_draws_clock_colours(qtbot, store, actor):
    overdue = seed(store, actor, found="2026-06-01", filed="2026-06-02")  # due 2026-08-31
    page = open_page(qtbot, store, actor, overdue)
    timeline = page.detail.timeline
    assert [(b[0], b[3]) for b in timeline.bars] == [("立案后作出处罚决定", "red")]
    timeline.resize(700, timeline.height())
    image = timeline.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(image.height())}
    assert "#ef9a9a" in colours and "#c8e6c9" not in colours
    page.select_case(None)
    assert timeline.bars == []


# -- lead photos and voiding one record from the tabs --------------------------------------
@pytest.fixture
def answers(monkeypatch):
    """Texts typed into ``ask_text`` (None = cancelled), consumed in order."""
    queue = []
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: queue.pop(0))
    return queue


def _page(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    cid = enf.register_lead(store, actor, "report", "2026-09-25", "示例路1号",
                            "占道摆摊").case_id
    page = EnforcementPage(store, actor)
    qtbot.addWidget(page)
    page.show()
    page.select_case(cid)
    return page, cid


def test_lead_photo_from_the_page(qtbot, file_store, actor, errors, tmp_path):
    page, cid = _page(qtbot, file_store, actor)
    assert page.detail.step_actions["lead_photo"].isEnabled()
    # investigation evidence: after 立案
    assert not page.detail.step_actions["evidence"].isEnabled()
    dlg = step(qtbot, page, "lead_photo", description="举报人提供的照片", day="2026-09-25")
    assert not dlg.ok_button.isEnabled() and "请填写“照片文件”" in dlg.status.text()
    assert dlg.isVisible() and dlg.values()["description"] == "举报人提供的照片"
    dlg.editors["path"].path.setText(str(make_jpeg(tmp_path / "举报.jpg")))
    ok(qtbot, dlg)
    ev = page.detail.evidence
    assert ev.rowCount() == 1 and ev.item(0, 1).text() == "【线索照片】举报人提供的照片"
    assert ev.item(0, 3).text() == "2026-11-20 09:15:30"
    assert es.events(file_store, cid, "evidence")[0].details["stage"] == "lead"
    enf.file_case(file_store, actor, cid, "2026-09-28", "王队长",
                  enf.power_choices(file_store)[0][0].item_id)
    page.detail.refresh()
    assert not page.detail.step_actions["lead_photo"].isEnabled()


def test_void_record_and_evidence_from_tabs(qtbot, file_store, actor, errors, answers,
                                            tmp_path):
    page, cid = _page(qtbot, file_store, actor)
    enf.file_case(file_store, actor, cid, "2026-09-28", "王队长",
                  enf.power_choices(file_store)[0][0].item_id)
    investigation.record_investigation(file_store, actor, cid, "inspection", "2026-09-28",
                                       OFFICERS, "现场有三轮车一辆")
    investigation.record_investigation(file_store, actor, cid, "inquiry", "2026-09-29",
                                       OFFICERS, "误录", interviewee="钱某")
    investigation.add_evidence(file_store, actor, cid, make_jpeg(tmp_path / "a.jpg"), "拍错",
                               "2026-09-28")
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
    assert [e.kind for e in es.events(file_store, cid)] == ["inspection", "evidence"]
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


def test_case_view_and_dossier_dialog_keep_the_qt_methods(qtbot, store, actor):
    # The step menu's actions and the dossier's result label were once kept in attributes
    # named ``actions`` and ``result``, hiding QWidget.actions() and QDialog.result().
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    assert isinstance(page.detail.actions(), list)
    assert page.detail.step_actions["file"].text() == STEP_BY_KEY["file"].label
    dossier = page.detail.open_dossier()
    qtbot.addWidget(dossier)
    assert dossier.result() == dossier.DialogCode.Rejected  # open, nothing chosen yet
    dossier.reject()


def test_step_buttons_do_not_jump_when_a_message_appears(qtbot, store, actor):
    """The warning and the result line keep their space: the step buttons below them stay
    where they are whether a message shows or not."""
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    page.resize(1200, 700)
    detail = page.detail
    qtbot.wait(20)

    def where():
        return detail.doc_button.mapTo(page, detail.doc_button.rect().topLeft())

    before = where()
    detail.show_message("已出具立案审批表 执立〔2026〕第1号。")
    qtbot.wait(20)
    assert where() == before
    detail.show_message("")
    detail.warning.say("缺少必备文书：立案审批表\n同一当事人或地址有既往案件：执案〔2026〕第0001号")
    qtbot.wait(20)
    assert where() == before
    detail.warning.say("")
    qtbot.wait(20)
    assert where() == before
