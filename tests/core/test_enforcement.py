# SPDX-License-Identifier: MIT
"""A whole enforcement case through the core functions, and the rules that refuse bad steps."""

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog, documents
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement import view as enforcement_view

TODO = registry.todo_providers()

OFFICERS = [("张明", "11010001"), ("李强", "11010002")]
PERSON_ID = "11010519491231002X"
USCC = "91110108MA01KXLQ35"


@pytest.fixture
def power(store, actor):
    catalog.load_builtin(store, actor)
    items, warning = enf.power_choices(store)
    assert "为空或未知" in warning  # the 2020 annex is not public: the UI must say so
    return items[0]


def _filed(store, actor, power, **lead):
    res = enf.register_lead(store, actor, lead.get("source", "patrol"), "2026-08-20",
                            "示例路12号", "在人行道上摆摊设点经营", act_on="2026-08-20")
    enf.file_case(store, actor, res.case_id, "2026-08-25", "王队长", power["item_id"])
    return res.case_id


def test_whole_general_case(store, actor, power, file_store):
    cid = _filed(store, actor, power)
    case = es.get_case(store, cid)
    assert case["status"] == "filed" and case["power_version_id"] == power["version_id"]
    party = enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID, "示例路12号")
    assert party["repeat"] == []
    enf.record_investigation(store, actor, cid, "inspection", "2026-08-25", OFFICERS,
                             "现场有三轮车一辆，摆放水果售卖。")
    enf.record_investigation(store, actor, cid, "inquiry", "2026-08-26", OFFICERS,
                             "问：是否你在此摆摊？\n答：是。", interviewee="赵某")
    pid = enf.register_preservation(store, actor, cid, "2026-08-25", "三轮车一辆", "王队长",
                                    OFFICERS)
    enf.dispose_preservation(store, actor, cid, pid, "2026-09-01", "退还当事人")
    enf.review(store, actor, cid, "investigation_end", "2026-09-10", "张明", "事实清楚")
    for kind in ("enforcement_filing_approval", "enforcement_inspection_record",
                 "enforcement_inquiry_record"):
        edocs.issue_document(store, actor, cid, kind)
    edocs.issue_document(store, actor, cid, "enforcement_rectification_notice",
                         {"requirement": "立即停止占道经营", "deadline": "2026-08-26",
                          "basis": "《北京市市容环境卫生条例》"})
    # Hearing threshold UNSET: an explicit choice is required.
    with pytest.raises(ValidationError, match="听证门槛"):
        ed.prior_notice(store, actor, cid, "2026-09-29", 1000, "占道经营",
                        "《北京市市容环境卫生条例》")
    ed.prior_notice(store, actor, cid, "2026-09-29", 1000, "当事人在人行道摆摊设点经营。",
                    "《北京市市容环境卫生条例》", hearing=True)
    notice = edocs.issue_document(store, actor, cid, "enforcement_prior_notice")
    assert "五个工作日内" in notice.data(store)["hearing_text"]
    assert notice.data(store)["fine_words"] == "人民币壹仟元整"
    ed.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="赵某")
    # Hearing window (5 working days across National Day) still open on 10-13.
    with pytest.raises(ValidationError, match="听证申请期"):
        ed.decide(store, actor, cid, "2026-10-13", 1000, "罚款")
    ed.decide(store, actor, cid, "2026-10-14", 1000, "罚款", party_present=False)
    decision = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    text = decision.data(store)
    assert text["party_name"] == "赵某" and "摆摊" in text["facts"]
    assert text["basis"] == "《北京市市容环境卫生条例》"
    assert text["fine_words"] == "人民币壹仟元整"
    # Closing refused: fine unpaid; then missing 送达回证.
    with pytest.raises(ValidationError, match="罚款未缴纳"):
        ed.close_case(store, actor, cid, "2026-11-20", "王队长", "已缴款")
    ed.serve(store, actor, cid, "decision", "left", "2026-10-16", witnesses=["社区主任孙某"])
    assert es.get_case(store, cid)["served_on"] == "2026-10-16"
    # Due 10-31 is a Saturday → 11-02; paid 11-03: one day late, 3 % surcharge.
    paid = ed.record_payment(store, actor, cid, "2026-11-03", 1030)
    assert paid == {"days_late": 1, "surcharge": 30.0}
    with pytest.raises(ValidationError, match="送达回证"):
        ed.close_case(store, actor, cid, "2026-11-20", "王队长", "罚款已缴纳")
    edocs.issue_document(store, actor, cid, "enforcement_service_receipt")
    # Steps this case went through need their documents too (dossier required_when).
    with pytest.raises(ValidationError, match="：证据先行登记保存通知书、案件调查终结报告$"):
        ed.close_case(store, actor, cid, "2026-11-20", "王队长", "罚款已缴纳")
    for kind in ("enforcement_preservation_notice", "enforcement_investigation_report"):
        edocs.issue_document(store, actor, cid, kind)
    ed.close_case(store, actor, cid, "2026-11-20", "王队长", "罚款已缴纳")
    with pytest.raises(ValidationError, match="结案审批表"):
        ed.archive_case(store, actor, cid)
    edocs.issue_document(store, actor, cid, "enforcement_closing_approval")
    assert ed.archive_case(store, actor, cid) == "20260001"
    detail = enforcement_view.case_detail(store, actor, cid)
    assert detail.case["status"] == "archived" and detail.missing == []
    assert [h["to_status"] for h in detail.history] == [
        "lead", "filed", "notified", "decided", "closed", "archived"]
    keys = {c.key: colour for c, colour in detail.clocks}
    assert keys["penalty_decision"] == "done" and keys["hearing_request"] == "done"
    assert keys["fine_payment"] == "done" and keys["registered_preservation"] == "done"
    assert notice.doc_number and decision.entity == "enforcement_case"
    pdf, missing = edocs.dossier_pdf(store, actor, cid)
    assert missing == [] and pdf[:4] == b"%PDF"
    pypdf = pytest.importorskip("pypdf")
    import io

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    assert "赵某" in first and "立案审批表" in first
    assert len(reader.pages) > 9  # cover + index + 9 documents (+ back cover)
    with pytest.raises(Conflict, match="已归档"):
        enf.void_case(store, actor, cid, "误登记")


