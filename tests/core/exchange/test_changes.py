# SPDX-License-Identifier: MIT
"""Changes between a street and two community PCs: what travels, what is refused, and that
nothing is lost or doubled."""

from __future__ import annotations

import pytest

from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import ReadOnlyCopy, ValidationError
from jiedao_desk.core import search
from jiedao_desk.core.check import check
from jiedao_desk.domains import hotline, mediation, residents
from jiedao_desk.store import audit as audit_store
from tests.core.exchange.sites import deliver, exchange, export, make_sites

PARTIES = [{"role": "applicant", "name": "王建国"}, {"role": "respondent", "name": "李四"}]


@pytest.fixture
def sites(tmp_path):
    street, a, b = make_sites(tmp_path)
    yield street, a, b
    for s in (street, a, b):
        s.store.close()


def names(store, table="resident", column="name"):
    return sorted(r[0] for r in store.execute(f"SELECT {column} FROM {table}"))


def test_round_trip_street_and_community(sites):
    street, a, b = sites
    done = exchange(street, a)  # the community list first
    assert done.inserted == 1 and done.updated >= 1  # 乙 added, 甲 taken over
    cid = a.community_id("A01")
    residents.add_resident(a.store, SYSTEM, cid, "张三", phone="13800000000")
    case = mediation.register_case(a.store, SYSTEM, community_id=cid, source="application",
                                   application_form="oral", dispute_type="邻里纠纷",
                                   summary="楼上漏水", parties=PARTIES)
    done = exchange(a, street)
    assert done.inserted >= 6  # resident, case, 2 parties, number, transition
    assert names(street.store) == ["张三"]
    row = street.store.row("SELECT * FROM mediation_case")
    assert row["community_id"] == street.community_id("A01")
    assert row["committee_key"] == f"c:{street.community_id('A01')}"
    assert row["case_number"] == case.case_number
    # the street's 12345 ticket for 甲 reaches 甲, not 乙
    tid = hotline.add_ticket(street.store, SYSTEM, {
        "ticket_no": "T1", "received_at": "2026-11-20 09:00",
        "community_id": street.community_id("A01")})
    exchange(street, a)
    exchange(street, b)
    assert names(a.store, "hotline_ticket", "ticket_no") == ["T1"]
    assert names(b.store, "hotline_ticket", "ticket_no") == []
    assert tid
    for s in (street, a, b):
        assert check(s.store).ok, [p.message for p in check(s.store).problems]


def _case(site_, **kw):
    cid = site_.community_id("A01")
    return mediation.register_case(site_.store, SYSTEM, community_id=cid, source="application",
                                   application_form="oral", dispute_type="邻里纠纷",
                                   summary=kw.get("summary", "楼上漏水"), parties=PARTIES)


def test_copies_are_read_only_on_both_sides(sites):
    street, a, _ = sites
    exchange(street, a)
    cid = a.community_id("A01")
    res = residents.add_resident(a.store, SYSTEM, cid, "张三")
    exchange(a, street)
    copy_id = street.store.scalar("SELECT id FROM resident")
    # the street cannot change the community's resident …
    with pytest.raises(ReadOnlyCopy, match="此记录属于其他站点，本机只保存只读副本"):
        residents.update_resident(street.store, SYSTEM, copy_id, phone="13900000000")
    # … nor the community the street's list (甲 is the street's now)
    with pytest.raises(ReadOnlyCopy, match="只读副本"), a.store.atomic():
        a.store.execute("UPDATE community SET name = '改名' WHERE id = ?", (cid,))
    # nor add to a case it does not own
    tid = hotline.add_ticket(street.store, SYSTEM, {
        "ticket_no": "T9", "received_at": "2026-11-20 09:00",
        "community_id": street.community_id("A01")})
    exchange(street, a)
    a_tid = a.store.scalar("SELECT id FROM hotline_ticket WHERE ticket_no = 'T9'")
    with pytest.raises(ReadOnlyCopy, match="只读副本"):
        hotline.add_handling(a.store, SYSTEM, a_tid, "已上门")
    # the owner still changes its own rows, and the change travels
    residents.update_resident(a.store, SYSTEM, res.id, phone="13900000000")
    exchange(a, street)
    assert street.store.scalar("SELECT phone FROM resident") == "139 0000 0000"
    assert tid


