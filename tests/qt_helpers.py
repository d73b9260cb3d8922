# SPDX-License-Identifier: MIT
"""Helpers shared by the GUI tests (imported as ``qt_helpers``: pytest puts tests/ui on
sys.path)."""

from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def ime(widget, text):
    """Type Chinese text as an input method commits it (QTest.keyClicks is ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def on_modal(kind, handler):
    """Run ``handler(widget)`` on the next modal widget of class ``kind``; reject on failure."""
    state = {"done": False, "error": None}

    def poll():
        w = QApplication.activeModalWidget()
        if not isinstance(w, kind):
            QTimer.singleShot(10, poll)
            return
        try:
            handler(w)
        except BaseException as exc:  # noqa: BLE001 - checked by the test
            state["error"] = exc
            w.reject()
        state["done"] = True

    QTimer.singleShot(0, poll)
    return state
