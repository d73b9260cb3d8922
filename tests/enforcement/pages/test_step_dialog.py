# SPDX-License-Identifier: MIT
"""The step and document dialogs of a case are the app's form dialog: what is typed survives a
refusal, required fields and dates are checked as they are typed, Tab follows the fields and
every input has a name a screen reader can say."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from jiedao_desk.documents.texts import MissingFields
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.pages.actions import STEP_BY_KEY
from jiedao_desk.ui.kit import focus
from tests.enforcement.pages.helpers import OFFICERS, fill, ok, open_page, seed, step


def _lead_dialog(qtbot, page):
    page.lead_button.click()
    dialog = page.detail.step_dialog
    qtbot.addWidget(dialog)
    return dialog


def test_a_refused_lead_keeps_every_typed_field(qtbot, store, actor):
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    dialog = _lead_dialog(qtbot, page)
    typed = dict(source="hotline", found_on="2026-11-01", act_on="2026-11-05",
                 act_ended_on="2026-11-06", place="示例路9号", description="店外经营")
    fill(dialog, serious=True, **typed)
    ok(qtbot, dialog)
    # core refuses (the act cannot come after it was found): said in the dialog, nothing lost
    assert dialog.isVisible()
    assert "违法行为发生日期不能晚于发现日期" in dialog.status.text()
    assert dialog.values() == {**typed, "serious": True}
    assert len(es.list_cases(store)) == 1  # nothing written
    fill(dialog, act_on="2026-10-30")
    ok(qtbot, dialog)
    assert not dialog.isVisible() and len(es.list_cases(store)) == 2
    assert dialog.result_value in page.detail.message.text()


def test_required_fields_and_dates_are_checked_as_typed(qtbot, store, actor):
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    dialog = _lead_dialog(qtbot, page)
    assert not dialog.ok_button.isEnabled() and dialog.status.text() == "请填写“地点”。"
    fill(dialog, place="示例路9号", description="店外经营")
    assert dialog.ok_button.isEnabled() and dialog.status.text() == ""
    # an optional date is checked once something is typed in it, as core would read it
    fill(dialog, act_on="2026-13-01")
    assert not dialog.ok_button.isEnabled() and "不存在" in dialog.status.text()
    fill(dialog, act_on="11月5日")
    assert not dialog.ok_button.isEnabled() and "格式不对" in dialog.status.text()
    fill(dialog, act_on="2026年10月5日")  # a form core reads
    assert dialog.ok_button.isEnabled()
    # a required date left empty
    fill(dialog, found_on="")
    assert not dialog.ok_button.isEnabled() and "发现日期" in dialog.status.text()
    ok(qtbot, dialog)  # a click on the disabled button does nothing
    assert dialog.isVisible() and len(es.list_cases(store)) == 1
    assert dialog.values()["place"] == "示例路9号"


def test_officers_below_two_refused_in_the_dialog(qtbot, store, actor):
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    before = len(es.events(store, cid, "inspection"))
    dialog = step(qtbot, page, "inspection", officers=OFFICERS[:1], summary="门前堆物",
                  start="09:30", end="10:00")
    assert dialog.isVisible() and "两名以上执法人员" in dialog.status.text()
    values = dialog.values()
    assert values["officers"] == OFFICERS[:1] and values["summary"] == "门前堆物"
    assert (values["start"], values["end"]) == ("09:30", "10:00")
    assert len(es.events(store, cid, "inspection")) == before
    fill(dialog, officers=[OFFICERS[0], OFFICERS[1]])  # the second officer added
    ok(qtbot, dialog)
    assert not dialog.isVisible() and len(es.events(store, cid, "inspection")) == before + 1


def test_tab_follows_the_fields_and_every_input_has_a_name(qtbot, store, actor):
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    page.detail.step_actions["inquiry"].trigger()
    dialog = page.detail.step_dialog
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    officers = dialog.editors["officers"]
    expected = [dialog.editors["day"], dialog.editors["start"], dialog.editors["end"]]
    for name, cert in officers.rows:
        expected += [name, cert]
    expected += [officers.more, dialog.editors["interviewee"], dialog.editors["summary"]]
    expected[0].setFocus()
    seen = [dialog.focusWidget()]
    for _ in expected[1:]:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dialog.focusWidget())
    assert seen == expected
    assert officers.rows[1][1].accessibleName() == "第2名执法人员执法证号"
    assert dialog.editors["summary"].accessibleName() == "询问内容"
    dialog.reject()
    # every step's form: no input a screen reader could not name
    for key, action in page.detail.step_actions.items():
        if not action.isEnabled():
            continue
        action.trigger()
        form = page.detail.step_dialog
        qtbot.addWidget(form)
        assert focus.unnamed_inputs(form) == [], STEP_BY_KEY[key].label
        form.reject()


def test_document_dialog_keeps_the_paper_number_and_asks_for_what_core_lacks(
        qtbot, store, actor, monkeypatch):
    cid = seed(store, actor)
    page = open_page(qtbot, store, actor, cid)
    page.detail.doc_actions["enforcement_rectification_notice"].trigger()
    dialog = page.detail.doc_dialog
    qtbot.addWidget(dialog)
    assert focus.unnamed_inputs(dialog) == []
    dialog.paper_number.setText("NO-0007")
    for key, value in (("requirement", "拆除占道设施"), ("deadline", "2026-11-30"),
                       ("order_day", "2026-11-20")):
        dialog.extra[key].setText(value)
    real = edocs.issue_document
    asked = []

    def lacking(store_, actor_, case_id, kind, extra=None, paper_number=None):
        if "witness" not in (extra or {}):  # a street's wording that needs one more field
            asked.append(paper_number)
            raise MissingFields(kind, "责令改正通知书", ["witness"])
        return real(store_, actor_, case_id, kind, extra, paper_number)

    monkeypatch.setattr(edocs, "issue_document", lacking)
    ok(qtbot, dialog)
    assert asked == ["NO-0007"] and dialog.isVisible() and dialog.issued is None
    assert "出具本文书还需填写：" in dialog.status.text()
    assert "witness" in dialog.extra and "witness" in dialog.required
    assert not dialog.ok_button.isEnabled()  # the new field is required
    assert dialog.paper_number.text() == "NO-0007"
    assert dialog.values()["requirement"] == "拆除占道设施"
    assert isinstance(dialog.extra["witness"], QLineEdit)
    assert dialog.extra["witness"].accessibleName()
    dialog.extra["witness"].setText("李某")
    ok(qtbot, dialog)  # core refuses a paper number of the wrong form: said, nothing lost
    assert dialog.issued is None and "文号格式不符" in dialog.status.text()
    assert dialog.paper_number.text() == "NO-0007"
    assert dialog.values()["witness"] == "李某" and dialog.values()["deadline"] == "2026-11-30"
    dialog.paper_number.setText("执改〔2026〕第7号")
    ok(qtbot, dialog)
    assert dialog.issued is not None, dialog.status.text()
    assert dialog.issued.doc_number == "执改〔2026〕第7号" and not dialog.isVisible()
