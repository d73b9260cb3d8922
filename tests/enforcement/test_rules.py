# SPDX-License-Identifier: MIT
"""The case state machine as a table: states and labels, the actions available in each state,
and the refusal of every guard (with its legal basis)."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.domains.enforcement import cases, decision, discretion, rules
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import Event
from tests.enforcement.conftest import OFFICERS, PERSON_ID, SIMPLE_BASIS

D = dt.date


def _guard(action: str, key: str):
    found = {g.key: g for g in rules.MACHINE.action(action).guards}
    return found[key]


def _check(action: str, key: str, facts: Facts) -> str | None:
    return _guard(action, key).check(facts)


def _event(kind: str, day: dt.date, **details) -> Event:
    return Event(0, 0, kind, day, (), details, None, None, "测试", "")


def _facts(store, case, day=None, events=None, **values) -> Facts:
    facts = Facts(store, case, day, values)
    if events is not None:
        facts.events = events
    return facts


@pytest.fixture
def case(store, actor, filed):
    """A filed case (立案 2026-08-25) without a party."""
    return es.get_case(store, filed())


def test_states_and_labels():
    assert list(rules.STATES) == ["lead", "not_opened", "filed", "notified", "decided",
                                  "closed", "archived", "voided"]
    assert rules.label("filed") == "已立案（调查中）" and rules.label("voided") == "已作废"
    assert "voided" not in rules.RECORDED_STATES and rules.MACHINE.final == ("voided",)
    for action in rules.MACHINE.actions:  # every action has a label and known states
        assert action.label and all(s in rules.STATES for s in action.sources)
    # every guard cites its basis
    guards = [g for a in (*rules.MACHINE.actions, rules.SIMPLE_PENALTY) for g in a.guards]
    assert guards and all(g.basis for g in guards)


def test_actions_available_per_state():
    def keys(state):
        return [a.key for a in rules.MACHINE.available(state)]
    assert keys("lead") == ["file", "not_open", "party", "withdrawal", "lead_photo",
                            "publish_rule", "void_record", "issue_document", "void"]
    assert keys("not_opened") == ["publish_rule", "issue_document", "void"]
    assert keys("filed") == ["party", "withdrawal", "inspection", "inquiry", "evidence",
                             "preserve", "dispose", "review", "discretion", "notice",
                             "publish_rule", "void_record", "issue_document", "void"]
    assert keys("notified") == ["party", "withdrawal", "inspection", "inquiry", "evidence",
                                "preserve", "dispose", "review", "discretion", "notice",
                                "statement", "statement_waiver", "hearing_request",
                                "hearing_schedule", "hearing_record", "serve", "decide",
                                "publish_rule", "void_record", "issue_document", "void"]
    assert keys("decided") == ["evidence", "dispose", "serve", "pay", "appeal", "payment_plan",
                               "demand", "court",
                               "publication", "publish_withdraw", "publish_void",
                               "publish_rule", "close", "void_record", "issue_document",
                               "void"]
    assert keys("closed") == ["serve", "appeal", "publication", "publish_withdraw", "publish_void",
                              "publish_rule", "archive", "issue_document", "void"]
    assert keys("archived") == ["publication", "publish_withdraw", "publish_void",
                                "publish_rule", "issue_document"]
    assert keys("voided") == []
    targets = {a.key: a.target for a in rules.MACHINE.actions if a.target}
    assert targets == {"file": "filed", "not_open": "not_opened", "notice": "notified",
                       "decide": "decided", "close": "closed", "archive": "archived",
                       "void": "voided"}
    assert (rules.REGISTER_LEAD.target, rules.SIMPLE_PENALTY.target) == ("lead", "decided")


def test_state_refusals_name_the_case_and_the_states(store, case):
    with pytest.raises(Conflict, match="^案件 执案〔2026〕第0001号 现为“已立案（调查中）”，"
                                       "处罚决定只能在“已事先告知”时进行。$"):
        rules.require_state("decide", case)
    void = dataclasses.replace(case, voided_at="2026-08-26T10:00:00")
    with pytest.raises(Conflict, match="现为“已作废”，不能再登记当事人"):
        rules.require_state("party", void)
    # worded for the state: what to do instead
    lead = dataclasses.replace(case, state="lead")
    with pytest.raises(Conflict, match="添加线索照片"):
        rules.require_state("evidence", lead)
    with pytest.raises(Conflict, match="^已归档的案件不能作废。$"):
        rules.require_state("void", dataclasses.replace(case, state="archived"))


def test_filing_gate(store, actor, power):
    old = cases.register_lead(store, actor, "report", "2026-11-20", "某小区", "违法建设",
                              act_on="2024-05-10")
    case = es.get_case(store, old.case_id)
    assert _check("file", "limitation", _facts(store, case)) == \
        "已超过追责时效，不予立案（行政处罚法 第三十六条）。"
    with pytest.raises(ValidationError, match="追责时效") as err:
        rules.require("file", _facts(store, case))
    assert err.value.field == "filed_on"


def test_notice_gates(store, actor, items):
    cid = cases.register_lead(store, actor, "patrol", "2026-08-20", "某路", "违法行为").case_id
    cases.file_case(store, actor, cid, "2026-08-25", "王队长",
                    items["测试事项乙（职权目录自带档次）"])
    case = es.get_case(store, cid)
    facts = _facts(store, case, D(2026, 8, 26), fine=Decimal(200), hearing=None)
    assert _check("notice", "party_registered", facts) == "请先登记当事人。"
    assert _check("notice", "discretion_recorded", facts).startswith(
        "本案职权事项在裁量基准中有裁量档次：请先记录裁量")
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    assert _check("notice", "hearing_rights_decided", facts).startswith(
        "听证门槛（较大数额罚款）尚未设置")
    assert _check("notice", "hearing_rights_decided",
                  _facts(store, case, D(2026, 8, 26), hearing=False)) is None
    discretion.choose(store, actor, cid, "2026-08-26", "首次", "990002C010")
    assert _check("notice", "discretion_recorded", facts) is None
    assert _check("notice", "fine_in_tier", facts).startswith(
        "罚款 200 元不在所选裁量档次 990002C010")
    assert _check("notice", "fine_in_tier",
                  _facts(store, case, D(2026, 8, 26), fine=Decimal(100))) is None


def test_hearing_gates(store, case):
    notice = _event("prior_notice", D(2026, 9, 29), hearing=False)
    told = _event("prior_notice", D(2026, 9, 29), hearing=True)
    served = _event("service", D(2026, 9, 30), what="prior_notice")
    assert _check("hearing_request", "hearing_rights_told",
                  _facts(store, case, events=[notice, served])) == \
        "本案未告知听证权利或告知书尚未送达。"
    assert _check("hearing_request", "hearing_rights_told",
                  _facts(store, case, events=[told])) == "本案未告知听证权利或告知书尚未送达。"
    assert _check("hearing_request", "hearing_rights_told",
                  _facts(store, case, events=[told, served])) is None
    assert _check("hearing_schedule", "hearing_requested",
                  _facts(store, case, events=[told, served])) == "当事人未申请听证。"
    assert _check("hearing_schedule", "hearing_notified_in_time",
                  _facts(store, case, D(2026, 9, 29), hearing_on=D(2026, 10, 13))) == (
        "听证应在举行七个工作日前通知当事人：2026-10-13 举行的听证，最迟应在 2026-09-28 通知。")
    assert _check("hearing_record", "hearing_scheduled",
                  _facts(store, case, events=[told, served])) == "尚未通知听证时间地点。"


def test_service_gates(store, case):
    assert _check("serve", "witnesses", _facts(store, case, method="left", witnesses=[])) == \
        "留置送达须有见证人（民事诉讼法 第八十九条），请填写见证人。"
    assert _check("serve", "consent", _facts(store, case, method="electronic")) == \
        "电子送达须经当事人同意并签订确认书（行政处罚法 第六十一条）。"
    assert _check("serve", "decision_made", _facts(store, case, what="decision")) == \
        "尚未作出处罚决定，不能送达决定书。"
    assert _check("serve", "decision_made", _facts(store, case, what="prior_notice")) is None


def test_decision_gates(store, case):
    told = _event("prior_notice", D(2026, 9, 29), hearing=True)
    served = _event("service", D(2026, 9, 30), what="prior_notice")
    requested = _event("hearing_request", D(2026, 10, 9))
    f = _facts(store, case, D(2026, 10, 13), events=[told])
    assert _check("decide", "notice_served", f) == \
        "事先告知书尚未送达，不能作出处罚决定（行政处罚法 第六十二条）。"
    f = _facts(store, case, D(2026, 9, 29), events=[told, served])
    assert _check("decide", "after_notice_served", f) == "决定日期不能早于事先告知书送达日期。"
    # 5 working days across National Day: the window ends 10-13
    f = _facts(store, case, D(2026, 10, 13), events=[told, served])
    assert _check("decide", "hearing_window_closed", f) == "听证申请期（五个工作日）尚未届满。"
    f = _facts(store, case, D(2026, 10, 14), events=[told, served])
    assert _check("decide", "hearing_window_closed", f) is None
    f = _facts(store, case, D(2026, 10, 14), events=[told, served, requested])
    assert _check("decide", "hearing_held", f) == "当事人已申请听证，听证尚未举行。"
    held = _event("hearing_held", D(2026, 10, 26))
    f = _facts(store, case, D(2026, 10, 27), events=[told, served, requested, held])
    assert _check("decide", "hearing_held", f) is None
    # after a hearing, always (Art. 58 (二))
    assert _check("decide", "legal_review", f) == \
        "本案须经法制审核后才能作出决定（行政处罚法 第五十八条）。"
    f = _facts(store, case, D(2026, 10, 27), events=[served], legal_review_required=True)
    assert _check("decide", "legal_review", f) is not None
    f = _facts(store, case, D(2026, 10, 27), events=[served], serious=True)
    assert _check("decide", "collective_discussion", f) == \
        "情节复杂或重大违法行为须经集体讨论决定（行政处罚法 第五十七条）。"
    # filed 2026-08-25: 90 days → 2026-11-23
    f = _facts(store, case, D(2026, 11, 24), events=[served])
    assert _check("decide", "decision_in_time", f) == (
        "已超过立案后九十日的决定期限（2026-11-23，行政处罚法 第六十条），"
        "请写明超期原因（依据的法律、法规、规章）。")
    f = _facts(store, case, D(2026, 11, 24), events=[served], late_reason="鉴定期间")
    assert _check("decide", "decision_in_time", f) is None


def test_statement_period_and_records_gate_the_decision(store, case):
    told = _event("prior_notice", D(2026, 9, 29), hearing=False)
    served = _event("service", D(2026, 9, 30), what="prior_notice")
    # 3 working days (local-practice setting) after 09-30, across National Day: 10-08, 10-09
    # and the make-up workday Saturday 10-10.
    f = _facts(store, case, D(2026, 10, 10), events=[told, served])
    assert _check("decide", "statement_period_over", f) == (
        "陈述申辩期限至 10月10日，届满前不能作出决定（行政处罚法 第六十二条；"
        "当事人明确放弃陈述申辩的，请先登记放弃）。")
    f = _facts(store, case, D(2026, 10, 11), events=[told, served])
    assert _check("decide", "statement_period_over", f) is None
    waived = _event("statement_waiver", D(2026, 9, 30), signed_statement="签名声明")
    f = _facts(store, case, D(2026, 9, 30), events=[told, served, waived])
    assert _check("decide", "statement_period_over", f) is None
    # A decision needs a 现场检查笔录 or 询问笔录.
    assert _check("decide", "investigation_recorded", f) == (
        "案卷中没有现场检查笔录或询问笔录，不能作出处罚决定（行政处罚法 第四十条、第五十五条）。")
    inquiry = _event("inquiry", D(2026, 9, 1))
    f = _facts(store, case, D(2026, 10, 11), events=[inquiry, told, served])
    assert _check("decide", "investigation_recorded", f) is None


def test_waiver_gates(store, case):
    told = _event("prior_notice", D(2026, 9, 29), hearing=False)
    served = _event("service", D(2026, 9, 30), what="prior_notice")
    assert _check("statement_waiver", "notice_served_before_waiver",
                  _facts(store, case, events=[told])) == \
        "事先告知书尚未送达，不能登记放弃陈述申辩。"
    assert _check("statement_waiver", "waiver_evidenced",
                  _facts(store, case, events=[told, served])) == (
        "放弃陈述申辩须有记录：请引用记载放弃意思的笔录，或填写当事人签名的书面声明。")
    assert _check("statement_waiver", "waiver_evidenced",
                  _facts(store, case, events=[told, served], record_id=999)) == \
        "所引笔录不是本案有效的陈述申辩笔录或询问笔录。"
    assert _check("statement_waiver", "waiver_evidenced",
                  _facts(store, case, events=[told, served], signed_statement="附件3")) is None


def test_execution_gates(store, case):
    decided = dataclasses.replace(case, state="decided", decided_on=D(2026, 8, 27),
                                  fine_fen=10000, served_on=D(2026, 8, 27))
    assert _check("pay", "not_paid", _facts(store, decided)) is None
    paid = dataclasses.replace(decided, paid_on=D(2026, 9, 1))
    assert _check("pay", "not_paid", _facts(store, paid)) == "本案已登记缴款。"
    assert _check("demand", "fine_overdue", _facts(store, paid)) == "本案没有逾期未缴的罚款。"
    unserved = dataclasses.replace(decided, served_on=None)
    assert _check("demand", "fine_overdue", _facts(store, unserved)) == "本案没有逾期未缴的罚款。"
    # served 08-27 + 15 days = 09-11 (Fri): 催告 on the last day for payment is refused.
    assert _check("demand", "payment_period_over", _facts(store, decided, D(2026, 9, 11))) == \
        "缴款期限至 9月11日，届满前不能催告（行政处罚法 第六十七条；行政强制法 第五十四条）。"
    assert _check("demand", "payment_period_over", _facts(store, decided, D(2026, 9, 12))) \
        is None
    assert _check("court", "demand_served", _facts(store, decided, events=[])) == \
        "催告书尚未送达，不能申请法院强制执行（行政强制法 第五十四条）。"
    # 催告书 served Thursday 11-26: ten working days end 12-10 (calendar days: 12-07).
    demand = [_event("service", D(2026, 11, 26), what="demand")]
    assert _check("court", "demand_wait_over",
                  _facts(store, decided, D(2026, 12, 10), events=demand)) == (
        "催告书送达后十个工作日的履行期限至 12月10日，届满前不能申请法院强制执行"
        "（行政强制法 第五十四条、第六十九条）。")
    assert _check("court", "demand_wait_over",
                  _facts(store, decided, D(2026, 12, 11), events=demand)) is None
    # Art. 53: 诉讼 period (6 months from 08-27) ends 2027-02-27 (Sat) → 03-01.
    assert _check("court", "appeal_periods_over",
                  _facts(store, decided, D(2026, 12, 11), events=demand)) == (
        "复议、诉讼期限至 2027年3月1日，届满前不能申请法院强制执行"
        "（行政强制法 第五十三条；行政处罚法 第七十二条第二款）。")
    assert _check("court", "appeal_periods_over",
                  _facts(store, decided, D(2027, 3, 1), events=demand)).startswith(
        "复议、诉讼期限至 3月1日，")
    assert _check("court", "appeal_periods_over",
                  _facts(store, decided, D(2027, 3, 2), events=demand)) is None
    # A party who applied for 复议 or sued is not an Art. 53 case at all.
    appealed = [*demand, _event("appeal", D(2026, 10, 20), what="reconsideration")]
    assert _check("court", "not_appealed", _facts(store, decided, D(2027, 3, 2),
                                                  events=appealed)) == (
        "当事人已于 2026年10月20日 申请行政复议，不能依行政强制法第五十三条申请法院强制执行；"
        "请待复议决定或裁判生效后依法处理。")
    assert _check("court", "not_appealed", _facts(store, decided, D(2027, 3, 2),
                                                  events=demand)) is None
    # … and the three months end 2027-06-01.
    assert _check("court", "court_in_time",
                  _facts(store, decided, D(2027, 6, 1), events=demand)) is None
    assert _check("court", "court_in_time",
                  _facts(store, decided, D(2027, 6, 2), events=demand)) == (
        "申请法院强制执行的期限已于 6月1日 届满，不能再申请（行政强制法 第五十三条）。")
    assert _check("close", "fine_settled", _facts(store, decided, events=[])) == \
        "罚款未缴纳，也未申请法院强制执行，不能结案。"
    court = [_event("court_application", D(2026, 11, 30))]
    assert _check("close", "fine_settled", _facts(store, decided, events=court)) is None


def test_dossier_gates(store, case):
    decided = dataclasses.replace(case, state="decided")
    assert _check("close", "documents_for_closing", _facts(store, decided)).startswith(
        "案卷缺少必备文书，不能结案：立案审批表")
    closed = dataclasses.replace(case, state="closed")
    assert "结案审批表" in _check("archive", "documents_for_archive", _facts(store, closed))
    assert "结案审批表" not in _check("close", "documents_for_closing", _facts(store, decided))
    simple = dataclasses.replace(decided, procedure="simple")  # no dossier check
    assert _check("close", "documents_for_closing", _facts(store, simple)) is None


def test_simple_procedure_gates(store, actor, power):
    def check(key, **values):
        guard = {g.key: g for g in rules.SIMPLE_PENALTY.guards}[key]
        return guard.check(Facts(store, None, None, values))
    assert check("simple_limit", kind="person", fine=Decimal(201)) == (
        "当场处罚的罚款上限为自然人 200 元（行政处罚法 第五十一条），请按一般程序办理。")
    assert check("simple_limit", kind="org", fine=Decimal(3000)) is None
    assert check("paper_number_unused", paper_number="No.1") is None
    decision.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路",
                            facts="乱扔",
                            party={"kind": "person", "name": "赵某", "id_number": PERSON_ID,
                                   "address": "某路1号"},
                            fine=50, power_item_id=power.item_id, paper_number="No.1",
                            officer_list=OFFICERS, **SIMPLE_BASIS)
    assert check("paper_number_unused", paper_number="No.1") == \
        "当场处罚决定书编号“No.1”已用于案件 执案〔2026〕第0001号。"
