# SPDX-License-Identifier: MIT
"""What the enforcement documents print against the law, read back from the PDF: the facts
established at 事先告知 (not the lead's summary) on every document after it, the penalty as
told and decided (a warning is no fine), the basis of an on-the-spot decision, and the
refusals that keep an unlawful paper from being issued."""

import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import execution, investigation
from jiedao_desk.domains.enforcement import store as es
from tests.enforcement.conftest import PERSON_ID, SIMPLE_BASIS, USCC, set_bank
from tests.enforcement.test_decision_wording import (
    LEAD,
    OFFICERS,
    PENALTY,
    VIOLATED,
    _case,
    joined,
    pdf_lines,
    power_id,  # noqa: F401 — a fixture
)

pytest.importorskip("pypdf")

FACTS = "当事人于2026年8月20日在示例路12号人行道上摆摊设点经营水果"


def _text(store, actor, cid, kind, extra=None) -> str:
    return joined(pdf_lines(store, actor, edocs.issue_document(store, actor, cid, kind, extra)))


def _tell(store, actor, cid, fine=200, day="2026-09-29", **kw):
    ed.prior_notice(store, actor, cid, day, fine, FACTS + "。", VIOLATED, hearing=False,
                    penalty_basis=PENALTY, **kw)


def test_documents_after_the_notice_print_the_told_facts(store, actor, power_id):  # noqa: F811
    cid = _case(store, actor, power_id)
    # before the notice: the rectification order and the report print what the case has
    early = _text(store, actor, cid, "enforcement_rectification_notice",
                  {"requirement": "立即停止占道经营", "deadline": "2026-08-26",
                   "order_day": "2026-08-25", "basis": VIOLATED})
    assert f"存在以下行为：{LEAD}。" in early
    investigation.review(store, actor, cid, "investigation_end", "2026-09-10", "张明", "事实清楚")
    report = _text(store, actor, cid, "enforcement_investigation_report",
                   {"facts": FACTS, "basis": VIOLATED})
    assert FACTS in report and LEAD not in report
    _tell(store, actor, cid)
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="赵某")
    notice = _text(store, actor, cid, "enforcement_prior_notice")
    assert f"经查，{FACTS}。" in notice and LEAD not in notice
    ed.record_statement(store, actor, cid, "2026-10-09", OFFICERS, "请求从轻。", "赵某")
    investigation.review(store, actor, cid, "legal_review", "2026-10-10", "孙某", "同意")
    investigation.review(store, actor, cid, "collective_discussion", "2026-10-10", "王队长",
                         "同意")
    for kind in ("enforcement_statement_record", "enforcement_legal_review",
                 "enforcement_collective_discussion", "enforcement_investigation_report"):
        text = _text(store, actor, cid, kind)
        assert FACTS in text and LEAD not in text, kind
    late = _text(store, actor, cid, "enforcement_rectification_notice",
                 {"requirement": "立即停止占道经营", "deadline": "2026-10-20",
                  "order_day": "2026-10-10", "basis": VIOLATED})
    assert f"存在以下行为：{FACTS}。" in late and LEAD not in late


def _served(store, actor, cid, day="2026-09-30"):
    execution.serve(store, actor, cid, "prior_notice", "direct", day, receiver="赵某")


def test_a_decision_is_never_heavier_than_the_notice(store, actor, power_id):  # noqa: F811
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 200)
    _served(store, actor, cid)
    with pytest.raises(ValidationError, match="已告知“罚款200元”，本次决定罚款5000元高于") as e:
        ed.decide(store, actor, cid, "2026-10-20", 5000, "罚款5000元")
    assert "第四十五条第二款" in str(e.value) and "重新事先告知" in str(e.value)
    with pytest.raises(ValidationError, match="增加了未告知的没收违法所得"):
        ed.decide(store, actor, cid, "2026-10-20", 200, "没收违法所得、罚款200元")
    ed.record_statement(store, actor, cid, "2026-10-09", OFFICERS, "请求从轻。", "赵某")
    with pytest.raises(ValidationError, match="增加了未告知的警告"):  # added after the statement
        ed.decide(store, actor, cid, "2026-10-20", 200, "警告、罚款200元")
    with pytest.raises(ValidationError, match="增加了未告知的警告"):
        ed.decide(store, actor, cid, "2026-10-20", 100, "罚款", penalties=["warning"])
    assert es.get_case(store, cid).state == "notified" and not es.get_case(store, cid).decided_on
    ed.decide(store, actor, cid, "2026-10-20", 200, "罚款200元")  # as told: the boundary
    assert es.get_case(store, cid).fine_fen == 20000