def test_same_package_twice_and_reordered_packages_change_nothing(sites):
    street, a, _ = sites
    exchange(street, a)
    cid = a.community_id("A01")
    res = residents.add_resident(a.store, SYSTEM, cid, "张三", notes="一")
    seq1, first = export(a, street)
    residents.update_resident(a.store, SYSTEM, res.id, notes="二")
    residents.add_resident(a.store, SYSTEM, cid, "李四")
    seq2, second = export(a, street)  # first not acknowledged yet: carries everything
    deliver(a, street, seq2, second.payload)
    snapshot = street.store.rows("SELECT * FROM resident ORDER BY id")
    audit_rows = street.store.scalar("SELECT COUNT(*) FROM exchange_audit")
    again = deliver(a, street, seq2, second.payload)
    assert (again.inserted, again.updated, again.conflicts) == (0, 0, 0)
    late = deliver(a, street, seq1, first.payload)  # the older package arrives last
    assert (late.inserted, late.updated, late.conflicts) == (0, 0, 0)
    assert street.store.rows("SELECT * FROM resident ORDER BY id") == snapshot
    assert street.store.scalar("SELECT COUNT(*) FROM exchange_audit") == audit_rows
    assert [r["notes"] for r in snapshot] == ["二", ""]


def test_lost_package_is_covered_by_the_next(sites):
    street, a, _ = sites
    exchange(street, a)
    cid = a.community_id("A01")
    residents.add_resident(a.store, SYSTEM, cid, "张三")
    export(a, street)  # lost on the way
    residents.add_resident(a.store, SYSTEM, cid, "李四")
    exchange(a, street)
    assert names(street.store) == ["张三", "李四"]
    # acknowledged: the next package carries only what is new
    residents.add_resident(a.store, SYSTEM, cid, "王五")
    _, got = export(a, street)
    assert got.rows == 1


def test_a_community_never_gets_another_communitys_rows(sites):
    street, a, b = sites
    exchange(street, a)
    exchange(street, b)
    residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "甲居民")
    _case(a)
    residents.add_resident(b.store, SYSTEM, b.community_id("B01"), "乙居民")
    exchange(a, street)
    exchange(b, street)
    # the street's own work: a street committee case and a ticket for 乙
    mediation.register_case(street.store, SYSTEM, community_id=None, source="own_initiative",
                            dispute_type="邻里纠纷", summary="街道案件", parties=PARTIES)
    hotline.add_ticket(street.store, SYSTEM, {"ticket_no": "T2", "received_at":
                                              "2026-11-20 09:00",
                                              "community_id": street.community_id("B01")})
    exchange(street, a)
    exchange(street, b)
    assert names(street.store) == ["乙居民", "甲居民"]
    assert names(a.store) == ["甲居民"]
    assert names(b.store) == ["乙居民"]
    assert names(a.store, "mediation_case", "summary") == ["楼上漏水"]  # its own only
    assert names(b.store, "mediation_case", "summary") == []
    assert names(b.store, "hotline_ticket", "ticket_no") == ["T2"]
    assert names(a.store, "hotline_ticket", "ticket_no") == []


def test_audit_entries_travel_and_are_verified(sites):
    street, a, _ = sites
    exchange(street, a)
    residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "张三")
    exchange(a, street)
    got = street.store.rows("SELECT * FROM exchange_audit WHERE origin = ?", (a.uid,))
    assert [r["action"] for r in got] == ["resident.add"]
    assert all(audit_store.entry_holds(r) for r in got)
    assert got[0]["local_entity_id"] == street.store.scalar("SELECT id FROM resident")


def test_mediation_case_handed_to_the_street(sites):
    street, a, _ = sites
    exchange(street, a)
    case = _case(a)
    mediation.accept(a.store, SYSTEM, case.id)
    exchange(a, street)
    copy_id = street.store.scalar("SELECT id FROM mediation_case")
    with pytest.raises(ReadOnlyCopy, match="只读副本"):
        mediation.transfer_to_street(street.store, SYSTEM, copy_id, "调解不成")
    # on the community's PC the transfer hands the case over to the street's site
    mediation.transfer_to_street(a.store, SYSTEM, case.id, "双方分歧大，社区无法调解")
    with pytest.raises(ReadOnlyCopy, match="只读副本"):
        mediation.assign_mediators(a.store, SYSTEM, case.id, ["赵调解"])
    exchange(a, street)
    # now the street owns it: its committee registers it under the street's number
    moved = mediation.transfer_to_street(street.store, SYSTEM, copy_id, "街道调委会受理")
    assert moved.case_number != case.case_number
    assert street.store.scalar("SELECT COUNT(*) FROM exchange_row WHERE tbl LIKE 'mediation%'"
                               " AND owner <> ?", (street.uid,)) == 0
    # the street's further work stays with the street committee
    done = exchange(street, a)
    assert a.store.scalar("SELECT case_number FROM mediation_case") == case.case_number
    assert done.conflicts == 0
    for s in (street, a):
        assert check(s.store).ok


