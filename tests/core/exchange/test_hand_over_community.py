# SPDX-License-Identifier: MIT
"""A community gets its own PC after the street has kept its records for years: the street's
administrator hands the community's records to the community's site in one action."""

from __future__ import annotations

import pytest

from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import PermissionDenied, ReadOnlyCopy, ValidationError
from jiedao_desk.core import audit
from jiedao_desk.core.check import check
from jiedao_desk.core.exchange import ownership
from jiedao_desk.domains import mediation, residents
from jiedao_desk.store import audit as audit_store
from tests.core.exchange.sites import exchange, make_sites

PARTIES = [{"role": "applicant", "name": "王建国"}, {"role": "respondent", "name": "李四"}]
STAFF = Actor(None, "街道科室甲", "street_staff")


@pytest.fixture
def sites(tmp_path):
    street, a, b = make_sites(tmp_path)
    exchange(street, a)
    exchange(street, b)
    yield street, a, b
    for s in (street, a, b):
        s.store.close()


def _street_records(street):
    """What the street kept before 甲 had a PC: two residents and a committee case of 甲,
    one resident of 乙, and a street committee case."""
    a_id, b_id = street.community_id("A01"), street.community_id("B01")
    with street.store.atomic():
        # kept by the street before the communities' sites were enrolled here
        street.store.execute("UPDATE exchange_site SET voided_at = '2026-01-01 00:00:00'")
    one = residents.add_resident(street.store, SYSTEM, a_id, "张三", phone="13800000000")
    two = residents.add_resident(street.store, SYSTEM, a_id, "李梅")
    other = residents.add_resident(street.store, SYSTEM, b_id, "赵六")
    case = mediation.register_case(street.store, SYSTEM, community_id=a_id,
                                   source="application", application_form="oral",
                                   dispute_type="邻里纠纷", summary="楼上漏水", parties=PARTIES)
    street_case = mediation.register_case(street.store, SYSTEM, community_id=None,
                                          source="application", application_form="oral",
                                          dispute_type="邻里纠纷", summary="街道受理",
                                          parties=PARTIES)
    with street.store.atomic():
        street.store.execute("UPDATE exchange_site SET voided_at = NULL")
    return one, two, other, case, street_case


def test_the_communitys_records_move_to_its_site_and_travel_as_its_own(sites):
    street, a, b = sites
    one, _two, other, case, street_case = _street_records(street)
    exchange(street, a)
    exchange(street, b)
    a_res = a.store.scalar("SELECT id FROM resident WHERE name = '张三'")
    # before: the community's PC holds read-only copies of its own residents
    with pytest.raises(ReadOnlyCopy):
        residents.update_resident(a.store, SYSTEM, a_res, phone="13900000000")

    a_id = street.community_id("A01")
    seen = ownership.community_records(street.store, SYSTEM, a_id)
    assert seen.counts == {"resident": 2, "certificate": 0, "forms_entry": 0,
                           "mediation_case": 1}
    assert seen.summary() == "居民 2 条、调解案件 1 条"
    assert seen.site == "甲社区"
    done = ownership.hand_over_community(street.store, SYSTEM, a_id, "社区启用自己的电脑")
    assert done.total == 3

    # the street keeps copies now, of exactly those records
    with pytest.raises(ReadOnlyCopy):
        residents.update_resident(street.store, SYSTEM, one.id, phone="13700000000")
    residents.update_resident(street.store, SYSTEM, other.id, phone="13600000000")  # 乙's
    assert ownership.ownership(street.store, "mediation_case", street_case.id).here
    parties = street.store.rows("SELECT id FROM mediation_party WHERE case_id = ?", (case.id,))
    assert parties and all(
        not ownership.ownership(street.store, "mediation_party", p["id"]).here for p in parties)

    exchange(street, a)
    # … and the community's PC owns them: it changes its resident, the change comes back
    residents.update_resident(a.store, SYSTEM, a_res, phone="13900000000")
    a_case = a.store.scalar("SELECT id FROM mediation_case WHERE summary = '楼上漏水'")
    assert ownership.ownership(a.store, "mediation_case", a_case).here
    assert a.store.scalar("SELECT COUNT(*) FROM mediation_case") == 1  # not the street's
    exchange(a, street)
    assert street.store.scalar("SELECT phone FROM resident WHERE id = ?",
                               (one.id,)) == "139 0000 0000"
    # 乙 was not touched
    assert ownership.community_records(street.store, SYSTEM,
                                       street.community_id("B01")).total == 1
    for s in (street, a, b):
        assert check(s.store).ok, [p.message for p in check(s.store).problems]


