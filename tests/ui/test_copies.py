# SPDX-License-Identifier: MIT
"""Read-only copies in the views: a street PC that received a community's package marks the
community's records 只读（甲社区） in its lists, shows a banner in their detail, and disables
what would change them with the reason; the community's own records stay editable."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import ReadOnlyCopy
from jiedao_desk.core.exchange import ownership
from jiedao_desk.core.ledgers import export_source
from jiedao_desk.domains import certificates, hotline, mediation, org, residents
from jiedao_desk.domains.forms import definitions as forms
from jiedao_desk.domains.forms import entries as forms_entries
from jiedao_desk.domains.residents.pages import ResidentDialog, ResidentsPage
from jiedao_desk.store import Store
from jiedao_desk.ui.kit.windowed import OWNER_LABEL, WindowedTableModel
from tests.access.support import register
from tests.certificates.test_pages import ID, import_test_catalog
from tests.core.exchange.sites import exchange, make_sites
from tests.forms.support import EXAMPLES

PARTIES = [{"role": "applicant", "name": "王建国"}, {"role": "respondent", "name": "李四"}]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The street after 甲社区's package: 甲's resident 张三 and case are copies there, the
    street's own resident 李四 (of 丙社区, which has no PC of its own) is not; on 甲's PC the
    street's ticket T1 is a copy."""
    street, a, b = make_sites(tmp_path_factory.mktemp("sites"))
    exchange(street, a)
    cid = a.community_id("A01")
    residents.add_resident(a.store, SYSTEM, cid, "张三", phone="13800000000")
    mediation.register_case(a.store, SYSTEM, community_id=cid, source="application",
                            application_form="oral", dispute_type="邻里纠纷",
                            summary="楼上漏水", parties=PARTIES)
    register(a.store, SYSTEM, [cid], title="甲社区的入户登记")
    folder = tmp_path_factory.mktemp("catalog")
    import_test_catalog(a.store, folder, "测试B", "2026-07-01", "测试证明乙")
    certificates.issue_certificate(a.store, SYSTEM, cid, item_seq=1, name="王五", id_number=ID,
                                   purpose="入学")
    forms_entries.save_draft(a.store, SYSTEM, forms.load_file(EXAMPLES / "example_all_types.toml"),
                             "2026-10", cid, [{"visits": "2"}])
    exchange(a, street)
    register(street.store, SYSTEM, [street.community_id("A01")], title="街道的入户登记")
    third = org.add_community(street.store, SYSTEM, "丙社区", "C01").id
    residents.add_resident(street.store, SYSTEM, third, "李四")
    hotline.add_ticket(street.store, SYSTEM, {"ticket_no": "T1",
                                              "received_at": "2026-11-20 09:00",
                                              "community_id": street.community_id("A01")})
    exchange(street, a)
    yield street, a, b
    for s in (street, a, b):
        s.store.close()


def _id(store: Store, table: str, where: str) -> int:
    return int(store.scalar(f"SELECT id FROM {table} WHERE {where}"))


def test_copies_in_bulk_only_other_sites_rows(sites):
    street, a, _ = sites
    zhang = _id(street.store, "resident", "name = '张三'")
    li = _id(street.store, "resident", "name = '李四'")
    found = ownership.copies(street.store, "resident", [zhang, li, 999_999])
    assert list(found) == [zhang]
    assert found[zhang].owner_name == "甲社区" and not found[zhang].here
    assert ownership.copy_label(found[zhang]) == "只读（甲社区）"
    # a table that does not travel, and an empty question, have no copies
    assert ownership.copies(street.store, "users", [1]) == {}
    assert ownership.copies(street.store, "resident", []) == {}
    reason = ownership.copy_reason(street.store, "resident", zhang)
    assert reason is not None and "此记录属于甲社区站点" in reason
    assert ownership.copy_reason(street.store, "resident", li) is None
    # the community's PC sees the street's ticket as the street's
    t1 = _id(a.store, "hotline_ticket", "ticket_no = 'T1'")
    assert ownership.copies(a.store, "hotline_ticket", [t1])[t1].owner_name == "街道"


def test_list_marks_copies_with_one_query_per_page(sites, qtbot, qtmodeltester):
    street, _, _ = sites
    model = WindowedTableModel(residents.list_source(street.store, SYSTEM))
    qtmodeltester.check(model)
    col = model.owner_column
    assert col == model.columnCount() - 1
    assert model.headerData(col, Qt.Orientation.Horizontal) == OWNER_LABEL
    marks = {model.row_values(r)["name"]: model.data(model.index(r, col))
             for r in range(model.rowCount())}
    assert marks == {"张三": "只读（甲社区）", "李四": "本机"}
    row = next(r for r in range(model.rowCount()) if model.row_values(r)["name"] == "张三")
    tip = model.data(model.index(row, col), Qt.ItemDataRole.ToolTipRole)
    assert "此记录属于甲社区站点" in tip
    # the ownership of a page is read with the page: one query, not one per row
    calls = []
    real = ownership.ex_store.foreign_owners
    ownership.ex_store.foreign_owners = lambda *a: calls.append(a) or real(*a)
    try:
        model.refresh()
        for r in range(model.rowCount()):
            model.data(model.index(r, col))
    finally:
        ownership.ex_store.foreign_owners = real
    assert len(calls) == 1


