# SPDX-License-Identifier: MIT
"""The home todo items, the statistics and the clocks of the case view."""

import datetime as dt

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import todo
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import cases, decision, execution, view
from jiedao_desk.domains.enforcement.clocks import COLOUR_LABELS
from tests.enforcement.conftest import OFFICERS, PERSON_ID, SIMPLE_BASIS

TODO = registry.todo_providers()


def test_todo_for_enforcement_roles_only(store, actor, filed):
    filed()
    mediator = Actor(2, "调解员", "mediator")
    assert not [i for i in todo.collect(store, mediator, TODO) if i.domain == "enforcement"]
    officer = Actor(3, "队员", "enforcement_officer")
    items = [i for i in todo.collect(store, officer, TODO) if i.domain == "enforcement"]
    assert [(i.title, i.due, i.status) for i in items] == [
        ("执法案件 执案〔2026〕第0001号：立案后作出处罚决定", dt.date(2026, 11, 23), "due_soon")]


def test_statistics(store, actor, power, filed):
    cid = filed()
    filed(source="hotline")
    decision.simple_penalty(store, actor, source="hotline", day="2026-11-20", place="某路",
                            facts="乱扔",
                            party={"kind": "person", "name": "赵某", "id_number": PERSON_ID,
                                   "address": "某路1号"},
                            fine=50, power_item_id=power.item_id, paper_number="No.9",
                            officer_list=OFFICERS, **SIMPLE_BASIS)
    st = view.statistics(store, actor, "2026-08-01", "2026-11-30")
    assert st.by_source == {"巡查发现": 1, "12345转办": 2}
    assert st.by_state == {"已立案（调查中）": 2, "已决定": 1}
    # the report lists the most frequent first
    assert list(st.by_source) == ["12345转办", "巡查发现"]
    assert list(st.by_state) == ["已立案（调查中）", "已决定"]
    assert st.fines_decided == 50.0 and st.fines_collected == 0.0
    assert st.by_power == {power.text: 3}
    assert st.overdue_clocks == {}
    assert cid


def test_absent_party_service_clock_and_overdue_statistics(store, actor, filed):
    cid = filed()
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    decision.prior_notice(store, actor, cid, "2026-09-21", 100, "事实", "依据", hearing=False,
                          penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-21", receiver="赵某")
    decision.decide(store, actor, cid, "2026-09-29", 100, "罚款", party_present=False)
    clocks = {c.key: (c.due, colour) for c, colour in view.case_detail(store, actor, cid).clocks}
    # Art. 61: 7 working days from 09-29 across National Day: 09-30, 10-08, 10-09, 10-10
    # (make-up Saturday), 10-12, 10-13, 10-14.
    assert clocks["service_absent"] == (dt.date(2026, 10, 14), "red")
    st = view.statistics(store, actor, "2026-01-01", "2026-12-31")
    # The unpublished decision is overdue too (公示, 20 working days by default, local rule).
    assert st.overdue_clocks == {"当事人不在场时送达决定书": 1,
                                 "处罚决定公示（20个工作日内，本地规则）": 1}
    assert st.fines_decided == 100.0
    execution.serve(store, actor, cid, "decision", "post", "2026-10-12", receipt="EMS1")
    clocks = {c.key: colour for c, colour in view.case_detail(store, actor, cid).clocks}
    assert clocks["service_absent"] == "done" and clocks["fine_payment"] == "red"
    # fines decided count in the month of the decision, collected in the month of payment
    execution.record_payment(store, actor, cid, "2026-10-20", 100)
    sept = view.statistics(store, actor, "2026-09-01", "2026-09-30")
    octo = view.statistics(store, actor, "2026-10-01", "2026-10-31")
    assert (sept.fines_decided, sept.fines_collected) == (100.0, 0.0)
    assert (octo.fines_decided, octo.fines_collected) == (0.0, 100.0)


def test_hearing_clock_lapses_when_no_hearing_is_asked(store, actor, filed):
    # The party may let the 5 working days pass: that is nobody's delay, never "已超期".
    cid = filed()
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    decision.prior_notice(store, actor, cid, "2026-09-29", 100, "事实", "依据", hearing=True,
                          penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="赵某")
    with clock.frozen(dt.date(2026, 10, 13)):  # the last day to ask (across National Day)
        clocks = {c.key: (c.due, colour)
                  for c, colour in view.case_detail(store, actor, cid).clocks}
        assert clocks["hearing_request"] == (dt.date(2026, 10, 13), "yellow")
    with clock.frozen(dt.date(2026, 10, 14)):
        clocks = {c.key: colour for c, colour in view.case_detail(store, actor, cid).clocks}
        assert clocks["hearing_request"] == "lapsed"
        assert COLOUR_LABELS["lapsed"] == "已届满（当事人未申请）"
        assert view.statistics(store, actor, "2026-01-01", "2026-12-31").overdue_clocks == {}
        cal = load_calendar(store)
        labels = [t.title for t in view.todo_items(store, actor, dt.date(2026, 10, 14), cal)]
        assert labels and not any("申请听证" in t for t in labels)
    labels = [t.title for t in view.todo_items(store, actor, dt.date(2026, 10, 13),
                                               load_calendar(store))]
    assert any("申请听证" in t for t in labels)  # still open on its last day
