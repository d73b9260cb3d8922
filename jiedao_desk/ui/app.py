# SPDX-License-Identifier: MIT
"""Start the GUI: ``jiedao-desk [--db PATH] [--demo]`` (also ``python -m jiedao_desk``)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib
import inspect
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from jiedao_desk import paths, registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import DatabaseDamaged, JiedaoError, StorageError
from jiedao_desk.core import backup, catalog, printing, viewing
from jiedao_desk.domains import org
from jiedao_desk.store import Store, crypt, faults
from jiedao_desk.store.location import InstanceLock, refuse_network
from jiedao_desk.ui.dialogs.login import login, unlock
from jiedao_desk.ui.kit import (
    error_report,
    focus,
    input_method,
    qt_locale,
    tasks,
    ui_state,
    widgets,
    windowed,
)
from jiedao_desk.ui.main_window import APP_TITLE, MainWindow
from jiedao_desk.ui.session import Session

log = logging.getLogger(__name__)

# Windows ships Microsoft YaHei; UOS/Kylin and Debian ship Noto CJK or WenQuanYi. Without an
# explicit choice Qt may pick a Latin font and fall back glyph by glyph (mixed-looking text).
CJK_FONTS = ("Microsoft YaHei", "Microsoft YaHei UI", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "PingFang SC")
DEMO_SIZE = 2000
# The menu entry installers/linux/jiedao-desk.desktop: Wayland's app id and the desktop's way to
# group the window under the entry (its StartupWMClass is the X11 instance name, the exe name).
DESKTOP_FILE = "jiedao-desk"
WARM_UP_AFTER_MS = 1000  # the printing warm-up waits for the first paint of the main window


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, plus whatever is left for Qt (e.g. ``-platform offscreen``)."""
    parser = argparse.ArgumentParser(prog="jiedao-desk", description=f"{APP_TITLE}（图形界面）")
    parser.add_argument("--db", type=Path, default=None,
                        help="数据库文件（默认：用户数据目录下的 jiedao-desk.sqlite3）")
    parser.add_argument("--demo", action="store_true",
                        help=f"数据库中还没有社区时，生成 {DEMO_SIZE} 名居民的演示数据")
    parser.add_argument("--diagnose", action="store_true",
                        help="显示 Qt 版本、输入法模块、中文翻译和节假日清单的检查结果后退出")
    return parser.parse_known_args(list(argv))


def choose_font(app: QApplication) -> str | None:
    """Use the first installed CJK font of ``CJK_FONTS``; return its family (None: none)."""
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            font = QFont(app.font())
            font.setFamily(family)
            if font.pointSizeF() < 10:  # 9 pt Chinese is hard to read on office screens
                font.setPointSizeF(10)
            app.setFont(font)
            return family
    log.warning("no CJK font among %s; Chinese text may render poorly", CJK_FONTS)
    return None


def open_store(path: Path) -> Store | None:
    """Open (create, migrate) the database; show why not and return None when refused.

    A damaged file found on opening leads to the offer to salvage it into a new file
    (ui/dialogs/recover.py); the store returned is then the new file's. The check of every
    page (so that damage does not surface in the middle of someone's work) starts here on a
    thread of its own: reading a large file takes seconds, which the sign-in window does not
    wait for. Signing in waits for it before writing, and ``_run`` offers the repair when it
    found damage (``_repair_after_sign_in``).
    """
    try:
        try:
            store = Store.open(path)
        except sqlite3.DatabaseError as exc:  # pages the migration check could not read
            faults.reraise(exc)
        if store.path is not None:
            faults.start_page_check(store)
        with contextlib.suppress(StorageError):  # a full disk: the next opening records it
            backup.finish_restore(store)  # a restore a killed process left unrecorded
        registry.attach(store)
        with contextlib.suppress(StorageError):  # readers count from the records meanwhile
            registry.bring_up_to_date(store)  # stored due dates, once after an upgrade
        return store
    except DatabaseDamaged as exc:
        from jiedao_desk.ui.dialogs import recover as recover_dialog  # only for a damaged file

        salvaged = recover_dialog.offer(path, exc)
        return open_store(salvaged) if salvaged is not None else None
    except JiedaoError as exc:
        widgets.show_error(None, exc, "无法打开数据库")
    except OSError as exc:
        QMessageBox.critical(None, "无法打开数据库", f"无法打开数据库文件 {path}：{exc}")
    return None


