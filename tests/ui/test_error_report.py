# SPDX-License-Identifier: MIT
"""An unexpected error in a slot: one Chinese dialog, the traceback in the log file, the app
keeps running."""

import logging
import threading

import pytest
from PySide6.QtCore import qCritical, qWarning
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from jiedao_desk import paths
from jiedao_desk.ui.kit import error_report


@pytest.fixture
def reporter(qapp, monkeypatch):
    shown = []

    def fake_exec(dialog):
        # What the user would see, recorded instead of waiting for a click.
        shown.append({"title": dialog.windowTitle(), "headline": dialog.headline_label.text(),
                      "path": dialog.path_label.text(), "report": dialog.report_text(),
                      "copy": dialog.copy_button.text()})
        dialog.copy_button.click()
        shown[-1]["clipboard"] = QGuiApplication.clipboard().text()
        return 0

    monkeypatch.setattr(error_report.ErrorDialog, "exec", fake_exec)
    r = error_report.install(qapp)
    r.shown = shown
    yield r
    error_report.uninstall(r)


def _fails():
    raise ValueError("broken slot 42")


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_shows_one_chinese_dialog_and_is_logged(reporter, qtbot):
    button = QPushButton("试试")
    qtbot.addWidget(button)
    button.clicked.connect(_fails)
    button.click()  # PySide hands the exception to sys.excepthook and returns
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)
    seen = reporter.shown[0]
    assert seen["title"] == "程序遇到意外错误"
    assert seen["headline"].startswith("程序遇到意外错误")
    assert seen["copy"] == "复制错误信息"
    log = paths.user_data_dir() / "logs" / "jiedao-desk.log"
    assert seen["path"] == f"日志文件：{log}"
    assert "ValueError: broken slot 42" in seen["clipboard"] and str(log) in seen["clipboard"]
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "_fails" in text and "broken slot 42" in text
    # the app keeps running: the same button works again and gives one more dialog
    button.click()
    qtbot.waitUntil(lambda: len(reporter.shown) == 2)


@pytest.mark.qt_no_exception_capture
def test_errors_while_the_dialog_is_open_join_it(reporter, qtbot):
    dialog = error_report.ErrorDialog("x", "first", reporter.log_path)
    qtbot.addWidget(dialog)
    reporter.dialog = dialog  # as if the first dialog were still on screen
    reporter.excepthook(ValueError, ValueError("second"), None)
    qtbot.wait(20)
    assert reporter.shown == [] and dialog.count == 2
    assert "second" in dialog.report_text() and "又发生了 1 个错误" in dialog.more_label.text()


@pytest.mark.qt_no_exception_capture
def test_error_in_a_thread_reaches_the_dialog(reporter, qtbot):
    worker = threading.Thread(target=_fails)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)


def test_qt_critical_shows_the_dialog_and_a_warning_is_only_logged(reporter, qtbot):
    qWarning("harmless Qt warning")
    qtbot.wait(20)
    assert reporter.shown == []
    qCritical("Qt critical trouble")
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)
    text = reporter.log_path.read_text(encoding="utf-8")
    assert "harmless Qt warning" in text and "Qt critical trouble" in text


def test_log_rotates_at_a_few_megabytes(tmp_path, qapp):
    path = error_report.setup_logging(tmp_path / "logs" / "x.log")
    try:
        handler = next(h for h in logging.getLogger().handlers
                       if getattr(h, "baseFilename", "") == str(path))
        assert handler.maxBytes == 2 * 1024 * 1024 and handler.backupCount == 5
        assert error_report.setup_logging(path) == path  # no second handler
        assert sum(getattr(h, "baseFilename", "") == str(path)
                   for h in logging.getLogger().handlers) == 1
    finally:
        error_report.uninstall(error_report.Reporter(path))
