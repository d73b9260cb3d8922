# SPDX-License-Identifier: MIT
"""Enforcement documents: content from the case, documents refused until their step is
recorded, the dossier's cover and index, and conditional completeness (a case cannot close
while a document its steps require is missing)."""

import io

import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog, documents
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import (
    closing,
    dossier,
    execution,
    investigation,
    required_documents,
)
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from tests.enforcement.conftest import SIMPLE_BASIS, inspect

pypdf = pytest.importorskip("pypdf")

OFFICERS = [("张明", "11010001"), ("李强", "11010002")]
PERSON_ID = "11010519491231002X"
USCC = "91110108MA01KXLQ35"
BASIS = "《北京市市容环境卫生条例》第十七条"


@pytest.fixture
def power_id(store, actor):
    catalog.load_builtin(store, actor)
    return enf.power_choices(store)[0][0].item_id


def _pdf_text(store, actor, doc) -> str:
    pdf = documents.reprint(store, doc.id, actor)
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).replace(
        "\n", "").replace(" ", "")


def _hearing_case(store, actor, power_id):
    """A case through 事先告知 with hearing rights, a statement, hearing and reviews."""
    res = enf.register_lead(store, actor, "report", "2026-08-20", "示例路12号",
                            "当事人在人行道摆摊设点经营水果", act_on="2026-08-20")
    cid = res.case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
    enf.add_party(store, actor, cid, "org", "北京某商贸有限公司", USCC, address="示例路12号",
                  legal_rep="钱某")
    investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25", OFFICERS,
                                       "现场有三轮车一辆，摆放水果售卖。")
    investigation.register_preservation(store, actor, cid, "2026-08-25", "三轮车一辆、电子秤一台",
                                        "王队长", OFFICERS)
    investigation.review(store, actor, cid, "investigation_end", "2026-09-10", "张明",
                         "事实清楚，建议罚款")
    ed.prior_notice(store, actor, cid, "2026-09-29", 5000, "当事人在人行道摆摊设点经营。", BASIS,
                    hearing=True, penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="钱某")
    ed.record_statement(store, actor, cid, "2026-10-09", OFFICERS, "我们已经撤摊，请求从轻。",
                        "钱某", place="街道执法队", review="经复核，已撤摊属实，予以采纳。")
    ed.request_hearing(store, actor, cid, "2026-10-09")
    ed.schedule_hearing(store, actor, cid, "2026-10-14", "2026-10-26", "街道会议室", "法制员孙某")
    ed.record_hearing(store, actor, cid, "2026-10-26", "当事人到场陈述")
    investigation.review(store, actor, cid, "legal_review", "2026-10-27", "法制员孙某",
                         "事实清楚，依据正确")
    investigation.review(store, actor, cid, "collective_discussion", "2026-10-27",
                         "王队长、张明、孙某", "同意罚款五千元")
    return cid


def test_each_new_document_prints_party_facts_basis_and_amount(store, actor, power_id,
                                                              district):
    cid = _hearing_case(store, actor, power_id)
    words = "人民币伍仟元整"
    expect = {
        "enforcement_case_source": ["北京某商贸有限公司", "摆摊设点经营水果", "投诉举报"],
        "enforcement_preservation_notice": ["北京某商贸有限公司", "三轮车一辆", "王队长",
                                            "第五十六条", "11010001", "二〇二六年九月三日"],
        "enforcement_hearing_rights_notice": ["北京某商贸有限公司", "人行道摆摊设点经营", BASIS,
                                              words, "五个工作日内"],
        "enforcement_hearing_notice": ["北京某商贸有限公司", "二〇二六年十月二十六日",
                                       "街道会议室", BASIS, words, "本次听证由法制员孙某主持"],
        "enforcement_statement_record": ["北京某商贸有限公司", "请求从轻", BASIS, words,
                                         "11010002", "予以采纳"],
        "enforcement_investigation_report": ["北京某商贸有限公司", "摆摊设点", BASIS, words,
                                             "现场检查笔录"],
        "enforcement_legal_review": ["北京某商贸有限公司", "摆摊设点", BASIS, words,
                                     "法制员孙某", "经过听证程序"],
        "enforcement_collective_discussion": ["北京某商贸有限公司", "摆摊设点", BASIS, words,
                                              "王队长、张明、孙某"],
    }
    for kind, needles in expect.items():
        doc = edocs.issue_document(store, actor, cid, kind)
        text = _pdf_text(store, actor, doc)
        for needle in needles:
            assert needle.replace(" ", "") in text, (kind, needle)
    # The decision now says the statement was heard and reviewed (Art. 45).
    ed.decide(store, actor, cid, "2026-10-28", 5000, "罚款", serious=True)
    decision = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    assert "已进行复核" in decision.data(store)["statement_result"]


