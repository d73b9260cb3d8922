# SPDX-License-Identifier: MIT
"""Voiding one mistaken record of a case."""

import datetime as dt
import json

import pytest

from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import dossier, execution, investigation
from jiedao_desk.domains.enforcement import lists as enforcement_lists
from jiedao_desk.domains.enforcement import records as erec
from jiedao_desk.domains.enforcement import store as es
from tests.enforcement.conftest import inspect

OFFICERS = [("张明", "11010001"), ("李强", "11010002")]


@pytest.fixture
def lead(file_store, actor):
    catalog.load_builtin(file_store, actor)
    return enf.register_lead(file_store, actor, "patrol", "2026-08-20", "示例路12号",
                             "占道摆摊", act_on="2026-08-20").case_id


def _photo(tmp_path, name="现场.jpg", body=b"\xff\xd8\xff\xe0lead-photo"):
    path = tmp_path / name
    path.write_bytes(body)
    return path


def _power(store):
    return enf.power_choices(store)[0][0].item_id


def test_void_record_keeps_it_and_audits(file_store, actor, lead, tmp_path):
    store = file_store
    enf.file_case(store, actor, lead, "2026-08-25", "王队长", _power(store))
    keep = investigation.record_investigation(store, actor, lead, "inspection", "2026-08-25",
                                              OFFICERS, "现场有三轮车")
    wrong = investigation.record_investigation(store, actor, lead, "inquiry", "2026-08-26",
                                               OFFICERS, "记错了案件", interviewee="钱某")
    with pytest.raises(ValidationError, match="作废原因"):
        erec.void_record(store, actor, lead, wrong, "  ")
    erec.void_record(store, actor, lead, wrong, "误录入其他案件的询问")
    assert [e.id for e in es.events(store, lead)] == [keep]
    row = store.row("SELECT * FROM enforcement_event WHERE id = ?", (wrong,))
    assert row["voided_at"] and row["void_reason"] == "误录入其他案件的询问"
    audit = store.row("SELECT * FROM audit_log WHERE action = 'enforcement.void_record'")
    assert json.loads(audit["before_json"])["interviewee"] == "钱某"
    with pytest.raises(NotFound):
        erec.void_record(store, actor, lead, wrong, "再次作废")
    # Voided evidence leaves the dossier.
    ev = investigation.add_evidence(store, actor, lead,
                                    _photo(tmp_path, "a.png", b"\x89PNG\r\n\x1a\nx"),
                                    "错拍的照片", "2026-08-25")

    def items():
        return dossier.parts(store, es.get_case(store, lead))[0]
    assert any(i.title == "证据：错拍的照片" for i in items())
    erec.void_record(store, actor, lead, ev, "拍错对象")
    assert enforcement_lists.evidence_of(store, actor, lead) == []
    assert not any(i.title.startswith("证据") for i in items())


def test_status_records_cannot_be_voided_alone(store, actor):
    catalog.load_builtin(store, actor)
    cid = enf.register_lead(store, actor, "patrol", "2026-08-20", "示例路", "摆摊",
                            act_on="2026-08-20").case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", _power(store))
    enf.add_party(store, actor, cid, "person", "赵某", "11010519491231002X")
    inspect(store, actor, cid, "2026-08-25")
    ed.prior_notice(store, actor, cid, "2026-08-26", 100, "摆摊", "《某条例》", False,
                    penalty_basis="《测试条例》第二十条")
    notice = es.events(store, cid, "prior_notice")[0].id
    with pytest.raises(Conflict, match="不能单独作废"):
        erec.void_record(store, actor, cid, notice, "误录")
    pid = investigation.register_preservation(store, actor, cid, "2026-08-25", "三轮车", "王队长",
                                              OFFICERS)
    investigation.dispose_preservation(store, actor, cid, pid, "2026-08-27", "退还")
    with pytest.raises(Conflict, match="处理决定"):
        erec.void_record(store, actor, cid, pid, "误录")


def test_voiding_decision_service_moves_service_date(store, actor):
    catalog.load_builtin(store, actor)
    cid = enf.register_lead(store, actor, "patrol", "2026-08-20", "示例路", "摆摊",
                            act_on="2026-08-20").case_id
    enf.file_case(store, actor, cid, "2026-08-25", "王队长", _power(store))
    enf.add_party(store, actor, cid, "person", "赵某", "11010519491231002X")
    inspect(store, actor, cid, "2026-08-25")
    ed.prior_notice(store, actor, cid, "2026-08-26", 100, "摆摊", "《某条例》", False,
                    penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")
    ed.decide(store, actor, cid, "2026-09-10", 100, "罚款一百元")
    first = execution.serve(store, actor, cid, "decision", "direct", "2026-09-11", receiver="赵某")
    execution.serve(store, actor, cid, "decision", "post", "2026-09-14", receipt="EMS1")
    assert es.get_case(store, cid).served_on == dt.date(2026, 9, 11)
    erec.void_record(store, actor, cid, first, "签收人并非当事人")
    assert es.get_case(store, cid).served_on == dt.date(2026, 9, 14)
