# SPDX-License-Identifier: MIT
"""12345 ticket → mediation case / enforcement lead: one transaction, link kept both ways."""

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains import enforcement, mediation
from jiedao_desk.domains.hotline import links as hotline_links
from jiedao_desk.domains.hotline import tickets as hotline


@pytest.fixture
def loaded(store, actor):
    catalog.load_builtin(store, actor)
    return store


def _ticket(store, actor, no="T100", **kw):
    values = {"ticket_no": no, "received_at": "2026-11-20 09:00", "claim_type": "投诉",
              "title": "楼上漏水", "content": "楼上卫生间漏水到我家，协商不成",
              "claimant_name": "张三", "claimant_phone": "13800138000",
              "place": "和平里小区3号楼2单元"}
    values.update(kw)
    return hotline.add_ticket(store, actor, values)


def _count(store, table):
    return store.scalar(f"SELECT count(*) FROM {table}")


def test_ticket_to_mediation_keeps_both_sides(loaded, actor, make_community):
    c = make_community("和平里社区")
    tid = _ticket(loaded, actor, community_id=c.id)
    case_id, link_id = hotline_links.to_mediation(loaded, actor, tid, dispute_type="物业纠纷",
                                                  respondent="李四")
    case = mediation.get_case(loaded, actor, case_id)
    assert case.source == "referral" and "T100" in case.referred_by
    assert case.community_id == c.id and case.summary.startswith("楼上卫生间漏水")
    applicant = next(p for p in case.parties if p.role == "applicant")
    assert (applicant.name, applicant.phone) == ("张三", "138 0013 8000")
    # ticket side: the link shows the case number
    views = hotline_links.links_of(loaded, actor, tid)
    assert [(v.id, v.domain, v.record_id, v.origin) for v in views] == [
        (link_id, "mediation", case_id, "created")]
    assert case.case_number in views[0].label
    # case side: which tickets link here
    assert [t.ticket_no for t in hotline_links.tickets_for(
        loaded, actor, "mediation", case_id)] == ["T100"]
    actions = [r["action"] for r in loaded.rows("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["mediation.register", "hotline.to_mediation"]
    assert hotline.get_ticket(loaded, actor, tid).events[-1].kind == "link"
    with pytest.raises(Conflict, match="已转为人民调解案件"):
        hotline_links.to_mediation(loaded, actor, tid, dispute_type="物业纠纷", respondent="李四")


def test_failed_mediation_intake_writes_nothing(loaded, actor):
    tid = _ticket(loaded, actor, claimant_name="")  # 保密
    before = (_count(loaded, "mediation_case"), _count(loaded, "hotline_link"),
              _count(loaded, "audit_log"))
    with pytest.raises(ValidationError, match="保密"):
        hotline_links.to_mediation(loaded, actor, tid, dispute_type="物业纠纷", respondent="李四")
    with pytest.raises(ValidationError, match="纠纷类型"):
        hotline_links.to_mediation(loaded, actor, tid, dispute_type="不存在的类型",
                                   respondent="李四", applicant="张三")
    assert (_count(loaded, "mediation_case"), _count(loaded, "hotline_link"),
            _count(loaded, "audit_log")) == before


def test_link_fails_after_case_rolls_back_the_case(loaded, actor, monkeypatch):
    tid = _ticket(loaded, actor)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(hotline_links.hotline_store, "add_link", boom)
    with pytest.raises(RuntimeError):
        hotline_links.to_mediation(loaded, actor, tid, dispute_type="物业纠纷", respondent="李四")
    assert _count(loaded, "mediation_case") == 0 and _count(loaded, "mediation_number") == 0


def test_ticket_to_enforcement_lead(loaded, actor):
    tid = _ticket(loaded, actor, "T200", title="占道经营", content="早市占道经营",
                  place="示例路12号")
    case_id, _ = hotline_links.to_enforcement(loaded, actor, tid)
    row = enforcement.get_case(loaded, actor, case_id)
    assert (row.source, row.state, row.found_on.isoformat(), row.place) == (
        "hotline", "lead", "2026-11-20", "示例路12号")
    assert "T200" in row.description
    assert [t.ticket_no for t in hotline_links.tickets_for(
        loaded, actor, "enforcement", case_id)] == ["T200"]
    assert f"线索第{case_id}号" in hotline_links.links_of(loaded, actor, tid)[0].label
    # Once filed, the ticket names the case by its case number (立案编号).
    power = enforcement.power_choices(loaded)[0][0]
    enforcement.file_case(loaded, actor, case_id, "2026-11-21", "王队长", power.item_id)
    number = enforcement.get_case(loaded, actor, case_id).case_number
    assert number and number in hotline_links.links_of(loaded, actor, tid)[0].label
    with pytest.raises(Conflict):
        hotline_links.to_enforcement(loaded, actor, tid)


def test_roles_and_labels(loaded, actor, make_community):
    c = make_community("甲社区")
    tid = _ticket(loaded, actor, community_id=c.id)
    case_id, link_id = hotline_links.to_mediation(loaded, actor, tid, dispute_type="物业纠纷",
                                                  respondent="李四")
    staff = Actor(5, "科员", "street_staff")
    with pytest.raises(PermissionDenied):  # street staff may not register mediation cases
        hotline_links.to_enforcement(loaded, staff, tid)
    # the ticket viewer without mediation rights sees only that a case exists
    assert hotline_links.links_of(loaded, staff, tid)[0].label.endswith("（无权查看详情）")
    mediator = Actor(6, "调解员", "mediator")  # no hotline.view, but may view the case
    assert len(hotline_links.tickets_for(loaded, mediator, "mediation", case_id)) == 1
    with pytest.raises(PermissionDenied):  # a role that may see neither tickets nor cases
        hotline_links.tickets_for(loaded, Actor(7, "访客", "nobody"), "mediation", case_id)
    other = Actor(8, "乙社区工作者", "community_worker", c.id + 1000)
    assert hotline_links.tickets_for(loaded, other, "mediation", case_id) == []
    hotline_links.void_link(loaded, actor, link_id, "关联错了")
    assert hotline_links.links_of(loaded, actor, tid) == []
    assert hotline_links.tickets_for(loaded, actor, "mediation", case_id) == []
    with pytest.raises(Exception, match="不可删除"):
        loaded.execute("DELETE FROM hotline_link")


def test_tickets_line_names_the_source_tickets(loaded, actor, make_community):
    c = make_community("甲社区")
    tid = _ticket(loaded, actor, "T7", community_id=c.id)
    case_id, _ = hotline_links.to_mediation(loaded, actor, tid, dispute_type="物业纠纷",
                                            respondent="李四")
    assert hotline_links.tickets_line(loaded, actor, "mediation", case_id) == \
        "\n来源工单（12345）：T7（2026-11-20，楼上漏水）"
    assert hotline_links.tickets_line(loaded, actor, "mediation", case_id + 1) == ""
    # A role that may see neither the tickets nor the case gets no line (and no error).
    assert hotline_links.tickets_line(loaded, Actor(7, "访客", "nobody"), "mediation",
                                      case_id) == ""
