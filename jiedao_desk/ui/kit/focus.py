# SPDX-License-Identifier: MIT
"""Keyboard and screen-reader manners of every form, applied app-wide.

* Tab moves to the next field everywhere, also out of a multi-line text; Ctrl+Tab types a
  tab character inside a multi-line text (the rare case where one is wanted).
* Each input without an accessible name takes the text of its label (the label of its
  ``QFormLayout`` row, or the ``QLabel`` whose buddy it is, or its placeholder), so a screen
  reader says "姓名" instead of "edit".

``install(app)`` watches every window as it is shown (dialogs and the main window, and the
pages of a stacked widget as they are switched to) and calls ``polish`` on it; a dialog may
also call ``polish(self)`` itself. Pages and dialogs need no code of their own.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

# The inputs that need a name from their label (buttons and check boxes carry their text).
INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QDateEdit)


def _clean(text: str) -> str:
    """A label as a name: without the colon, the mnemonic and the 必填 mark."""
    return text.replace("&", "").replace("（必填）", "").rstrip("：:").strip()


def _first_input(item) -> QWidget | None:
    """The input widget of a form row's field item (a widget, or the first in a layout)."""
    if item is None:
        return None
    widget = item.widget()
    if isinstance(widget, INPUTS):
        return widget
    layout = item.layout() if widget is None else widget.layout()
    if layout is None:
        return None
    for i in range(layout.count()):
        found = _first_input(layout.itemAt(i))
        if found is not None:
            return found
    return None


def _name_form(layout: QFormLayout) -> None:
    for row in range(layout.rowCount()):
        label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = None if label_item is None else label_item.widget()
        target = _first_input(field_item)
        if isinstance(label, QLabel) and target is not None and not target.accessibleName():
            name = _clean(label.text())
            if name:
                target.setAccessibleName(name)
                if label.buddy() is None:
                    label.setBuddy(target)


def _name_row(layout: QLayout) -> None:
    """In a row or column of widgets, "标签：" followed by an input names that input."""
    label: QLabel | None = None
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = None if item is None else item.widget()
        if isinstance(widget, QLabel) and widget.text().strip():
            label = widget
            continue
        target = widget if isinstance(widget, INPUTS) else _first_child_input(widget)
        if label is not None and target is not None and not target.accessibleName():
            name = _clean(label.text())
            if name:
                target.setAccessibleName(name)
                if label.buddy() is None:
                    label.setBuddy(target)
        label = None


def _first_child_input(widget: QWidget | None) -> QWidget | None:
    """The first input inside a small composite widget (e.g. a date with a 不限 box)."""
    if widget is None or isinstance(widget, QLabel):
        return None
    for child in widget.findChildren(QWidget):
        if isinstance(child, INPUTS):
            return child
    return None


def _fallback_name(widget: QWidget) -> str:
    """A name for an input with no label: its tooltip, a filter's first choice ("全部社区"),
    or "详情" for a read-only text view."""
    if widget.toolTip():
        return widget.toolTip().split("\n")[0][:30]
    if isinstance(widget, QComboBox) and widget.count():
        return widget.itemText(0)
    if isinstance(widget, QPlainTextEdit | QTextEdit) and widget.isReadOnly():
        return "详情"
    return ""


def _layouts(layout: QLayout | None):
    if layout is None:
        return
    yield layout
    for i in range(layout.count()):
        item = layout.itemAt(i)
        child = None if item is None else item.layout()
        if child is not None:
            yield from _layouts(child)


class _TextKeys(QObject):
    """Ctrl+Tab inside a multi-line text types a tab (Tab itself moves on)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Tab
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and isinstance(watched, QPlainTextEdit | QTextEdit)
                and not watched.isReadOnly()):
            watched.insertPlainText("\t")
            return True
        return False


class _WindowWatch(QObject):
    """Polish every window (and every page of a stacked widget) when it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and (
                watched.isWindow() or isinstance(watched.parentWidget(), QStackedWidget)):
            polish(watched)
        return False


_text_keys: _TextKeys | None = None
_watch: _WindowWatch | None = None


def _keys() -> _TextKeys:
    global _text_keys
    if _text_keys is None:
        _text_keys = _TextKeys(QApplication.instance())
    return _text_keys


def polish(root: QWidget) -> None:
    """Give the inputs under ``root`` their Tab behaviour and accessible names."""
    for edit in root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        if edit.isReadOnly() or edit.property("jiedao_tab_polished"):
            continue
        edit.setTabChangesFocus(True)
        edit.installEventFilter(_keys())
        edit.setProperty("jiedao_tab_polished", True)
    for widget in [root, *root.findChildren(QWidget)]:
        for layout in _layouts(widget.layout()):
            if isinstance(layout, QFormLayout):
                _name_form(layout)
            else:
                _name_row(layout)
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and not buddy.accessibleName():
            buddy.setAccessibleName(_clean(label.text()))
    for line in root.findChildren(QLineEdit):
        if not line.accessibleName() and line.placeholderText():
            line.setAccessibleName(line.placeholderText())
    for widget in root.findChildren(QWidget):
        if isinstance(widget, INPUTS) and not widget.accessibleName():
            name = _fallback_name(widget)
            if name:
                widget.setAccessibleName(name)


def unnamed_inputs(root: QWidget) -> list[QWidget]:
    """The visible inputs under ``root`` that a screen reader could not name (for tests)."""
    out: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or isinstance(widget, QAbstractButton):
            continue
        if not widget.isVisibleTo(root) or widget.accessibleName():
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the line edit inside a spin box or an editable combo
        out.append(widget)
    return out


def install(app: QApplication) -> None:
    """Polish every window of ``app`` as it is shown."""
    global _watch
    if _watch is None or _watch.parent() is not app:
        _watch = _WindowWatch(app)
        app.installEventFilter(_watch)