def test_payment_due_rolls_past_weekend(store, actor, power):
    # 10-16 + 15 = 10-31 (Saturday) → 11-02 (Mon); paying on 11-02 is on time.
    from jiedao_desk.core.workdays import load_calendar
    from jiedao_desk.domains.enforcement.clocks import payment_due

    assert payment_due(dt.date(2026, 10, 16), load_calendar(store)) == dt.date(2026, 11, 2)


def test_limitation_refuses_filing(store, actor, power):
    res = enf.register_lead(store, actor, "report", "2026-11-20", "某小区", "违法建设",
                            act_on="2024-05-10")
    assert res.limitation_expired and res.limitation_end == dt.date(2026, 5, 10)
    with pytest.raises(ValidationError, match="追责时效"):
        enf.file_case(store, actor, res.case_id, "2026-11-21", "王队长", power["item_id"])
    # Continuing act ended recently: within the limit.
    ok = enf.register_lead(store, actor, "report", "2026-11-20", "某小区", "违法建设",
                           act_on="2023-01-01", act_ended_on="2025-03-01")
    assert not ok.limitation_expired
    enf.not_open(store, actor, res.case_id, "超过追责时效")
    assert es.get_case(store, res.case_id)["status"] == "not_opened"
    enf.void_case(store, actor, ok.case_id, "重复登记")
    assert [c["id"] for c in es.list_cases(store)] == [res.case_id]