def _sheet(path) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_ledger_ends_with_the_source_of_each_row(sites, tmp_path):
    street, _, _ = sites
    path = tmp_path / "居民.xlsx"
    source = residents.list_source(street.store, SYSTEM)
    assert export_source(street.store, SYSTEM, source, path, "居民信息台账") == 2
    rows = _sheet(path)
    header = rows[1]
    assert header[-1] == "来源"
    name = header.index("姓名")
    marks = {r[name]: r[-1] for r in rows[2:]}
    assert marks == {"张三": "只读（甲社区）", "李四": "本机"}


def test_single_pc_list_has_no_source_column(qtbot, tmp_path):
    with Store.open(tmp_path / "one.sqlite3") as store:
        model = WindowedTableModel(residents.list_source(store, SYSTEM))
        assert model.owner_column is None
        assert model.columnCount() == len(model.columns)
        residents.add_resident(store, SYSTEM, org.add_community(store, SYSTEM, "丙社区",
                                                                "C01").id, "李四")
        path = tmp_path / "居民.xlsx"
        export_source(store, SYSTEM, residents.list_source(store, SYSTEM), path, "居民信息台账")
        assert "来源" not in _sheet(path)[1]


def _select(page, name):
    for r in range(page.model.rowCount()):
        if page.model.row_values(r)["name"] == name:
            page.view.setCurrentIndex(page.model.index(r, 1))
            return
    raise AssertionError(name)


def test_residents_page_disables_edit_of_a_copy(sites, qtbot):
    street, _, _ = sites
    page = ResidentsPage(street.store, SYSTEM)
    qtbot.addWidget(page)
    _select(page, "张三")
    assert not page.edit_button.isEnabled() and not page.void_button.isEnabled()
    assert "此记录属于甲社区站点" in page.edit_button.toolTip()
    _select(page, "李四")
    assert page.edit_button.isEnabled() and page.void_button.isEnabled()
    assert page.edit_button.toolTip() == ""
    # the detail dialog of the copy: banner, no 保存
    zhang = _id(street.store, "resident", "name = '张三'")
    dialog = ResidentDialog(street.store, SYSTEM, residents.get_resident(street.store, zhang))
    qtbot.addWidget(dialog)
    assert not dialog.banner.isHidden() and "只读副本" in dialog.banner.text()
    assert not dialog.save_button.isEnabled()
    assert "只读副本" in dialog.windowTitle()
    own = ResidentDialog(street.store, SYSTEM, residents.get_resident(
        street.store, _id(street.store, "resident", "name = '李四'")))
    qtbot.addWidget(own)
    assert own.banner.isHidden() and own.save_button.isEnabled()
    # core still refuses, whatever the window shows
    with pytest.raises(ReadOnlyCopy):
        residents.update_resident(street.store, SYSTEM, zhang, phone="13900000000")


def _select_where(page, key, value):
    for r in range(page.model.rowCount()):
        if page.model.row_values(r)[key] == value:
            page.view.setCurrentIndex(page.model.index(r, 1))
            return
    raise AssertionError(value)


def test_access_page_shows_whose_request_and_locks_its_actions(sites, qtbot):
    from jiedao_desk.domains.access.pages import AccessPage
    from jiedao_desk.domains.access.pages.page import RECORD_ACTIONS

    street, _, _ = sites
    page = AccessPage(street.store, SYSTEM)
    qtbot.addWidget(page)
    page.show()
    col = page.model.owner_column
    assert col is not None
    _select_where(page, "title", "甲社区的入户登记")
    assert page.model.data(page.model.index(page.view.currentIndex().row(), col)) == \
        "只读（甲社区）"
    assert page.banner.isVisible() and "此记录属于甲社区站点" in page.banner.text()
    for key in RECORD_ACTIONS:
        assert not page.buttons[key].isEnabled(), key
        assert "只读副本" in page.buttons[key].toolTip()
    assert page.buttons["register"].isEnabled() and page.buttons["export"].isEnabled()
    _select_where(page, "title", "街道的入户登记")
    assert not page.banner.isVisible()
    assert all(page.buttons[k].isEnabled() for k in RECORD_ACTIONS)


def test_mediation_page_shows_a_received_case_read_only(sites, qtbot):
    from jiedao_desk.domains.mediation.pages import MediationPage

    street, a, _ = sites
    page = MediationPage(street.store, SYSTEM)
    qtbot.addWidget(page)
    page.show()
    case_id = _id(street.store, "mediation_case", "summary = '楼上漏水'")
    page.show_record("mediation_case", case_id)
    assert page.banner.isVisible() and "此记录属于甲社区站点" in page.banner.text()
    assert not any(b.isEnabled() for b in page.buttons.values())
    assert "只读副本" in page.buttons["accept"].toolTip()
    # on 甲's own PC the same case is its own: the state's actions are offered
    own = MediationPage(a.store, SYSTEM)
    qtbot.addWidget(own)
    own.show()
    own.show_record("mediation_case", _id(a.store, "mediation_case", "summary = '楼上漏水'"))
    assert not own.banner.isVisible()
    assert own.buttons["accept"].isEnabled() and own.buttons["accept"].toolTip() == ""