def test_a_change_to_a_row_owned_elsewhere_is_a_conflict_with_both_kept(sites):
    street, a, _ = sites
    exchange(street, a)
    res = residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "张三")
    exchange(a, street)
    # someone changed the street's copy behind the app's back (bypassing the guard) …
    with street.store.atomic():
        street.store.execute("INSERT INTO exchange_applying (id) VALUES (1)")
        street.store.execute("UPDATE resident SET notes = '街道改的'")
        street.store.execute("UPDATE exchange_row SET owner = (SELECT uid FROM site)"
                             " WHERE tbl = 'resident'")
        street.store.execute("DELETE FROM exchange_applying")
    residents.update_resident(a.store, SYSTEM, res.id, notes="社区改的")
    done = exchange(a, street)
    assert done.conflicts == 1
    assert street.store.scalar("SELECT notes FROM resident") == "街道改的"  # ours stays
    kept = street.store.row("SELECT * FROM exchange_conflict")
    assert "社区改的" in kept["their_image"] and kept["sender"] == a.uid
    assert exchange(a, street).conflicts == 0  # noticed once


def test_a_damaged_audit_entry_refuses_the_whole_package(sites):
    import io
    import json
    import zipfile

    from jiedao_desk.core.exchange.apply import PayloadRefused

    street, a, _ = sites
    exchange(street, a)
    residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "张三")
    seq, got = export(a, street)
    src = zipfile.ZipFile(io.BytesIO(got.payload))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "audit.json":
                entries = json.loads(data)
                entries[0]["actor_name"] = "别人"
                data = json.dumps(entries, ensure_ascii=False).encode()
            out.writestr(name, data)
    with pytest.raises(PayloadRefused, match="审计记录的内容与哈希不符"):
        deliver(a, street, seq, buf.getvalue())
    assert names(street.store) == []


def test_an_import_that_fails_halfway_leaves_nothing(sites, monkeypatch):
    from jiedao_desk.store import exchange as ex_store

    street, a, _ = sites
    exchange(street, a)
    for n in range(5):
        residents.add_resident(a.store, SYSTEM, a.community_id("A01"), f"居民{n}")
    seq, got = export(a, street)
    real = ex_store.put_book
    calls = {"n": 0}

    def dies(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # as good as a kill for the open transaction
        return real(*args, **kw)

    monkeypatch.setattr(ex_store, "put_book", dies)
    before = street.store.scalar("SELECT COUNT(*) FROM exchange_row")
    with pytest.raises(KeyboardInterrupt):
        deliver(a, street, seq, got.payload)
    assert names(street.store) == []
    assert street.store.scalar("SELECT COUNT(*) FROM exchange_row") == before
    assert street.store.scalar("SELECT COUNT(*) FROM exchange_applying") == 0
    monkeypatch.setattr(ex_store, "put_book", real)
    deliver(a, street, seq, got.payload)
    assert len(names(street.store)) == 5
    assert check(street.store).ok


def test_a_12345_ticket_is_answered_on_the_communitys_pc(sites):
    street, a, b = sites
    exchange(street, a)
    tid = hotline.add_ticket(street.store, SYSTEM, {
        "ticket_no": "T5", "received_at": "2026-11-20 09:00", "title": "路灯不亮"})
    hotline.dispatch(street.store, SYSTEM, tid, community_id=street.community_id("A01"))
    with pytest.raises(ReadOnlyCopy, match="只读副本"):  # it is at 甲 now
        hotline.extend(street.store, SYSTEM, tid, 3, "需协调")
    exchange(street, a)
    exchange(street, b)
    assert names(b.store, "hotline_ticket", "ticket_no") == []
    a_tid = a.store.scalar("SELECT id FROM hotline_ticket WHERE ticket_no = 'T5'")
    # received records are in the receiver's global search
    hits = search.search(a.store, SYSTEM, "路灯", registry.search_sources())
    assert [h.entity_id for h in hits] == [a_tid]
    hotline.add_handling(a.store, SYSTEM, a_tid, "已上门查看")
    hotline.reply(a.store, SYSTEM, a_tid, "已修复路灯")
    with pytest.raises(ReadOnlyCopy, match="只读副本"):  # handed back with the reply
        hotline.add_handling(a.store, SYSTEM, a_tid, "再补一句")
    done = exchange(a, street)
    assert done.conflicts == 0
    row = street.store.row("SELECT reply, status FROM hotline_ticket WHERE id = ?", (tid,))
    assert row["reply"] == "已修复路灯"
    events = names(street.store, "hotline_event", "kind")
    assert "reply" in events and "handling" in events
    # the street owns it again: the return visit is the street's
    hotline.record_visit(street.store, SYSTEM, tid, True, True, "满意")
    hits = search.search(street.store, SYSTEM, "路灯", registry.search_sources())
    assert [h.entity_id for h in hits] == [tid]
    residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "欧阳娜娜")
    exchange(a, street)
    hits = search.search(street.store, SYSTEM, "欧阳娜娜", registry.search_sources())
    assert [h.entity for h in hits] == ["resident"]
    for s in (street, a):
        assert check(s.store).ok


