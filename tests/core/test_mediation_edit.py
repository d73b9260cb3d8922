# SPDX-License-Identifier: MIT
"""Corrections (edit case/party/record, void a record), global search and ID masking."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import catalog, search
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation import corrections as edit
from jiedao_desk.domains.mediation import documents as docs
from jiedao_desk.exports import ledger
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import search as search_store
from tests.core.test_mediation import ID_A, USCC, _register, _to_agreement

SEARCH = registry.search_sources()

MEDIATOR = Actor(7, "赵调解", "mediator")
ADMIN = Actor(1, "管理员", "admin")


@pytest.fixture
def loaded(store, actor):
    catalog.load_builtin(store, actor)
    return store


def _audit(store, action):
    return [r for r in store.rows("SELECT action, before_json, after_json FROM audit_log")
            if r["action"] == action]


def test_update_case_fields_audited_and_refused_once_printed(file_store, actor):
    store = file_store
    catalog.load_builtin(store, actor)
    case = _register(store, actor, None)
    case = edit.update_case(store, actor, case.id, dispute_type="邻里纠纷", summary="楼上漏水两次",
                            claims=["赔偿", " ", "道歉"])
    assert (case.dispute_type, case.summary, case.claims) == ("邻里纠纷", "楼上漏水两次",
                                                              ("赔偿", "道歉"))
    row = _audit(store, "mediation.update")[-1]
    assert json.loads(row["before_json"])["summary"] == "漏水纠纷"
    with pytest.raises(ValidationError, match="不在现行目录"):
        edit.update_case(store, actor, case.id, dispute_type="外星纠纷")
    with pytest.raises(ValidationError, match="没有移送单位"):
        edit.update_case(store, actor, case.id, referred_by="派出所")
    with pytest.raises(ValidationError, match="没有修改"):
        edit.update_case(store, actor, case.id, summary="楼上漏水两次")
    docs.issue(store, actor, case.id, "mediation_intake")
    with pytest.raises(Conflict, match="受理登记表"):
        edit.update_case(store, actor, case.id, summary="改动")
    assert mediation.get_case(store, actor, case.id).summary == "楼上漏水两次"


def test_update_party_rederives_gender_and_birth(loaded, actor):
    case = _register(loaded, actor, None)
    p = case.parties[0]
    case = edit.update_party(loaded, actor, case.id, p.id,
                             {"id_number": "110101199003078515", "ethnicity": "回族",
                              "occupation": "教师"})
    q = case.parties[0]
    assert (q.gender, q.birth_date.isoformat(), q.ethnicity, q.occupation) == \
        ("男", "1990-03-07", "回族", "教师")
    with pytest.raises(ValidationError, match="校验位"):
        edit.update_party(loaded, actor, case.id, p.id, {"id_number": "110101199003078516"})
    with pytest.raises(ValidationError, match="身份"):
        edit.update_party(loaded, actor, case.id, p.id, {"role": "respondent"})
    with pytest.raises(NotFound):
        edit.update_party(loaded, actor, case.id, 999, {"phone": "13800138000"})
    before = json.loads(_audit(loaded, "mediation.party.update")[-1]["before_json"])
    assert before["id_number"] == ID_A


def test_edit_and_void_records(file_store, actor):
    store = file_store
    catalog.load_builtin(store, actor)
    case = mediation.accept(store, actor, _register(store, actor, None).id, on="2026-10-10")
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
    docs.issue(store, actor, case.id, "mediation_investigation_record")
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
    case = mediation.accept(loaded, actor, _register(loaded, actor, None).id, on="2026-10-10")
    case = _to_agreement(loaded, actor, case)
    session = case.records("session")[0]
    with pytest.raises(Conflict, match="唯一"):
        edit.void_record(loaded, actor, case.id, session.id, "x")
    follow = act.add_record(loaded, actor, case.id, "follow_up",
                            {"party": "张三", "performance": "未履行"}).records("follow_up")[0]
    case = edit.void_record(loaded, actor, case.id, follow.id, "回访对象记错")
    assert case.records("follow_up") == []


def test_cases_are_found_by_global_search_only_by_mediation_roles(loaded, actor,
                                                                 make_community):
    c = make_community("和平里社区")
    case = _register(loaded, actor, c.id, summary="楼上漏水损坏吊顶")
    hits = search.search(loaded, MEDIATOR, "吊顶", SEARCH)
    assert [(h.entity, h.entity_id, h.label) for h in hits] == \
        [("mediation_case", case.id, "人民调解案件")]
    assert "张三" in hits[0].title and case.case_number in hits[0].title
    assert search.search(loaded, MEDIATOR, "某物业", SEARCH)[0].entity_id == case.id
    for role in ("street_staff", "community_worker", "enforcement_officer", "readonly"):
        assert search.search(loaded, Actor(9, "x", role), "吊顶", SEARCH) == []
    assert ID_A not in search_store.indexed_text(loaded, "mediation_case", case.id)
    moved = act.transfer_to_street(loaded, actor, case.id, "跨社区")
    assert search.search(loaded, MEDIATOR, moved.case_number, SEARCH)[0].entity_id == case.id
    mediation.void_case(loaded, actor, case.id, "误登记")
    assert search.search(loaded, MEDIATOR, "吊顶", SEARCH) == []


def test_migration_indexes_cases_of_older_databases(loaded, actor):
    from jiedao_desk.store.migrations import m011_mediation_more

    case = _register(loaded, actor, None, summary="旧库里的噪音纠纷")
    with loaded.atomic():
        search_store.unindex(loaded, "mediation_case", case.id)
    assert search.search(loaded, MEDIATOR, "噪音纠纷", SEARCH) == []
    with loaded.atomic():
        m011_mediation_more.apply(loaded.db)
    assert [h.entity_id for h in search.search(loaded, MEDIATOR, "噪音纠纷", SEARCH)] == [case.id]


def test_ledger_masks_ids_unless_the_user_may_see_them(loaded, actor, tmp_path):
    _register(loaded, actor, None)

    def export(who):
        source = mediation.list_source(loaded, who)
        path = tmp_path / f"{who.role}.xlsx"
        ledger.export_ledger(source, path, "人民调解案件台账",
                             hidden=("state", "committee_key"))
        ws = load_workbook(path).active
        heads = [c.value for c in ws[2]]
        return dict(zip(heads, [c.value for c in ws[3]], strict=True))

    masked = export(ADMIN)
    assert masked["当事人证件号码"] == "张三：110105********002X；某物业公司：911101********082Q"
    assert ID_A not in str(masked) and USCC not in str(masked)
    full = export(MEDIATOR)
    assert full["当事人证件号码"] == f"张三：{ID_A}；某物业公司：{USCC}"


def test_statistics_sheet_has_no_id_numbers(loaded, actor, tmp_path):
    from jiedao_desk.domains.mediation import stats as mediation_stats

    case = mediation.accept(loaded, actor, _register(loaded, actor, None).id)
    assert case.parties[0].id_number == ID_A
    rows = mediation_stats.monthly(loaded, actor, "2026-11")
    mediation_stats.write_xlsx(rows, "2026-11", tmp_path / "s.xlsx")
    cells = [str(c.value) for row in load_workbook(tmp_path / "s.xlsx").active.iter_rows()
             for c in row if c.value is not None]
    assert "街道人民调解委员会" in cells
    assert not any(ID_A[:10] in v or USCC[:10] in v or "张三" in v for v in cells)