def _repair_after_sign_in(app: QApplication, args: argparse.Namespace, store: Store,
                          lock: InstanceLock) -> int | None:
    """When the page check started by ``open_store`` found damage: close ``store``, offer
    the repair and run on with the salvaged file; the exit code, or None when every page
    read. The salvage reads what was written while the check ran (store/faults.PageCheck)."""
    damage = faults.page_damage(store)
    if not damage:
        return None
    path = store.path
    store.close()
    lock.release()
    assert path is not None  # checks run only on files
    from jiedao_desk.ui.dialogs import recover as recover_dialog

    try:
        salvaged = recover_dialog.offer(
            path, DatabaseDamaged("部分数据页无法读取（" + "；".join(damage[:2]) + "）。"))
    finally:
        faults.release_page_check(store)
    if salvaged is None:
        return 1
    return _run(app, argparse.Namespace(**{**vars(args), "db": str(salvaged)}))


PAGE_CHECK_POLL_MS = 250
DAMAGE_FOUND = ("检查数据库文件时发现部分数据页无法读取。为了不让损坏扩大，窗口将关闭，随后可以"
                "尝试修复：把还能读出的数据（包括登录以来录入的）抢救到新文件，原文件保持不动。")


class DamageWatch:
    """The page check of a large file is still reading when the main window opens (signing
    in does not wait for it). When it finds damage this says so, once no dialog is open (a
    dialog keeps what was typed) and no task runs, and ends the event loop: ``_run`` then
    offers the repair. ``found`` tells ``_run`` why the loop ended. ``on_clean`` runs once
    every page has read (the scheduled backups: a copy of a damaged file is no backup)."""

    def __init__(self, app: QApplication, window, store: Store,
                 on_clean: Callable[[], object]):
        self.app, self.window, self.store = app, window, store
        self.on_clean = on_clean
        self.found = False
        self.timer = QTimer(window)
        self.timer.timeout.connect(self.poll)
        self.timer.start(PAGE_CHECK_POLL_MS)
        # A small file's check is long done: look as soon as the event loop runs (not here:
        # ending a loop that has not started yet would be lost, and the app would hang).
        QTimer.singleShot(0, self.poll)

    def poll(self) -> None:
        """Look once: nothing yet, nothing found, or damage to report when the user is free."""
        if not self.timer.isActive():  # answered already
            return
        if not faults.page_check_done(self.store):
            return
        if not faults.page_damage(self.store):
            self.timer.stop()
            self.on_clean()
            return
        if QApplication.activeModalWidget() is not None or tasks.busy():
            return
        self.timer.stop()
        self.found = True
        QMessageBox.warning(self.window, "数据库文件已损坏", DAMAGE_FOUND)
        self.window.hide()
        self.app.exit(0)


def load_catalogs(store: Store, actor: Actor) -> None:
    """Load shipped reference lists not yet in the database (idempotent)."""
    catalog.load_builtin(store, actor, on_calendar_change=registry.calendar_changed)


def needs_demo(store: Store) -> bool:
    """True when the database has no community yet (a first run)."""
    return not org.list_communities(store, include_voided=True)


def start_demo(window: MainWindow, store: Store) -> tasks.Task | None:
    """Fill demo data on the worker thread, then rebuild the window's pages."""
    try:
        demo = importlib.import_module("jiedao_desk.demo")
    except ImportError:
        QMessageBox.information(window, APP_TITLE, "这个版本没有演示数据生成器。")
        return None
    open_worker_store = tasks.store_factory(store.path)
    accepts_progress = "progress" in inspect.signature(demo.generate).parameters

    def work(progress):
        with open_worker_store() as s:
            if accepts_progress:
                return demo.generate(s, size=DEMO_SIZE, seed=1, progress=progress,
                                     actor=window.actor)
            return demo.generate(s, size=DEMO_SIZE, seed=1)

    return tasks.run_task(window, "正在生成演示数据…", work, on_done=lambda _: window.reload())