def test_hotline_page_on_the_community_pc_shows_the_streets_ticket_read_only(sites, qtbot):
    from jiedao_desk.domains.hotline.pages import HotlinePage
    from jiedao_desk.domains.hotline.pages.page import RULED

    street, a, _ = sites
    page = HotlinePage(a.store, SYSTEM)
    qtbot.addWidget(page)
    page.show()
    assert page.show_record("hotline_ticket", _id(a.store, "hotline_ticket", "ticket_no = 'T1'"))
    assert page.banner.isVisible() and "此记录属于街道站点" in page.banner.text()
    assert not any(page.buttons[k].isEnabled() for k in (*RULED, "void_link"))
    assert page.buttons["history_person"].isEnabled()  # looking is not changing
    row = page.view.currentIndex().row()
    assert page.model.data(page.model.index(row, page.model.owner_column)) == "只读（街道）"
    # the street, which owns it, may dispatch it
    mine = HotlinePage(street.store, SYSTEM)
    qtbot.addWidget(mine)
    mine.show()
    mine.show_record("hotline_ticket", _id(street.store, "hotline_ticket", "ticket_no = 'T1'"))
    assert not mine.banner.isVisible() and mine.buttons["dispatch"].isEnabled()


def test_certificate_and_document_of_another_site_cannot_be_voided_here(sites, qtbot):
    from jiedao_desk.domains.certificates.pages import CertificatesPage
    from jiedao_desk.ui.pages.documents import DocumentsPage

    street, _, _ = sites
    page = CertificatesPage(street.store, SYSTEM)
    qtbot.addWidget(page)
    page.month.clear()
    page.apply_filters()
    _select_where(page, "applicant_name", "王五")
    assert not page.void_button.isEnabled()
    assert "此记录属于甲社区站点" in page.void_button.toolTip()
    assert page.preview_button.isEnabled()  # the PDF 甲 issued may be shown and printed
    docs = DocumentsPage(street.store, SYSTEM)
    qtbot.addWidget(docs)
    assert docs.model.rowCount() >= 1
    docs.view.selectRow(0)
    assert docs.model.data(docs.model.index(0, docs.model.owner_column)) == "只读（甲社区）"
    assert not docs.void_button.isEnabled()
    assert "只读副本" in docs.void_button.toolTip()
    docs.view.clearSelection()
    assert docs.void_button.isEnabled() and docs.void_button.toolTip() == ""


def test_forms_page_shows_a_communitys_entry_read_only_at_the_street(sites, qtbot):
    from jiedao_desk.domains.forms.pages import FormsPage

    street, a, _ = sites
    page = FormsPage(street.store, SYSTEM)
    qtbot.addWidget(page)
    page.show()
    page.form_box.setCurrentIndex(page.form_box.findData("example_all_types"))
    page.period.setText("2026-10")
    page.community.setCurrentIndex(page.community.findText("甲社区"))
    page.open_entry()
    assert page.entry is not None and page.entry.rows == [{"visits": "2"}]
    assert page.banner.isVisible() and "此记录属于甲社区站点" in page.banner.text()
    assert not page.save_button.isEnabled() and not page.submit_button.isEnabled()
    assert "只读副本" in page.save_button.toolTip()
    assert not page.renderer.editors["visits"].isEnabled()
    # 乙社区 has no entry here: the street may fill one (its own)
    page.community.setCurrentIndex(page.community.findText("乙社区"))
    page.open_entry()
    assert not page.banner.isVisible() and page.save_button.isEnabled()
    assert page.save_button.toolTip() == ""


def test_enforcement_file_held_for_another_site_is_read_only(tmp_path, qtbot):
    """Enforcement files are the street's and never travel to a community; should a copy
    ever be held (a file handed over, or claimed behind the app's back), its detail is read
    only like any other."""
    from tests.enforcement.pages.helpers import open_page, seed

    street, a, b = make_sites(tmp_path)
    try:
        cid = seed(street.store, SYSTEM)
        with street.store.atomic():  # the file's rows recorded as 甲's, bypassing the guard
            street.store.execute("INSERT INTO exchange_applying (id) VALUES (1)")
            street.store.execute("UPDATE exchange_row SET owner = ? WHERE tbl LIKE"
                                 " 'enforcement%'", (a.uid,))
            street.store.execute("DELETE FROM exchange_applying")
        page = open_page(qtbot, street.store, SYSTEM, cid)
        detail = page.detail
        assert detail.banner.isVisible() and "此记录属于甲社区站点" in detail.banner.text()
        assert not any(x.isEnabled() for x in detail.step_actions.values())
        assert not detail.doc_button.isEnabled()
        assert detail.dossier_button.isEnabled()  # reading the file stays possible
    finally:
        for s in (street, a, b):
            s.store.close()
