# SPDX-License-Identifier: MIT
"""Window sizes that fit the screen, and what the user arranged, remembered (QSettings).

Office PCs range from 1366×768 laptops to 1920×1080 screens at 150 % (1280×720 logical
pixels). Every top-level window therefore starts at most :data:`SHARE` of the available
screen (:func:`fit`; :class:`ScreenFit` does it for every dialog the app shows) and the
places the user arranged — window geometry, splitters, column widths, the last folders
of file dialogs — are kept in ``ui-settings.ini`` in the user data folder, so a portable
install carries them and JIEDAO_DESK_HOME isolates them in tests.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QMainWindow,
    QSplitter,
    QWidget,
)

from jiedao_desk import paths

log = logging.getLogger(__name__)

ORGANISATION = "jiedao-desk"
SETTINGS_FILE = "ui-settings.ini"
SHARE = 0.9  # of the available screen: the window's edges and the taskbar stay in reach
_FITTED = "jiedao_fitted"


def settings() -> QSettings:
    """The UI settings file (window and column state; never business data)."""
    return QSettings(str(paths.user_data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The screen area a window may use (without taskbar/panels), logical pixels."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def limit(widget: QWidget | None = None) -> QSize:
    """The largest size a window should start at on ``widget``'s screen."""
    area = available_geometry(widget)
    return QSize(int(area.width() * SHARE), int(area.height() * SHARE))


def fit(widget: QWidget, preferred: QSize, minimum: QSize | None = None) -> QSize:
    """Size ``widget`` to ``preferred`` shrunk to the screen, centred; returns the size.

    ``minimum`` is the smallest useful size; a smaller screen still wins (a window larger
    than the screen cannot be used at all).
    """
    most = limit(widget)
    size = preferred.boundedTo(most)
    if minimum is not None:
        widget.setMinimumSize(minimum.boundedTo(most))
        size = size.expandedTo(widget.minimumSize())
    widget.resize(size)
    area = available_geometry(widget)
    frame = widget.frameGeometry()
    frame.moveCenter(area.center())
    widget.move(frame.topLeft())
    widget.setProperty(_FITTED, True)
    return size


def shrink_to_screen(widget: QWidget) -> bool:
    """Make a window that is larger than :func:`limit` fit it, and keep it on the screen.

    Returns:
        True when the window was resized or moved.
    """
    most = limit(widget)
    size = widget.size()
    changed = False
    if size.width() > most.width() or size.height() > most.height():
        widget.resize(size.boundedTo(most).expandedTo(widget.minimumSize().boundedTo(most)))
        changed = True
        need = widget.minimumSizeHint()
        if need.width() > most.width() or need.height() > most.height():
            # its layout cannot shrink that far: the form needs a scroll area (found in the log)
            log.warning("%s needs %dx%d, the screen offers %dx%d", type(widget).__name__,
                        need.width(), need.height(), most.width(), most.height())
    area = available_geometry(widget)
    frame = widget.frameGeometry()
    if changed or not area.contains(frame):
        # partly off the screen: centre it (the 10 % left over holds the window frame, which
        # an unshown window does not have yet)
        frame.moveCenter(area.center())
        widget.move(frame.topLeft())
        changed = True
    return changed


