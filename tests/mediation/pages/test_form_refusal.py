# SPDX-License-Identifier: MIT
"""人民调解 forms: a step core refuses keeps the form open with what was typed; a step that is
not possible now does not open its form; voiding asks first (today is frozen to 2026-11-23)."""

from __future__ import annotations

from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from tests.mediation.pages.helpers import MEDIATOR, click, ime, on_modal, open_page


def _ready_to_agree(store, actor, case):
    act.assign_mediators(store, actor, case.id, ["赵调解"])
    act.notify_rights(store, actor, case.id)
    act.add_record(store, actor, case.id, "session",
                   {"place": "调解室", "matter": "漏水", "content": "协商"}, on="2026-11-05")


def _page(store, qtbot):
    page = open_page(store, qtbot, MEDIATOR)
    page.view.selectRow(0)
    return page


def test_refused_agreement_keeps_every_typed_field(seeded, actor, qtbot, errors):
    store, case = seeded
    _ready_to_agree(store, actor, case)
    page = _page(store, qtbot)
    seen = {}

    def fill(d):
        assert not d.ok_button.isEnabled()  # 事实 and 协议内容 are required
        ime(d.editors["facts"], "楼上漏水损坏吊顶")
        assert not d.ok_button.isEnabled() and "协议内容" in d.status.text()
        ime(d.editors["terms"], "李四赔偿500元")
        ime(d.editors["manner"], "现金")
        seen["ok"] = d.ok_button.isEnabled()  # written, but no 履行期限: core says why

    state = on_modal(fill)
    click(qtbot, page, "agree")
    assert seen["ok"] and errors == []
    assert "履行期限" in state["refused"]
    assert state["kept"]["facts"] == "楼上漏水损坏吊顶"
    assert state["kept"]["terms"] == "李四赔偿500元" and state["kept"]["manner"] == "现金"
    assert mediation.get_case(store, MEDIATOR, case.id).state == "accepted"  # nothing written

    def fill_all(d):
        fill(d)
        d.editors["deadline"].setText("2026-11-30")

    state = on_modal(fill_all)
    click(qtbot, page, "agree")
    assert state["refused"] is None and errors == []
    assert mediation.get_case(store, MEDIATOR, case.id).state == "agreed"


def test_session_form_does_not_open_before_the_rights_notice(seeded, qtbot, errors):
    store, case = seeded
    page = _page(store, qtbot)
    page.record_kind.setCurrentIndex(page.record_kind.findData("session"))
    click(qtbot, page, "record")
    assert len(errors) == 1 and "权利义务告知" in str(errors[0])
    assert mediation.check_action(store, MEDIATOR, case.id, "record_session") == str(errors[0])
    assert mediation.check_action(store, MEDIATOR, case.id, "record_investigation") is None


def test_void_case_asks_with_the_number_and_cancel_changes_nothing(seeded, qtbot, errors,
                                                                   confirms):
    store, case = seeded
    page = _page(store, qtbot)
    confirms.answer = False
    state = on_modal(lambda d: ime(d.editors["reason"], "重复登记"))
    click(qtbot, page, "void_case")
    (title, text), = confirms
    assert title == "作废案件" and case.case_number in text
    assert state["kept"] == {"reason": "重复登记"}  # declined: the form stayed open
    assert mediation.get_case(store, MEDIATOR, case.id).voided is False
    confirms.answer = True
    state = on_modal(lambda d: ime(d.editors["reason"], "重复登记"))
    click(qtbot, page, "void_case")
    assert state["refused"] is None and errors == []
    assert mediation.get_case(store, MEDIATOR, case.id).voided is True
