# SPDX-License-Identifier: MIT
"""Person and address history across tickets, mediation and enforcement, filtered by role."""

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains import enforcement, mediation
from jiedao_desk.domains.hotline import history as hotline_history
from jiedao_desk.domains.hotline import tickets as hotline

ID_A = "11010519491231002X"


@pytest.fixture
def world(store, actor, make_community):
    """张三 (phone 13800138000) called twice, is a mediation party and an enforcement party;
    和平里小区3号楼 shows up in a ticket, a mediation address and an enforcement place."""
    catalog.load_builtin(store, actor)
    a, b = make_community("甲社区"), make_community("乙社区")

    def ticket(no, cid, when, **kw):
        v = {"ticket_no": no, "received_at": when, "community_id": cid, "title": no}
        v.update(kw)
        return hotline.add_ticket(store, actor, v)

    t1 = ticket("T1", a.id, "2026-09-01 09:00", claimant_name="张三",
                claimant_phone="138-0013-8000", place="北京市西城区和平里小区3号楼2单元")
    t2 = ticket("T2", b.id, "2026-10-01 09:00", claimant_name="保密",
                claimant_phone="13800138000", place="别处胡同8号院")
    ticket("T3", a.id, "2026-11-01 09:00", claimant_name="王五", claimant_phone="13900000000",
           place="和平里小区３号楼")  # full-width digit
    ticket("T4", a.id, "2026-11-02 09:00", claimant_name="赵六", place="3号楼")  # too short
    m = mediation.register_case(
        store, actor, community_id=a.id, source="application", application_form="oral",
        dispute_type="物业纠纷", summary="漏水", received_on="2026-10-05", parties=[
            {"role": "applicant", "kind": "person", "name": "张三", "id_number": ID_A,
             "phone": "13800138000", "address": "和平里小区3号楼2单元101"},
            {"role": "respondent", "kind": "person", "name": "李四"}])
    lead = enforcement.register_lead(store, actor, "patrol", "2026-10-20",
                                     "西城区和平里小区3号楼南侧", "占道堆物")
    enforcement.add_party(store, actor, lead.case_id, "person", "张三", ID_A)
    return {"a": a, "b": b, "t1": t1, "t2": t2, "m": m.id, "e": lead.case_id}


def _keys(h):
    return [(e.domain, e.number if e.domain != "enforcement" else e.record_id)
            for e in h.entries]


def test_address_key():
    k = hotline_history.address_key
    assert k("北京市西城区和平里街道 和平里小区3号楼") == "和平里小区3号"
    assert k("和平里小区３栋") == "和平里小区3号"


def test_person_history_for_all_domains(store, actor, world):
    h = hotline_history.person_history(store, actor, phone="13800138000", name="张三",
                                       id_number=ID_A.lower())
    assert h.hidden == []
    numbers = _keys(h)
    assert numbers[:2] == [("enforcement", world["e"]), ("mediation", numbers[1][1])]
    assert [n for d, n in numbers if d == "hotline"] == ["T2", "T1"]
    by = {e.number: e.matched_on for e in h.entries if e.domain == "hotline"}
    assert by == {"T1": "电话、姓名", "T2": "电话"}  # T2's caller withheld the name
    med = next(e for e in h.entries if e.domain == "mediation")
    assert med.matched_on == "电话、身份证号、姓名" and "*******8000" in med.detail
    assert all("13800138000" not in e.detail for e in h.entries)


def test_history_filtered_by_role(store, actor, world):
    staff = Actor(5, "科员", "street_staff")
    h = hotline_history.person_history(store, staff, phone="13800138000")
    assert {e.domain for e in h.entries} == {"hotline"}
    assert h.hidden == ["人民调解", "综合执法"]
    mediator = Actor(6, "调解员", "mediator")
    h = hotline_history.person_history(store, mediator, name="张三")
    # Mediators see tickets (they take referred ones up) and cases, never enforcement files.
    assert {e.domain for e in h.entries} == {"hotline", "mediation"}
    assert h.hidden == ["综合执法"]
    officer = Actor(7, "队员", "enforcement_officer")
    h = hotline_history.address_history(store, officer, "和平里小区3号楼")
    assert sorted({e.domain for e in h.entries}) == ["enforcement", "hotline"]
    assert h.hidden == ["人民调解"]
    worker = Actor(8, "甲社区工作者", "community_worker", world["a"].id)
    h = hotline_history.person_history(store, worker, phone="13800138000")
    assert [e.number for e in h.entries] == ["T1"]  # T2 is in 乙社区
    with pytest.raises(NotFound):
        hotline_history.ticket_history(store, worker, world["t2"], "person")
    with pytest.raises(PermissionDenied):
        hotline_history.person_history(store, Actor(9, "x", "nobody"), name="张三")


def test_address_history_and_ticket_history(store, actor, world):
    h = hotline_history.address_history(store, actor, "西城区和平里小区3号楼")
    assert sorted(_keys(h)[i][0] for i in range(len(h.entries))) == [
        "enforcement", "hotline", "hotline", "mediation"]
    assert {e.number for e in h.entries if e.domain == "hotline"} == {"T1", "T3"}
    assert all(e.matched_on == "地址" for e in h.entries)
    h = hotline_history.ticket_history(store, actor, world["t1"], "address")
    assert {e.number for e in h.entries if e.domain == "hotline"} == {"T3"}  # not T1 itself
    h = hotline_history.ticket_history(store, actor, world["t1"], "person")
    assert [e.number for e in h.entries if e.domain == "hotline"] == ["T2"]
    with pytest.raises(ValidationError, match="太短"):
        hotline_history.address_history(store, actor, "3号楼")
    with pytest.raises(ValidationError, match="保密"):
        hotline_history.person_history(store, actor, name="保密")
