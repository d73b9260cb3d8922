# SPDX-License-Identifier: MIT
"""Registration, numbering, acceptance and refusal, who may see a case, global search and the
case list (today is frozen to 2026-11-23)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog, search, settings, todo
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.exports import ledger
from jiedao_desk.store import search as search_store
from tests.mediation.samples import ID_A, USCC, parties, register

TODO = registry.todo_providers()
SEARCH = registry.search_sources()
MEDIATOR = Actor(7, "赵调解", "mediator")
ADMIN = Actor(1, "管理员", "admin")


@pytest.fixture
def loaded(store, actor):
    catalog.load_builtin(store, actor)
    return store


def test_register_numbers_and_parties(loaded, actor, make_community):
    c = make_community("和平里社区")
    case = register(loaded, actor, c.id)
    assert case.case_number == "（2026）和平里人调字第1号"
    assert case.state == "registered" and case.committee == "和平里社区人民调解委员会"
    p = case.parties[0]
    assert (p.gender, p.birth_date) == ("女", dt.date(1949, 12, 31))
    assert p.masked_id == "110105********002X"
    assert case.parties[1].credit_code == USCC and case.parties[1].agent_name == "王五"
    assert register(loaded, actor, c.id).case_number.endswith("第2号")
    street = register(loaded, actor, None)
    assert street.level == "street" and street.case_number.endswith("第1号")


def test_case_number_pattern_is_a_setting(loaded, actor, make_community):
    settings.set_value(loaded, actor, registry.setting("mediation.case_number_pattern"),
                       "{committee_short}调〔{year}〕{serial}号")
    c = make_community("安定门社区")
    assert register(loaded, actor, c.id).case_number == "安定门调〔2026〕1号"
    settings.set_value(loaded, actor, registry.setting("mediation.case_number_pattern"), "第{n}号")
    with pytest.raises(ValidationError, match="无法识别"):
        register(loaded, actor, c.id)


@pytest.mark.parametrize("change, message", [
    ({"dispute_type": "外星纠纷"}, "不在现行目录"),
    ({"parties": parties()[:1]}, "两方"),
    ({"application_form": ""}, "书面申请或口头申请"),
    ({"source": "referral", "referred_by": ""}, "移送单位"),
    ({"parties": [dict(parties()[0], id_number="110105194912310021"), parties()[1]]},
     "校验位"),
    ({"parties": [parties()[0], dict(parties()[1], credit_code="91110108551385082A")]},
     "统一社会信用代码"),
    ({"parties": [dict(parties()[0], gender="男"), parties()[1]]}, "性别与身份证号不符"),
])
def test_register_rejects_bad_input_and_writes_nothing(loaded, actor, make_community,
                                                       change, message):
    c = make_community()
    with pytest.raises(ValidationError, match=message):
        register(loaded, actor, c.id, **change)
    assert loaded.scalar("SELECT COUNT(*) FROM mediation_case") == 0
    assert loaded.scalar("SELECT COUNT(*) FROM mediation_party") == 0


def test_empty_dispute_catalog_is_explained(store, actor, make_community):
    with pytest.raises(ValidationError, match="目录为空或未导入"):
        register(store, actor, make_community().id)


def test_only_mediation_roles(loaded, actor, make_community):
    c = make_community()
    case = register(loaded, actor, c.id)
    for role in ("enforcement_officer", "community_worker", "street_staff"):
        other = Actor(9, "某人", role, c.id if role == "community_worker" else None)
        with pytest.raises(PermissionDenied):
            mediation.get_case(loaded, other, case.id)
        assert not [i for i in todo.collect(loaded, other, TODO) if i.domain == "mediation"]
    mediator = Actor(8, "调解员", "mediator")
    assert mediation.get_case(loaded, mediator, case.id).id == case.id


def test_refuse_records_reason_and_route(loaded, actor, make_community):
    case = register(loaded, actor, make_community().id)
    with pytest.raises(ValidationError):
        mediation.refuse(loaded, actor, case.id, "法院已受理", "")
    done = mediation.refuse(loaded, actor, case.id, "法院已受理", "请向人民法院了解进展")
    assert done.state == "refused" and done.refusal_route == "请向人民法院了解进展"
    with pytest.raises(Conflict):
        mediation.accept(loaded, actor, case.id)


def test_cases_are_found_by_global_search_only_by_mediation_roles(loaded, actor,
                                                                 make_community):
    c = make_community("和平里社区")
    case = register(loaded, actor, c.id, summary="楼上漏水损坏吊顶")
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
    from jiedao_desk.store.migrations import m011_mediation_search as m011_mediation_more

    case = register(loaded, actor, None, summary="旧库里的噪音纠纷")
    with loaded.atomic():
        search_store.unindex(loaded, "mediation_case", case.id)
    assert search.search(loaded, MEDIATOR, "噪音纠纷", SEARCH) == []
    with loaded.atomic():
        m011_mediation_more.apply(loaded.db)
    assert [h.entity_id for h in search.search(loaded, MEDIATOR, "噪音纠纷", SEARCH)] == [case.id]


def test_ledger_masks_ids_unless_the_user_may_see_them(loaded, actor, tmp_path):
    register(loaded, actor, None)

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
