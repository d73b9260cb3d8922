# SPDX-License-Identifier: MIT
"""The shared form dialog (ui/kit/forms.py), the keyboard and screen-reader manners of forms
(ui/kit/focus.py) and the "cannot be undone" question (widgets.confirm_irreversible)."""

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.ui.kit import focus, forms
from jiedao_desk.ui.kit.widgets import confirm_irreversible as real_confirm
from tests.qt_helpers import ime

FIELDS = [forms.Field("name", "姓名", required=True),
          forms.Field("phone", "电话", check=lambda v: None if v.isdigit() else "电话只能是数字。"),
          forms.Field("note", "情况", "text"),
          forms.Field("kind", "类别", [("甲", "a"), ("乙", "b")])]


def _dialog(qtbot, submit=None):
    d = forms.FormDialog("登记", FIELDS, submit=submit)
    qtbot.addWidget(d)
    d.show()
    return d


def test_ok_waits_for_required_fields_and_checks_as_typed(qtbot):
    d = _dialog(qtbot)
    assert not d.ok_button.isEnabled() and d.status.text() == "请填写“姓名”。"
    ime(d.editors["name"], "张三")
    assert d.ok_button.isEnabled() and d.status.text() == ""
    qtbot.keyClicks(d.editors["phone"], "13x")
    assert not d.ok_button.isEnabled() and d.status.text() == "电话只能是数字。"
    d.editors["phone"].setText("138")
    assert d.ok_button.isEnabled()


def test_refusal_is_one_sentence_in_the_dialog_and_keeps_the_input(qtbot):
    calls = []

    def submit(values):
        calls.append(values)
        if len(calls) == 1:
            raise ValidationError("电话号码位数不对。", "phone")
        return 42

    d = _dialog(qtbot, submit)
    ime(d.editors["name"], "张三")
    d.editors["phone"].setText("138")
    d.editors["note"].setPlainText("楼上漏水")
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert d.isVisible() and d.result() == 0
    assert d.status.text() == "电话号码位数不对。"
    assert d.values() == {"name": "张三", "phone": "138", "note": "楼上漏水", "kind": "a"}
    assert d.focusWidget() is d.editors["phone"]  # the field core named
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible() and d.result_value == 42 and len(calls) == 2


def test_precheck_says_why_before_the_form_opens(monkeypatch):
    from jiedao_desk.ui.kit import widgets

    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda p, exc, title="": shown.append(exc))
    assert forms.precheck(None, "登记调解协议", None)
    assert not forms.precheck(None, "登记调解协议", "尚未指定人民调解员。")
    assert isinstance(shown[0], Conflict) and str(shown[0]) == "尚未指定人民调解员。"


def test_status_line_keeps_its_height_so_buttons_do_not_jump(qtbot):
    d = forms.FormDialog("登记", [forms.Field("name", "姓名", required=True)])
    qtbot.addWidget(d)
    d.show()
    ime(d.editors["name"], "张三")  # no message now
    d.adjustSize()  # as small as it can be: any growth of the status line would push
    qtbot.wait(10)
    def where():
        return d.ok_button.mapTo(d, QPoint(0, 0)), d.ok_button.size()

    before = where()
    d.status.say("电话号码位数不对：手机号码是11位数字，固定电话请加区号，如010-12345678；"
                 "请核对后再填写。", error=True)
    qtbot.wait(10)
    assert where() == before
    d.status.say("")
    qtbot.wait(10)
    assert where() == before


def test_tab_moves_on_and_ctrl_tab_types_a_tab(qtbot):
    d = _dialog(qtbot)
    note = d.editors["note"]
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert note.toPlainText() == "" and d.focusWidget() is d.editors["kind"]
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert note.toPlainText() == "\t"
    # the focus order is the order of the fields
    d.editors["name"].setFocus()
    order = []
    for _ in range(3):
        qtbot.keyClick(d.focusWidget(), Qt.Key.Key_Tab)
        order.append(d.focusWidget())
    assert order == [d.editors["phone"], d.editors["note"], d.editors["kind"]]


