# SPDX-License-Identifier: MIT
"""The main window: navigation on the left, the current page on the right, a status bar.

Pages (``registry.pages()``) are built on first show, so starting the app costs only the home
page. A page may offer, by duck typing:

* ``on_show()`` — called each time the page is shown again (to re-read its data);
* ``street_changed`` / ``calendar_changed`` signals — the window updates its title / status;
* ``open_page(str, str)`` signal (page key, month) — the window shows that page and calls its
  ``show_month(month)`` if it has one (dashboard figures open the month's list);
* ``show_record(entity, entity_id) -> bool`` — select that record (a global search hit was
  opened; ``ui.search_box.RECORD_PAGES`` says which page shows which entity).
"""

from __future__ import annotations

import inspect
import logging
import sqlite3
import traceback

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

import jiedao_desk
from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core.permissions import ROLES
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains import hotline, org
from jiedao_desk.store import Store
from jiedao_desk.ui.dialogs.login import ChangePasswordDialog
from jiedao_desk.ui.kit import ui_state
from jiedao_desk.ui.kit.help import open_manual
from jiedao_desk.ui.pages import PageSpec, visible_pages
from jiedao_desk.ui.search_box import GlobalSearch, page_for

log = logging.getLogger(__name__)
APP_TITLE = "街道工作台"
KEY_ROLE = Qt.ItemDataRole.UserRole
_WEEKDAYS = "一二三四五六日"


