# SPDX-License-Identifier: MIT
"""What the 行政处罚决定书 and the 当场行政处罚决定书 print, read back from the PDF line by line:
the party block by party kind, the facts of the 事先告知, the evidence, the provision violated
and the penalty provision apart, what the party did after the notice (hearing, statement,
nothing), the penalty once, where to pay, and the remedies with the district government and
their starting day; and the refusals (no 复议机关 set, no evidence, no penalty provision)."""

import datetime as dt
import io
import re

import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog, documents
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import document_data, execution, investigation
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.document_data import common, decisions
from tests.enforcement.conftest import SIMPLE_BASIS, inspect, set_bank, set_district

pypdf = pytest.importorskip("pypdf")

OFFICERS = [("张明", "11010001"), ("李强", "11010002")]
PERSON_ID = "11010519491231002X"
USCC = "91110108MA01KXLQ35"
VIOLATED = "《北京市市容环境卫生条例》第十七条"
PENALTY = "《北京市市容环境卫生条例》第五十条第一款"
LEAD = "线索：水果摊"  # the lead's one-line summary, which the decision must not print


@pytest.fixture
def power_id(store, actor):
    catalog.load_builtin(store, actor)
    return enf.power_choices(store)[0][0].item_id


@pytest.fixture
def bank(store, actor):
    for key, value in (("enforcement.payment_bank", "北京银行示例支行"),
                       ("enforcement.payment_account_name", "北京市示例区财政局"),
                       ("enforcement.payment_account_no", "0109 0000 1234")):
        settings_mod.set_value(store, actor, document_data.SETTINGS[key], value)


def pdf_lines(store, actor, doc) -> list[str]:
    """The document's text as printed, one list entry per printed line (spaces removed)."""
    pdf = documents.reprint(store, doc.id, actor)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    return [line for line in lines if line and not re.fullmatch(r"—\d+—", line)]  # page nos


def joined(lines: list[str]) -> str:
    return "".join(lines)


def _case(store, actor, power_id, kind="person"):
    """A filed case with one party and an inspection record, told with both provisions."""
    cid = enf.register_lead(store, actor, "report", "2026-08-20", "示例路12号", LEAD,
                            act_on="2026-08-20").case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
    if kind == "org":
        enf.add_party(store, actor, cid, "org", "北京某商贸有限公司", USCC, address="示例路12号",
                      legal_rep="钱某")
    else:
        enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="示例路9号")
    investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25", OFFICERS,
                                       "现场有三轮车一辆，摆放水果售卖。")
    return cid


def _tell(store, actor, cid, fine, hearing, penalties=None):
    ed.prior_notice(store, actor, cid, "2026-09-29", fine,
                    "当事人于2026年8月20日在示例路12号人行道上摆摊设点经营水果。", VIOLATED,
                    hearing=hearing, penalty_basis=PENALTY, penalties=penalties)
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="钱某")


def _hearing_decision(store, actor, power_id):
    """Organisation, hearing requested and held, reviewed; decided 5,000 yuan."""
    cid = _case(store, actor, power_id, "org")
    _tell(store, actor, cid, 5000, hearing=True)
    ed.request_hearing(store, actor, cid, "2026-10-09")
    ed.schedule_hearing(store, actor, cid, "2026-10-14", "2026-10-26", "街道会议室", "法制员孙某")
    ed.record_hearing(store, actor, cid, "2026-10-26", "当事人到场陈述")
    investigation.review(store, actor, cid, "legal_review", "2026-10-27", "法制员孙某", "同意")
    investigation.review(store, actor, cid, "collective_discussion", "2026-10-27", "王队长",
                         "同意罚款五千元")
    ed.decide(store, actor, cid, "2026-10-28", 5000, "罚款5000元", serious=True)
    return cid


