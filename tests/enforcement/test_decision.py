# SPDX-License-Identifier: MIT
"""事先告知, 听证 and the decision with the gates of the rules; the 简易程序."""

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement import cases, closing, decision, execution, investigation
from jiedao_desk.domains.enforcement import store as es
from tests.enforcement.conftest import OFFICERS, PERSON_ID, SIMPLE_BASIS, USCC, inspect


def test_hearing_threshold_setting_and_notice_timing(store, actor, filed):
    settings_mod.set_value(store, actor,
                           registry.setting("enforcement.hearing_threshold.person"), 500)
    cid = filed()
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    assert decision.prior_notice(store, actor, cid, "2026-09-29", 800, "事实", "依据",
                                 penalty_basis="《测试条例》第二十条").hearing
    execution.serve(store, actor, cid, "prior_notice", "post", "2026-09-30", receipt="EMS123")
    assert decision.request_hearing(store, actor, cid, "2026-10-13").in_time
    with pytest.raises(ValidationError, match="最迟应在 2026-09-28"):
        decision.schedule_hearing(store, actor, cid, "2026-09-29", "2026-10-13", "街道会议室",
                                  "法制员孙某")
    # Art. 64 (4): not chaired by an officer who investigated the case
    with pytest.raises(ValidationError, match="听证主持人须为非本案调查人员.*张明"):
        decision.schedule_hearing(store, actor, cid, "2026-10-14", "2026-10-26", "街道会议室",
                                  "张明")
    decision.schedule_hearing(store, actor, cid, "2026-10-14", "2026-10-26", "街道会议室",
                              "法制员孙某")
    with pytest.raises(ValidationError, match="听证尚未举行"):
        decision.decide(store, actor, cid, "2026-10-27", 800, "罚款")
    decision.record_hearing(store, actor, cid, "2026-10-26", "当事人到场陈述")
    with pytest.raises(ValidationError, match="法制审核"):  # Art. 58 (二)
        decision.decide(store, actor, cid, "2026-10-27", 800, "罚款")
    investigation.review(store, actor, cid, "legal_review", "2026-10-27", "法制员", "同意")
    with pytest.raises(ValidationError, match="集体讨论"):
        decision.decide(store, actor, cid, "2026-10-28", 800, "罚款", serious=True)
    decision.decide(store, actor, cid, "2026-10-28", 800, "罚款")


def test_decision_after_90_days_needs_reason(store, actor, power):
    res = cases.register_lead(store, actor, "patrol", "2026-07-01", "某处", "摆摊")
    cases.file_case(store, actor, res.case_id, "2026-07-03", "王队长", power.item_id)
    inspect(store, actor, res.case_id, "2026-07-03")
    cases.add_party(store, actor, res.case_id, "person", "赵某", PERSON_ID)
    decision.prior_notice(store, actor, res.case_id, "2026-09-01", 100, "事实", "依据",
                          hearing=False, penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, res.case_id, "prior_notice", "direct", "2026-09-01",
                    receiver="赵某")
    with pytest.raises(ValidationError, match="2026-10-08"):
        decision.decide(store, actor, res.case_id, "2026-10-09", 100, "罚款")
    decision.decide(store, actor, res.case_id, "2026-10-09", 100, "罚款", late_reason="鉴定期间")


def test_simple_procedure(store, actor, power):
    party = {"kind": "person", "name": "赵某", "id_number": PERSON_ID, "address": "某路1号"}
    with pytest.raises(ValidationError, match="第五十一条"):
        decision.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路",
                                facts="乱扔废弃物", party=party, fine=201,
                                power_item_id=power.item_id, paper_number="No.0001",
                                officer_list=OFFICERS, **SIMPLE_BASIS)
    cid = decision.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路",
                                  facts="乱扔废弃物", party=party, fine=50,
                                  power_item_id=power.item_id, paper_number="No.0001",
                                  officer_list=OFFICERS, **SIMPLE_BASIS)
    case = es.get_case(store, cid)
    assert (case.procedure, case.state, case.paper_number) == ("simple", "decided", "No.0001")
    execution.record_payment(store, actor, cid, "2026-11-20", 50)  # 当场 paid
    closing.close_case(store, actor, cid, "2026-11-21", "王队长", "当场缴纳")  # no dossier check
    assert closing.archive_case(store, actor, cid) == "20260001"
    with pytest.raises(Conflict, match="No.0001"):
        decision.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路",
                                facts="乱扔", party=party, fine=50, power_item_id=power.item_id,
                                paper_number="No.0001", officer_list=OFFICERS, **SIMPLE_BASIS)
    org = {"kind": "org", "name": "某公司", "id_number": USCC, "legal_rep": "钱某",
           "address": "某路2号"}
    decision.simple_penalty(store, actor, source="patrol", day="2026-11-20", place="某路",
                            facts="门前三包", party=org, fine=3000, power_item_id=power.item_id,
                            paper_number="No.0002", officer_list=OFFICERS, **SIMPLE_BASIS)
