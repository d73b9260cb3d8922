# SPDX-License-Identifier: MIT
"""设置 page: street form, communities, declared settings and calendar overrides."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from jiedao_desk import registry
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core import numbering, workdays
from jiedao_desk.core import settings as settings_core
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import forms, widgets
from jiedao_desk.ui.pages.settings import CommunityDialog, SettingsPage
from tests.qt_helpers import ime  # noqa: E402


def on_modal(kind, handler):
    """Run ``handler(widget)`` on the next modal widget of class ``kind`` to appear.

    The widget is rejected if the handler fails, so a broken test never hangs in exec().
    """
    state = {"done": False, "error": None}

    def poll():
        w = QApplication.activeModalWidget()
        if not isinstance(w, kind):
            QTimer.singleShot(10, poll)
            return
        try:
            handler(w)
        except BaseException as exc:  # noqa: BLE001 - re-raised by the test
            state["error"] = exc
            w.reject()
        state["done"] = True

    QTimer.singleShot(0, poll)
    return state


@pytest.fixture
def errors(monkeypatch):
    """Errors the page showed (instead of blocking message boxes)."""
    shown: list[BaseException] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    return shown


@pytest.fixture
def page(store, actor, qtbot):
    p = SettingsPage(store, actor)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    return p


def _audit_rows(store):
    return store.scalar("SELECT COUNT(*) FROM audit_log")


def test_street_form_saves_and_signals(page, store, qtbot, errors):
    ime(page.street_name, "和平街街道")
    qtbot.keyClicks(page.street_code, "110105001")
    ime(page.street_district, "朝阳区")
    with qtbot.waitSignal(page.street_changed, timeout=1000):
        qtbot.mouseClick(page.save_street_button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert org.get_street(store) == org.Street("和平街街道", "110105001", "朝阳区")


def test_street_error_is_shown_and_nothing_written(page, store, qtbot, errors):
    qtbot.keyClicks(page.street_code, "bad code!")
    ime(page.street_name, "和平街街道")
    before = _audit_rows(store)
    with qtbot.assertNotEmitted(page.street_changed):
        qtbot.mouseClick(page.save_street_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "街道代码" in str(errors[0])
    assert org.get_street(store) is None and _audit_rows(store) == before


def test_real_message_box_shows_chinese_error(page, store, qtbot):
    seen = {}

    def read_box(box):
        seen["text"] = box.text()
        box.accept()

    state = on_modal(QMessageBox, read_box)
    qtbot.mouseClick(page.save_street_button, Qt.MouseButton.LeftButton)  # empty name
    qtbot.waitUntil(lambda: state["done"], timeout=3000)
    assert state["error"] is None
    assert "街道名称" in seen["text"] and "不能为空" in seen["text"]
    assert org.get_street(store) is None


def test_add_community_through_the_dialog(page, store, qtbot, errors):
    def fill(dialog):
        ime(dialog.name_edit, "和平里社区")
        qtbot.keyClicks(dialog.code_edit, "HPL")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    state = on_modal(CommunityDialog, fill)
    qtbot.mouseClick(page.add_community_button, Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None and errors == []
    assert [(c.name, c.code) for c in org.list_communities(store)] == [("和平里社区", "HPL")]
    assert page.communities.rowCount() == 1
    assert page.communities.item(0, 1).text() == "和平里社区"


def test_duplicate_community_keeps_dialog_open_and_writes_nothing(page, store, qtbot,
                                                                  make_community):
    make_community("幸福社区", "XF")
    page.load_communities()
    before = _audit_rows(store)
    box_text = {}

    def fill(dialog):
        ime(dialog.name_edit, "另一个社区")
        qtbot.keyClicks(dialog.code_edit, "XF")
        inner = on_modal(QMessageBox, lambda box: (box_text.setdefault("t", box.text()),
                                                   box.accept()))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert inner["done"] and dialog.isVisible()      # still open for correction
        dialog.reject()

    state = on_modal(CommunityDialog, fill)
    qtbot.mouseClick(page.add_community_button, Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None
    assert "XF" in box_text["t"] and "已被" in box_text["t"]
    assert len(org.list_communities(store)) == 1 and _audit_rows(store) == before


def test_community_dialog_closes_only_on_success(qtbot):
    calls = []
    dialog = CommunityDialog(None, "新增社区", lambda n, c: calls.append((n, c)) or c == "OK")
    qtbot.addWidget(dialog)
    dialog.code_edit.setText("NO")
    dialog.accept()
    assert dialog.result() == 0 and calls == [("", "NO")]
    dialog.code_edit.setText("OK")
    dialog.accept()
    assert dialog.result() == 1


def test_rename_and_void_community(page, store, qtbot, errors, make_community, monkeypatch):
    a = make_community("甲社区", "A")
    make_community("乙社区", "B")
    page.load_communities()
    page.communities.selectRow(0)

    def rename(dialog):
        assert dialog.name_edit.text() == "甲社区"
        dialog.name_edit.setText("甲一社区")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    state = on_modal(CommunityDialog, rename)
    qtbot.mouseClick(page.edit_community_button, Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None and errors == []
    assert org.get_community(store, a.id).name == "甲一社区"

    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "")   # no reason given
    page.communities.selectRow(0)
    qtbot.mouseClick(page.void_community_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "作废原因" in str(errors[0])
    assert not org.get_community(store, a.id).voided

    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "与乙社区合并")
    page.communities.selectRow(0)
    qtbot.mouseClick(page.void_community_button, Qt.MouseButton.LeftButton)
    assert org.get_community(store, a.id).voided
    assert page.communities.rowCount() == 1                     # voided ones hidden
    page.show_voided.setChecked(True)
    assert page.communities.rowCount() == 2
    texts = {page.communities.item(r, 3).text() for r in range(2)}
    assert texts == {"正常", "已作废"}


def test_edit_without_selection_is_refused(page, errors, qtbot):
    qtbot.mouseClick(page.edit_community_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.void_community_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 2 and all(isinstance(e, JiedaoError) for e in errors)


def test_every_declared_setting_is_shown_with_default_and_note(page):
    for decl in registry.all_settings():
        key = decl.key
        editor = page.setting_editor(key)
        assert editor.objectName() == f"setting:{key}"
        notes = [lb.text() for lb in page.findChildren(QLabel) if decl.note in lb.text()]
        assert notes, f"note of {key} not shown"
        states = [lb.text() for lb in page.findChildren(QLabel)
                  if lb.text().startswith("默认：")]
        expected = widgets.show_value(decl.default)  # None reads "（空）", never "None"
        if decl.number_pattern:  # 「年份」, never {year}
            expected = numbering.display_pattern(str(decl.default))
        kind = numbering.kind_of_setting(key)
        if kind is not None:  # a number pattern shows the number it makes, not itself
            expected = (numbering.example_number(page.store, kind, 2026, str(decl.default))
                        or "不编号")
        assert any(expected in s for s in states)


def test_change_and_reset_an_int_setting(page, store, qtbot, errors):
    key = "todo.due_soon_working_days"
    spin = page.setting_editor(key)
    assert spin.value() == 3
    spin.setValue(5)
    page.save_setting(key)
    assert errors == [] and settings_core.get(store, registry.setting(key)) == 5
    page.reset_setting(key)
    assert settings_core.get(store, registry.setting(key)) == 3 and spin.value() == 3


def test_bad_json_setting_is_refused(store, actor, qtbot, errors, monkeypatch):
    decl = settings_core.Setting("test.codes", "测试代码表", ["A", "B"], "测试用。", "测试")
    every = registry.all_settings
    monkeypatch.setattr(registry, "all_settings", lambda: [*every(), decl])
    page = SettingsPage(store, actor)
    qtbot.addWidget(page)
    editor = page.setting_editor(decl.key)
    assert isinstance(editor, QLineEdit) and editor.text() == '["A", "B"]'
    editor.setText('["A", ')
    before = _audit_rows(store)
    page.save_setting(decl.key)
    assert len(errors) == 1 and "格式不正确" in str(errors[0])
    assert _audit_rows(store) == before and settings_core.get(store, decl) == ["A", "B"]
    editor.setText('["A", "C"]')
    page.save_setting(decl.key)
    assert settings_core.get(store, decl) == ["A", "C"]


def test_calendar_override_add_and_remove(page, store, qtbot, errors, monkeypatch):
    page.tabs.setCurrentIndex(2)
    page.day_edit.setDate(QDate(2027, 1, 1))
    page.day_kind.setCurrentIndex(0)                 # 休息日
    ime(page.day_note, "元旦")
    with qtbot.waitSignal(page.calendar_changed, timeout=1000):
        qtbot.mouseClick(page.add_day_button, Qt.MouseButton.LeftButton)
    assert errors == []
    cal = workdays.load_calendar(store)
    assert cal.overrides == {dt.date(2027, 1, 1): (False, "元旦")}
    assert not cal.day_info(dt.date(2027, 1, 1)).workday
    assert page.overrides.rowCount() == 1
    assert [page.overrides.item(0, c).text() for c in range(4)] == [
        "2027-01-01", "星期五", "休息日", "元旦"]

    monkeypatch.setattr(widgets, "confirm", lambda *a: False)
    page.overrides.selectRow(0)
    qtbot.mouseClick(page.remove_day_button, Qt.MouseButton.LeftButton)
    assert page.overrides.rowCount() == 1            # cancelled
    monkeypatch.setattr(widgets, "confirm", lambda *a: True)
    with qtbot.waitSignal(page.calendar_changed, timeout=1000):
        qtbot.mouseClick(page.remove_day_button, Qt.MouseButton.LeftButton)
    assert page.overrides.rowCount() == 0 and workdays.load_calendar(store).overrides == {}
    qtbot.mouseClick(page.remove_day_button, Qt.MouseButton.LeftButton)   # nothing selected
    assert len(errors) == 1


def test_settings_page_lists_settings_of_every_module(qtbot, store):
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.ui.pages.settings import SettingsPage

    page = SettingsPage(store, SYSTEM)
    qtbot.addWidget(page)
    keys = {s.key for s in registry.all_settings()}
    assert {"auth.max_failures", "backup.keep_daily", "documents.font.body"} <= keys
    assert any(k.startswith("documents.number_pattern.") for k in keys)


def test_number_patterns_show_the_number_they_make(qtbot, store):
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.ui.pages.settings import SettingsPage

    page = SettingsPage(store, SYSTEM)
    qtbot.addWidget(page)
    key = "documents.number_pattern.generic_notice"
    example = page.example_label(key)
    assert example.text() == "示例：街通〔2026〕第1号"  # today is frozen in 2026
    _editor, state = page._setting_rows[key]
    assert state.text() == "默认：街通〔2026〕第1号" and "{" not in state.text()
    page.setting_editor(key).setText("{prefix}〔{year}〕{serial:03d}号")
    assert example.text() == "示例：街通〔2026〕001号"
    page.setting_editor(key).setText("{prefix}〔{yaer}〕{serial}号")
    assert example.text().startswith("格式有误：")


def test_number_patterns_are_edited_with_chinese_placeholder_names(qtbot, store, monkeypatch):
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.core import settings as settings_core
    from jiedao_desk.ui.kit import widgets
    from jiedao_desk.ui.pages.settings import SettingsPage

    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    page = SettingsPage(store, SYSTEM)
    qtbot.addWidget(page)
    key = "documents.number_pattern.generic_notice"
    editor = page.setting_editor(key)
    assert editor.text() == "「代字」〔「年份」〕第「序号」号"
    editor.setText("「代字」〔「年份」〕第「3位序号」号")
    assert page.example_label(key).text() == "示例：街通〔2026〕第001号"
    page.save_setting(key)
    # stored as every pattern was stored before: old databases and new ones read alike
    assert settings_core.get(store, registry.setting(key)) == "{prefix}〔{year}〕第{serial:03d}号"
    assert editor.text() == "「代字」〔「年份」〕第「3位序号」号"
    editor.setText("「代字」〔「年分」〕第「序号」号")
    assert page.example_label(key).text().startswith("格式有误：")
    page.save_setting(key)
    assert shown and "「年分」" in shown[-1]
    assert settings_core.get(store, registry.setting(key)) == "{prefix}〔{year}〕第{serial:03d}号"
    # the case-number patterns of the domains too: no {…} on the page
    for other in ("enforcement.case_number_pattern", "mediation.case_number_pattern"):
        text = page.setting_editor(other).text()
        assert "「序号」" in text or "位序号」" in text, text
        assert "{" not in text and "{" not in page._setting_rows[other][1].text()
        assert "{" not in registry.setting(other).note
