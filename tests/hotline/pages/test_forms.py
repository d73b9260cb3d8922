# SPDX-License-Identifier: MIT
"""接诉即办 forms: a refusal keeps what was typed; a step not possible now does not open its
form; voiding asks first, naming the ticket."""

from PySide6.QtCore import Qt

from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.pages.dialogs import HotlineFormDialog
from jiedao_desk.ui.kit import widgets
from tests.hotline.pages.test_actions import select
from tests.qt_helpers import ime, on_modal


def test_duplicate_ticket_is_refused_inside_the_form(qtbot, store, actor, rated, open_page):
    page = open_page(actor)
    seen = {}

    def fill(d):
        d.editors["ticket_no"].clear()
        assert not d.ok_button.isEnabled() and "工单编号" in d.status.text()
        qtbot.keyClicks(d.editors["ticket_no"], "T1")  # already registered
        ime(d.editors["title"], "路灯不亮")
        d.editors["content"].setPlainText("小区北门路灯坏了")
        assert d.ok_button.isEnabled()
        qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
        seen["open"] = d.isVisible()
        seen["status"] = d.status.text()
        seen["kept"] = d.values()
        qtbot.keyClicks(d.editors["ticket_no"], "0")  # T10: new
        qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
        seen["closed"] = not d.isVisible()

    state = on_modal(HotlineFormDialog, fill)
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None
    assert seen["open"] and "已登记" in seen["status"]
    assert seen["kept"]["title"] == "路灯不亮"
    assert seen["kept"]["content"] == "小区北门路灯坏了"
    assert seen["closed"]
    assert hotline.find_ticket(store, actor, "T10").title == "路灯不亮"


def test_dispatch_of_a_closed_ticket_does_not_open(qtbot, store, actor, rated, open_page,
                                                   monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    page = open_page(actor)
    select(page, "T2")  # replied and closed
    page.buttons["dispatch"].setEnabled(True)  # even if a button were left enabled
    qtbot.mouseClick(page.buttons["dispatch"], Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "派单" in shown[0]


def test_void_asks_naming_the_ticket_and_cancel_keeps_it(qtbot, store, actor, rated,
                                                         open_page, confirms):
    page = open_page(actor)
    select(page, "T1")
    confirms.answer = False
    kept = {}

    def fill(d):
        ime(d.editors["reason"], "重复录入")
        d.accept()
        kept.update(d.values())
        d.reject()

    on_modal(HotlineFormDialog, fill)
    qtbot.mouseClick(page.buttons["void"], Qt.MouseButton.LeftButton)
    ((title, text),) = confirms
    assert "T1" in text and kept == {"reason": "重复录入"}
    assert hotline.find_ticket(store, actor, "T1")  # still there
    confirms.answer = True
    on_modal(HotlineFormDialog, lambda d: (ime(d.editors["reason"], "重复录入"), d.accept()))
    qtbot.mouseClick(page.buttons["void"], Qt.MouseButton.LeftButton)
    assert len(confirms) == 2
    assert all(page.model.row_values(r)["ticket_no"] != "T1"
               for r in range(page.model.rowCount()))


def test_mapping_dialog_checks_the_columns_and_keeps_them_on_refusal(qtbot, store, actor,
                                                                     monkeypatch):
    from jiedao_desk.base.errors import ValidationError
    from jiedao_desk.domains.hotline import importing as hotline_import
    from jiedao_desk.domains.hotline.pages.dialogs import MappingDialog
    from jiedao_desk.ui.kit import focus

    saved = []

    def save(v):
        if not saved:  # the first try is refused, as a full disk or a clash would be
            saved.append(None)
            raise ValidationError("磁盘已满，对应关系没有保存。")
        hotline_import.save_mapping(store, actor, v["name"], v["mapping"])
        saved.append(v["name"])

    d = MappingDialog(["工单号", "受理时间", "诉求人"], {}, None, save)
    qtbot.addWidget(d)
    d.show()
    assert focus.unnamed_inputs(d) == []
    combos = dict(d.combos)
    assert not d.ok_button.isEnabled() and d.status.text() == "请填写“保存为”。"
    ime(d.name, "区平台2026")
    assert not d.ok_button.isEnabled() and "工单编号" in d.status.text()
    combos["工单号"].setCurrentIndex(combos["工单号"].findData("ticket_no"))
    assert not d.ok_button.isEnabled() and "受理时间" in d.status.text()
    combos["受理时间"].setCurrentIndex(combos["受理时间"].findData("received_at"))
    combos["诉求人"].setCurrentIndex(combos["诉求人"].findData("claimant_name"))
    assert d.ok_button.isEnabled() and d.status.text() == ""
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert d.isVisible() and "磁盘已满" in d.status.text()
    chosen = {"工单号": "ticket_no", "受理时间": "received_at", "诉求人": "claimant_name"}
    assert d.values() == {"name": "区平台2026", "mapping": chosen}
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible() and saved == [None, "区平台2026"]
    assert chosen.items() <= hotline_import.get_mapping(store).items()  # merged with the defaults