def test_parties_checked_and_repeat_hint(store, actor, power):
    a = _filed(store, actor, power)
    b = _filed(store, actor, power)
    with pytest.raises(ValidationError):
        enf.add_party(store, actor, a, "person", "赵某", "110105194912310021")
    with pytest.raises(ValidationError):
        enf.add_party(store, actor, a, "org", "某公司", "91110108MA01KXLQ3U", legal_rep="钱某")
    with pytest.raises(ValidationError, match="法定代表人"):
        enf.add_party(store, actor, a, "org", "某公司", USCC)
    enf.add_party(store, actor, a, "org", "某公司", USCC, "示例路1号", legal_rep="钱某")
    hint = enf.add_party(store, actor, b, "org", "某公司", USCC, "别处", legal_rep="钱某")
    assert [r["id"] for r in hint["repeat"]] == [a]


def test_two_officers_with_ids_required(store, actor, power):
    cid = _filed(store, actor, power)
    with pytest.raises(ValidationError, match="两名以上"):
        enf.record_investigation(store, actor, cid, "inspection", "2026-08-25",
                                 [("张明", "11010001")], "检查")
    with pytest.raises(ValidationError, match="两名以上"):
        enf.record_investigation(store, actor, cid, "inspection", "2026-08-25",
                                 [("张明", "1"), ("李强", "1")], "检查")
    assert es.events(store, cid) == []


def test_hearing_threshold_setting_and_notice_timing(store, actor, power):
    settings_mod.set_value(store, actor,
                           registry.setting("enforcement.hearing_threshold.person"), 500)
    cid = _filed(store, actor, power)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    assert ed.prior_notice(store, actor, cid, "2026-09-29", 800, "事实", "依据")["hearing"]
    ed.serve(store, actor, cid, "prior_notice", "post", "2026-09-30", receipt="EMS123")
    assert ed.request_hearing(store, actor, cid, "2026-10-13")["in_time"]
    with pytest.raises(ValidationError, match="最迟应在 2026-09-28"):
        ed.schedule_hearing(store, actor, cid, "2026-09-29", "2026-10-13", "街道会议室")
    ed.schedule_hearing(store, actor, cid, "2026-10-14", "2026-10-26", "街道会议室")
    with pytest.raises(ValidationError, match="听证尚未举行"):
        ed.decide(store, actor, cid, "2026-10-27", 800, "罚款")
    ed.record_hearing(store, actor, cid, "2026-10-26", "当事人到场陈述")
    with pytest.raises(ValidationError, match="法制审核"):  # Art. 58 (二)
        ed.decide(store, actor, cid, "2026-10-27", 800, "罚款")
    enf.review(store, actor, cid, "legal_review", "2026-10-27", "法制员", "同意")
    with pytest.raises(ValidationError, match="集体讨论"):
        ed.decide(store, actor, cid, "2026-10-28", 800, "罚款", serious=True)
    ed.decide(store, actor, cid, "2026-10-28", 800, "罚款")


def test_decision_after_90_days_needs_reason(store, actor, power):
    res = enf.register_lead(store, actor, "patrol", "2026-07-01", "某处", "摆摊")
    enf.file_case(store, actor, res.case_id, "2026-07-03", "王队长", power["item_id"])
    enf.add_party(store, actor, res.case_id, "person", "赵某", PERSON_ID)
    ed.prior_notice(store, actor, res.case_id, "2026-09-01", 100, "事实", "依据", hearing=False)
    ed.serve(store, actor, res.case_id, "prior_notice", "direct", "2026-09-01", receiver="赵某")
    with pytest.raises(ValidationError, match="2026-10-08"):
        ed.decide(store, actor, res.case_id, "2026-10-09", 100, "罚款")
    ed.decide(store, actor, res.case_id, "2026-10-09", 100, "罚款", late_reason="鉴定期间")


