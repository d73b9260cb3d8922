# SPDX-License-Identifier: MIT
"""The evidence in the case file as the 调查终结报告 and the 行政处罚决定书 list it: the same
records, in order, each document in its own wording."""

import pytest

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases, decision, execution, investigation
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.document_data import case_data, decisions, review
from tests.enforcement.conftest import OFFICERS, PERSON_ID


@pytest.fixture
def case(file_store, actor, tmp_path):
    """A case with every kind of record an evidence list names, up to its hearing."""
    store = file_store  # evidence files live beside the database
    catalog.load_builtin(store, actor)
    power = cases.power_choices(store)[0][0]
    cid = cases.register_lead(store, actor, "patrol", "2026-08-20", "示例路12号",
                              "在人行道上摆摊设点经营", act_on="2026-08-20").case_id
    cases.file_case(store, actor, cid, "2026-08-25", "王队长", power.item_id)
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="示例路9号")
    investigation.record_investigation(store, actor, cid, "inspection", "2026-08-25", OFFICERS,
                                       "现场有三轮车一辆，摆放水果售卖。")
    investigation.record_investigation(store, actor, cid, "inquiry", "2026-08-26", OFFICERS,
                                       "承认摆摊。", "赵某")
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0not-really-a-jpeg")
    investigation.add_evidence(store, actor, cid, photo, "现场照片", "2026-08-26")
    investigation.register_preservation(store, actor, cid, "2026-08-27", "三轮车一辆", "王队长",
                                        OFFICERS)
    investigation.review(store, actor, cid, "investigation_end", "2026-09-10", "张明", "事实清楚")
    decision.prior_notice(store, actor, cid, "2026-09-29", 200, "摆摊设点经营水果。",
                          "《北京市市容环境卫生条例》第十七条", hearing=True,
                          penalty_basis="《北京市市容环境卫生条例》第五十条第一款")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="赵某")
    decision.record_statement(store, actor, cid, "2026-10-09", OFFICERS, "请求从轻。", "赵某")
    decision.request_hearing(store, actor, cid, "2026-10-09")
    decision.schedule_hearing(store, actor, cid, "2026-10-14", "2026-10-26", "街道会议室",
                              "法制员孙某")
    decision.record_hearing(store, actor, cid, "2026-10-26", "当事人到场陈述")
    return es.get_case(store, cid)


def test_the_report_lists_records_and_evidence_in_its_wording(file_store, case):
    data = review.investigation_report(file_store, case, case_data(file_store, case))
    assert data["evidence_text"] == (
        "现场检查笔录（2026年8月25日）；询问笔录（2026年8月26日，被询问人赵某）；"
        "现场照片（2026年8月26日）")


def test_the_decision_lists_every_record_in_its_wording(file_store, case):
    data = decisions.penalty_decision(file_store, case, case_data(file_store, case))
    assert data["evidence"] == (
        "1．2026年8月25日现场检查笔录；2．2026年8月26日询问笔录（被询问人：赵某）；"
        "3．现场照片（2026年8月26日取得）；4．2026年8月27日证据先行登记保存清单（三轮车一辆）；"
        "5．2026年10月9日陈述申辩笔录；6．2026年10月26日听证笔录。")