def auto_backup(parent, store: Store, kind: str) -> tasks.Task:
    """Back up on the worker thread (its own connection), with a progress dialog."""
    open_worker_store = tasks.store_factory(store.path)

    def work(progress):
        with open_worker_store() as s:
            return backup.backup_now(s, kind, progress=progress)

    return tasks.run_task(parent, "正在备份数据…", work,
                          on_error=lambda exc: widgets.show_error(parent, exc, "自动备份失败"))


def warm_up_printing(store: Store) -> None:
    """Have reportlab and the fonts loaded in the background (the first print then does not
    wait for them); a store already closed again (the app quit at once) is skipped."""
    with contextlib.suppress(sqlite3.ProgrammingError):
        printing.warm_up(store)


def after_first_paint(window, store: Store) -> None:
    """What waits until the main window has painted: reportlab and the fonts load in the
    background, and the decrypted viewing copies an earlier app left behind (it crashed or
    was killed) are deleted (core/viewing.py)."""
    QTimer.singleShot(WARM_UP_AFTER_MS, window, lambda: warm_up_printing(store))
    QTimer.singleShot(WARM_UP_AFTER_MS, window, viewing.sweep)


BACKUP_POLL_MS = 10 * 60 * 1000  # the schedule is in hours: a look every ten minutes is enough


def start_backups(window, store: Store) -> QTimer:
    """The day's first backup now if due, then one whenever the interval setting says so
    (on the worker thread)."""
    if backup.daily_due(store, clock.today()):
        auto_backup(window, store, "daily")
    timer = QTimer(window)

    def poll() -> None:
        if not tasks.busy() and backup.scheduled_due(store, dt.datetime.now().astimezone()):
            auto_backup(window, store, "daily")

    timer.timeout.connect(poll)
    timer.start(BACKUP_POLL_MS)
    return timer


def prepare_app(app: QApplication) -> error_report.Reporter | None:
    """Name, Qt's texts in Chinese, the log file and error hooks, icon and font.

    Returns:
        The error reporter (None when the data folder takes no log file).
    """
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(ui_state.ORGANISATION)
    app.setDesktopFileName(DESKTOP_FILE)
    qt_locale.install(app)
    ui_state.install_screen_fit(app)  # every dialog, too, starts within the screen
    focus.install(app)  # Tab moves between fields; inputs named by their labels
    reporter = None
    try:
        reporter = error_report.install(app)
    except OSError as exc:  # a read-only data folder: the app still runs, without a log file
        log.warning("no log file: %s", exc)
    icon = paths.resources_dir() / "icons" / "jiedao-desk-256.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    choose_font(app)
    return reporter


def main(argv: Sequence[str] | None = None) -> int:
    """Run the GUI; return the process exit code."""
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    replaced_im = input_method.setup()  # before the QApplication: Qt reads it when created
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    if not isinstance(app, QApplication):  # a QCoreApplication made elsewhere has no windows
        raise RuntimeError("jiedao-desk 的图形界面需要 QApplication，而不是 QCoreApplication。")
    reporter = prepare_app(app)
    if args.diagnose:
        from jiedao_desk.ui import diagnose

        lines, ok = diagnose.facts(app, replaced_im)
        print("\n".join(lines))
        return 0 if ok else 1
    try:
        return _run(app, args)
    finally:
        ui_state.remove_screen_fit(app)
        if reporter is not None:
            error_report.uninstall(reporter)


