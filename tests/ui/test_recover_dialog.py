# SPDX-License-Identifier: MIT
"""Starting the GUI on a damaged database offers 尝试修复 or 退出; repairing salvages into a new
file beside it on the worker, shows the report and goes on with the new file; the damaged
original is never written. Signing in on a disk that takes no write says so once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from jiedao_desk.base.errors import DatabaseDamaged
from jiedao_desk.store import Store, faults
from jiedao_desk.ui import app as app_mod
from jiedao_desk.ui.dialogs import login as login_mod
from jiedao_desk.ui.dialogs import recover as recover_dialog
from jiedao_desk.ui.kit import widgets
from tests.store.damage import PASSWORD, build_demo, copy_db, leaf_pages, overwrite_pages, sha256


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("gui-recover") / "demo", size=200)


@pytest.fixture
def damaged(demo, tmp_path):
    db = copy_db(demo, tmp_path / "office")
    pages = leaf_pages(db, "resident")
    overwrite_pages(db, [pages[len(pages) // 2]])
    return db


def _signed_in_stores(monkeypatch) -> list:
    """Replace the login dialog: note the store it would sign in to and quit there."""
    seen: list = []
    monkeypatch.setattr(app_mod, "login", lambda store, credentials=None: seen.append(store.path))
    return seen


def test_repair_salvages_into_a_new_file_and_opens_it(qapp, damaged, monkeypatch):
    before = sha256(damaged)
    asked, reports, errors = [], [], []
    monkeypatch.setattr(recover_dialog, "ask",
                        lambda path, target, error, parent=None: asked.append(error) or True)
    monkeypatch.setattr(recover_dialog, "show_report",
                        lambda result, parent=None: reports.append(result))
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: errors.append(exc))
    opened = _signed_in_stores(monkeypatch)
    assert app_mod.main(["--db", str(damaged)]) == 0  # the login was left: a normal quit
    assert errors == [] and len(asked) == 1 and isinstance(asked[0], DatabaseDamaged)
    (result,) = reports
    assert result.target.parent == damaged.parent and result.target != damaged
    assert "resident：抢救" in result.report and "丢失 最多" in result.report
    assert result.report_path.exists()
    # The page check ran while the sign-in window was up; the repair is offered after it
    # (a real sign-in waits for the check and writes nothing into the damaged file).
    assert opened == [damaged, result.target]
    assert sha256(damaged) == before


def test_quit_changes_nothing(qapp, damaged, monkeypatch):
    before = sorted(p.name for p in damaged.parent.iterdir())
    digest = sha256(damaged)
    monkeypatch.setattr(recover_dialog, "ask", lambda *a, **k: False)
    opened = _signed_in_stores(monkeypatch)
    assert app_mod.main(["--db", str(damaged)]) == 1
    assert opened == [damaged] and sha256(damaged) == digest
    # nothing new but the single-instance lock file the app always leaves
    assert sorted(p.name for p in damaged.parent.iterdir() if p.suffix != ".lock") == before


def test_the_offer_explains_in_chinese_with_two_choices(qapp, tmp_path, monkeypatch):
    shown = []

    def exec_(box):
        shown.append((box.windowTitle(), box.text() + box.informativeText(),
                      [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    path = tmp_path / "desk.sqlite3"
    assert recover_dialog.ask(path, tmp_path / "new.sqlite3",
                              DatabaseDamaged("部分数据页无法读取。")) is False
    ((title, text, buttons),) = shown
    assert title == "数据库文件已损坏" and "new.sqlite3" in text and "原文件保持不动" in text
    assert sorted(buttons) == sorted(["尝试修复", "退出"])


def test_sign_in_on_a_disk_that_takes_no_write_says_so_once(qapp, demo, tmp_path,
                                                            monkeypatch):
    db = copy_db(demo, tmp_path / "ro")
    store = Store.open(db, readonly=True)  # every write fails as on a read-only disk
    warned = []
    monkeypatch.setattr(login_mod.QMessageBox, "warning",
                        lambda parent, title, text: warned.append(text))

    def exec_(dialog):
        dialog.username_edit.setText("admin")
        dialog.password_edit.setText(PASSWORD)
        dialog.submit()
        return 1

    monkeypatch.setattr(login_mod.LoginDialog, "exec", exec_)
    try:
        actor = login_mod.login(store)
        assert actor is not None and actor.name == "管理员"
        assert len(warned) == 1 and "登录记录未能写入" in warned[0]
        # a wrong password is still refused
        dialog = login_mod.LoginDialog(store)
        dialog.username_edit.setText("admin")
        dialog.password_edit.setText("Wrong-desk-2026!")
        dialog.submit()
        assert dialog.actor is None and "不正确" in dialog.error_label.text()
    finally:
        store.close()


@pytest.mark.parametrize("broken", [True, False])
def test_signing_in_waits_for_the_page_check_and_writes_nothing_into_a_damaged_file(
        qapp, demo, tmp_path, broken):
    db = copy_db(demo, tmp_path / "office")
    if broken:
        pages = leaf_pages(db, "resident")
        overwrite_pages(db, [pages[len(pages) // 2]])
    store = Store.open(db)
    try:
        faults.start_page_check(store)  # as the app's open_store does
        rows = store.scalar("SELECT count(*) FROM audit_log")
        dialog = login_mod.LoginDialog(store)
        dialog.username_edit.setText("admin")
        dialog.password_edit.setText(PASSWORD)
        dialog.submit()
        if broken:  # refused before the password check writes its audit row
            assert dialog.actor is None and dialog.result() == 0
            assert store.scalar("SELECT count(*) FROM audit_log") == rows
            assert faults.page_damage(store)
        else:
            assert dialog.actor is not None and dialog.actor.name == "管理员"
            assert store.scalar("SELECT count(*) FROM audit_log") > rows
            assert faults.page_damage(store) == []
    finally:
        store.close()