def test_demand_and_court_window(store, actor, power):
    cid = _filed(store, actor, power)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    ed.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", "依据", hearing=False)
    ed.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")
    ed.decide(store, actor, cid, "2026-08-27", 100, "罚款")
    ed.serve(store, actor, cid, "decision", "direct", "2026-08-27", receiver="赵某")
    with pytest.raises(ValidationError, match="尚未届满"):
        ed.demand(store, actor, cid, "2026-09-10")
    ed.demand(store, actor, cid, "2026-09-15")
    doc = edocs.issue_document(store, actor, cid, "enforcement_demand")
    assert doc.data(store)["surcharge_words"] == "人民币壹佰元整"  # capped at the fine
    with pytest.raises(ValidationError, match="催告书尚未送达"):
        ed.court_application(store, actor, cid, "2026-11-20")
    ed.serve(store, actor, cid, "demand", "electronic", "2026-11-16", consent=True)
    with pytest.raises(ValidationError, match="2026-11-26"):
        ed.court_application(store, actor, cid, "2026-11-20")


def test_service_rules(store, actor, power):
    cid = _filed(store, actor, power)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    ed.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", "依据", hearing=False)
    with pytest.raises(ValidationError, match="见证人"):
        ed.serve(store, actor, cid, "prior_notice", "left", "2026-08-26")
    with pytest.raises(ValidationError, match="同意"):
        ed.serve(store, actor, cid, "prior_notice", "electronic", "2026-08-26")
    with pytest.raises(Conflict):
        ed.serve(store, actor, cid, "decision", "post", "2026-08-26")


def test_simple_procedure(store, actor, power):
    party = {"kind": "person", "name": "赵某", "id_number": PERSON_ID}
    with pytest.raises(ValidationError, match="第五十一条"):
        ed.simple_penalty(store, actor, "patrol", "2026-11-20", "某路", "乱扔废弃物", party, 201,
                          power["item_id"], "No.0001", OFFICERS)
    cid = ed.simple_penalty(store, actor, "patrol", "2026-11-20", "某路", "乱扔废弃物", party, 50,
                            power["item_id"], "No.0001", OFFICERS)
    case = es.get_case(store, cid)
    assert (case["procedure"], case["status"], case["paper_number"]) == ("simple", "decided",
                                                                         "No.0001")
    ed.record_payment(store, actor, cid, "2026-11-20", 50)  # 当场 paid
    ed.close_case(store, actor, cid, "2026-11-21", "王队长", "当场缴纳")  # no dossier check
    assert ed.archive_case(store, actor, cid) == "20260001"
    with pytest.raises(Conflict, match="No.0001"):
        ed.simple_penalty(store, actor, "patrol", "2026-11-20", "某路", "乱扔", party, 50,
                          power["item_id"], "No.0001", OFFICERS)
    org = {"kind": "org", "name": "某公司", "id_number": USCC, "legal_rep": "钱某"}
    ed.simple_penalty(store, actor, "patrol", "2026-11-20", "某路", "门前三包", org, 3000,
                      power["item_id"], "No.0002", OFFICERS)


def test_permissions_and_todo(store, actor, power):
    from jiedao_desk.core import todo

    cid = _filed(store, actor, power)
    mediator = Actor(2, "调解员", "mediator")
    with pytest.raises(PermissionDenied):
        enf.get_case(store, mediator, cid)
    with pytest.raises(PermissionDenied):
        enforcement_view.statistics(store, mediator, "2026-01-01", "2026-12-31")
    assert not [i for i in todo.collect(store, mediator, TODO) if i.domain == "enforcement"]
    officer = Actor(3, "队员", "enforcement_officer")
    items = [i for i in todo.collect(store, officer, TODO) if i.domain == "enforcement"]
    assert [(i.title, i.due, i.status) for i in items] == [
        ("执法案件 执案〔2026〕第0001号：立案后作出处罚决定", dt.date(2026, 11, 23), "due_soon")]