def test_one_action_with_its_audit_row(sites):
    street, _a, _b = sites
    _street_records(street)
    a_id = street.community_id("A01")
    before = street.store.scalar("SELECT MAX(id) FROM audit_log")
    ownership.hand_over_community(street.store, SYSTEM, a_id, "社区启用自己的电脑")
    rows = street.store.rows("SELECT * FROM audit_log WHERE id > ?", (before,))
    assert [r["action"] for r in rows] == ["exchange.hand_over_community"]
    entry = audit.describe(rows[0], registry.audit_wording())
    text = entry.what + " " + entry.changes_text
    assert "把社区的记录移交社区站点" in text
    assert "居民 2 条、调解案件 1 条" in text and "社区启用自己的电脑" in text
    assert "甲社区" in text
    # a second time finds nothing left to move and writes nothing
    with pytest.raises(ValidationError, match="没有由本机保存、需要移交的记录"):
        ownership.hand_over_community(street.store, SYSTEM, a_id, "再来一次")
    assert street.store.scalar("SELECT COUNT(*) FROM audit_log WHERE id > ?", (before,)) == 1
    assert audit_store.verify_chain(street.store) is None


def test_refused_without_reason_site_or_permission_and_nothing_changes(sites):
    street, a, _b = sites
    _street_records(street)
    a_id = street.community_id("A01")
    owners = street.store.rows("SELECT * FROM exchange_row ORDER BY tbl, row_id")
    with pytest.raises(PermissionDenied):
        ownership.hand_over_community(street.store, STAFF, a_id, "社区启用自己的电脑")
    with pytest.raises(PermissionDenied):
        ownership.community_records(street.store, STAFF, a_id)
    with pytest.raises(ValidationError, match="请填写移交原因"):
        ownership.hand_over_community(street.store, SYSTEM, a_id, "  ")
    # a community without its own site
    with street.store.atomic():
        street.store.execute("UPDATE exchange_site SET voided_at = '2026-11-30 00:00:00'"
                             " WHERE role = 'community'")
    with pytest.raises(ValidationError, match="还没有登记社区站点"):
        ownership.hand_over_community(street.store, SYSTEM, a_id, "社区启用自己的电脑")
    assert street.store.rows("SELECT * FROM exchange_row ORDER BY tbl, row_id") == owners
    # only the street's PC hands a community its records
    with pytest.raises(ValidationError, match="只有街道站点"):
        ownership.hand_over_community(a.store, SYSTEM, a.community_id("A01"), "试试")


def test_a_failure_halfway_hands_over_nothing(sites, monkeypatch):
    street, _a, _b = sites
    _street_records(street)
    a_id = street.community_id("A01")
    owners = street.store.rows("SELECT * FROM exchange_row ORDER BY tbl, row_id")
    audit_rows = street.store.scalar("SELECT COUNT(*) FROM audit_log")
    real = ownership.ex_store.hand_over
    calls = []

    def failing(store, table, ids, owner):
        calls.append(table)
        if len(calls) == 2:
            raise OSError("磁盘已满")
        return real(store, table, ids, owner)

    monkeypatch.setattr(ownership.ex_store, "hand_over", failing)
    with pytest.raises(OSError):
        ownership.hand_over_community(street.store, SYSTEM, a_id, "社区启用自己的电脑")
    assert street.store.rows("SELECT * FROM exchange_row ORDER BY tbl, row_id") == owners
    assert street.store.scalar("SELECT COUNT(*) FROM audit_log") == audit_rows


def test_a_resident_the_street_registers_or_moves_goes_to_the_communitys_site(sites):
    street, a, b = sites
    a_id, b_id = street.community_id("A01"), street.community_id("B01")
    new = residents.add_resident(street.store, SYSTEM, a_id, "周七")
    found = ownership.ownership(street.store, "resident", new.id)
    assert not found.here and found.owner_name == "甲社区"
    # one of the street's own (kept since before 乙 had its site), moved from 甲 to 乙
    _one, two, _other, _case, _street_case = _street_records(street)
    assert ownership.ownership(street.store, "resident", two.id).here
    residents.update_resident(street.store, SYSTEM, two.id, phone="13500000000")  # stays
    assert ownership.ownership(street.store, "resident", two.id).here
    residents.update_resident(street.store, SYSTEM, two.id, community_id=b_id)
    assert ownership.ownership(street.store, "resident", two.id).owner_name == "乙社区"
    exchange(street, a)
    exchange(street, b)
    moved = b.store.scalar("SELECT id FROM resident WHERE name = '李梅'")
    residents.update_resident(b.store, SYSTEM, moved, phone="13400000000")  # 乙's own now
    assert a.store.scalar("SELECT COUNT(*) FROM resident WHERE name = '李梅'") == 0
    a_new = a.store.scalar("SELECT id FROM resident WHERE name = '周七'")
    residents.update_resident(a.store, SYSTEM, a_new, phone="13300000000")
    # on a community's own PC a registration stays there
    mine = residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "吴八")
    assert ownership.ownership(a.store, "resident", mine.id).here