def test_a_lighter_decision_and_a_heavier_one_told_again(store, actor, power_id):  # noqa: F811
    light = _case(store, actor, power_id)
    _tell(store, actor, light, 200, penalties=["warning", "fine"])
    _served(store, actor, light)
    ed.decide(store, actor, light, "2026-10-20", 0, "警告")  # lighter: a warning alone
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 200)
    _served(store, actor, cid)
    # a heavier penalty is told again; its 陈述申辩 period runs from the new service
    _tell(store, actor, cid, 2000, day="2026-10-12", penalties=["warning", "fine"])
    with pytest.raises(ValidationError, match="事先告知书尚未送达"):
        ed.decide(store, actor, cid, "2026-10-20", 2000, "警告、罚款2000元")
    _served(store, actor, cid, "2026-10-13")
    with pytest.raises(ValidationError, match="陈述申辩期限至 10月16日"):
        ed.decide(store, actor, cid, "2026-10-16", 2000, "警告、罚款2000元")
    ed.decide(store, actor, cid, "2026-10-19", 2000, "警告、罚款2000元")
    assert es.get_case(store, cid).fine_fen == 200000


def test_a_warning_is_told_and_decided_as_a_warning(store, actor, power_id,  # noqa: F811
                                                    district):
    with pytest.raises(ValidationError, match="处罚种类"):  # nothing told at all
        _tell(store, actor, _case(store, actor, power_id), 0)
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 0, penalties=["warning"])
    _served(store, actor, cid)
    notice = _text(store, actor, cid, "enforcement_prior_notice")
    assert "拟对你（单位）作出如下行政处罚：警告。" in notice
    assert "罚款" not in notice and "零元" not in notice
    with pytest.raises(ValidationError, match="增加了未告知的罚款"):
        ed.decide(store, actor, cid, "2026-10-20", 50, "警告、罚款50元")
    ed.decide(store, actor, cid, "2026-10-20", 0, "警告")
    decided = _text(store, actor, cid, "enforcement_penalty_decision")
    assert "作出如下行政处罚：警告。" in decided
    assert "缴纳罚款" not in decided and "加处罚款" not in decided and "零元" not in decided
    # the other side: a warning and a fine print both, and the payment paragraph
    both = _case(store, actor, power_id)
    _tell(store, actor, both, 200, penalties=["warning", "fine"])
    _served(store, actor, both)
    assert "作出如下行政处罚：警告；罚款人民币贰佰元整。" in _text(
        store, actor, both, "enforcement_prior_notice")
    ed.decide(store, actor, both, "2026-10-20", 200, "警告、罚款200元")
    text = _text(store, actor, both, "enforcement_penalty_decision")
    assert "作出如下行政处罚：警告；罚款人民币贰佰元整。" in text
    assert "到北京银行示例支行缴纳罚款" in text and "加处罚款" in text


def _spot(store, actor, power_id, fine=50, number="No.0001", **kw):  # noqa: F811
    party = {"kind": "person", "name": "赵某", "id_number": PERSON_ID, "address": "示例路9号"}
    return ed.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路口",
                             facts="在人行道上摆摊", party=party, fine=fine,
                             power_item_id=power_id, paper_number=number,
                             officer_list=OFFICERS, **kw)


def test_an_on_the_spot_decision_states_its_legal_basis(store, actor, power_id,  # noqa: F811
                                                        district):
    with pytest.raises(ValidationError, match="处罚依据（罚则）不能为空"):
        _spot(store, actor, power_id, basis=VIOLATED)
    assert es.list_cases(store) == []  # nothing written
    cid = _spot(store, actor, power_id, **SIMPLE_BASIS)
    text = _text(store, actor, cid, "enforcement_on_the_spot_decision")
    assert (f"上述行为违反了{SIMPLE_BASIS['basis']}的规定，事实确凿。依据"
            f"{SIMPLE_BASIS['penalty_basis']}的规定，按照《中华人民共和国行政处罚法》第五十一条"
            "规定的当场处罚程序，当场决定给予罚款人民币伍拾元整的行政处罚。") in text
    assert "未见" not in text
    # a case without the article on record (the catalogue says "条款未见"): refused
    with store.atomic():
        es.update_case(store, cid, violated_provision="")
    kind = "enforcement_on_the_spot_decision"
    with pytest.raises(ValidationError, match="违反的规定的具体条款.*第五十二条第二款"):
        edocs.issue_document(store, actor, cid, kind)
    with pytest.raises(ValidationError, match="违反的规定的具体条款"):
        edocs.issue_document(store, actor, cid, kind,
                             {"basis": "《北京市市容环境卫生条例》（条款未见）"})
    assert len(documents.list_documents(store, "enforcement_case", cid)) == 1
    assert VIOLATED in _text(store, actor, cid, kind, {"basis": VIOLATED})


def test_a_rectification_order_is_dated_its_order_day(store, actor, power_id):  # noqa: F811
    cid = _case(store, actor, power_id)
    kind = "enforcement_rectification_notice"
    order = {"requirement": "立即停止占道经营", "basis": VIOLATED}
    with pytest.raises(ValidationError, match="缺少以下内容：order_day"):
        edocs.issue_document(store, actor, cid, kind, {**order, "deadline": "2026-08-30"})
    with pytest.raises(ValidationError, match="改正期限（2026年8月24日）不能早于责令改正日期"):
        edocs.issue_document(store, actor, cid, kind,
                             {**order, "deadline": "2026-08-24", "order_day": "2026-08-25"})
    assert documents.list_documents(store, "enforcement_case", cid) == []
    lines = pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, kind, {**order, "deadline": "2026-08-25", "order_day": "2026-08-25"}))
    assert "二〇二六年八月二十五日" in lines  # the 落款 (the test day is 2026-11-23)
    assert "并于二〇二六年八月二十五日前改正完毕" in joined(lines)


