# SPDX-License-Identifier: MIT
"""A whole enforcement case through the core functions; the lead, 立案, parties, officers,
permissions and the audit trail."""

import datetime as dt
import hashlib
import io

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import (
    cases,
    closing,
    decision,
    documents,
    dossier,
    execution,
    investigation,
    rules,
    view,
)
from jiedao_desk.domains.enforcement import store as es
from tests.enforcement.conftest import OFFICERS, PERSON_ID, USCC


def test_whole_general_case(store, actor, power, filed, file_store, district):
    cid = filed()
    case = es.get_case(store, cid)
    assert case.state == "filed" and case.power_version_id == power.version_id
    party = cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="示例路12号")
    assert party.repeat == ()
    _investigate(store, actor, cid)
    notice, penalty = _notify_and_decide(store, actor, cid)
    _close_and_archive(store, actor, cid)
    detail = view.case_detail(store, actor, cid)
    assert detail.case.state == "archived" and detail.missing == []
    assert [h.to_state for h in detail.history] == [
        "lead", "filed", "notified", "decided", "closed", "archived"]
    keys = {c.key: colour for c, colour in detail.clocks}
    assert keys["penalty_decision"] == "done" and keys["hearing_request"] == "done"
    assert keys["fine_payment"] == "done" and keys["registered_preservation"] == "done"
    assert notice.doc_number and penalty.entity == "enforcement_case"
    _check_dossier(store, actor, cid)


def _investigate(store, actor, cid):
    """Records, a preservation and its disposal, the investigation report, early documents."""
    investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25", OFFICERS,
                                       "现场有三轮车一辆，摆放水果售卖。")
    investigation.record_investigation(store, actor, cid, "inquiry", "2026-08-26", OFFICERS,
                                       "问：是否你在此摆摊？\n答：是。", interviewee="赵某")
    pid = investigation.register_preservation(store, actor, cid, "2026-08-25", "三轮车一辆",
                                              "王队长", OFFICERS)
    investigation.dispose_preservation(store, actor, cid, pid, "2026-09-01", "退还当事人")
    investigation.review(store, actor, cid, "investigation_end", "2026-09-10", "张明", "事实清楚")
    for kind in ("enforcement_filing_approval", "enforcement_inspection_record",
                 "enforcement_inquiry_record"):
        documents.issue_document(store, actor, cid, kind)
    documents.issue_document(store, actor, cid, "enforcement_rectification_notice",
                             {"requirement": "立即停止占道经营", "deadline": "2026-08-26",
                              "order_day": "2026-08-25",
                              "basis": "《北京市市容环境卫生条例》"})


def _notify_and_decide(store, actor, cid):
    """事先告知 (hearing rights told), its service, and the decision after the hearing window."""
    # Hearing threshold UNSET: an explicit choice is required.
    with pytest.raises(ValidationError, match="听证门槛"):
        decision.prior_notice(store, actor, cid, "2026-09-29", 1000, "占道经营",
                              "《北京市市容环境卫生条例》", penalty_basis="《测试条例》第二十条")
    decision.prior_notice(store, actor, cid, "2026-09-29", 1000, "当事人在人行道摆摊设点经营。",
                          "《北京市市容环境卫生条例》", hearing=True,
penalty_basis="《测试条例》第二十条")
    notice = documents.issue_document(store, actor, cid, "enforcement_prior_notice")
    assert "五个工作日内" in notice.data(store)["hearing_text"]
    assert notice.data(store)["fine_words"] == "人民币壹仟元整"
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="赵某")
    # Hearing window (5 working days across National Day) still open on 10-13.
    with pytest.raises(ValidationError, match="听证申请期"):
        decision.decide(store, actor, cid, "2026-10-13", 1000, "罚款")
    decision.decide(store, actor, cid, "2026-10-14", 1000, "罚款", party_present=False)
    penalty = documents.issue_document(store, actor, cid, "enforcement_penalty_decision")
    text = penalty.data(store)
    assert text["party_name"] == "赵某" and "摆摊" in text["facts"]
    assert text["basis"] == "《北京市市容环境卫生条例》"
    assert text["fine_words"] == "人民币壹仟元整"
    return notice, penalty


def _close_and_archive(store, actor, cid):
    """Service of the decision, a late payment, 结案 and 归档 once every document is there."""
    # Closing refused: fine unpaid; then missing 送达回证.
    with pytest.raises(ValidationError, match="罚款未缴纳"):
        closing.close_case(store, actor, cid, "2026-11-20", "王队长", "已缴款")
    execution.serve(store, actor, cid, "decision", "left", "2026-10-16", witnesses=["社区主任孙某"])
    assert es.get_case(store, cid).served_on == dt.date(2026, 10, 16)
    # Due 10-31 is a Saturday → 11-02; paid 11-03: one day late, 3 % surcharge.
    paid = execution.record_payment(store, actor, cid, "2026-11-03", 1030)
    assert (paid.days_late, paid.surcharge) == (1, 30.0)
    with pytest.raises(ValidationError, match="送达回证"):
        closing.close_case(store, actor, cid, "2026-11-20", "王队长", "罚款已缴纳")
    documents.issue_document(store, actor, cid, "enforcement_service_receipt")
    # Steps this case went through need their documents too (dossier required_when).
    with pytest.raises(ValidationError, match="：证据先行登记保存通知书、案件调查终结报告$"):
        closing.close_case(store, actor, cid, "2026-11-20", "王队长", "罚款已缴纳")
    for kind in ("enforcement_preservation_notice", "enforcement_investigation_report"):
        documents.issue_document(store, actor, cid, kind)
    closing.close_case(store, actor, cid, "2026-11-20", "王队长", "罚款已缴纳")
    with pytest.raises(ValidationError, match="结案审批表"):
        closing.archive_case(store, actor, cid)
    documents.issue_document(store, actor, cid, "enforcement_closing_approval")
    assert closing.archive_case(store, actor, cid) == "20260001"


