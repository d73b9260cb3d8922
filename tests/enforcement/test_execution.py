# SPDX-License-Identifier: MIT
"""Service rules, the payment period, 催告 and the court window."""

import datetime as dt

import pytest

from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import cases, decision, document_data, documents, execution
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement import view as views
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from tests.enforcement.conftest import PERSON_ID, inspect, set_bank, set_district
from tests.enforcement.test_decision_wording import pdf_lines

COURT = "北京市示例区人民法院"


def _filer(store):
    """``filed`` for a store opened by the test (a file database the CLI then uses)."""
    catalog.load_builtin(store, SYSTEM)
    item = cases.power_choices(store)[0][0]

    def make():
        res = cases.register_lead(store, SYSTEM, "patrol", "2026-08-20", "示例路12号", "摆摊",
                                  act_on="2026-08-20")
        cases.file_case(store, SYSTEM, res.case_id, "2026-08-25", "王队长", item.item_id)
        inspect(store, SYSTEM, res.case_id, "2026-08-25")
        return res.case_id
    return make


def _decided(store, actor, filed):
    cid = filed()
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="某路1号")
    decision.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", "依据", hearing=False,
                          penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")
    decision.decide(store, actor, cid, "2026-09-01", 100, "罚款")
    return cid


def test_payment_due_rolls_past_weekend(store):
    # 10-16 + 15 = 10-31 (Saturday) → 11-02 (Mon); paying on 11-02 is on time.
    from jiedao_desk.core.workdays import load_calendar
    from jiedao_desk.domains.enforcement.clocks import payment_due

    assert payment_due(dt.date(2026, 10, 16), load_calendar(store)) == dt.date(2026, 11, 2)


def test_demand_and_court_window(store, actor, filed):
    audit_store.excuse_clock(store, actor, "测试：按历史日期补录")  # the test travels in time
    cid = _decided(store, actor, filed)
    execution.serve(store, actor, cid, "decision", "direct", "2026-09-01", receiver="赵某")
    # 09-01 + 15 days = 09-16: a 催告 on the last day for payment is refused.
    with pytest.raises(ValidationError, match="^缴款期限至 9月16日，届满前不能催告"):
        execution.demand(store, actor, cid, "2026-09-16")
    execution.demand(store, actor, cid, "2026-09-17")
    # the 催告书 names the decision it demands (行政强制法 第三十五条): not before it is issued
    with pytest.raises(ValidationError, match="请先出具行政处罚决定书"):
        documents.issue_document(store, actor, cid, "enforcement_demand")
    decided = documents.issue_document(store, actor, cid, "enforcement_penalty_decision")
    doc = documents.issue_document(store, actor, cid, "enforcement_demand")
    assert decided.doc_number and doc.data(store)["decision_number"] == decided.doc_number
    assert doc.data(store)["surcharge_words"] == "人民币叁元整"  # 3 % × 1 day on 09-17
    text = "".join(pdf_lines(store, actor, doc))
    # 行政强制法 第四十五条: the 加处罚款 keeps running, up to the fine
    assert ("加处罚款继续每日按罚款数额的百分之三计算至缴清之日，但加处罚款的数额不超出罚款的"
            "数额") in text
    assert "到北京银行示例支行或者通过电子支付系统缴纳上述款项" in text
    # 行政处罚法 第六十七条: no 催告书 without the designated bank to pay at
    set_bank(store, actor, "")
    with pytest.raises(ValidationError, match="^尚未设置罚款缴款银行，不能出具催告书"):
        documents.issue_document(store, actor, cid, "enforcement_demand")
    set_bank(store, actor)
    settings_mod.set_value(store, actor, document_data.SETTINGS[
        "enforcement.payment_account_no"], "0109 0000 1234")
    banked = "".join(pdf_lines(store, actor, documents.issue_document(
        store, actor, cid, "enforcement_demand")))
    assert "到北京银行示例支行（账号：010900001234）或者通过电子支付系统缴纳上述款项" in banked
    assert doc.data(store)["issue_day"] == "2026-09-17"  # dated its 催告 day
    with pytest.raises(ValidationError, match="催告书尚未送达"):
        execution.court_application(store, actor, cid, "2026-11-20")
    execution.serve(store, actor, cid, "demand", "electronic", "2026-09-17", consent=True)
    # Ten working days after Thursday 09-17 (the make-up Sunday 09-20 counts; 中秋 09-25 and
    # National Day do not) end 10-08 — calendar days would have ended 09-28. Then the appeal
    # periods (诉讼: six months from 09-01 → 2027-03-01) keep the court closed.
    with pytest.raises(ValidationError, match="^催告书送达后十个工作日的履行期限至 10月8日"):
        execution.court_application(store, actor, cid, "2026-10-08")
    with pytest.raises(ValidationError, match="^复议、诉讼期限至 2027年3月1日，届满前不能申请"):
        execution.court_application(store, actor, cid, "2026-10-09")
    with clock.frozen(dt.date(2027, 6, 30)):
        with pytest.raises(ValidationError, match="^复议、诉讼期限至 3月1日"):
            execution.court_application(store, actor, cid, "2027-03-01")
        with pytest.raises(ValidationError, match="期限已于 6月1日 届满"):
            execution.court_application(store, actor, cid, "2027-06-02")
        assert not es.events(store, cid, "court_application")  # nothing written
        applied = execution.court_application(store, actor, cid, "2027-03-02", COURT,
                                              "未提出陈述、申辩")
        assert applied.document.doc_number == "执申〔2027〕第1号"
    # Had the party sued, Art. 53 would not apply at all.
    other = _decided(store, actor, filed)
    execution.serve(store, actor, other, "decision", "direct", "2026-09-01", receiver="赵某")
    execution.demand(store, actor, other, "2026-09-17")
    execution.serve(store, actor, other, "demand", "direct", "2026-09-17", receiver="赵某")
    execution.record_appeal(store, actor, other, "2026-10-20", "litigation",
                            "（2026）京0105行初1号")
    with clock.frozen(dt.date(2027, 6, 30)), pytest.raises(Conflict, match="提起行政诉讼"):
        execution.court_application(store, actor, other, "2027-03-02", COURT, "未提出")
    assert es.events(store, cid, "court_application")[0].day == dt.date(2027, 3, 2)


