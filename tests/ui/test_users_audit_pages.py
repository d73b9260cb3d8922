# SPDX-License-Identifier: MIT
"""用户管理 and 审计日志 pages."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import forms, widgets
from jiedao_desk.ui.pages.audit import AuditPage
from jiedao_desk.ui.pages.users import NewUserDialog, UsersPage

READONLY = Actor(5, "x", "readonly")


@pytest.fixture
def admin(store):
    auth.create_first_admin(store, "admin", "管理员", "good-pass-1")
    return auth.authenticate(store, "admin", "good-pass-1")


@pytest.fixture
def errors(monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    return shown


@pytest.fixture
def messages(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.append(("info", text)))
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a: shown.append(("critical", text)))
    return shown


def on_modal(kind, handler):
    """Run ``handler`` on the next modal ``kind``; reject it if the handler fails."""
    state = {"error": None}

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

    QTimer.singleShot(0, poll)
    return state


def cells(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_users_page_creates_community_worker(store, admin, make_community, qtbot, errors):
    make_community("和平里社区", "HPL")
    target = make_community("安贞社区", "AZ")
    page = UsersPage(store, admin)
    qtbot.addWidget(page)
    assert not page.denied_label.isVisible() and page.new_button.isEnabled()
    assert page.table.rowCount() == 1

    def fill(d: NewUserDialog):
        qtbot.keyClicks(d.username_edit, "zhang")
        d.name_edit.setText("张三")
        assert d.role_combo.currentText() == "社区工作者"   # never defaults to 管理员
        d.set_role("readonly")
        assert not d.community_combo.isEnabled()  # only community workers are bound
        d.set_role("community_worker")
        assert d.community_combo.isEnabled()
        d.community_combo.setCurrentIndex(d.community_combo.findData(target.id))
        qtbot.keyClicks(d.password_edit, "init-pass-1")
        qtbot.mouseClick(d.buttons.button(d.buttons.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    state = on_modal(NewUserDialog, fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert state["error"] is None and errors == []
    rows = {cells(page.table, r)[0]: cells(page.table, r) for r in range(page.table.rowCount())}
    assert rows["zhang"] == ["zhang", "张三", "社区工作者", "安贞社区", "须改密码"]
    user = next(u for u in auth.list_users(store, admin) if u.username == "zhang")
    assert user.role == "community_worker" and user.community_id == target.id


def test_new_user_dialog_keeps_open_on_core_error(store, admin, qtbot, errors,
                                                  make_community):
    def fill(d: NewUserDialog):
        d.username_edit.setText("zhao")
        d.name_edit.setText("赵六")
        d.set_role("community_worker")  # no community exists → said before 创建
        qtbot.keyClicks(d.password_edit, "init-pass-1")
        assert not d.ok_button.isEnabled() and "社区工作者必须绑定一个社区" in d.status.text()
        d.accept()
        assert d.isVisible()
        d.reject()

    state = on_modal(NewUserDialog, fill)
    page = UsersPage(store, admin)
    qtbot.addWidget(page)
    page.new_user()
    assert state["error"] is None and errors == []
    assert page.table.rowCount() == 1


def test_new_user_dialog_checks_as_typed_and_keeps_input_on_refusal(
        store, admin, qtbot, make_community):
    community = make_community("安贞社区", "AZ")
    auth.create_user(store, admin, "zhao", "赵六", "readonly", "init-pass-1")
    created = []
    d = NewUserDialog(store, lambda v: created.append(auth.create_user(
        store, admin, v["username"], v["name"], v["role"], v["password"], v["community"])))
    qtbot.addWidget(d)
    d.show()
    assert d.role_combo.currentData() == "community_worker"  # never 管理员 by default
    assert not d.ok_button.isEnabled() and d.status.text() == "请填写“用户名”。"
    qtbot.keyClicks(d.username_edit, "zh ao")
    assert not d.ok_button.isEnabled() and "不含空格" in d.status.text()
    d.username_edit.clear()
    qtbot.keyClicks(d.username_edit, "zhao")
    d.name_edit.setText("赵六")
    qtbot.keyClicks(d.password_edit, "short")
    assert not d.ok_button.isEnabled() and "密码至少需要" in d.status.text()
    qtbot.keyClicks(d.password_edit, "-horse-battery-9")
    assert d.ok_button.isEnabled(), d.status.text()
    assert d.values()["community"] == community.id
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    # core: the name is taken — said in the dialog, every field still filled in
    assert d.isVisible() and created == [] and "已被使用" in d.status.text()
    assert (d.username_edit.text(), d.name_edit.text(), d.password_edit.text()) == (
        "zhao", "赵六", "short-horse-battery-9")
    assert d.values()["community"] == community.id
    d.username_edit.setText("zhao2")
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible() and [u.username for u in created] == ["zhao2"]
    assert created[0].community_id == community.id


def test_users_page_unlock_and_void(store, admin, qtbot, errors, monkeypatch, confirms):
    auth.create_user(store, admin, "li", "李四", "readonly", "init-pass-1")
    for _ in range(5):
        with pytest.raises(auth.PermissionDenied):
            auth.authenticate(store, "li", "wrong-pass-1")
    page = UsersPage(store, admin)
    qtbot.addWidget(page)
    row = next(r for r in range(page.table.rowCount()) if cells(page.table, r)[0] == "li")
    assert cells(page.table, row)[4] == "已锁定"
    page.table.selectRow(row)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert cells(page.table, row)[4] == "须改密码"

    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "调离本街道")
    page.table.selectRow(row)
    confirms.answer = False  # asked, naming the account; declined: nothing happens
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert "李四（li）不能再登录" in confirms[-1][1]
    assert cells(page.table, row)[4] == "须改密码"
    confirms.answer = True
    page.table.selectRow(row)
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert errors == []
    row = next(r for r in range(page.table.rowCount()) if cells(page.table, r)[0] == "li")
    assert cells(page.table, row)[4] == "已停用"


def test_users_page_denied_for_non_admin(store, admin, qtbot):
    page = UsersPage(store, READONLY)
    qtbot.addWidget(page)
    page.show()
    assert page.denied_label.isVisible()
    assert page.denied_label.text() == "只有管理员可以管理用户。"
    for b in (page.new_button, page.reset_button, page.unlock_button, page.void_button):
        assert not b.isEnabled()
    assert page.table.rowCount() == 0


def test_audit_page_filters_by_entity_and_checks_chain(store, admin, make_community, qtbot,
                                                       messages):
    org.set_street(store, admin, "和平街道", "HP", "朝阳区")
    make_community("和平里社区", "HPL")
    page = AuditPage(store, admin)
    qtbot.addWidget(page)
    page.show()
    entities = [page.entity_combo.itemText(i) for i in range(page.entity_combo.count())]
    assert "社区" in entities and "用户" in entities  # kinds of record in Chinese
    assert page.table.rowCount() > 2   # everything: logins, street, community

    page.entity_combo.setCurrentText("社区")
    qtbot.mouseClick(page.query_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1
    row = cells(page.table, 0)
    assert row[1] == "系统" and row[2] == "添加社区" and row[3] == "和平里社区"
    assert "名称：和平里社区" in row[4] and "{" not in row[4]
    assert page.note.text().startswith("共 1 条")

    page.entity_combo.setCurrentText("街道")
    qtbot.mouseClick(page.query_button, Qt.MouseButton.LeftButton)
    assert [cells(page.table, r)[1] for r in range(page.table.rowCount())] == ["管理员"]

    page.date_from.unlimited.setChecked(False)   # from today (frozen 2026-11-23) on: kept
    qtbot.mouseClick(page.query_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1
    page.date_to.unlimited.setChecked(False)
    page.date_to.edit.setDate(page.date_to.edit.date().addDays(-1))   # to yesterday: none
    qtbot.mouseClick(page.query_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 0

    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "info" and "校验通过" in messages[-1][1]


def test_audit_chain_check_reports_tampering(store, admin, qtbot, messages):
    page = AuditPage(store, admin)
    qtbot.addWidget(page)
    # Someone edits the file with another tool that ignores the append-only trigger.
    store.execute("DROP TRIGGER audit_log_no_update")
    store.execute("UPDATE audit_log SET actor_name = '别人' WHERE id = 1")
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert messages == [("critical", "审计日志被改动过：第1条审计记录的内容与哈希不符"
                                     "（记录被改动）。请保留数据库文件并向上级报告。")]


def test_audit_page_denied_for_non_admin(store, qtbot):
    page = AuditPage(store, READONLY)
    qtbot.addWidget(page)
    page.show()
    assert page.denied_label.isVisible()
    assert not hasattr(page, "table")
