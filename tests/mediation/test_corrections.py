# SPDX-License-Identifier: MIT
"""Corrections: edit a case, a party or a work record, void a record — audited, and refused
once an issued document printed the data."""

from __future__ import annotations

import json

import pytest

from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation import corrections as edit
from jiedao_desk.domains.mediation import documents as docs
from jiedao_desk.store import audit as audit_store
from tests.mediation.samples import ID_A, register, to_agreement


@pytest.fixture
def loaded(store, actor):
    catalog.load_builtin(store, actor)
    return store


def _audit(store, action):
    return [r for r in store.rows("SELECT action, before_json, after_json FROM audit_log")
            if r["action"] == action]


def test_edit_case_fields_audited_and_refused_once_printed(file_store, actor):
    store = file_store
    catalog.load_builtin(store, actor)
    case = register(store, actor, None)
    case = edit.edit_case(store, actor, case.id, dispute_type="邻里纠纷", summary="楼上漏水两次",
                          claims=["赔偿", " ", "道歉"])
    assert (case.dispute_type, case.summary, case.claims) == ("邻里纠纷", "楼上漏水两次",
                                                              ("赔偿", "道歉"))
    row = _audit(store, "mediation.update")[-1]
    assert json.loads(row["before_json"])["summary"] == "漏水纠纷"
    with pytest.raises(ValidationError, match="不在现行目录"):
        edit.edit_case(store, actor, case.id, dispute_type="外星纠纷")
    with pytest.raises(ValidationError, match="没有移送单位"):
        edit.edit_case(store, actor, case.id, referred_by="派出所")
    with pytest.raises(ValidationError, match="没有修改"):
        edit.edit_case(store, actor, case.id, summary="楼上漏水两次")
    mediation.accept(store, actor, case.id, on="2026-10-10")  # the 受理登记表 needs it
    docs.issue_document(store, actor, case.id, "mediation_intake")
    with pytest.raises(Conflict, match="受理登记表"):
        edit.edit_case(store, actor, case.id, summary="改动")
    assert mediation.get_case(store, actor, case.id).summary == "楼上漏水两次"


def test_edit_party_rederives_gender_and_birth(loaded, actor):
    case = register(loaded, actor, None)
    p = case.parties[0]
    case = edit.edit_party(loaded, actor, case.id, p.id,
                           {"id_number": "110101199003078515", "ethnicity": "回族",
                            "occupation": "教师"})
    q = case.parties[0]
    assert (q.gender, q.birth_date.isoformat(), q.ethnicity, q.occupation) == \
        ("男", "1990-03-07", "回族", "教师")
    with pytest.raises(ValidationError, match="校验位"):
        edit.edit_party(loaded, actor, case.id, p.id, {"id_number": "110101199003078516"})
    with pytest.raises(ValidationError, match="身份"):
        edit.edit_party(loaded, actor, case.id, p.id, {"role": "respondent"})
    with pytest.raises(NotFound):
        edit.edit_party(loaded, actor, case.id, 999, {"phone": "13800138000"})
    before = json.loads(_audit(loaded, "mediation.party.update")[-1]["before_json"])
    assert before["id_number"] == ID_A


def test_edit_and_void_records(file_store, actor):
    store = file_store
    catalog.load_builtin(store, actor)
    case = mediation.accept(store, actor, register(store, actor, None).id, on="2026-10-10")
    case = act.add_record(store, actor, case.id, "investigation",
                          {"place": "现场", "content": "查看"}, on="2026-10-12")
    inv = case.records("investigation")[0]
    case = edit.edit_record(store, actor, case.id, inv.id, {"content": "查看漏水点"},
                            on="2026-10-13")
    inv = case.records("investigation")[0]
    assert inv.detail["content"] == "查看漏水点" and inv.on_date.isoformat() == "2026-10-13"
    with pytest.raises(ValidationError, match="缺少"):
        edit.edit_record(store, actor, case.id, inv.id, {"place": ""})
    with pytest.raises(ValidationError, match="早于受理"):
        edit.edit_record(store, actor, case.id, inv.id, {}, on="2026-10-01")
    docs.issue_document(store, actor, case.id, "mediation_investigation_record")
    with pytest.raises(Conflict, match="调查记录"):
        edit.edit_record(store, actor, case.id, inv.id, {"content": "x"})
    with pytest.raises(Conflict, match="先作废"):
        edit.void_record(store, actor, case.id, inv.id, "录错")
    second = act.add_record(store, actor, case.id, "investigation",
                            {"place": "物业", "content": "询问"}).records("investigation")[-1]
    with pytest.raises(ValidationError, match="作废原因"):
        edit.void_record(store, actor, case.id, second.id, " ")
    case = edit.void_record(store, actor, case.id, second.id, "录入重复")
    assert [e.id for e in case.records("investigation")] == [inv.id]
    kept = store.row("SELECT void_reason FROM mediation_event WHERE id = ?", (second.id,))
    assert kept["void_reason"] == "录入重复"  # voided, never deleted
    with pytest.raises(Conflict, match="已作废"):
        edit.void_record(store, actor, case.id, second.id, "again")
    assert _audit(store, "mediation.record.investigation.void")
    assert audit_store.verify_chain(store) is None


def test_only_session_of_an_agreement_cannot_be_voided(loaded, actor):
    case = mediation.accept(loaded, actor, register(loaded, actor, None).id, on="2026-10-10")
    case = to_agreement(loaded, actor, case)
    session = case.records("session")[0]
    with pytest.raises(Conflict, match="唯一"):
        edit.void_record(loaded, actor, case.id, session.id, "x")
    follow = act.add_record(loaded, actor, case.id, "follow_up",
                            {"party": "张三", "performance": "未履行"}).records("follow_up")[0]
    case = edit.void_record(loaded, actor, case.id, follow.id, "回访对象记错")
    assert case.records("follow_up") == []
