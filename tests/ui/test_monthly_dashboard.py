# SPDX-License-Identifier: MIT
"""Home dashboard: same numbers as the workbook, permissions, clicks, GUI export with progress."""

from __future__ import annotations

import os

import openpyxl
import pytest
from PySide6.QtCore import Qt

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.monthly import workbook as monthly_xlsx
from jiedao_desk.domains.monthly.pages.export_dialog import MonthlyExportDialog
from jiedao_desk.ui.main_window import MainWindow
from jiedao_desk.ui.pages.home import HomePage
from tests.monthly_seed import ADMIN, seed


def _figures(path) -> dict:
    """Figure code → value: 关键指标 by name, its code from the 说明 sheet (structure 2)."""
    wb = openpyxl.load_workbook(path)
    codes = {(r[0], r[1]): r[2] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
    return {codes[(r[0], r[1])]: r[2]
            for r in wb["关键指标"].iter_rows(min_row=2, values_only=True)}


def test_dashboard_numbers_equal_the_workbook(qtbot, store, tmp_path, monkeypatch):
    seed(store, tmp_path, monkeypatch)
    page = HomePage(store, ADMIN)
    qtbot.addWidget(page)
    shown = page.dashboard.figure_values()
    assert set(page.dashboard.cards) == {"access", "certificate", "forms", "mediation",
                                         "enforcement", "hotline"}
    for month, attr in (("2026-11", "value"), ("2026-10", "previous")):
        out = tmp_path / f"{month}.xlsx"
        monthly_xlsx.export_monthly(store, ADMIN, month, out)
        book = _figures(out)
        values = {code: b.property(attr) for c in page.dashboard.cards.values()
                  for code, b in c.buttons.items()}
        assert values and all(book[code] == v for code, v in values.items()), month
    assert shown["hotline.received"] == 1 and shown["access.received"] == 1
    assert page.dashboard.cards["hotline"].buttons["hotline.received"].property("previous") == 4
    if os.environ.get("JIEDAO_SHOT"):
        page.resize(1280, 760)
        page.show()
        qtbot.wait(50)
        page.grab().save(os.environ["JIEDAO_SHOT"])


def test_only_viewable_domains_and_click_opens_page(qtbot, store, tmp_path, monkeypatch):
    seed(store, tmp_path, monkeypatch)
    staff = Actor(5, "科室王", "street_staff")
    window = MainWindow(store, staff)
    qtbot.addWidget(window)
    home = window.page("home")
    assert set(home.dashboard.cards) == {"access", "certificate", "forms", "mediation",
                                         "enforcement", "hotline"}
    # A figure whose page this role may not open (mediation cases) leaves the page as it is.
    qtbot.mouseClick(home.dashboard.cards["mediation"].buttons["mediation.accepted"],
                     Qt.MouseButton.LeftButton)
    assert window.current_key() == "home"
    assert home.dashboard.export_button.isVisibleTo(home)
    button = home.dashboard.cards["hotline"].buttons["hotline.received"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "hotline"
    seen = []
    window.page("hotline").show_month = seen.append  # a page's optional month filter hook
    window.show_page("home")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "hotline" and seen == ["2026-11"]
    worker = Actor(7, "社区李", "community_worker", 1)
    page = HomePage(store, worker)
    qtbot.addWidget(page)
    assert not page.dashboard.export_button.isVisibleTo(page)
    # A community worker sees the own community's figures only (甲: 3 tickets of 4).
    assert page.dashboard.cards["hotline"].buttons["hotline.received"].property(
        "previous") == 3


def test_officer_sees_enforcement_only(qtbot, store):
    page = HomePage(store, Actor(9, "访客", "enforcement_officer"))
    qtbot.addWidget(page)
    assert set(page.dashboard.cards) == {"enforcement", "hotline"}  # no mediation counts


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_gui_export_runs_on_worker_with_progress(qtbot, file_store, tmp_path, monkeypatch,
                                                 kind):
    seed(file_store, tmp_path, monkeypatch)
    page = HomePage(file_store, ADMIN)
    qtbot.addWidget(page)
    if page.dashboard.report is None:  # file store: figures come from the worker
        qtbot.waitUntil(lambda: page.dashboard.report is not None, timeout=10_000)
    assert page.dashboard.figure_values()["access.received"] == 1
    dialog = MonthlyExportDialog(file_store, ADMIN, page)
    assert dialog.month.text() == "2026-10"
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    out = tmp_path / f"gui.{kind}"
    dialog.output.setText(str(out))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.task is not None and not dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.task.finished, timeout=20_000):
        pass
    assert dialog.task.error is None and out.exists() and dialog.done_text
    if kind == "xlsx":
        assert _figures(out)["hotline.received"] == 4


def test_figures_open_the_month_on_each_page(qtbot, store, tmp_path, monkeypatch):
    seed(store, tmp_path, monkeypatch)
    window = MainWindow(store, ADMIN)
    qtbot.addWidget(window)
    window.page("home").dashboard.open_page.emit("access", "2026-10")
    access_page = window.page("access")
    assert window.current_key() == "access" and access_page.month.text() == "2026-10"
    from jiedao_desk.domains.monthly import report as monthly

    received = monthly.collect(store, ADMIN, "2026-10").value("access.received")
    assert received > 0 and access_page.model.rowCount() == received  # only October's
    window.page("home").dashboard.open_page.emit("certificates", "2026-10")
    assert window.page("certificates").month.text() == "2026-10"
    window.page("home").dashboard.open_page.emit("mediation", "2026-10")
    med = window.page("mediation")
    assert med.tabs.currentWidget() is med.stats_tab and med.stats_tab.month.text() == "2026-10"
    window.page("home").dashboard.open_page.emit("forms", "2026-10")
    forms_page = window.page("forms")
    assert forms_page.tabs.currentIndex() == 1 and forms_page.period.text() == "2026-10"
    shown = [[forms_page.table.item(r, c).text() for c in range(4)]
             for r in range(forms_page.table.rowCount())]
    assert shown == [["测试月报", "2026-10", "甲社区", "已报送"],
                     ["测试月报", "2026-10", "乙社区", "未填报"]]
    window.page("home").dashboard.open_page.emit("hotline", "2026-10")
    tickets = window.page("hotline")
    received = monthly.collect(store, ADMIN, "2026-10").value("hotline.received")
    assert tickets.month.text() == "2026-10" and tickets.model.rowCount() == received == 4


# -- every card's text whole at the office screens ------------------------------------------

def cut_texts(card) -> list[str]:
    """The labels and figure buttons of ``card`` shown smaller than their text needs."""
    from PySide6.QtWidgets import QLabel, QPushButton

    out = []
    for widget in card.findChildren(QLabel) + card.findChildren(QPushButton):
        if not widget.isVisible():
            continue
        need = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            short = widget.heightForWidth(widget.width()) > widget.height()
        else:
            short = need.width() > widget.width() or need.height() > widget.height()
        if short:
            out.append(f"{card.objectName()} {widget.text()!r}: {widget.size()} < {need}")
    return out


@pytest.fixture(scope="module")
def demo_desk():
    from tests.tools import page_walk

    store, actors = page_walk.demo_store(40)
    yield store, actors
    store.conn.close()


@pytest.mark.parametrize("size", ["1366x768", "1920x1080@150%"])
@pytest.mark.parametrize("who", ["admin", "community_worker"])
def test_every_home_card_shows_its_text_whole(qapp, demo_desk, size, who, monkeypatch):
    """At 1366×768 and at 1920×1080 set to 150 % (1280×673 logical pixels) every label and
    figure of every card gets at least the size its text needs (the chart names too: they
    used to be cut to "超期未…")."""
    from jiedao_desk.domains.monthly.pages.dashboard import Dashboard
    from jiedao_desk.ui.kit import ui_state
    from tests.tools import page_walk

    monkeypatch.setattr(ui_state, "remember", lambda *a, **k: None)  # no saved geometry
    store, actors = demo_desk
    window_size = {**page_walk.SIZES, **page_walk.SCALED}[size]
    pages = page_walk.walk(store, actors[who], window_size)
    seen = next(pages)  # the home page, in a window that stays open until the walk is closed
    try:
        cards = list(seen.page.findChild(Dashboard).cards.values())
        assert len(cards) >= (6 if who == "admin" else 3)
        names = [n.text() for c in cards for n in c.chart.names if n.isVisible()]
        assert "超期未决定" in names or who != "admin"
        assert [p for card in cards for p in cut_texts(card)] == []
        window = seen.window
        for card in cards:  # and no card runs past the window's right edge
            assert card.isVisible()
            assert card.mapTo(window, card.rect().topRight()).x() < window.width()
    finally:
        pages.close()
