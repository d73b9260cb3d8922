# SPDX-License-Identifier: MIT
"""数据加密 page and the recovery code at sign-in, driven through their widgets: turning
encryption on for a plain database with users and old backups, rotating the key, a new
recovery code, and setting a lost administrator password with the code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from jiedao_desk.core import auth, encryption
from jiedao_desk.core import backup as core_backup
from jiedao_desk.store import Store, crypt, vault
from jiedao_desk.ui.dialogs import login as login_mod
from jiedao_desk.ui.dialogs import recovery
from jiedao_desk.ui.kit import widgets
from jiedao_desk.ui.pages import encryption as page_mod
from jiedao_desk.ui.pages.encryption import EncryptionPage

ADMIN_PW = "Kx9#mQ2!vL7pZr"
STAFF_PW = "Tq4$wN8^cB3hYe"
NEW_PW = "Rb7&kP2@xM9sWd"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


@pytest.fixture
def confirms(monkeypatch):
    """The "cannot be undone" questions asked, answered by ``answer[0]``."""
    asked: list[str] = []
    answer = [True]

    def confirm(parent, title, consequence, action_text="确定", undo=""):
        asked.append(consequence)
        return answer[0]

    monkeypatch.setattr(widgets, "confirm_irreversible", confirm)
    return asked, answer


@pytest.fixture
def codes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(recovery, "show_code", lambda parent, code, intro="": shown.append(code))
    return shown


def _plain_office(tmp_path):
    db = tmp_path / "data" / "jiedao-desk.sqlite3"
    store = Store.open(db)
    auth.create_first_admin(store, "boss", "王主任", ADMIN_PW)
    admin = auth.authenticate(store, "boss", ADMIN_PW)
    auth.create_user(store, admin, "zhang", "张三", "street_staff", STAFF_PW)
    old = core_backup.backup_now(store, "manual", actor=admin)
    return store, admin, old


def _page(qtbot, store, admin):
    page = EncryptionPage(store, admin)
    qtbot.addWidget(page)
    page.show()
    return page


def _fill(qtbot, dialog, **values):
    for key, text in values.items():
        editor = dialog.editors[key]
        if hasattr(editor, "findData"):
            editor.setCurrentIndex(editor.findData(text))
        else:
            editor.clear()
            qtbot.keyClicks(editor, text)


def _ok(qtbot, dialog):
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_turning_encryption_on_from_the_page(qtbot, tmp_path, confirms, codes):
    asked, answer = confirms
    store, admin, old = _plain_office(tmp_path)
    page = _page(qtbot, store, admin)
    assert "未加密" in page.state_label.text() and "旧备份：1 份" in page.state_label.text()
    assert not page.rotate_button.isEnabled()

    qtbot.mouseClick(page.enable_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(page_mod.forms.FormDialog)
    # a wrong password is refused in the dialog, before anything is closed or written
    _fill(qtbot, dialog, password="wrong password 1", old_backups="delete")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "密码不正确" in dialog.status.text()
    assert not crypt.is_encrypted(store.path) and auth.has_users(store)
    # declining the confirmation changes nothing either
    answer[0] = False
    _fill(qtbot, dialog, password=ADMIN_PW)
    _ok(qtbot, dialog)
    assert "不能找回" in asked[-1] and "zhang" in asked[-1] and "不能再变回" in asked[-1]
    assert dialog.isVisible() and not crypt.is_encrypted(store.path)
    assert old.path.exists()

    answer[0] = True
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(codes), timeout=60_000)
    assert crypt.is_encrypted(store.path) and store.key is not None
    assert len(vault.normalise_code(codes[0])) == 32
    assert not old.path.exists()  # deleted after the confirmation
    assert auth.list_users(store, admin)[0].username  # the window's connection is back
    text = page.state_label.text()
    assert "已加密" in text and "张三（zhang）" in text and "重设密码" in text
    assert page.rotate_button.isEnabled() and not page.enable_button.isEnabled()
    store.close()

    crypt.forget()
    with pytest.raises(auth.PermissionDenied, match="请管理员"):
        encryption.unlock(store.path, "zhang", STAFF_PW)
    assert encryption.unlock_with_code(store.path, codes[0])


def test_old_backups_kept_encrypted_and_rotation_from_the_page(qtbot, tmp_path, confirms,
                                                                codes):
    asked, _ = confirms
    store, admin, old = _plain_office(tmp_path)
    page = _page(qtbot, store, admin)
    page.turn_on()
    dialog = page.findChild(page_mod.forms.FormDialog)
    _fill(qtbot, dialog, password=ADMIN_PW, old_backups="encrypt")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(codes), timeout=60_000)
    assert crypt.is_encrypted(old.db_file) and "用新密钥加密" in asked[-1]
    key = store.key

    task = page.rotate()
    assert task is not None and "防不了" in asked[-1] and "轮换之前做的备份" in asked[-1]
    qtbot.waitUntil(lambda: not task.running, timeout=60_000)
    assert task.error is None and store.key not in (None, key)
    assert "新的主密钥" in page.status.text()
    assert auth.list_users(store, admin)  # reconnected under the new key
    store.close()


def test_rotation_declined_changes_nothing(qtbot, tmp_path, confirms):
    _, answer = confirms
    store, admin, _ = _plain_office(tmp_path)
    encryption.enable(store, admin, ADMIN_PW, "delete", confirmed=True)
    page = _page(qtbot, store, admin)
    answer[0] = False
    key = store.key
    assert page.rotate() is None and store.key == key
    assert auth.list_users(store, admin)
    store.close()


def test_new_recovery_code_from_the_page(qtbot, tmp_path, confirms, codes):
    store, admin, _ = _plain_office(tmp_path)
    first = encryption.enable(store, admin, ADMIN_PW, "delete", confirmed=True).recovery_code
    page = _page(qtbot, store, admin)
    dialog = page.new_code()
    _fill(qtbot, dialog, password="wrong password 1")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "密码不正确" in dialog.status.text() and not codes
    _fill(qtbot, dialog, password=ADMIN_PW)
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(codes))
    assert codes[0] != first
    store.close()
    crypt.forget()
    with pytest.raises(auth.PermissionDenied, match="恢复码不正确"):
        encryption.unlock_with_code(store.path, first)


def test_recovery_code_dialog_closes_only_once_kept_and_prints(qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    dialog = recovery.RecoveryCodeDialog("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    dialog.reject()  # Escape: still open, the code is not kept yet
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.kept_box, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, dialog.kept_box.height() // 2))
    assert dialog.ok_button.isEnabled()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "code.pdf"))
    dialog.print_to(printer)
    assert (tmp_path / "code.pdf").stat().st_size > 1000
    assert "ABCD-EFGH" in dialog.page_html() and "忘记密码" in dialog.page_html()
    _ok(qtbot, dialog)
    assert not dialog.isVisible()


def _encrypted_office(tmp_path):
    store, admin, _ = _plain_office(tmp_path)
    code = encryption.enable(store, admin, ADMIN_PW, "delete", confirmed=True).recovery_code
    db = store.path
    store.close()
    crypt.forget()
    return db, code


def test_lost_admin_password_set_with_the_code_at_sign_in(qtbot, tmp_path):
    db, code = _encrypted_office(tmp_path)
    unlock = login_mod.UnlockDialog(db)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.keyClicks(unlock.username_edit, "boss")
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, page_mod.forms.FormDialog)
        assert dialog.editors["username"].text() == "boss"
        _fill(qtbot, dialog, code="0000-0000-0000-0000-0000-0000-0000-0000",
              password=NEW_PW, password2=NEW_PW)
        _ok(qtbot, dialog)
        seen.append(dialog.status.text())  # the wrong code, in the dialog
        _fill(qtbot, dialog, code=code.lower())
        _ok(qtbot, dialog)

    QTimer.singleShot(0, fill)
    assert unlock.recover_password()
    assert "恢复码不正确" in seen[0]
    assert "新密码登录" in unlock.error_label.text()
    qtbot.keyClicks(unlock.password_edit, ADMIN_PW)  # the old one no longer opens
    qtbot.mouseClick(unlock.ok_button, Qt.MouseButton.LeftButton)
    assert unlock.isVisible() and unlock.error_label.text() == vault.WRONG
    qtbot.keyClicks(unlock.password_edit, NEW_PW)
    qtbot.mouseClick(unlock.ok_button, Qt.MouseButton.LeftButton)
    assert unlock.credentials == ("boss", NEW_PW)


def test_a_user_without_a_key_is_told_to_ask_the_admin(qtbot, tmp_path):
    db, _ = _encrypted_office(tmp_path)
    unlock = login_mod.UnlockDialog(db)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.keyClicks(unlock.username_edit, "zhang")
    qtbot.keyClicks(unlock.password_edit, STAFF_PW)
    qtbot.mouseClick(unlock.ok_button, Qt.MouseButton.LeftButton)
    assert unlock.isVisible() and "请管理员" in unlock.error_label.text()
    qtbot.keyClicks(unlock.password_edit, "wrong password 1")
    qtbot.mouseClick(unlock.ok_button, Qt.MouseButton.LeftButton)
    assert unlock.error_label.text() == vault.WRONG


def test_a_damaged_start_is_not_a_wrong_password_and_a_backup_brings_it_back(qtbot,
                                                                           tmp_path):
    import os

    from jiedao_desk.ui import app as app_mod
    from jiedao_desk.ui.dialogs import recover as recover_mod

    store, admin, _ = _plain_office(tmp_path)
    encryption.enable(store, admin, ADMIN_PW, "delete", confirmed=True)
    info = core_backup.backup_now(store, "manual", actor=admin)
    db = store.path
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    crypt.forget()
    with db.open("r+b") as fh:  # page 1, after the salt
        fh.seek(1000)
        fh.write(os.urandom(64))

    unlock = login_mod.UnlockDialog(db)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.keyClicks(unlock.username_edit, "boss")
    qtbot.keyClicks(unlock.password_edit, "wrong password 1")
    qtbot.mouseClick(unlock.ok_button, Qt.MouseButton.LeftButton)
    assert unlock.isVisible() and unlock.error_label.text() == vault.WRONG  # still only that
    qtbot.keyClicks(unlock.password_edit, ADMIN_PW)
    qtbot.mouseClick(unlock.ok_button, Qt.MouseButton.LeftButton)
    assert unlock.damage is not None and "第一页" in str(unlock.damage)
    assert unlock.credentials == ("boss", ADMIN_PW)

    seen: list[str] = []

    def answer(button_text: str) -> None:
        def click() -> None:
            box = QApplication.activeModalWidget()
            seen.append(box.text() + box.informativeText())
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
        QTimer.singleShot(0, click)

    answer("退出")
    assert recover_mod.offer_backup(db, unlock.damage, unlock.credentials) is None
    assert "第一页" in seen[0] and "原文件保持不动" in seen[0]
    answer("从备份恢复")
    restored = recover_mod.offer_backup(db, unlock.damage, unlock.credentials)
    assert restored is not None and restored != db and db.exists()  # the damaged one kept
    opened = app_mod.open_store(restored)
    assert opened is not None and auth.authenticate(opened, "boss", ADMIN_PW)
    opened.close()
    assert info.path.exists()


def test_backups_page_restores_a_backup_from_before_a_rotation(qtbot, tmp_path, monkeypatch):
    from jiedao_desk.domains.org import service as org
    from jiedao_desk.ui.pages.backups import BackupsPage
    from tests.qt_helpers import on_modal

    store, admin, _ = _plain_office(tmp_path)
    code = encryption.enable(store, admin, ADMIN_PW, "delete", confirmed=True).recovery_code
    org.add_community(store, admin, "甲社区", "001")
    old = core_backup.backup_now(store, "manual", actor=admin)
    encryption.rotate(store, admin)
    org.add_community(store, admin, "乙社区", "002")
    page = BackupsPage(store, admin)
    qtbot.addWidget(page)
    monkeypatch.setattr(page, "confirm_restore", lambda text: True)
    monkeypatch.setattr(page_mod.widgets.QMessageBox, "information", lambda *a: None)

    def cancel(dialog):
        from PySide6.QtWidgets import QLabel

        assert any("另一把密钥" in label.text() for label in dialog.findChildren(QLabel))
        dialog.reject()

    state = on_modal(page_mod.forms.FormDialog, cancel)
    assert page.restore(old.path, "旧备份") is False
    assert state["done"] and state["error"] is None
    assert len(org.list_communities(store)) == 2  # nothing replaced

    def answer(dialog):
        _fill(qtbot, dialog, username="boss", secret="wrong password 1")
        _ok(qtbot, dialog)
        assert dialog.isVisible() and "不正确" in dialog.status.text()
        _fill(qtbot, dialog, username="", secret=code)
        _ok(qtbot, dialog)

    state = on_modal(page_mod.forms.FormDialog, answer)
    assert page.restore(old.path, "旧备份") is True
    assert state["done"] and state["error"] is None
    assert [c.name for c in org.list_communities(store)] == ["甲社区"]
    store.close()


def test_users_page_names_the_accounts_waiting_for_a_key(qtbot, tmp_path):
    from jiedao_desk.ui.pages.users import UsersPage

    store, admin, _ = _plain_office(tmp_path)
    encryption.enable(store, admin, ADMIN_PW, "delete", confirmed=True)
    page = UsersPage(store, admin)
    qtbot.addWidget(page)
    status = {page.table.item(r, 0).text(): page.table.item(r, 4).text()
              for r in range(page.table.rowCount())}
    assert status["zhang"] == "待重设密码（无数据库密钥）" and status["boss"] == "正常"
    zhang = next(u for u in auth.list_users(store, admin) if u.username == "zhang")
    auth.reset_password(store, admin, zhang.id, NEW_PW)
    page.load()
    status = {page.table.item(r, 0).text(): page.table.item(r, 4).text()
              for r in range(page.table.rowCount())}
    assert status["zhang"] == "须改密码"
    store.close()


@pytest.mark.parametrize("role", ["readonly", "community_worker"])
def test_a_reader_or_a_community_worker_is_refused_by_core_in_chinese(qtbot, tmp_path,
                                                                      monkeypatch, role):
    """The page's slots as a read-only user and as a community's worker (the buttons are
    disabled; the slots are called anyway): core refuses each in Chinese before a form
    opens or the window's connection is closed; nothing changes."""
    from jiedao_desk.base.errors import PermissionDenied
    from jiedao_desk.domains.org import service as org
    from tests.architecture.test_plain_words import english_words

    store, admin, _old = _plain_office(tmp_path)
    community = org.add_community(store, admin, "和平里社区", "HPL01").id
    auth.create_user(store, admin, "li", "李四", role, STAFF_PW,
                     community if role == "community_worker" else None)
    user = auth.authenticate(store, "li", STAFF_PW)
    shown: list[str] = []
    monkeypatch.setattr(widgets, "show_error",
                        lambda parent, exc, title="": shown.append(widgets.error_text(exc)))
    page = _page(qtbot, store, user)
    assert "由管理员在本页办理" in page.state_label.text() and "boss" not in \
        page.state_label.text()  # who holds a key is not shown to them
    assert not any(b.isEnabled() for b in (page.enable_button, page.backups_button,
                                           page.rotate_button, page.code_button))
    for slot in (page.turn_on, page.treat_old_backups, page.rotate, page.new_code):
        shown.clear()
        assert slot() is None  # no form, no task
        assert len(shown) == 1 and "没有此项权限（数据库加密" in shown[0], shown
        assert not english_words(shown[0]), shown[0]
        assert "没有此项权限" in page.status.text()
    assert not crypt.is_encrypted(store.path) and store.scalar("SELECT COUNT(*) FROM app_user") == 3
    with pytest.raises(PermissionDenied, match="没有此项权限"):  # every path, not just the page
        encryption.enable(store, user, STAFF_PW)
    with pytest.raises(PermissionDenied, match="没有此项权限"):
        encryption.new_recovery_code(store, user, STAFF_PW)
    store.close()