class ScreenFit(QObject):
    """Application event filter: every window or dialog, when first shown, fits the screen
    (dialogs sized by their content, e.g. a long form, may otherwise run off a laptop)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # windows and dialogs only: menus, combo-box lists and tooltips are placed by Qt
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
                and not watched.property(_FITTED)):
            watched.setProperty(_FITTED, True)
            shrink_to_screen(watched)
        return False


def keep_size(widget: QWidget) -> None:
    """Exempt ``widget`` from :class:`ScreenFit` (e.g. the lock screen, which covers the
    whole screen on purpose)."""
    widget.setProperty(_FITTED, True)


def install_screen_fit(app: QApplication) -> ScreenFit:
    """Fit every window the application shows (see :class:`ScreenFit`); idempotent."""
    watcher = app.findChild(ScreenFit)
    if watcher is None:
        watcher = ScreenFit(app)
        app.installEventFilter(watcher)
    return watcher


def remove_screen_fit(app: QApplication) -> None:
    """Stop fitting windows (the GUI ends; tests run the GUI inside one application)."""
    watcher = app.findChild(ScreenFit)
    if watcher is not None:
        app.removeEventFilter(watcher)
        watcher.deleteLater()
        watcher.setParent(None)


class _Keeper(QObject):
    """Saves a window's geometry (and a main window's toolbar state) when it hides."""

    def __init__(self, widget: QWidget, key: str):
        super().__init__(widget)
        self.key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Hide, QEvent.Type.Close) and isinstance(watched,
                                                                                QWidget):
            save_window(watched, self.key)
        return False


def save_window(widget: QWidget, key: str) -> None:
    """Store ``widget``'s geometry under ``key``.

    The plain rectangle, not ``saveGeometry()``: restoring that lets Qt fit it to whatever
    screen it finds first, before :func:`shrink_to_screen` can apply our own rule.
    """
    store = settings()
    normal = widget.normalGeometry() if widget.isMaximized() else widget.geometry()
    store.setValue(f"windows/{key}/rect",
                   [normal.x(), normal.y(), normal.width(), normal.height()])
    store.setValue(f"windows/{key}/maximized", widget.isMaximized())
    if isinstance(widget, QMainWindow):
        store.setValue(f"windows/{key}/state", widget.saveState())
    store.sync()


def remember(widget: QWidget, key: str) -> bool:
    """Restore ``widget``'s saved geometry (shrunk to today's screen) and save it again
    whenever the window hides or closes.

    Returns:
        True when a saved geometry was restored.
    """
    store = settings()
    restored = False
    try:
        x, y, width, height = (int(v) for v in store.value(f"windows/{key}/rect") or ())
    except (TypeError, ValueError):  # nothing saved yet, or a damaged file
        pass
    else:
        if width > 0 and height > 0:
            widget.resize(QSize(width, height).expandedTo(widget.minimumSize()))
            widget.move(x, y)
            # saved on another (bigger) screen, or a monitor since removed
            shrink_to_screen(widget)
            widget.setProperty(_FITTED, True)
            restored = True
    if restored and str(store.value(f"windows/{key}/maximized")).lower() == "true":
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
    state = store.value(f"windows/{key}/state")
    if isinstance(widget, QMainWindow) and isinstance(state, QByteArray):
        widget.restoreState(state)
    widget.installEventFilter(_Keeper(widget, key))
    return bool(restored)


def remember_splitter(splitter: QSplitter, key: str) -> None:
    """Restore the splitter's sizes and save them whenever the user moves it."""
    state = settings().value(f"splitters/{key}")
    if isinstance(state, QByteArray):
        splitter.restoreState(state)

    def save(*_: object) -> None:
        settings().setValue(f"splitters/{key}", splitter.saveState())

    splitter.splitterMoved.connect(save)


def remember_columns(header: QHeaderView, key: str, names: list[str]) -> None:
    """Restore column widths by column name (so a new or removed column does not shift the
    others) and save them whenever the user resizes one."""
    raw = settings().value(f"columns/{key}")
    try:
        widths = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        widths = {}
    for i, name in enumerate(names):
        width = widths.get(name) if isinstance(widths, dict) else None
        if isinstance(width, int) and width > 8:
            header.resizeSection(i, width)

    def save(index: int, _old: int, new: int) -> None:
        if 0 <= index < len(names) and new > 0:  # 0: a hidden column, keep its width
            current = json.loads(settings().value(f"columns/{key}") or "{}")
            current[names[index]] = new
            settings().setValue(f"columns/{key}", json.dumps(current, ensure_ascii=False))

    header.sectionResized.connect(save)


def last_folder(kind: str) -> str:
    """The folder last used for ``kind`` of file (e.g. "export"), or the home folder."""
    folder = settings().value(f"folders/{kind}")
    if isinstance(folder, str) and Path(folder).is_dir():
        return folder
    return str(Path.home())


def remember_folder(kind: str, path: str | Path) -> None:
    """Remember the folder of ``path`` for the next dialog of ``kind``."""
    path = Path(path)
    settings().setValue(f"folders/{kind}", str(path if path.is_dir() else path.parent))


def save_file_name(parent: QWidget | None, title: str, name: str, filters: str,
                   kind: str = "export") -> str:
    """QFileDialog.getSaveFileName starting in the last folder used for ``kind``.

    Returns:
        The chosen path, or "" when cancelled.
    """
    start = str(Path(last_folder(kind)) / name)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    if chosen:
        remember_folder(kind, chosen)
    return chosen


def folder_name(parent: QWidget | None, title: str, kind: str = "backup") -> str:
    """QFileDialog.getExistingDirectory starting in the last folder used for ``kind``."""
    chosen = QFileDialog.getExistingDirectory(parent, title, last_folder(kind))
    if chosen:
        settings().setValue(f"folders/{kind}", chosen)
    return chosen


def open_file_name(parent: QWidget | None, title: str, filters: str,
                   kind: str = "import") -> str:
    """QFileDialog.getOpenFileName starting in the last folder used for ``kind``."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, last_folder(kind), filters)
    if chosen:
        remember_folder(kind, chosen)
    return chosen