class MainWindow(QMainWindow):
    """The application window.

    Args:
        store: the open store (GUI thread).
        actor: the signed-in user (SYSTEM until login lands).
    """

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self._pages: dict[str, QWidget] = {}
        self._frames: dict[str, QScrollArea] = {}  # the scroll area around each page
        self._specs: dict[str, PageSpec] = {spec.key: spec for spec in visible_pages(actor)}

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(self.fontMetrics().horizontalAdvance("中") * 9 + 24)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 8px 10px; }")
        for spec in self._specs.values():
            item = QListWidgetItem(spec.title)
            item.setData(KEY_ROLE, spec.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.global_search = GlobalSearch(store, actor, self)
        self.global_search.activated.connect(self.open_record)
        toolbar = self.addToolBar("全局搜索")
        toolbar.setObjectName("search_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" 全局搜索："))
        toolbar.addWidget(self.global_search.edit)

        self._build_menu()
        self.db_label = QLabel()
        self.date_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.date_label)
        self._date_timer = QTimer(self)  # the date in the status bar turns over at midnight
        self._date_timer.timeout.connect(self.refresh_status)
        self._date_timer.start(60_000)

        self.refresh_title()
        self.refresh_status()
        # 1280×800 where there is room; a 1366×768 laptop or 150 % scaling gets less
        ui_state.fit(self, QSize(1280, 800), QSize(960, 600))
        ui_state.remember(self, "main_window")
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setCurrentRow(0)

    # -- chrome ------------------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.quit_action = QAction("退出(&X)", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        self._build_user_menu()
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        self.find_action = QAction("全局搜索(&S)", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.global_search.focus)
        edit_menu.addAction(self.find_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.manual_action = QAction("使用手册(&M)", self)  # F1: the current page's section
        self.manual_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        # a bound method, not a lambda holding ``self``: that would keep a closed window
        # (and its timer on a closed store) alive
        self.manual_action.triggered.connect(self.open_manual)
        help_menu.addAction(self.manual_action)
        self.about_action = QAction("关于(&A)", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _build_user_menu(self) -> None:
        """用户（姓名·角色）: who is signed in, and leaving the desk to someone else.

        Lock, switch user and log out need the session (ui/session.py), which connects
        them; a window without a session (tests of a single page) leaves them disabled.
        """
        self.user_menu = self.menuBar().addMenu(f"用户（{self.user_label()}）")
        self.user_menu.setObjectName("user_menu")
        self.change_password_action = QAction("修改密码(&P)…", self)
        self.change_password_action.triggered.connect(self.change_password)
        self.change_password_action.setEnabled(self.actor.user_id is not None)
        self.lock_action = QAction("锁定(&L)", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_action = QAction("切换用户(&S)…", self)
        self.logout_action = QAction("注销(&O)", self)
        for action in (self.lock_action, self.switch_action, self.logout_action):
            action.setEnabled(False)
        self.user_menu.addAction(self.change_password_action)
        self.user_menu.addSeparator()
        self.user_menu.addAction(self.lock_action)
        self.user_menu.addAction(self.switch_action)
        self.user_menu.addAction(self.logout_action)

    def user_label(self) -> str:
        """姓名·角色 of the signed-in user, e.g. "王芳·社区工作者"."""
        role = ROLES.get(self.actor.role, "系统" if self.actor.role == "system" else
                         self.actor.role)
        return f"{self.actor.name}·{role}"

    def change_password(self) -> bool:
        """The signed-in user changes their own password. Returns True when changed."""
        dialog = ChangePasswordDialog(self.store, self.actor, parent=self)
        self.password_dialog = dialog  # kept so a test can fill it in
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.statusBar().showMessage("密码已修改，下次登录请使用新密码。", 10_000)
        return True

    def open_manual(self) -> bool:
        """F1: the manual at the section of the page on screen."""
        return open_manual(self.current_key() or "start", self)

    def about_text(self) -> str:
        """The text of the 关于 box."""
        return (f"{APP_TITLE}  版本 {jiedao_desk.__version__}\n\n"
                "街道办事处离线办公软件：社区工作准入、人民调解、综合执法、接诉即办。\n"
                "所有数据只保存在本机。")

    def show_about(self) -> None:
        """Show the version box."""
        QMessageBox.about(self, f"关于{APP_TITLE}", self.about_text())

    def refresh_title(self) -> None:
        """Window title with the street name (after the street is set up or renamed)."""
        street = org.get_street(self.store)
        name = street.name if street else "（尚未设置街道，请在“设置”中填写）"
        # who is signed in, visible in the taskbar too (the system needs no name there)
        who = f" — {self.user_label()}" if self.actor.user_id is not None else ""
        self.setWindowTitle(f"{APP_TITLE} — {name}{who}")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Stop the status timer: after the window closes the store may be closed too."""
        self._date_timer.stop()
        super().closeEvent(event)

    def refresh_status(self) -> None:
        """Where the database is and today's date, marked when its holiday data is
        unconfirmed."""
        path = self.store.path
        # a path is technical text: the words say where, the tooltip gives the file itself
        self.db_label.setText("数据库：本机数据文件夹（鼠标停在这里可看完整位置）" if path
                              else "数据库：（内存，仅测试）")
        self.db_label.setToolTip(f"数据库文件：{path}" if path else "")
        today = clock.today()
        try:
            info = load_calendar(self.store).day_info(today)
        except sqlite3.ProgrammingError:  # closed for a conversion: the next minute tells
            return
        kind = "工作日" if info.workday else "休息日"
        text = f"今天 {today.year}年{today.month}月{today.day}日 星期{_WEEKDAYS[today.weekday()]}"
        if info.confirmed:
            detail = "" if info.reason == kind else f"（{info.reason}）"  # 国庆节, 调休上班 …
            self.date_label.setText(f"{text} · {kind}{detail}")
            self.date_label.setStyleSheet("")
            self.date_label.setToolTip("")
        else:
            self.date_label.setText(f"{text} · {kind}（节假日安排未确认）")
            self.date_label.setStyleSheet("color: #b45309; font-weight: bold;")
            self.date_label.setToolTip(
                f"{today.year}年的法定节假日和调休安排尚未录入，按周一至周五推算；"
                "请在“设置 → 工作日历”中录入国务院办公厅的通知。")

    # -- pages -------------------------------------------------------------------------
    def page(self, key: str) -> QWidget | None:
        """The page widget for ``key`` if it was built already."""
        return self._pages.get(key)

    def current_key(self) -> str | None:
        """Key of the page on screen."""
        item = self.nav.currentItem()
        return None if item is None else item.data(KEY_ROLE)

    def show_page(self, key: str) -> QWidget:
        """Select a page in the navigation (building it on first show) and return it."""
        row = list(self._specs).index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._on_nav(row)
        return self._pages[key]

    def reload(self) -> None:
        """Drop every built page (e.g. after demo data was loaded); rebuild the current one."""
        for frame in self._frames.values():
            self.stack.removeWidget(frame)
            frame.deleteLater()  # and the page inside it
        self._pages.clear()
        self._frames.clear()
        self.refresh_title()
        self.refresh_status()
        self._on_nav(self.nav.currentRow())

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = list(self._specs)[row]
        widget = self._pages.get(key)
        if widget is None:
            widget = self._build(self._specs[key])
            self._pages[key] = widget
            self._frames[key] = self._frame(widget)
            self.stack.addWidget(self._frames[key])
        elif hasattr(widget, "on_show"):
            widget.on_show()
        self.stack.setCurrentWidget(self._frames[key])

    @staticmethod
    def _frame(page: QWidget) -> QScrollArea:
        """The page inside a scroll area: on a screen smaller than the page needs (a
        1366×768 laptop, 150 % scaling) it scrolls instead of being cut off."""
        frame = QScrollArea()
        frame.setObjectName("page_frame")
        frame.setWidgetResizable(True)  # the page fills the window, down to its minimum
        frame.setFrameShape(QFrame.Shape.NoFrame)
        frame.setWidget(page)
        return frame

    def current_page(self) -> QWidget | None:
        """The page widget on screen."""
        key = self.current_key()
        return None if key is None else self._pages.get(key)

    def _open_page(self, key: str, month: str = "") -> None:
        if key not in self._specs:  # a page the user may not open is simply not switched to
            return
        page = self.show_page(key)
        show_month = getattr(page, "show_month", None)  # a page may filter its list by month
        if month and callable(show_month):
            show_month(month)

    def open_record(self, entity: str, entity_id: int) -> bool:
        """Show the page of ``entity`` with that record selected (a search hit was opened).

        Returns:
            True if the page selected the record; otherwise the status bar says why.
        """
        key = page_for(entity)
        if key not in self._specs:
            self.statusBar().showMessage(f"没有可以打开这类记录（{entity}）的页面。", 10_000)
            return False
        page = self.show_page(key)
        show_record = getattr(page, "show_record", None)
        if not callable(show_record):
            self.statusBar().showMessage(
                f"已打开“{self._specs[key].title}”，但该页面不能直接定位记录，请在列表中查找。",
                10_000)
            return False
        if not show_record(entity, entity_id):
            self.statusBar().showMessage(
                f"已打开“{self._specs[key].title}”，但没有在列表中找到这条记录（可能已作废）。",
                10_000)
            return False
        self.statusBar().clearMessage()
        return True

    def _notes_for(self, entity: str, record_id: int) -> str:
        """What other domains say about a record shown on a page: the 12345 tickets it came
        from ("来源工单"), for the user's eyes only if they may see those tickets."""
        domain = registry.domain_of(entity)
        return hotline.tickets_line(self.store, self.actor, domain, record_id) if domain else ""

    def _build(self, spec: PageSpec) -> QWidget:
        try:
            cls = spec.factory()
            extra = {}
            if "notes_for" in inspect.signature(cls).parameters:
                extra["notes_for"] = self._notes_for  # lines other domains add to a record
            widget = cls(self.store, self.actor, **extra)
        except Exception as exc:  # noqa: BLE001 - one broken page must not take the app down
            log.error("page %s failed: %s", spec.key, "".join(traceback.format_exception(exc)))
            widget = QLabel(f"“{spec.title}”页面无法打开：{exc}")
            widget.setObjectName("page_error")
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setWordWrap(True)
            return widget
        open_page = getattr(widget, "open_page", None)  # e.g. a dashboard figure clicked
        if open_page is not None:
            open_page.connect(self._open_page)
        street_changed = getattr(widget, "street_changed", None)
        if street_changed is not None:
            street_changed.connect(self.refresh_title)
        calendar_changed = getattr(widget, "calendar_changed", None)
        if calendar_changed is not None:
            calendar_changed.connect(self.refresh_status)
        return widget
