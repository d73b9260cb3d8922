# SPDX-License-Identifier: MIT
"""Unexpected errors: written to a rotating log file and shown once, in Chinese.

The windowed Windows build has no console, so an exception escaping a slot (PySide passes
it to ``sys.excepthook``), a worker thread (``threading.excepthook``) or a critical Qt
message would otherwise vanish. :func:`install` sends all three to one :class:`Reporter`:
the traceback goes to ``<user data>/logs/jiedao-desk.log`` and the user sees one dialog per
error — "程序遇到意外错误……", the log file's place and 复制错误信息 — while the app keeps
running. Errors that arrive while that dialog is open join it instead of stacking more.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import paths
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.store import faults

log = logging.getLogger(__name__)
LOG_NAME = "jiedao-desk.log"
LOG_BYTES = 2 * 1024 * 1024  # a few MB per file, five old files kept: months of ordinary use
LOG_KEEP = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
HEADLINE = "程序遇到意外错误，刚才的操作可能没有完成。"


def log_file() -> Path:
    """The log file in the user data folder (JIEDAO_DESK_HOME moves it in tests)."""
    return paths.user_data_dir() / "logs" / LOG_NAME


def setup_logging(path: Path | None = None) -> Path:
    """Send the app's log records (INFO and above) to a rotating file; idempotent.

    Returns:
        The log file's path.
    """
    path = path or log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_KEEP,
                                  encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path


class ErrorDialog(QDialog):
    """The one dialog an unexpected error shows; further errors are appended to it."""

    def __init__(self, headline: str, details: str, log_path: Path,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("程序遇到意外错误")
        self.details = details
        self.log_path = log_path
        self.count = 1
        self.headline_label = QLabel(headline)
        self.headline_label.setWordWrap(True)
        self.headline_label.setStyleSheet("font-weight: bold;")
        self.note_label = QLabel(
            "程序可以继续使用；已保存的数据不受影响。请把错误信息告诉管理员：\n"
            "点“复制错误信息”后粘贴到消息或邮件里，或者把下面的日志文件交给管理员。")
        self.note_label.setWordWrap(True)
        self.path_label = QLabel(f"日志文件：{log_path}")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more_label = QLabel()
        self.copy_button = QPushButton("复制错误信息")
        self.copy_button.clicked.connect(self.copy)
        self.close_button = QPushButton("关闭")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for w in (self.headline_label, self.note_label, self.path_label, self.more_label):
            layout.addWidget(w)
        layout.addLayout(row)
        self.setMinimumWidth(460)

    def add(self, details: str) -> None:
        """Another error arrived while this dialog is open."""
        self.count += 1
        self.details += "\n\n" + details
        self.more_label.setText(f"此后又发生了 {self.count - 1} 个错误，已一并记录。")

    def report_text(self) -> str:
        """What 复制错误信息 puts on the clipboard."""
        return f"{HEADLINE}\n日志文件：{self.log_path}\n\n{self.details}"

    def copy(self) -> None:
        """Put the error report on the clipboard."""
        QGuiApplication.clipboard().setText(self.report_text())
        self.copy_button.setText("已复制")


class Reporter(QObject):
    """Receives unexpected errors from any thread and shows them on the GUI thread."""

    # Queued even on the GUI thread: the dialog opens from the event loop, never inside
    # PySide's error path or Qt's message handler.
    arrived = Signal(str, str)  # headline, details

    def __init__(self, log_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: ErrorDialog | None = None
        self.previous: tuple | None = None  # the hooks install() replaced
        self.arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        """``sys.excepthook``: log the traceback, show the dialog; Ctrl+C still stops."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        details = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unexpected error:\n%s", details)
        self.arrived.emit(self._headline(exc), details)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: the same, for a thread outside Qt's pool."""
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        """Qt's message handler: warnings go to the log; critical and fatal messages are
        errors the user must hear about (a fatal one ends the process after this)."""
        where = f" ({context.file}:{context.line})" if context.file else ""
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            log.error("Qt: %s%s", message, where)
            self.arrived.emit(HEADLINE, f"Qt: {message}{where}")
        elif mode == QtMsgType.QtWarningMsg:
            log.warning("Qt: %s%s", message, where)
        else:
            log.debug("Qt: %s%s", message, where)

    def _headline(self, exc: BaseException) -> str:
        # A storage fault (full disk, damaged file) has a Chinese explanation: say it first.
        known = faults.storage_error(exc) or exc
        if isinstance(known, JiedaoError):
            return f"{HEADLINE}\n{known}"
        return HEADLINE

    def _show(self, headline: str, details: str) -> None:
        if self.dialog is not None:
            self.dialog.add(details)
            return
        parent = QApplication.activeWindow()
        self.dialog = ErrorDialog(headline, details, self.log_path, parent)
        try:
            self.dialog.exec()
        finally:
            self.dialog.deleteLater()
            self.dialog = None


def install(app: QApplication, path: Path | None = None) -> Reporter:
    """Log to the rotating file and route every unexpected error to one reporter.

    Returns:
        The reporter (a child of ``app``; the hooks stay in place while the app runs).
    """
    reporter = Reporter(setup_logging(path), app)
    previous_qt = qInstallMessageHandler(reporter.qt_message)
    reporter.previous = (sys.excepthook, threading.excepthook, previous_qt)
    sys.excepthook = reporter.excepthook
    threading.excepthook = reporter.thread_hook
    return reporter


def uninstall(reporter: Reporter) -> None:
    """Put the previous hooks back and close the log file (tests, or an app that ends)."""
    if reporter.previous is not None:
        sys.excepthook, threading.excepthook, previous_qt = reporter.previous
        qInstallMessageHandler(previous_qt)
        reporter.previous = None
    root = logging.getLogger()
    for handler in list(root.handlers):
        if (isinstance(handler, RotatingFileHandler)
                and Path(handler.baseFilename) == reporter.log_path):
            root.removeHandler(handler)
            handler.close()
