# SPDX-License-Identifier: MIT
"""Signing in to an encrypted database: the first-run checkbox, unlocking before opening."""

import sqlite3

import pytest
from PySide6.QtCore import Qt

from jiedao_desk.core import auth
from jiedao_desk.store import Store, crypt, vault
from jiedao_desk.ui import app as app_mod
from jiedao_desk.ui.dialogs import login as login_mod
from jiedao_desk.ui.dialogs.login import FirstAdminDialog, UnlockDialog

PASSWORD = "Kx9#mQ2!vL7pZr"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


def click_ok(qtbot, dialog):
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def _first_run_encrypted(qtbot, db):
    store = Store.open(db)
    dialog = FirstAdminDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, "wang")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.password2_edit, PASSWORD)
    dialog.encrypt_box.setChecked(True)
    click_ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    return store, dialog


def test_first_run_checkbox_encrypts_and_keeps_the_session(qtbot, tmp_path):
    db = tmp_path / "d" / "jiedao-desk.sqlite3"
    store, dialog = _first_run_encrypted(qtbot, db)
    assert len(vault.normalise_code(dialog.recovery_code)) == 32
    assert crypt.is_encrypted(db) and store.key is not None
    assert auth.list_users(store, dialog.actor)[0].username == "wang"  # still connected
    store.close()
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM app_user").fetchall()
    conn.close()


def test_unchecked_first_run_stays_plain(qtbot, file_store):
    dialog = FirstAdminDialog(file_store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username_edit, "wang")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.password2_edit, PASSWORD)
    click_ok(qtbot, dialog)
    assert dialog.actor is not None and dialog.recovery_code == ""
    assert not crypt.is_encrypted(file_store.path)


def test_unlock_dialog_then_login_signs_in_without_asking_again(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "d" / "jiedao-desk.sqlite3"
    store, _ = _first_run_encrypted(qtbot, db)
    store.close()
    crypt.forget()
    with pytest.raises(crypt.DatabaseLocked):
        Store.open(db)

    dialog = UnlockDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, "wang")
    qtbot.keyClicks(dialog.password_edit, "wrong password")
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text() == "用户名或密码不正确。"
    assert dialog.password_edit.text() == "" and dialog.username_edit.text() == "wang"
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    click_ok(qtbot, dialog)
    assert dialog.credentials == ("wang", PASSWORD)

    store = app_mod.open_store(db)  # the app's own opening, now with the unlocked key
    assert store is not None and store.key is not None
    asked = []
    monkeypatch.setattr(login_mod.LoginDialog, "exec", lambda self: asked.append(1) or 0)
    actor = login_mod.login(store, credentials=dialog.credentials)
    assert actor is not None and actor.name == "wang" and asked == []
    failed = store.rows("SELECT after_json FROM audit_log WHERE action = 'auth.unlock_failed'")
    assert len(failed) == 1 and '"wang"' in failed[0]["after_json"]
    store.close()