def test_decision_of_an_organisation_after_a_hearing(store, actor, power_id, district, bank):
    cid = _hearing_decision(store, actor, power_id)
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    lines = pdf_lines(store, actor, doc)
    text = joined(lines)
    # the party block of an organisation, each on its own line
    for line in ("当事人：北京某商贸有限公司", f"统一社会信用代码：{USCC}",
                 "法定代表人（负责人）：钱某", "地址：示例路12号"):
        assert line in lines, line
    # the facts established at 事先告知, not the lead's summary
    assert "经查，当事人于2026年8月20日在示例路12号人行道上摆摊设点经营水果。" in text
    assert LEAD not in text
    # the evidence, listed
    assert "以上事实有下列证据证明：1．2026年8月25日现场检查笔录；2．2026年10月26日听证笔录。" \
        in text
    # the provision violated and the penalty provision, apart
    assert f"违反了{VIOLATED}的规定" in text
    assert f"依据{PENALTY}的规定，本机关决定对你（单位）作出如下行政处罚：罚款人民币伍仟元整。" \
        in text
    assert text.count("伍仟") == 1 and "5000" not in text  # the penalty once
    # what happened after the notice: the hearing, never "未提出"
    assert "于2026年10月9日申请听证，本机关于2026年10月26日依法举行了听证" in text
    assert "未提出陈述、申辩" not in text
    # where to pay, and the remedies from receipt, before the district government
    assert "到北京银行示例支行（户名：北京市示例区财政局，账号：010900001234）缴纳罚款" in text
    assert ("可以自收到本决定书之日起六十日内向北京市示例区人民政府申请行政复议，"
            "或者自收到本决定书之日起六个月内向有管辖权的人民法院提起行政诉讼") in text


def test_decision_of_a_person_who_made_a_statement(store, actor, power_id, district):
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 200, hearing=False, penalties=["warning", "fine"])
    ed.record_statement(store, actor, cid, "2026-10-09", OFFICERS, "已经撤摊，请求从轻。",
                        "赵某", review="经复核，已撤摊属实，予以采纳")
    ed.decide(store, actor, cid, "2026-10-20", 200, "警告、罚款200元")
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    lines = pdf_lines(store, actor, doc)
    text = joined(lines)
    for line in ("当事人：赵某", f"身份证件号码：{PERSON_ID}", "住址：示例路9号"):
        assert line in lines, line
    assert not any(line.startswith("法定代表人") for line in lines)  # a natural person
    assert "统一社会信用代码" not in text
    assert ("你（单位）于2026年10月9日提出了陈述、申辩，本机关已进行复核。"
            "复核意见：经复核，已撤摊属实，予以采纳。") in text
    assert "听证" not in text and "未提出" not in text
    assert "作出如下行政处罚：警告；罚款人民币贰佰元整。" in text
    assert "2026年10月9日陈述申辩笔录" in text
    # the bank of the setting (Art. 67), never an empty place or a generic "指定银行"
    assert "到北京银行示例支行缴纳罚款" in text


def test_decision_when_the_party_said_nothing(store, actor, power_id, district):
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 200, hearing=False)
    ed.decide(store, actor, cid, "2026-10-20", 200, "罚款")
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    text = joined(pdf_lines(store, actor, doc))
    assert "你（单位）在规定期限内未提出陈述、申辩。" in text
    assert "复核" not in text and "举行了听证" not in text
    assert "作出如下行政处罚：罚款人民币贰佰元整。" in text


def test_decision_refused_until_the_district_government_is_set(store, actor, power_id):
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 200, hearing=False)
    set_district(store, actor, "")
    with pytest.raises(ValidationError, match="行政复议机关（本区人民政府全称）") as err:
        ed.decide(store, actor, cid, "2026-10-20", 200, "罚款")
    assert "北京市××区人民政府" in str(err.value) and "不能作出处罚决定" in str(err.value)
    assert es.get_case(store, cid).state == "notified"  # nothing decided
    set_district(store, actor)
    ed.decide(store, actor, cid, "2026-10-20", 200, "罚款")
    text = joined(pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, "enforcement_penalty_decision")))
    assert "向北京市示例区人民政府申请行政复议" in text
    # emptied after the decision: the document is still refused, never printed blank
    set_district(store, actor, "")
    with pytest.raises(ValidationError, match="行政复议机关（本区人民政府全称）"):
        edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")


def test_papers_asking_for_a_fine_are_refused_until_the_bank_is_set(store, actor, power_id,
                                                                     district):
    # 行政处罚法 第六十七条: the deciding body does not collect the fine; the party pays at the
    # designated bank, so a decision with a fine must name it. A warning asks for no payment.
    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 200, hearing=False, penalties=["warning", "fine"])
    ed.decide(store, actor, cid, "2026-10-20", 200, "警告、罚款200元")
    set_bank(store, actor, "")
    with pytest.raises(ValidationError, match="^尚未设置罚款缴款银行，不能出具行政处罚决定书") \
            as err:
        edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    assert err.value.field == "payment_bank" and "行政处罚法 第六十七条" in str(err.value)
    assert documents.list_documents(store, "enforcement_case", cid) == []  # nothing issued
    warned = _case(store, actor, power_id)
    _tell(store, actor, warned, 0, hearing=False, penalties=["warning"])
    ed.decide(store, actor, warned, "2026-10-20", 0, "警告")
    assert "缴纳罚款" not in joined(pdf_lines(store, actor, edocs.issue_document(
        store, actor, warned, "enforcement_penalty_decision")))
    set_bank(store, actor, "北京农商银行示例支行")
    text = joined(pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, "enforcement_penalty_decision")))
    assert "请自收到本决定书之日起十五日内，到北京农商银行示例支行缴纳罚款。" in text