def test_deferral_moves_payment_demand_and_court(store, actor, filed):
    cid = _decided(store, actor, filed)
    execution.serve(store, actor, cid, "decision", "direct", "2026-09-01", receiver="赵某")
    with pytest.raises(ValidationError, match="合计须等于罚款 100"):
        execution.approve_payment_plan(store, actor, cid, "2026-09-10",
                                       [("2026-10-30", 50)], "经济困难")
    execution.approve_payment_plan(store, actor, cid, "2026-09-10", [("2026-10-30", 100)],
                                   "当事人申请，确有经济困难")
    plan = es.events(store, cid, "payment_plan")[0]
    assert plan.details["instalments"] == [["2026-10-30", 10000]]
    clocks = {c.key: c for c in views.clocks_of(store, es.get_case(store, cid),
                                                 load_calendar(store))}
    assert clocks["fine_payment"].due == dt.date(2026, 10, 30)
    with pytest.raises(ValidationError, match="^缴款期限至 10月30日，届满前不能催告"):
        execution.demand(store, actor, cid, "2026-10-30")
    execution.demand(store, actor, cid, "2026-11-02")
    # 加处罚款 runs from the day after the deferral (Art. 72): 3 days late on 11-02.
    pay = execution.record_payment(store, actor, cid, "2026-11-02", 100)
    assert (pay.days_late, pay.surcharge) == (3, 9.0)


def test_instalments_are_paid_one_by_one(store, actor, filed):
    cid = _decided(store, actor, filed)
    execution.serve(store, actor, cid, "decision", "direct", "2026-09-01", receiver="赵某")
    with pytest.raises(ValidationError, match="依次推后"):
        execution.approve_payment_plan(store, actor, cid, "2026-09-10",
                                       [("2026-10-30", 50), ("2026-10-30", 50)], "困难")
    execution.approve_payment_plan(store, actor, cid, "2026-09-10",
                                   [("2026-09-30", 50), ("2026-10-30", 50)], "困难")
    pay = execution.record_payment(store, actor, cid, "2026-10-09", 50)
    assert (pay.days_late, pay.surcharge) == (9, 13.5)  # 50 × 3 % × 9 days
    case = es.get_case(store, cid)
    assert case.paid_on is None and case.paid_fen == 5000
    with pytest.raises(ValidationError, match="^缴款期限至 10月30日"):
        execution.demand(store, actor, cid, "2026-10-30")
    execution.record_payment(store, actor, cid, "2026-10-30", 50)
    assert es.get_case(store, cid).paid_on == dt.date(2026, 10, 30)


def test_court_refusal_from_cli(tmp_path, cli_admin, capsys):
    from jiedao_desk.cli import main

    db = tmp_path / "d.sqlite3"
    assert main(["--db", str(db), "init"]) == 0
    cli_admin(db)
    with Store.open(db) as store:
        set_district(store, SYSTEM)
        cid = _decided(store, SYSTEM, _filer(store))
        execution.serve(store, SYSTEM, cid, "decision", "direct", "2026-09-01", receiver="赵某")
        execution.demand(store, SYSTEM, cid, "2026-09-17")
        execution.serve(store, SYSTEM, cid, "demand", "direct", "2026-09-17", receiver="赵某")
    capsys.readouterr()

    def refused(*args):
        assert main(["--db", str(db), "enforcement", *args]) != 0
        return capsys.readouterr().err

    assert "履行期限至 10月8日，届满前不能申请法院强制执行" in refused(
        "court", str(cid), "--day", "2026-10-08", "--court", COURT, "--opinion", "未提出")
    assert "复议、诉讼期限至 2027年3月1日，届满前不能申请法院强制执行" in refused(
        "court", str(cid), "--day", "2026-10-09", "--court", COURT, "--opinion", "未提出")
    assert "缴款期限至 9月16日，届满前不能催告" in refused(
        "demand", str(cid), "--day", "2026-09-16")
    assert "合计须等于罚款 100" in refused(
        "payment-plan", str(cid), "--day", "2026-09-10", "--instalment", "2026-12-31:50",
        "--reason", "困难")
    assert main(["--db", str(db), "enforcement", "payment-plan", str(cid), "--day",
                 "2026-09-10", "--instalment", "2026-10-30:50", "--instalment",
                 "2026-12-31:50", "--reason", "当事人申请，确有经济困难"]) == 0
    assert "已批准分2期缴纳" in capsys.readouterr().out


def test_service_rules(store, actor, filed):
    cid = filed()
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    decision.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", "依据", hearing=False,
                          penalty_basis="《测试条例》第二十条")
    with pytest.raises(ValidationError, match="见证人"):
        execution.serve(store, actor, cid, "prior_notice", "left", "2026-08-26")
    with pytest.raises(ValidationError, match="同意"):
        execution.serve(store, actor, cid, "prior_notice", "electronic", "2026-08-26")
    with pytest.raises(Conflict):
        execution.serve(store, actor, cid, "decision", "post", "2026-08-26")
