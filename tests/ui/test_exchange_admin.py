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