def test_decision_needs_the_penalty_provision_and_lists_the_evidence(store, actor, power_id,
                                                                     district):
    cid = enf.register_lead(store, actor, "patrol", "2026-08-20", "某路", "摆摊").case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", power_id)
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="某路1号")
    with pytest.raises(ValidationError, match="处罚依据（罚则）"):
        ed.prior_notice(store, actor, cid, "2026-09-29", 200, "事实", VIOLATED, hearing=False)
    inspect(store, actor, cid, "2026-09-28")  # no decision without a 笔录 (the gate)
    _tell(store, actor, cid, 200, hearing=False)
    ed.decide(store, actor, cid, "2026-10-20", 200, "罚款")
    # the file's 笔录 is listed; evidence typed by the officer, one item a line, too
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision",
                               {"evidence": "现场照片二张\n当事人身份证复印件"})
    text = joined(pdf_lines(store, actor, doc))
    assert "现场照片二张" in text and "当事人身份证复印件" in text


def test_on_the_spot_decision_requires_reconsideration_first(store, actor, power_id, district):
    party = {"kind": "org", "name": "某餐饮有限公司", "id_number": USCC, "address": "某路2号",
             "legal_rep": "孙某"}
    cid = ed.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路口",
                            facts="在店外摆放桌椅经营", party=party, fine=1000,
                            power_item_id=power_id, paper_number="No.0008",
                            officer_list=OFFICERS, **SIMPLE_BASIS)
    doc = edocs.issue_document(store, actor, cid, "enforcement_on_the_spot_decision")
    lines = pdf_lines(store, actor, doc)
    text = joined(lines)
    assert "法定代表人（负责人）：孙某" in lines
    # 行政复议法 第二十三条: 复议 first; no lawsuit offered directly, no six months
    assert ("如不服本决定，应当自收到本决定书之日起六十日内先向北京市示例区人民政府申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。") in text
    assert "直接向" not in text and "六个月" not in text


def test_on_the_spot_decision_of_a_person_has_no_legal_representative(store, actor, power_id,
                                                                      district):
    party = {"kind": "person", "name": "赵某", "id_number": PERSON_ID, "address": "某路1号"}
    cid = ed.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路口",
                            facts="在人行道上摆摊", party=party, fine=150,
                            power_item_id=power_id, paper_number="No.0009",
                            officer_list=OFFICERS, **SIMPLE_BASIS)
    lines = pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, "enforcement_on_the_spot_decision"))
    assert "当事人：赵某" in lines and f"身份证件号码：{PERSON_ID}" in lines
    assert not any(line.startswith("法定代表人") for line in lines)


def test_decision_after_an_express_waiver(store, actor, power_id, district):
    """A waiver recorded (行政处罚法 第六十二条) is what the decision says, not "未提出"."""
    from jiedao_desk.domains.enforcement.cases import add_event
    from jiedao_desk.domains.enforcement.store import read_case

    cid = _case(store, actor, power_id)
    _tell(store, actor, cid, 200, hearing=False)
    with store.atomic():
        add_event(store, actor, read_case(store, cid), document_data.WAIVER_KIND,
                  dt.date(2026, 9, 30), "enforcement.statement_waiver",
                  details={"how": "当事人签署放弃陈述申辩声明"})
    ed.decide(store, actor, cid, "2026-10-20", 200, "罚款")
    text = joined(pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, "enforcement_penalty_decision")))
    assert "你（单位）于2026年9月30日明确表示放弃陈述、申辩。" in text
    assert "未提出" not in text


@pytest.mark.parametrize("text, fen, printed", [
    ("罚款", 500000, "罚款人民币伍仟元整"),
    ("罚款5000元", 500000, "罚款人民币伍仟元整"),
    ("罚款伍佰元", 50000, "罚款人民币伍佰元整"),
    ("罚款人民币伍仟元整", 500000, "罚款人民币伍仟元整"),
    ("警告，并处罚款五千元", 500000, "警告；罚款人民币伍仟元整"),
    ("警告", 0, "警告"),
    ("没收违法所得、罚款1,000元", 100000, "没收违法所得；罚款人民币壹仟元整"),
])
def test_the_penalty_is_printed_once(text, fen, printed):
    words = common.words(fen)
    assert decisions.penalty_text(text, fen, words) == printed