def test_a_decision_names_the_party_address(store, actor, power_id, district):  # noqa: F811
    party = {"kind": "person", "name": "钱某", "id_number": PERSON_ID, "address": " "}
    with pytest.raises(ValidationError, match="当事人地址（住址）不能为空"):
        ed.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路口",
                          facts="乱扔", party=party, fine=50, power_item_id=power_id,
                          paper_number="No.0002", officer_list=OFFICERS, **SIMPLE_BASIS)
    assert es.list_cases(store) == []
    cid = enf.register_lead(store, actor, "patrol", "2026-08-20", "示例路12号", LEAD).case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID)  # no address on record
    investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25", OFFICERS,
                                       "检查")
    _tell(store, actor, cid)
    _served(store, actor, cid)
    ed.decide(store, actor, cid, "2026-10-20", 200, "罚款")
    kind = "enforcement_penalty_decision"
    with pytest.raises(ValidationError, match="当事人赵某的地址未登记.*第五十九条第一款第（一）项"):
        edocs.issue_document(store, actor, cid, kind)
    assert documents.list_documents(store, "enforcement_case", cid) == []
    lines = pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, kind, {"party_address": "示例路9号"}))
    assert "住址：示例路9号" in lines


def test_on_the_spot_collection_only_within_article_68(store, actor, power_id,  # noqa: F811
                                                       district):
    org = {"kind": "org", "name": "某餐饮有限公司", "id_number": USCC, "address": "某路2号",
           "legal_rep": "孙某"}

    def spot(fine, number, **kw):
        return ed.simple_penalty(store, actor, source="patrol", day="2026-11-20",
                                 place="某路口", facts="在店外摆放桌椅经营", party=org,
                                 fine=fine, power_item_id=power_id, paper_number=number,
                                 officer_list=OFFICERS, **SIMPLE_BASIS, **kw)

    kind = "enforcement_on_the_spot_decision"
    with pytest.raises(ValidationError, match="罚款超过100元，不能当场收缴（行政处罚法 第六十八条"):
        spot(1000, "No.1", collect_on_spot=True)
    with pytest.raises(ValidationError, match="罚款超过100元"):
        spot(101, "No.1", collect_on_spot=True)
    assert es.list_cases(store) == []
    # not collected: the bank or electronic payment within 15 days, even if paid that day;
    # no paper names the bank while the setting is empty (行政处罚法 第六十七条)
    bank = spot(1000, "No.1")
    execution.record_payment(store, actor, bank, "2026-11-20", 1000)
    set_bank(store, actor, "")
    with pytest.raises(ValidationError, match="^尚未设置罚款缴款银行，不能出具当场行政处罚决定书"):
        _text(store, actor, bank, kind)
    set_bank(store, actor)
    text = _text(store, actor, bank, kind)
    assert ("罚款缴纳方式：自收到本决定书之日起十五日内到北京银行示例支行或者通过电子支付系统缴纳。"
            in text) and "当场" not in text.split("罚款缴纳方式")[1][:12]
    # at the limit, or above it when it would be hard to enforce afterwards: collected
    small = spot(100, "No.2", collect_on_spot=True)
    assert es.get_case(store, small).paid_fen == 10000
    set_bank(store, actor, "")  # collected on the spot: no bank to name
    collected = _text(store, actor, small, kind)
    set_bank(store, actor)
    assert "罚款缴纳方式：当场收缴（行政处罚法第六十八条）。" in collected
    assert "十五日内" not in collected and "加处罚款" not in collected
    spot(1000, "No.3", collect_on_spot=True,
         collection_reason="当事人系外地流动经营者，事后难以执行")


def test_review_records_print_the_violated_provision_and_the_penalty_one(
        store, actor, power_id):  # noqa: F811
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid)
    _served(store, actor, cid)
    investigation.review(store, actor, cid, "investigation_end", "2026-10-09", "张明", "事实清楚")
    investigation.review(store, actor, cid, "legal_review", "2026-10-10", "孙某", "同意")
    investigation.review(store, actor, cid, "collective_discussion", "2026-10-10", "王队长",
                         "同意")
    for kind in ("enforcement_investigation_report", "enforcement_legal_review",
                 "enforcement_collective_discussion"):
        lines = pdf_lines(store, actor, edocs.issue_document(store, actor, cid, kind))
        text = joined(lines)
        assert f"违反的规定{VIOLATED}" in text, kind
        assert f"处罚依据（罚则）{PENALTY}" in text or (
            "处罚依据" in lines and f"（罚则）{PENALTY}" in text), kind