def test_statistics(store, actor, power):
    cid = _filed(store, actor, power)
    _filed(store, actor, power, source="hotline")
    ed.simple_penalty(store, actor, "hotline", "2026-11-20", "某路", "乱扔", {
        "kind": "person", "name": "赵某", "id_number": PERSON_ID}, 50, power["item_id"],
        "No.9", OFFICERS)
    st = enforcement_view.statistics(store, actor, "2026-08-01", "2026-11-30")
    assert st["by_source"] == {"巡查发现": 1, "12345转办": 2}
    assert st["by_status"] == {"已立案（调查中）": 2, "已决定": 1}
    assert st["fines_decided"] == 50.0 and st["fines_collected"] == 0.0
    assert st["by_power"] == {power["text"]: 3}
    assert st["overdue_clocks"] == {}
    assert cid


def test_documents_render_pdf_text(store, actor, power):
    pypdf = pytest.importorskip("pypdf")
    import io

    cid = _filed(store, actor, power)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID, "示例路12号")
    ed.prior_notice(store, actor, cid, "2026-08-26", 1000, "当事人摆摊经营。", "《某条例》第X条",
                    hearing=False)
    ed.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")
    ed.decide(store, actor, cid, "2026-08-27", 1000, "罚款")
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(documents.reprint(store, doc.id, actor))).pages).replace("\n", "")
    for needle in ("赵某", "摆摊", "《某条例》第X条", "壹仟元整", "十五日内", "百分之三"):
        assert needle in text


def test_absent_party_service_clock_and_overdue_statistics(store, actor, power):
    cid = _filed(store, actor, power)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    ed.prior_notice(store, actor, cid, "2026-09-24", 100, "事实", "依据", hearing=False)
    ed.serve(store, actor, cid, "prior_notice", "direct", "2026-09-24", receiver="赵某")
    ed.decide(store, actor, cid, "2026-09-29", 100, "罚款", party_present=False)
    clocks = {c.key: (c.due, colour) for c, colour in
              enforcement_view.case_detail(store, actor, cid).clocks}
    # Art. 61: 7 working days from 09-29 across National Day: 09-30, 10-08, 10-09, 10-10
    # (make-up Saturday), 10-12, 10-13, 10-14.
    assert clocks["service_absent"] == (dt.date(2026, 10, 14), "red")
    st = enforcement_view.statistics(store, actor, "2026-01-01", "2026-12-31")
    # The unpublished decision is overdue too (公示, 20 working days by default, local rule).
    assert st["overdue_clocks"] == {"当事人不在场时送达决定书": 1,
                                    "处罚决定公示（20个工作日内，本地规则）": 1}
    assert st["fines_decided"] == 100.0
    ed.serve(store, actor, cid, "decision", "post", "2026-10-12", receipt="EMS1")
    clocks = {c.key: colour for c, colour in
              enforcement_view.case_detail(store, actor, cid).clocks}
    assert clocks["service_absent"] == "done" and clocks["fine_payment"] == "red"


def test_evidence_kept_as_attachment(file_store, actor, tmp_path):
    catalog.load_builtin(file_store, actor)
    power = enf.power_choices(file_store)[0][0]
    cid = _filed(file_store, actor, power)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0not-really-a-jpeg")
    eid = enf.add_evidence(file_store, actor, cid, photo, "现场照片", "2026-08-25")
    ev = es.events(file_store, cid, "evidence")[0]
    assert ev["id"] == eid and ev["attachment_id"]
    import hashlib

    assert ev["details"]["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()


def test_records_are_audited_and_never_deleted(store, actor, power):
    cid = _filed(store, actor, power)
    actions = [r["action"] for r in store.rows(
        "SELECT action FROM audit_log WHERE entity = 'enforcement_case' AND entity_id = ? "
        "ORDER BY id", (str(cid),))]
    assert actions == ["enforcement.lead", "enforcement.file"]
    with pytest.raises(Exception, match="不可删除"):
        store.execute("DELETE FROM enforcement_case WHERE id = ?", (cid,))
