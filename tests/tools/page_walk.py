# SPDX-License-Identifier: MIT
"""Walk every page of the main window as a user would see it, at the office screen sizes.

``walk`` opens the main window for one signed-in user at one window size and visits every
navigation entry (and every tab of a page), yielding what is on screen; ``problems`` names
what a clerk should never see there: a widget cut off by the window's edge, or English words
and codes in a label, button, header or list. Run as a program it saves one PNG per page:

    QT_QPA_PLATFORM=offscreen python -m tests.tools.page_walk /tmp/walk
    QT_QPA_PLATFORM=offscreen python -m tests.tools.page_walk /tmp/walk150 --scale 1.5

With ``--scale 1.5`` Qt draws everything at 150 % (QT_SCALE_FACTOR, as Windows does on a
1920×1080 laptop set to 150 %) and the window is the 1920×1080 screen's in logical pixels
(``SCALED``); the PNGs are the physical pixels a clerk sees.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QTabWidget,
    QWidget,
)

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.store import Store
from tests.architecture.test_plain_words import english_words

# the window as it opens maximised on each screen (taskbar and title bar taken off)
PASSWORD = "Walk-the-desk-2026!"
SIZES = {"1366x768": QSize(1366, 698), "1920x1080": QSize(1920, 1010)}
# a 1920×1080 screen at 150 %: the same window in logical pixels (1920 / 1.5, 1010 / 1.5)
SCALED = {"1920x1080@150%": QSize(1280, 673)}


@dataclass
class Seen:
    """One page (or one tab of a page) on screen."""

    name: str  # "居民档案" or "统计 · 月报"
    window: QMainWindow
    page: QWidget


def demo_store(residents: int = 300) -> tuple[Store, dict[str, Actor]]:
    """A demo database and the users who walk it: the administrator and a community worker."""
    from jiedao_desk import demo
    from jiedao_desk.core import auth
    from jiedao_desk.store import org as org_store

    store = Store.memory()
    demo.generate(store, residents, seed=3, actor=SYSTEM)
    community = org_store.list_communities(store)[0]
    admin = auth.create_first_admin(store, "admin", "管理员", PASSWORD)
    admin_actor = Actor(admin.id, admin.display_name, admin.role)
    worker = auth.create_user(store, admin_actor, "worker", "社区工作者甲", "community_worker",
                              PASSWORD, community["id"])
    actors = {"admin": admin_actor,
              "community_worker": Actor(worker.id, worker.display_name, worker.role,
                                        worker.community_id)}
    return store, actors


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def walk(store: Store, actor: Actor, size: QSize) -> Iterator[Seen]:
    """Every page of the main window for ``actor`` in a window of ``size``."""
    from jiedao_desk.ui.main_window import MainWindow

    window = MainWindow(store, actor)
    window.setMinimumSize(QSize(0, 0))
    window.resize(size)
    window.show()
    _settle()
    try:
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            _settle()
            title = window.nav.item(row).text()
            page = window.current_page()
            tabs = page.findChildren(QTabWidget) if page is not None else []
            yield Seen(title, window, page)
            for tab_widget in tabs:
                for index in range(1, tab_widget.count()):
                    if not tab_widget.isVisible():
                        break
                    tab_widget.setCurrentIndex(index)
                    _settle()
                    yield Seen(f"{title} · {tab_widget.tabText(index)}", window, page)
                tab_widget.setCurrentIndex(0)
    finally:
        window.close()
        window.deleteLater()


# labels that show a font's own name (as WPS and Word show it): not a word to translate
FONT_NAMES = {"font_family", "font_sample"}


def _texts(widget: QWidget, cells: bool = True) -> list[str]:
    """The texts ``widget`` shows (labels, buttons, items, headers; with ``cells`` also the
    first rows of a list, hidden columns left out)."""
    if widget.objectName() in FONT_NAMES:
        return []
    if isinstance(widget, QLabel):
        return [widget.text()]
    if isinstance(widget, (QAbstractButton, QGroupBox)):
        return [widget.text() if isinstance(widget, QAbstractButton) else widget.title()]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()]
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) \
            and widget.model() is not None:
        model, out = widget.model(), []
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        shown = [c for c in range(columns)
                 if not (isinstance(widget, QTableView) and widget.isColumnHidden(c))]
        for column in shown:
            out.append(str(model.headerData(column, _horizontal()) or ""))
        rows = min(model.rowCount(), 30) if cells else 0
        for r in range(rows):
            for column in shown:
                value = model.index(r, column).data()
                if isinstance(value, str):
                    out.append(value)
        return out
    return []


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def problems(seen: Seen, cells: bool = True, ignore: re.Pattern | None = None) -> list[str]:
    """What is wrong on screen: widgets cut off by the window's edge, English words (in
    list cells too unless ``cells`` is False: demo data holds made-up numbers; what matches
    ``ignore`` is not read as words)."""
    window, found = seen.window, []
    frame = QRect(QPoint(0, 0), window.size())
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        name = widget.objectName() or type(widget).__name__
        # a page taller than the window scrolls; wider than the window is cut off
        if where.right() > frame.right() + 1:
            found.append(f"{seen.name}: {name} 超出窗口右边 {where.right() - frame.right()} px")
        for text in _texts(widget, cells):
            words = english_words(ignore.sub(" ", text) if ignore else text)
            if words:
                found.append(f"{seen.name}: {name} 显示英文 {words}: {text[:80]!r}")
    return found


def main(folder: str, scale: str = "") -> int:
    import os

    from jiedao_desk.ui.kit import focus, qt_locale

    if scale:  # read by Qt when the application starts, so set before it
        os.environ["QT_SCALE_FACTOR"] = scale
    app = QApplication.instance() or QApplication(sys.argv)
    qt_locale.install(app)
    focus.install(app)
    store, actors = demo_store()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for who, actor in actors.items():
        for label, size in (SCALED if scale else SIZES).items():
            for n, seen in enumerate(walk(store, actor, size)):
                name = seen.name.replace("/", "-").replace(" · ", "-")
                seen.window.grab().save(str(out / f"{who}-{label}-{n:02d}-{name}.png"))
                for problem in problems(seen):
                    print(f"{who} {label} {problem}")
                count += 1
    print(f"{count} screenshots in {out}")
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--scale"]
    factor = sys.argv[sys.argv.index("--scale") + 1] if "--scale" in sys.argv else ""
    args = [a for a in args if a != factor] if factor else args
    sys.exit(main(args[0] if args else "walk-screenshots", factor))
