# SPDX-License-Identifier: MIT
"""数据备份 page: back up, restore round trip (with the strong confirmation), check."""

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core import backup as core_backup
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import widgets
from jiedao_desk.ui.main_window import MainWindow
from jiedao_desk.ui.pages.backups import BackupsPage, RestoreConfirmDialog
from tests.qt_helpers import ime, on_modal  # noqa: E402


@pytest.fixture
def file_store(file_store):
    """A file store with an administrator (a backup without one is never restored)."""
    from jiedao_desk.core import auth

    auth.create_first_admin(file_store, "admin", "管理员", "Admin-desk-2026!")
    return file_store


@pytest.fixture
def messages(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.append(("info", text)))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append(("warning", text)))
    return shown


def _backup(qtbot, page, count_before):
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == count_before + 1, timeout=10_000)


def test_backup_now_then_the_list_shows_it(file_store, qtbot, messages):
    page = BackupsPage(file_store, SYSTEM)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0
    assert "共 0 份备份" in page.folder_label.text()
    _backup(qtbot, page, 0)
    info = page.backups_shown()[0]
    assert info.kind == "manual" and info.db_file.exists()
    assert page.table.item(0, 1).text() == "手动"
    assert page.table.item(0, 2).text() == info.path.name
    assert "已备份" in page.status_label.text()
    assert page.backup_button.isEnabled()  # enabled again after the task


def test_backup_to_another_folder(file_store, qtbot, tmp_path, monkeypatch, messages):
    page = BackupsPage(file_store, SYSTEM)
    qtbot.addWidget(page)
    other = tmp_path / "移动硬盘"
    other.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(other)))
    qtbot.mouseClick(page.backup_to_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已备份" in page.status_label.text(), timeout=10_000)
    copies = list(other.iterdir())
    assert len(copies) == 1 and (copies[0] / "jiedao-desk.sqlite3").exists()
    assert page.table.rowCount() == 0  # the default folder's list is unchanged


def test_restore_round_trip_replaces_data_takes_safety_backup_and_reloads(
        file_store, qtbot, messages):
    org.add_community(file_store, SYSTEM, "甲社区", "001")
    window = MainWindow(file_store, SYSTEM)
    qtbot.addWidget(window)
    page = window.show_page("backups")
    _backup(qtbot, page, 0)
    org.add_community(file_store, SYSTEM, "乙社区", "002")
    page.table.selectRow(0)

    def confirm(dialog):
        assert str(file_store.path) in dialog.text_label.text()  # names what is replaced
        assert "恢复前" in dialog.text_label.text()  # and the safety backup
        assert not dialog.ok_button.isEnabled()
        ime(dialog.word, "确定")  # the wrong word does not unlock the button
        assert not dialog.ok_button.isEnabled()
        dialog.word.clear()
        ime(dialog.word, "恢复")
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    state = on_modal(RestoreConfirmDialog, confirm)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None
    assert [c.name for c in org.list_communities(file_store)] == ["甲社区"]
    assert messages[-1][0] == "info" and "安全备份" in messages[-1][1]
    # the main window rebuilt its pages: a new 数据备份 page shows the safety backup
    new_page = window.page("backups")
    assert new_page is not None and new_page is not page
    assert [b.kind for b in new_page.backups_shown()] == ["pre_restore", "manual"]
    assert new_page.table.item(0, 1).text() == "恢复前"
    # the safety backup holds the state before the restore (with 乙社区)
    conn = sqlite3.connect(new_page.backups_shown()[0].db_file)
    names = {r[0] for r in conn.execute("SELECT name FROM community")}
    conn.close()
    assert names == {"甲社区", "乙社区"}


def test_cancelled_confirmation_changes_nothing(file_store, qtbot, messages):
    page = BackupsPage(file_store, SYSTEM)
    qtbot.addWidget(page)
    _backup(qtbot, page, 0)
    org.add_community(file_store, SYSTEM, "乙社区", "002")
    page.table.selectRow(0)
    state = on_modal(RestoreConfirmDialog, lambda d: d.reject())
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert state["done"]
    assert [c.name for c in org.list_communities(file_store)] == ["乙社区"]
    assert page.table.rowCount() == 1  # no safety backup either


def test_check_reports_ok_and_tampering(file_store, qtbot, messages):
    org.add_community(file_store, SYSTEM, "甲社区", "001")
    page = BackupsPage(file_store, SYSTEM)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "info" and "校验通过" in messages[-1][1]
    assert "哈希链完整" in page.status_label.text()
    conn = sqlite3.connect(file_store.path)  # edited with another tool, guard dropped
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor_name = '别人' WHERE id = 1")
    conn.commit()
    conn.close()
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "warning" and "发现问题" in messages[-1][1]
    assert "第1条审计记录" in page.status_label.text()


def test_in_memory_store_refuses_a_restore_without_a_dialog(store, qtbot, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    monkeypatch.setattr(RestoreConfirmDialog, "exec", lambda self: shown.append("dialog") or 0)
    page = BackupsPage(store, SYSTEM)
    qtbot.addWidget(page)
    assert page.confirm_restore("某个备份") is False
    assert len(shown) == 1 and "需要数据库文件" in shown[0]


def test_a_role_that_cannot_back_up_sees_no_backup_list(file_store, qtbot):
    # The core lists backups only to who may make them; the page must not raise.
    core_backup.backup_now(file_store, "manual")  # one backup exists
    page = BackupsPage(file_store, Actor(9, "某人", "readonly"))
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0
    assert "不能查看备份列表" in page.folder_label.text()


def test_in_memory_store_explains_that_backups_need_a_file(store, qtbot):
    page = BackupsPage(store, SYSTEM)
    qtbot.addWidget(page)
    assert "需要数据库文件" in page.folder_label.text()
    assert not page.backup_button.isEnabled() and not page.restore_button.isEnabled()
    assert page.retention_labels["backup.keep_daily"].text() == "7"


@pytest.mark.parametrize(("role", "run", "restore"), [
    ("street_staff", True, False), ("admin", True, True), ("readonly", False, False)])
def test_buttons_follow_permissions(file_store, qtbot, role, run, restore):
    page = BackupsPage(file_store, Actor(9, "某人", role))
    qtbot.addWidget(page)
    assert page.backup_button.isEnabled() is run
    assert page.check_button.isEnabled() is run
    assert page.restore_button.isEnabled() is restore
    assert page.restore_folder_button.isEnabled() is restore
    assert ("不能查看备份列表" in page.folder_label.text()) is not run
