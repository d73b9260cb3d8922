# SPDX-License-Identifier: MIT
"""数据交换 page, administrators only: voiding an enrolled site and setting what this PC is,
through the same core functions as ``exchange void-site`` and ``exchange site-role``."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import exchange, site
from jiedao_desk.ui.kit import forms, widgets
from jiedao_desk.ui.pages.exchange import ExchangePage
from jiedao_desk.ui.pages.exchange_site import SiteRoleDialog
from tests.core.exchange.sites import make_sites

STAFF = Actor(None, "科员", "street_staff")


@pytest.fixture
def sites(tmp_path):
    street, a, b = make_sites(tmp_path)
    yield street, a, b
    for s in (street, a, b):
        s.store.close()


@pytest.fixture
def errors(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(widgets, "show_error",
                        lambda parent, exc, title="": seen.append(str(exc)))
    return seen


def _select(page, name):
    for r in range(page.table.rowCount()):
        if page.table.item(r, 0).text() == name:
            page.table.selectRow(r)
            return
    raise AssertionError(name)


def test_administrator_voids_a_site_from_the_page(sites, qtbot, monkeypatch):
    street, a, _ = sites
    page = ExchangePage(street.store, SYSTEM)
    qtbot.addWidget(page)
    assert not page.void_button.isHidden() and not page.role_button.isHidden()
    _select(page, "甲社区")
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: None)  # cancelled: nothing
    assert not page.void_selected_site()
    assert any(w.uid == a.uid for w in exchange.list_sites(street.store, SYSTEM))
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "社区电脑更换")
    assert page.void_selected_site()
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "甲社区" not in names and "乙社区" in names
    assert "已作废站点“甲社区”" in page.status_label.text()
    row = street.store.row("SELECT * FROM audit_log WHERE action = 'exchange.void_site'")
    assert row is not None and "社区电脑更换" in row["after_json"]


def test_others_do_not_see_the_buttons_and_core_refuses_them(sites, qtbot):
    street, a, _ = sites
    page = ExchangePage(street.store, STAFF)
    qtbot.addWidget(page)
    assert page.void_button.isHidden() and page.role_button.isHidden()
    with pytest.raises(PermissionDenied):
        exchange.void_site(street.store, STAFF, a.uid, "科员作废")
    with pytest.raises(PermissionDenied):
        site.set_role(street.store, STAFF, "street", None, "")


def test_site_role_dialog_sets_a_community_site_or_keeps_the_dialog_open(sites, qtbot,
                                                                         errors):
    street, _, _ = sites
    dialog = SiteRoleDialog(street.store, SYSTEM)
    qtbot.addWidget(dialog)
    assert dialog.role.currentData() == "street"
    dialog.role.setCurrentIndex(dialog.role.findData("community"))
    dialog.community.setCurrentIndex(dialog.community.findText("乙社区"))
    dialog.office_code.clear()
    dialog.accept()  # no office code: refused in Chinese, nothing changed, still open
    assert errors and "文号机关代字" in errors[-1]
    assert site.get_site(street.store).role == "street" and dialog.saved is None
    dialog.office_code.setText("乙社")
    dialog.accept()
    got = site.get_site(street.store)
    assert (got.role, got.office_code) == ("community", "乙社")
    assert got.community_id == street.community_id("B01")
    assert dialog.result() == SiteRoleDialog.DialogCode.Accepted
    row = street.store.row("SELECT * FROM audit_log WHERE action = 'site.set_role'"
                           " ORDER BY id DESC LIMIT 1")
    assert row is not None and "乙社" in row["after_json"]


def test_administrator_hands_a_community_its_records_on_the_worker(sites, qtbot, monkeypatch,
                                                                  errors):
    street, a, _ = sites
    from jiedao_desk.core.exchange import ownership
    from jiedao_desk.domains import residents

    a_id = street.community_id("A01")
    with street.store.atomic():  # kept by the street before 甲 had its own PC
        street.store.execute("UPDATE exchange_site SET voided_at = '2026-01-01 00:00:00'")
    kept = residents.add_resident(street.store, SYSTEM, a_id, "张三")
    with street.store.atomic():
        street.store.execute("UPDATE exchange_site SET voided_at = NULL")
    page = ExchangePage(street.store, SYSTEM)
    qtbot.addWidget(page)
    assert not page.hand_button.isHidden() and page.hand_button.isEnabled()
    asked: list[str] = []

    def answer(parent, title, prompt, text="", consequence=""):
        asked.append(consequence)
        return None  # cancelled: nothing moves

    monkeypatch.setattr(forms, "ask_text", answer)
    _select(page, "甲社区")
    assert not page.hand_over_community()
    assert asked and "居民 1 条" in asked[0]
    assert ownership.ownership(street.store, "resident", kept.id).here
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "社区启用自己的电脑")
    assert page.hand_over_community()
    qtbot.waitUntil(lambda: "已移交“甲社区”站点：居民 1 条" in page.status_label.text(),
                    timeout=10000)
    assert not ownership.ownership(street.store, "resident", kept.id).here
    assert errors == []
    # nothing left: said so, no dialog
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: pytest.fail("asked again"))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information",
                        lambda parent, title, text: asked.append(text))
    assert not page.hand_over_community()
    assert "没有由本机保存、需要移交的记录" in asked[-1]


def test_a_community_pc_has_no_hand_over_and_staff_do_not_see_it(sites, qtbot):
    street, a, _ = sites
    page = ExchangePage(a.store, SYSTEM)
    qtbot.addWidget(page)
    assert not page.hand_button.isEnabled()  # a community's PC keeps its own anyway
    staff = ExchangePage(street.store, STAFF)
    qtbot.addWidget(staff)
    assert staff.hand_button.isHidden()