def unlock_file(db_path: Path, lock: InstanceLock
                ) -> int | tuple[Path, InstanceLock, tuple[str, str]]:
    """Ask for the password of an encrypted database (it cannot be read before): the file,
    its lock and the credentials to sign in with, or the exit code (cancelled, or nothing
    to open). A damaged start with the right password leads to the offer to restore the
    newest encrypted backup, or one the user chooses, into a new file
    (ui/dialogs/recover.py), then opened instead."""
    credentials, damage = unlock(db_path)
    if credentials is None:
        lock.release()
        return 0
    if damage is None:
        return db_path, lock, credentials
    from jiedao_desk.ui.dialogs import recover as recover_dialog

    restored = recover_dialog.offer_backup(db_path, damage, credentials)
    lock.release()
    if restored is None:
        return 1
    lock = InstanceLock(restored)
    try:
        lock.acquire()
    except JiedaoError as exc:
        widgets.show_error(None, exc, "无法打开数据库")
        return 1
    return restored, lock, credentials


def _run_window(app: QApplication, args: argparse.Namespace, store: Store,
                actor: Actor) -> int:
    """The main window until the app quits, or until the page check found damage
    (``DamageWatch``); the event loop's exit code."""
    store.changed = False  # start-up writes (catalogs, login row) alone need no exit backup
    session = Session(store, actor, lambda a: MainWindow(store, a))
    window = session.window
    assert isinstance(window, MainWindow)  # what the factory above makes
    window.show()
    after_first_paint(window, store)
    schedules: list[QTimer] = []
    watch = DamageWatch(app, window, store,
                        on_clean=lambda: schedules.append(start_backups(window, store)))
    if args.demo and needs_demo(store):
        start_demo(window, store)
    code = app.exec()
    watch.timer.stop()
    for schedule in schedules:
        schedule.stop()
    session.close()
    tasks.wait_idle()
    windowed.wait_counts()  # lists still being counted on their own connections
    # The window goes now, in order, while nothing runs: left to the garbage collector it
    # would be destroyed at any later moment, e.g. inside the repair's progress loop.
    window.hide()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return code


def _run(app: QApplication, args: argparse.Namespace) -> int:
    """Open the database, sign in and run the window (``main`` after the app is set up)."""
    try:
        db_path = Path(args.db or paths.default_db_path()).expanduser().resolve()
    except OSError as exc:  # e.g. a read-only USB stick in portable mode
        QMessageBox.critical(None, "无法打开数据目录",
                             f"无法创建或写入数据目录：{exc}\n请检查U盘或目录是否可写。")
        return 1
    lock = InstanceLock(db_path)
    try:
        refuse_network(db_path)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()  # one window per database (the OS frees it if the app crashes)
    except JiedaoError as exc:
        widgets.show_error(None, exc, "无法打开数据库")
        return 1
    credentials = None
    if crypt.is_encrypted(db_path) and crypt.keys_file(db_path).exists():
        unlocked = unlock_file(db_path, lock)
        if isinstance(unlocked, int):
            return unlocked
        db_path, lock, credentials = unlocked
    store = open_store(db_path)
    if store is None:
        lock.release()
        return 1
    if store.path is not None and store.path != db_path:  # a salvaged copy of a damaged file
        lock.release()
        lock = InstanceLock(store.path)
        try:
            lock.acquire()
        except JiedaoError as exc:
            store.close()
            widgets.show_error(None, exc, "无法打开数据库")
            return 1
    try:
        try:
            load_catalogs(store, SYSTEM)
        except JiedaoError as exc:  # a broken shipped list must not keep the app closed
            widgets.show_error(None, exc, "参考目录未能载入")
        actor = login(store, credentials=credentials)
        # Signing in does not wait for the page check: a large file's check ends while the
        # window is up (DamageWatch). Leaving at the sign-in or quitting the window waits for
        # it: a damaged file's repair is offered now, with no exit backup (a copy of a damaged
        # file is no backup).
        code = 0
        if actor is not None and not (faults.page_check_done(store)
                                      and faults.page_damage(store)):
            code = _run_window(app, args, store, actor)
        repaired = _repair_after_sign_in(app, args, store, lock)
        if repaired is not None:
            return repaired
        if actor is not None and store.changed:  # written since start: keep a copy of it
            try:
                backup.backup_now(store, "exit")
            except (JiedaoError, OSError) as exc:
                log.error("backup on exit failed: %s", exc)
        return code
    finally:
        store.close()
        lock.release()
