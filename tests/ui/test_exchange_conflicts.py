# SPDX-License-Identifier: MIT
"""数据交换 page, 冲突 tab: an administrator on the street's PC sees the record in words and
both versions in Chinese, and settles it by choosing one; nobody else sees the tab."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core.exchange import changes
from jiedao_desk.ui.kit import forms
from jiedao_desk.ui.pages.exchange import ExchangePage
from tests.core.exchange.sites import make_sites
from tests.core.exchange.test_conflicts import make_conflict

STAFF = Actor(None, "科员", "street_staff")


@pytest.fixture
def sites(tmp_path):
    street, a, b = make_sites(tmp_path)
    yield street, a, b
    for s in (street, a, b):
        s.store.close()


def versions(panel) -> dict[str, tuple[str, str]]:
    t = panel.versions
    return {t.item(r, 0).text(): (t.item(r, 1).text(), t.item(r, 2).text())
            for r in range(t.rowCount())}


def conflicts_of(page, name: str) -> str:
    """The 冲突 cell of a site in the sites table."""
    rows = [r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == name]
    assert rows, name
    return page.table.item(rows[0], 7).text()


def test_administrator_sees_both_versions_and_takes_theirs(sites, qtbot, monkeypatch):
    street, a, _ = sites
    make_conflict(street, a)
    page = ExchangePage(street.store, SYSTEM)
    qtbot.addWidget(page)
    page.show()
    assert page.tabs.tabText(1) == "冲突（1）"
    panel = page.conflicts
    assert panel is not None and panel.list.rowCount() == 1
    assert panel.list.item(0, 0).text() == "居民“张三”"
    assert panel.list.item(0, 2).text().startswith("甲社区第")
    shown = versions(panel)
    assert shown["备注"] == ("街道改的", "社区改的")
    assert "姓名/名称" not in shown  # only the fields that differ, until asked
    panel.only_diff.setChecked(False)
    assert versions(panel)["姓名/名称"] == ("张三", "张三")
    assert "甲社区" in panel.versions.horizontalHeaderItem(2).text()
    assert panel.take_theirs.isEnabled() and panel.keep_ours.isEnabled()

    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: None)  # cancelled: nothing
    assert not panel.resolve("theirs")
    assert street.store.scalar("SELECT notes FROM resident") == "街道改的"
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "与社区核对，社区的对")
    assert panel.resolve("theirs")
    assert street.store.scalar("SELECT notes FROM resident") == "社区改的"
    assert panel.list.rowCount() == 0 and not panel.empty.isHidden()
    assert page.tabs.tabText(1) == "冲突"
    assert conflicts_of(page, "甲社区") == "0"
    row = street.store.row("SELECT * FROM audit_log WHERE action = 'exchange.resolve_conflict'")
    assert row is not None and "与社区核对" in row["after_json"]
    panel.show_resolved.setChecked(True)
    assert panel.list.item(0, 4).text() == "已处理"
    assert not panel.keep_ours.isEnabled() and not panel.take_theirs.isEnabled()
    assert "采用对方版本：与社区核对" in panel.summary.text()


def test_keep_ours_and_a_third_sites_record(sites, qtbot, monkeypatch):
    street, a, b = sites
    make_conflict(street, a, owner=b.uid)  # 乙's, as far as the street knows
    page = ExchangePage(street.store, SYSTEM)
    qtbot.addWidget(page)
    panel = page.conflicts
    assert panel is not None
    assert not panel.take_theirs.isEnabled()
    assert "属于乙社区站点" in panel.take_theirs.toolTip()
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "以本机为准")
    assert panel.resolve("ours")
    assert street.store.scalar("SELECT notes FROM resident") == "街道改的"
    assert changes.conflicts(street.store, SYSTEM) == []


def test_others_see_the_count_but_not_the_conflicts(sites, qtbot):
    street, a, _ = sites
    make_conflict(street, a)
    page = ExchangePage(street.store, STAFF)
    qtbot.addWidget(page)
    assert page.conflicts is None and page.tabs.count() == 1
    assert conflicts_of(page, "甲社区") == "1"


def test_the_conflict_list_fits_the_office_screen(sites, qtbot):
    """At 1366x768 (the page beside the navigation) every column of the list is in view:
    no sideways scrolling, no cut date."""
    street, a, _ = sites
    make_conflict(street, a)
    page = ExchangePage(street.store, SYSTEM)
    qtbot.addWidget(page)
    page.resize(1366 - 160, 768 - 120)  # what the main window leaves the page
    page.show()
    page.tabs.setCurrentIndex(1)
    qtbot.waitExposed(page)
    table = page.conflicts.list
    assert not table.horizontalScrollBar().isVisible()
    when = table.item(0, 3).text()
    width = table.fontMetrics().horizontalAdvance(when)
    assert width + 8 <= table.columnWidth(3), (when, table.columnWidth(3))
