# SPDX-License-Identifier: MIT
"""Starting the GUI on a damaged database offers 尝试修复 or 退出; repairing salvages into a new
file beside it on the worker, shows the report and goes on with the new file; the damaged
original is never written. Signing in on a disk that takes no write says so once."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from jiedao_desk.base.errors import DatabaseDamaged
from jiedao_desk.core import auth
from jiedao_desk.store import Store, faults
from jiedao_desk.store.recover import salvage
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
    # The page check ran while the sign-in window was up; leaving the sign-in waits for it
    # and offers the repair.
    assert opened == [damaged, result.target]
    assert sha256(damaged) == before


def test_quit_changes_nothing(qapp, damaged, monkeypatch):
    before = sorted(p.name for p in damaged.parent.iterdir())
    digest = sha256(damaged)
    monkeypatch.setattr(recover_dialog, "ask", lambda *a, **k: False)
    opened = _signed_in_stores(monkeypatch)
    assert app_mod.main(["--db", str(damaged)]) == 1
    assert opened == [damaged] and sha256(damaged) == digest
    # nothing new but the single-instance lock file the app always leaves, and the WAL the
    # damaged file is not to be written from (store/faults.PageCheck)
    left = {p.name for p in damaged.parent.iterdir() if p.suffix != ".lock"} - set(before)
    assert left <= {damaged.name + "-wal", damaged.name + "-shm"}


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


def _check_held(monkeypatch) -> threading.Event:
    """The page check takes its snapshot, then reads only once the returned event is set:
    a large file's check, still running when the user signs in."""
    go = threading.Event()
    real = faults.quick_damage

    def slow(conn, limit=5):
        go.wait(60)
        return real(conn, limit)

    monkeypatch.setattr(faults, "quick_damage", slow)
    return go


def _sign_ins(db) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # read-only: writes nothing back
    try:
        return conn.execute("SELECT count(*) FROM audit_log WHERE action = 'auth.login'"
                            ).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("broken", [True, False])
def test_signing_in_does_not_wait_for_the_page_check_and_nothing_reaches_a_damaged_file(
        qapp, demo, tmp_path, monkeypatch, broken):
    db = copy_db(demo, tmp_path / "office")
    if broken:
        pages = leaf_pages(db, "resident")
        overwrite_pages(db, [pages[len(pages) // 2]])
    go = _check_held(monkeypatch)
    store = Store.open(db)
    try:
        faults.start_page_check(store)  # as the app's open_store does
        before = sha256(db)
        signed_in = store.scalar("SELECT count(*) FROM audit_log WHERE action = 'auth.login'")
        dialog = login_mod.LoginDialog(store)
        dialog.username_edit.setText("admin")
        dialog.password_edit.setText(PASSWORD)
        dialog.submit()
        assert dialog.actor is not None and not faults.page_check_done(store)
        assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'auth.login'") \
            == signed_in + 1
        # even a checkpoint asked for copies nothing past the check's snapshot into the file
        store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        assert sha256(db) == before
        go.set()
        assert bool(faults.page_damage(store)) is broken
        # give the check's thread time to close its connection, were it going to
        faults._CHECKS[store]._thread.join(0.5)
    finally:
        store.close()
    if not broken:  # every page read: closing copies the sign-in into the file as always
        assert sha256(db) != before
        return
    # damage found: the check holds its snapshot, so closing did not write the file either,
    # and the salvage has the sign-in made while the check ran
    assert sha256(db) == before
    target = tmp_path / "saved.sqlite3"
    salvage(db, target)
    faults.release_page_check(store)
    assert _sign_ins(target) == signed_in + 1
    assert sha256(db) == before


@pytest.mark.parametrize("ends", ["with the window up", "before the watch starts"])
def test_the_window_opens_before_the_check_ends_and_damage_found_then_is_repaired(
        qapp, damaged, monkeypatch, ends):
    before, signed_in = sha256(damaged), _sign_ins(damaged)
    go = _check_held(monkeypatch)
    painted: list[bool] = []
    hung: list[int] = []
    guard = QTimer()  # ends a loop that nothing else would end, so that the test fails
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: (hung.append(1), qapp.exit(3)))

    windows: list = []

    def after_first_paint(window, store):
        windows.append(window)
        painted.append(faults.page_check_done(store))
        go.set()  # the check ends while the window is up
        if ends == "before the watch starts":
            faults.page_damage(store)
        guard.start(20_000)

    monkeypatch.setattr(app_mod, "after_first_paint", after_first_paint)
    opened: list = []

    def login(store, credentials=None):
        opened.append(store.path)
        return auth.authenticate(store, "admin", PASSWORD) if len(opened) == 1 else None

    monkeypatch.setattr(app_mod, "login", login)
    warned, reports, errors = [], [], []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warned.append((title, text)))
    monkeypatch.setattr(recover_dialog, "ask", lambda *a, **k: True)
    monkeypatch.setattr(recover_dialog, "show_report",
                        lambda result, parent=None: reports.append(result))
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: errors.append(exc))
    try:
        assert app_mod.main(["--db", str(damaged)]) == 0
    finally:
        guard.stop()
    assert hung == []
    # the window was destroyed in order before the repair's own event loop ran, not left to
    # the garbage collector to destroy at some moment inside it
    assert not shiboken6.isValid(windows[0])
    assert painted == [False]  # the window came before the check's answer
    assert errors == [] and warned == [("数据库文件已损坏", app_mod.DAMAGE_FOUND)]
    (result,) = reports
    assert opened == [damaged, result.target]
    assert sha256(damaged) == before
    assert _sign_ins(result.target) == signed_in + 1  # salvaged with the sign-in
    # no backup was made of the damaged file (neither the day's first nor one at exit)
    assert not list(damaged.parent.glob("backups/*"))


def test_the_damage_notice_waits_for_an_open_dialog(qapp, qtbot, damaged, monkeypatch):
    store = Store.open(damaged)
    try:
        faults.start_page_check(store)
        assert faults.page_damage(store)
        window = QWidget()
        qtbot.addWidget(window)
        exits, cleans = [], []
        monkeypatch.setattr(qapp, "exit", exits.append)
        monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
        dialog = QDialog(window)
        dialog.setModal(True)
        dialog.show()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
        watch = app_mod.DamageWatch(qapp, window, store, on_clean=lambda: cleans.append(1))
        watch.poll()
        assert exits == [] and not watch.found  # what is typed in the dialog is kept
        dialog.close()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        watch.poll()
        assert exits == [0] and watch.found and cleans == []
        assert not watch.timer.isActive()
    finally:
        faults.release_page_check(store)
        store.close()
