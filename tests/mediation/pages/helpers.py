# SPDX-License-Identifier: MIT
"""Driving the 人民调解 page through its widgets: typing Chinese, filling its field dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.mediation.pages.fields_dialog import MediationFieldsDialog
from jiedao_desk.domains.mediation.pages.page import MediationPage

MEDIATOR = Actor(7, "赵调解", "mediator")


def ime(widget, text):
    """Type Chinese text as an input method commits it (QTest.keyClicks is ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def on_modal(handler):
    """Fill the next MediationFieldsDialog with ``handler`` and press OK; if core refused
    (the dialog is still open), note the status line and cancel. Returns the state:
    ``refused`` (the status line's text) and ``kept`` (the values still in the form)."""
    state = {"refused": None, "kept": None}

    def poll():
        w = QApplication.activeModalWidget()
        if not isinstance(w, MediationFieldsDialog):
            QTimer.singleShot(10, poll)
            return
        handler(w)
        w.accept()
        if w.isVisible():
            state["refused"], state["kept"] = w.status.text(), w.values()
            w.reject()

    QTimer.singleShot(0, poll)
    return state


def open_page(store, qtbot, who=MEDIATOR, **kw) -> MediationPage:
    """The page as the user sees it (shown, so change notices refresh it at once)."""
    page = MediationPage(store, who, **kw)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    return page


def click(qtbot, page, key):
    """Click the case button ``key`` (it must be enabled)."""
    assert page.buttons[key].isEnabled(), key
    qtbot.mouseClick(page.buttons[key], Qt.MouseButton.LeftButton)
