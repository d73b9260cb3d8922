# SPDX-License-Identifier: MIT
"""The case list's search box and ``show_month`` (called when a dashboard figure is clicked)."""

import pytest
from PySide6.QtCore import Qt

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement.pages.page import EnforcementPage
from jiedao_desk.ui.kit import widgets
from tests.ui.test_enforcement_page import ime


@pytest.fixture(autouse=True)
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    return shown


@pytest.fixture
def page(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    power = enf.power_choices(store)[0][0]["item_id"]
    ids = {}
    ids["sept"] = enf.register_lead(store, actor, "patrol", "2026-09-25", "示例路1号",
                                    "占道摆摊").case_id
    ids["filed_oct"] = enf.register_lead(store, actor, "report", "2026-09-28", "示例路2号",
                                         "乱堆物料").case_id
    enf.file_case(store, actor, ids["filed_oct"], "2026-10-08", "王队长", power)
    ids["oct"] = enf.register_lead(store, actor, "patrol", "2026-10-12", "示例路3号",
                                   "夜间施工").case_id
    enf.add_party(store, actor, ids["oct"], "person", "孙某某", "11010519491231002X")
    p = EnforcementPage(store, actor)
    qtbot.addWidget(p)
    p.ids = ids
    return p


def listed(page):
    return [page.model.id_at(r) for r in range(page.model.rowCount())]


def test_search_box(qtbot, page):
    ime(page.search, "孙某某")
    assert listed(page) == [page.ids["oct"], page.ids["filed_oct"], page.ids["sept"]]
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # applied on Enter
    assert listed(page) == [page.ids["oct"]]
    assert page.count_label.text() == "共 1 件（搜索“孙某某”）"
    page.search.clear()  # the ✕ button: everything again
    assert len(listed(page)) == 3 and page.count_label.text() == "共 3 件"
    ime(page.search, "示例路1号")
    page.search_button.click()
    assert listed(page) == [page.ids["sept"]]


def test_show_month_and_clear(qtbot, page, errors):
    page.tabs.setCurrentIndex(1)  # on the statistics tab: the list comes to the front
    assert page.show_month("2026-10")
    assert page.tabs.currentIndex() == 0
    # Found in October only (as 当月发现案件 counts): the case found in September and filed
    # in October is not listed.
    assert listed(page) == [page.ids["oct"]]
    assert not page.month_button.isHidden() and "2026-10" in page.month_button.text()
    assert page.count_label.text() == "共 1 件"
    assert page.show_month("2026-09")
    assert listed(page) == [page.ids["filed_oct"], page.ids["sept"]]
    page.status.setCurrentIndex(page.status.findData("filed"))  # filters combine
    assert listed(page) == [page.ids["filed_oct"]]
    page.status.setCurrentIndex(0)
    assert not page.show_month("2026年10月") and "YYYY-MM" in errors[-1]
    assert len(listed(page)) == 2  # unchanged by the bad month
    page.month_button.click()
    assert len(listed(page)) == 3 and page.month_button.isHidden()