def _check_dossier(store, actor, cid):
    """The archived case's dossier PDF is complete; an archived case cannot be voided."""
    pdf, missing = dossier.dossier_pdf(store, actor, cid)
    assert missing == [] and pdf[:4] == b"%PDF"
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    assert "赵某" in first and "立案审批表" in first
    assert len(reader.pages) > 9  # cover + index + 9 documents (+ back cover)
    with pytest.raises(Conflict, match="已归档"):
        cases.void_case(store, actor, cid, "误登记")


def test_limitation_refuses_filing(store, actor, power):
    res = cases.register_lead(store, actor, "report", "2026-11-20", "某小区", "违法建设",
                              act_on="2024-05-10")
    assert res.limitation_expired and res.limitation_end == dt.date(2026, 5, 10)
    with pytest.raises(ValidationError, match="追责时效"):
        cases.file_case(store, actor, res.case_id, "2026-11-21", "王队长", power.item_id)
    # Continuing act ended recently: within the limit.
    ok = cases.register_lead(store, actor, "report", "2026-11-20", "某小区", "违法建设",
                             act_on="2023-01-01", act_ended_on="2025-03-01")
    assert not ok.limitation_expired
    cases.not_open(store, actor, res.case_id, "超过追责时效")
    assert es.get_case(store, res.case_id).state == "not_opened"
    cases.void_case(store, actor, ok.case_id, "重复登记")
    assert [c.id for c in es.list_cases(store)] == [res.case_id]


def test_parties_checked_and_repeat_hint(store, actor, filed):
    a = filed()
    b = filed()
    with pytest.raises(ValidationError):
        cases.add_party(store, actor, a, "person", "赵某", "110105194912310021")
    with pytest.raises(ValidationError):
        cases.add_party(store, actor, a, "org", "某公司", "91110108MA01KXLQ3U", legal_rep="钱某")
    with pytest.raises(ValidationError, match="法定代表人"):
        cases.add_party(store, actor, a, "org", "某公司", USCC)
    cases.add_party(store, actor, a, "org", "某公司", USCC, address="示例路1号", legal_rep="钱某")
    hint = cases.add_party(store, actor, b, "org", "某公司", USCC, address="别处", legal_rep="钱某")
    assert [r.id for r in hint.repeat] == [a]


def test_two_officers_with_ids_required(store, actor, filed):
    cid = filed(inspected=False)
    with pytest.raises(ValidationError, match="两名以上"):
        investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25",
                                           [("张明", "11010001")], "检查")
    with pytest.raises(ValidationError, match="两名以上"):
        investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25",
                                           [("张明", "1"), ("李强", "1")], "检查")
    assert es.events(store, cid) == []


def test_permissions(store, actor, filed):
    cid = filed()
    mediator = Actor(2, "调解员", "mediator")
    with pytest.raises(PermissionDenied):
        cases.get_case(store, mediator, cid)
    with pytest.raises(PermissionDenied):
        view.statistics(store, mediator, "2026-01-01", "2026-12-31")


def test_a_void_case_takes_no_step(store, actor, filed):
    cid = filed()
    cases.void_case(store, actor, cid, "重复登记")
    with pytest.raises(Conflict, match="已作废"):
        cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    assert rules.available(es.get_case(store, cid)) == []


def test_evidence_kept_as_attachment(file_store, actor, tmp_path):
    catalog.load_builtin(file_store, actor)
    item = cases.power_choices(file_store)[0][0]
    res = cases.register_lead(file_store, actor, "patrol", "2026-08-20", "示例路12号",
                              "在人行道上摆摊设点经营", act_on="2026-08-20")
    cases.file_case(file_store, actor, res.case_id, "2026-08-25", "王队长", item.item_id)
    cid = res.case_id
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0not-really-a-jpeg")
    eid = investigation.add_evidence(file_store, actor, cid, photo, "现场照片", "2026-08-25")
    ev = es.events(file_store, cid, "evidence")[0]
    assert ev.id == eid and ev.attachment_id
    assert ev.details["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()


def test_records_are_audited_and_never_deleted(store, actor, filed):
    cid = filed(inspected=False)
    actions = [r["action"] for r in store.rows(
        "SELECT action FROM audit_log WHERE entity = 'enforcement_case' AND entity_id = ? "
        "ORDER BY id", (str(cid),))]
    assert actions == ["enforcement.lead", "enforcement.file"]
    with pytest.raises(Exception, match="不可删除"):
        store.execute("DELETE FROM enforcement_case WHERE id = ?", (cid,))


def test_sample_powers_are_named_in_chinese(store, actor):
    # Items 8–11 carry the statute's own words (大气污染防治法 Art. 115, 116, 118 as printed by
    # the sources they cite); no item name is half English any more.
    import re

    from jiedao_desk.core import catalog

    catalog.load_builtin(store, actor)
    version = catalog.find_version(store, "enforcement_power", "reference-sample")
    items = {i.seq: i for i in catalog.items(store, version.id)}
    for item in items.values():
        assert not re.search(r"[A-Za-z]{2,}", item.text), item.text
    for seq in (8, 9, 10, 11, 15):
        assert not re.search(r"[A-Za-z]{2,}", items[seq].extra["fine_text"]), seq
    assert items[11].text.startswith("运输煤炭、垃圾、渣土")
    assert "专用烟道" in items[9].text and "第一百一十八条第二款" in items[9].extra["legal_basis"]