def test_documents_refuse_until_their_step_is_recorded(store, actor, power_id):
    res = enf.register_lead(store, actor, "patrol", "2026-08-20", "某路", "摆摊")
    cid = res.case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    for kind, message in (("enforcement_preservation_notice", "先行登记保存"),
                          ("enforcement_hearing_notice", "听证时间地点"),
                          ("enforcement_statement_record", "陈述、申辩"),
                          ("enforcement_legal_review", "法制审核"),
                          ("enforcement_on_the_spot_decision", "简易程序")):
        with pytest.raises(ValidationError, match=message):
            edocs.issue_document(store, actor, cid, kind)
    ed.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", BASIS, hearing=False,
                    penalty_basis="《测试条例》第二十条")
    with pytest.raises(ValidationError, match="未告知听证权利"):
        edocs.issue_document(store, actor, cid, "enforcement_hearing_rights_notice")
    assert documents.list_documents(store, "enforcement_case", cid) == []


def test_on_the_spot_decision_uses_paper_number_and_power_basis(store, actor, power_id,
                                                               district):
    party = {"kind": "person", "name": "赵某", "id_number": PERSON_ID, "address": "某路1号"}
    cid = ed.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路口",
                            facts="在人行道上摆摊", party=party, fine=150, power_item_id=power_id,
                            paper_number="No.0007", officer_list=OFFICERS, **SIMPLE_BASIS)
    doc = edocs.issue_document(store, actor, cid, "enforcement_on_the_spot_decision")
    text = _pdf_text(store, actor, doc)
    for needle in ("No.0007", "赵某", "在人行道上摆摊", "人民币壹佰伍拾元整",
                   "《北京市市容环境卫生条例》", "李强（执法证号11010002）", "备案", "六十日内"):
        assert needle in text, needle
    assert doc.doc_number == ""  # the pre-printed number is printed, no second number


def test_close_refused_while_required_documents_missing(store, actor, power_id, district):
    cid = _hearing_case(store, actor, power_id)
    ed.decide(store, actor, cid, "2026-10-28", 5000, "罚款", serious=True)
    execution.serve(store, actor, cid, "decision", "direct", "2026-10-29", receiver="钱某")
    execution.record_payment(store, actor, cid, "2026-11-02", 5000)
    for kind in ("enforcement_filing_approval", "enforcement_inspection_record",
                 "enforcement_prior_notice", "enforcement_penalty_decision",
                 "enforcement_service_receipt"):
        edocs.issue_document(store, actor, cid, kind)
    conditional = {"enforcement_legal_review": "法制审核意见",
                   "enforcement_collective_discussion": "集体讨论记录",
                   "enforcement_hearing_notice": "听证通知书",
                   "enforcement_statement_record": "陈述申辩笔录",
                   "enforcement_preservation_notice": "证据先行登记保存通知书",
                   "enforcement_investigation_report": "案件调查终结报告"}
    with pytest.raises(ValidationError) as err:
        closing.close_case(store, actor, cid, "2026-11-20", "王队长", "已缴款")
    for name in conditional.values():
        assert name in str(err.value)
    assert "听证告知书" not in str(err.value)  # rights were told in the 事先告知书
    for kind in conditional:
        if kind != "enforcement_legal_review":
            edocs.issue_document(store, actor, cid, kind)
    with pytest.raises(ValidationError, match="缺少必备文书.*法制审核意见"):
        closing.close_case(store, actor, cid, "2026-11-20", "王队长", "已缴款")
    edocs.issue_document(store, actor, cid, "enforcement_legal_review")
    closing.close_case(store, actor, cid, "2026-11-20", "王队长", "已缴款")