def test_every_input_is_named_by_its_label_app_wide(qtbot):
    page = QWidget()  # a page built without any care for accessibility
    form = QFormLayout(page)
    line, text = QLineEdit(), QPlainTextEdit()
    form.addRow("工单编号：", line)
    form.addRow("主要内容（必填）：", text)
    search = QLineEdit()
    search.setPlaceholderText("搜索姓名或编号")
    buddy_label, buddy = QLabel("月份："), QLineEdit()
    buddy_label.setBuddy(buddy)
    for w in (search, buddy_label, buddy):
        form.addRow(w)
    qtbot.addWidget(page)
    page.show()  # the app-wide watch (installed with the application) polishes it
    assert line.accessibleName() == "工单编号" and text.accessibleName() == "主要内容"
    assert search.accessibleName() == "搜索姓名或编号" and buddy.accessibleName() == "月份"
    assert text.tabChangesFocus()
    assert focus.unnamed_inputs(page) == []
    d = _dialog(qtbot)
    assert focus.unnamed_inputs(d) == []
    assert d.editors["name"].accessibleName() == "姓名"


def _answer(button_text):
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    seen: list[str] = []
    QTimer.singleShot(0, click)
    return seen


def test_confirm_names_the_consequence_and_defaults_to_cancel(qtbot):
    seen = _answer("取消")
    assert real_confirm(None, "打印", "打印后文号 东街准〔2026〕第3号 将被占用，不能再用。",
                        "打印") is False
    assert seen == ["打印后文号 东街准〔2026〕第3号 将被占用，不能再用。此操作不能撤销。"]
    seen = _answer("打印")
    assert real_confirm(None, "打印", "打印后文号将被占用。", "打印") is True


def test_declined_confirmation_keeps_the_form_open(qtbot, confirms):
    done = []
    d = forms.FormDialog("作废", [forms.Field("reason", "作废原因", required=True)],
                         submit=done.append, confirm=lambda v: f"作废“{v['reason']}”。")
    qtbot.addWidget(d)
    d.show()
    ime(d.editors["reason"], "录错")
    confirms.answer = False
    d.accept()
    assert d.isVisible() and done == [] and confirms == [("作废", "作废“录错”。")]
    confirms.answer = True
    d.accept()
    assert not d.isVisible() and done == [{"reason": "录错"}]


def test_every_page_names_its_inputs_and_moves_on_with_tab(store, actor, qtbot):
    """Walk every page an administrator sees: no input without a name a screen reader can
    say, and no editable multi-line text that would swallow Tab."""
    from jiedao_desk.registry import pages
    from jiedao_desk.ui.main_window import MainWindow

    window = MainWindow(store, actor)
    qtbot.addWidget(window)
    window.show()
    unnamed, swallowing = {}, {}
    for spec in pages():
        page = window.show_page(spec.key)
        QApplication.processEvents()
        names = [type(w).__name__ for w in focus.unnamed_inputs(page)]
        if names:
            unnamed[spec.key] = names
        texts = [w for w in page.findChildren(QPlainTextEdit) if not w.isReadOnly()
                 and not w.tabChangesFocus()]
        if texts:
            swallowing[spec.key] = len(texts)
    assert unnamed == {} and swallowing == {}


def test_ask_text_needs_a_reason_and_asks_before_an_irreversible_step(qtbot, confirms):

    seen = {}

    def drive():
        d = QApplication.activeModalWidget()
        if not isinstance(d, forms.FormDialog):
            QTimer.singleShot(10, drive)
            return
        seen["ok_empty"] = d.ok_button.isEnabled()
        ime(d.editors["text"], "重复登记")
        confirms.answer = False
        d.accept()
        seen["open_after_no"] = d.isVisible()
        seen["kept"] = d.values()["text"]
        confirms.answer = True
        d.accept()

    QTimer.singleShot(0, drive)
    assert forms.ask_text(None, "作废居民记录", "作废原因：",
                            consequence="作废后，张三的居民记录不再出现在名单中。") == "重复登记"
    assert seen == {"ok_empty": False, "open_after_no": True, "kept": "重复登记"}
    assert [c[0] for c in confirms] == ["作废居民记录", "作废居民记录"]