def test_a_damaged_start_restores_a_backup_the_user_chooses(qtbot, tmp_path, monkeypatch):
    """The backup is not in the default folder (on a USB stick): the offer lets the user
    choose it; a folder that is no backup is refused with its reason and nothing written,
    a cancelled choice asks again, and quitting changes nothing."""
    import os
    import shutil

    from jiedao_desk.base.errors import DatabaseDamaged
    from jiedao_desk.ui import app as app_mod
    from jiedao_desk.ui.dialogs import recover as recover_mod

    store, admin, _ = _plain_office(tmp_path)
    encryption.enable(store, admin, ADMIN_PW, "delete", confirmed=True)
    info = core_backup.backup_now(store, "manual", actor=admin)
    db = store.path
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    crypt.forget()
    usb = tmp_path / "usb" / info.path.name
    shutil.move(str(info.path), usb)  # the default backup folder holds none now
    with db.open("r+b") as fh:
        fh.seek(1000)
        fh.write(os.urandom(64))
    junk = tmp_path / "photos"
    junk.mkdir()
    damage = DatabaseDamaged(encryption.FIRST_PAGE_DAMAGED)
    credentials = ("boss", ADMIN_PW)

    script: list[str] = []  # the buttons to click, box after box
    seen: list[str] = []

    def click_next() -> None:
        box = QApplication.activeModalWidget()
        if box is not None and script and hasattr(box, "buttons"):
            seen.append(box.text() + box.informativeText())
            wanted = script.pop(0)
            for button in box.buttons():
                if button.text() == wanted:
                    button.click()
                    break
        if script:
            QTimer.singleShot(20, click_next)

    def run(buttons: list[str]) -> None:
        script[:] = buttons
        QTimer.singleShot(0, click_next)

    choices = [None, junk, usb]  # cancelled, not a backup, the backup
    monkeypatch.setattr(recover_mod.QFileDialog, "getExistingDirectory",
                        lambda *_a, **_k: str(choices.pop(0) or ""))
    refusals: list[str] = []
    monkeypatch.setattr(recover_mod.widgets, "show_error",
                        lambda _parent, exc, _title="": refusals.append(str(exc)))
    before = sorted(p.name for p in db.parent.iterdir())

    run(["退出"])
    assert recover_mod.offer_backup(db, damage, credentials) is None
    assert "没有找到加密的备份" in seen[0] and "选择备份" in seen[0]
    assert sorted(p.name for p in db.parent.iterdir()) == before

    seen.clear()
    run(["选择备份…", "选择备份…", "选择备份…"])
    restored = recover_mod.offer_backup(db, damage, credentials)
    assert choices == []  # cancelled, then refused, then restored
    assert len(refusals) == 1 and "完整的加密备份" in refusals[0]  # the folder of photos
    assert restored is not None and restored.parent == db.parent and db.exists()
    opened = app_mod.open_store(restored)
    assert opened is not None and auth.authenticate(opened, "boss", ADMIN_PW)
    opened.close()