def test_an_administrator_sees_both_versions_and_settles_the_conflict(sites):
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.base.errors import PermissionDenied
    from jiedao_desk.core.exchange import changes

    street, a, _ = sites
    exchange(street, a)
    res = residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "张三")
    exchange(a, street)
    with street.store.atomic():  # the street's copy taken over behind the app's back
        street.store.execute("INSERT INTO exchange_applying (id) VALUES (1)")
        street.store.execute("UPDATE resident SET notes = '街道改的'")
        street.store.execute("UPDATE exchange_row SET owner = (SELECT uid FROM site)"
                             " WHERE tbl = 'resident'")
        street.store.execute("DELETE FROM exchange_applying")
    residents.update_resident(a.store, SYSTEM, res.id, notes="社区改的")
    exchange(a, street)
    with pytest.raises(PermissionDenied):
        changes.conflicts(street.store, Actor(None, "科员", "street_staff"))
    [c] = changes.conflicts(street.store, SYSTEM)
    assert c.ours["notes"] == "街道改的" and c.theirs["notes"] == "社区改的"
    assert c.sender_name == "甲社区"
    with pytest.raises(ValidationError):
        changes.resolve_conflict(street.store, SYSTEM, c.id, " ")
    changes.resolve_conflict(street.store, SYSTEM, c.id, "已与社区核对，以街道为准")
    assert changes.conflicts(street.store, SYSTEM) == []
    assert changes.conflicts(street.store, SYSTEM, include_resolved=True)[0].resolution


def test_a_calendar_change_recounts_due_dates_of_copies_too(sites):
    from jiedao_desk.core import settings, workdays
    from jiedao_desk.domains.hotline.clocks import SETTINGS

    street, a, _ = sites
    settings.set_value(street.store, SYSTEM, SETTINGS["hotline.feedback_day_kind"], "工作日")
    exchange(street, a)
    tid = hotline.add_ticket(street.store, SYSTEM, {
        "ticket_no": "T7", "received_at": "2026-11-20 09:00", "title": "噪音"})
    hotline.dispatch(street.store, SYSTEM, tid, community_id=street.community_id("A01"))
    exchange(street, a)  # the ticket is at 甲 now; the street keeps a copy
    before = street.store.scalar("SELECT feedback_due FROM hotline_ticket")
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        workdays.set_override(street.store, SYSTEM, day, False, "停电放假",
                              on_calendar_change=registry.calendar_changed)
    assert street.store.scalar("SELECT feedback_due FROM hotline_ticket") != before
    # a recount is no change of the record: nothing travels, nothing conflicts
    assert exchange(street, a).updated == 0
    assert check(street.store).ok


def test_an_access_request_goes_to_the_street_for_its_decision(sites):
    from jiedao_desk.domains.access import requests as access
    from jiedao_desk.domains.access import triage as access_triage
    from tests.access.support import register

    street, a, b = sites
    exchange(street, a)
    req = register(a.store, SYSTEM, [a.community_id("A01")])
    access_triage.triage_request(a.store, SYSTEM, req.id)  # to review: the street decides
    with pytest.raises(ReadOnlyCopy):
        access.transition(a.store, SYSTEM, req.id, "revoked", "申请单位撤回")
    exchange(a, street)
    exchange(street, b)
    assert names(b.store, "access_request", "title") == []
    copy_id = street.store.scalar("SELECT id FROM access_request")
    links = street.store.scalar("SELECT community_id FROM access_request_community")
    assert links == street.community_id("A01")
    access.decide(street.store, SYSTEM, copy_id, "admit", "经审批同意")
    exchange(street, a)
    got = access.get_request(a.store, SYSTEM, req.id)
    assert got.state == "admitted"
    access.transition(a.store, SYSTEM, req.id, "in_progress", "已开始入户")  # its own again
    exchange(a, street)
    assert street.store.scalar("SELECT state FROM access_request") == "in_progress"
    for s in (street, a):
        assert check(s.store).ok