def test_art58_case_without_hearing_needs_legal_review_only_when_flagged(store, actor, power_id):
    def case(flag):
        res = enf.register_lead(store, actor, "patrol", "2026-08-20", "某路", "摆摊")
        cid = res.case_id
        enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
        inspect(store, actor, cid, "2026-08-25")
        enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
        ed.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", BASIS, hearing=False,
                        penalty_basis="《测试条例》第二十条")
        execution.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")
        if flag:
            investigation.review(store, actor, cid, "legal_review", "2026-08-27", "法制员", "同意")
        ed.decide(store, actor, cid, "2026-09-01", 100, "罚款", legal_review_required=flag)
        return {r.name for r in required_documents.missing_documents(store, cid)}
    assert "法制审核意见" in case(True)
    assert "法制审核意见" not in case(False)


def test_cover_and_index_kinds_match_the_dossier(store, actor, power_id):
    cid = _hearing_case(store, actor, power_id)
    edocs.issue_document(store, actor, cid, "enforcement_filing_approval")
    edocs.issue_document(store, actor, cid, "enforcement_prior_notice")
    index = edocs.issue_document(store, actor, cid, "enforcement_dossier_index")
    rows = index.data(store)["index_rows"]
    assert [r["title"] for r in rows] == ["立案审批表", "行政处罚事先告知书"]
    # each paper's own date (立案, 告知), in Chinese — not the print day (2026-11-23)
    assert [r["date"] for r in rows] == ["2026年8月25日", "2026年9月29日"]
    assert rows[0]["pages"] == "3"  # cover, index, then the first document
    cover = edocs.issue_document(store, actor, cid, "enforcement_dossier_cover")
    text = _pdf_text(store, actor, cover)
    assert "北京某商贸有限公司" in text and "本卷共2件" in text and "2026年8月25日" in text
    assert "2026-" not in text
    pdf, _missing = dossier.dossier_pdf(store, actor, cid)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # cover + index + 2 documents + back cover: the issued cover/index are not repeated.
    titles = [p.extract_text().replace("\n", "") for p in reader.pages]
    assert sum("行政处罚案卷" in t and "本卷共" in t for t in titles) == 1


def test_dossier_preview_of_a_case_without_documents(store, actor, power_id):
    res = enf.register_lead(store, actor, "patrol", "2026-08-20", "某路", "摆摊")
    enf.file_case(store, actor, res.case_id, "2026-08-25", "王队长", power_id)
    pdf, missing = dossier.dossier_pdf(store, actor, res.case_id)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "尚未出具任何文书" in text.replace("\n", "") and "立案审批表" in missing


def test_documents_render_pdf_text(store, actor, power_id, district):
    res = enf.register_lead(store, actor, "patrol", "2026-08-20", "示例路12号",
                            "在人行道上摆摊设点经营", act_on="2026-08-20")
    cid = res.case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
    inspect(store, actor, cid, "2026-08-25")
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="示例路12号")
    investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25", OFFICERS,
                                       "现场有摊位一个。")
    ed.prior_notice(store, actor, cid, "2026-08-26", 1000, "当事人摆摊经营。", "《某条例》第X条",
                    hearing=False, penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")
    ed.decide(store, actor, cid, "2026-09-01", 1000, "罚款")
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(documents.reprint(store, doc.id, actor))).pages).replace("\n", "")
    for needle in ("赵某", "摆摊", "《某条例》第X条", "壹仟元整", "十五日内", "百分之三"):
        assert needle in text


def test_prior_notice_is_dated_its_notice_day_with_period_and_contact(store, actor, power_id):
    from jiedao_desk import registry
    from jiedao_desk.core import settings as settings_mod

    res = enf.register_lead(store, actor, "patrol", "2026-08-20", "某路", "摆摊")
    cid = res.case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    ed.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", BASIS, hearing=False,
                    penalty_basis="《测试条例》第二十条")
    settings_mod.set_value(store, actor, registry.setting("enforcement.contact_person"), "张明")
    settings_mod.set_value(store, actor, registry.setting("enforcement.contact_phone"),
                           "010-12345678")
    settings_mod.set_value(store, actor, registry.setting("enforcement.statement_period_days"), 5)
    doc = edocs.issue_document(store, actor, cid, "enforcement_prior_notice")  # printed 11-23
    data = doc.data(store)
    assert data["issue_day"] == "2026-08-26"
    assert data["statement_period"] == "收到本告知书之日起五个工作日内"
    assert data["contact"] == "张明　010-12345678"
    text = _pdf_text(store, actor, doc)
    assert "二〇二六年八月二十六日" in text and "二〇二六年十一月二十三日" not in text
    assert "五个工作日内" in text and "010-12345678" in text
