# SPDX-License-Identifier: MIT
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.store import audit
from jiedao_desk.store import catalog as catalog_store
from jiedao_desk.ui.pages.catalogs import WARN_FG, CatalogItemsModel, CatalogsPage


@pytest.fixture
def page(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    widget = CatalogsPage(store, actor)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_version(qtbot, page, version_id):
    item = page.version_item(version_id)
    assert item is not None
    page.tree.scrollToItem(item)
    rect = page.tree.visualItemRect(item)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_selecting_a_version_shows_provenance_and_items(qtbot, qtmodeltester, page, store):
    deny = catalog.find_version(store, "certificate_denylist", "2020")
    click_version(qtbot, page, deny.id)
    model = page.items_view.model()
    expected = catalog.items(store, deny.id)
    assert model.rowCount() == len(expected) == 20
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == [i.text for i in expected]
    assert model.index(0, 0).data() == 1
    assert page.fields["doc_number"].text() == "民发〔2020〕20号"
    assert page.fields["confidence"].text() == "原文"  # no code beside it
    assert "handmsg.com" in page.sources.toPlainText()
    assert page.warning.isHidden()
    qtmodeltester.check(model)

    sample = catalog.find_version(store, "enforcement_power", "reference-sample")
    click_version(qtbot, page, sample.id)
    assert model.rowCount() == sample.item_count
    extra = model.index(0, 5).data()  # the item's extra table, shown in 附加信息 in words
    assert extra.startswith("法律依据：《北京市市容环境卫生条例》") and "罚款幅度：" in extra
    assert "legal_basis" not in extra and "yuan" not in extra and "置信度：原文" in extra
    assert page.warning.isVisible() and "转述" in page.warning.text()
    # the version's file-name-like label and its notes in Chinese (the file is unchanged)
    assert page.version_item(sample.id).text(0) == "参考样例·非官方"
    assert "参考样例·非官方" in page.title.text() and "reference-sample" not in page.title.text()
    notes = page.notes.toPlainText()
    assert "《综合执法职权事项》2020版本" in notes and ".toml" not in notes and ".md" not in notes


def test_unknown_versions_are_marked_in_warning_colour(qtbot, page, store):
    duty = catalog.find_version(store, "duty_list", "2019-12")
    item = page.version_item(duty.id)
    assert item.text(1) == "未知"
    assert item.foreground(1).color() == WARN_FG
    click_version(qtbot, page, duty.id)
    assert page.items_view.model().rowCount() == 0
    assert page.warning.isVisible() and "条目未知" in page.warning.text()
    deny = catalog.find_version(store, "certificate_denylist", "2020")
    assert page.version_item(deny.id).foreground(1).color() != WARN_FG
    assert page.version_item(deny.id).text(3) == "现行"


def test_import_button_rejects_a_bad_file_and_lists_rows(qtbot, page, store, tmp_path,
                                                        monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text('[catalog]\nkey = "x_list"\ntitle = "测试"\n[version]\nlabel = "1"\n'
                   'confidence = "maybe"\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = catalog_store.row_counts(store), audit.head(store)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.error.isVisible() and "bad.toml" in dialog.error.text()
    assert "未导入任何内容" in dialog.error.text()
    assert "第6行" in dialog.error.text() and "置信度“maybe”无效" in dialog.error.text()
    assert not dialog.import_button.isEnabled()
    assert (catalog_store.row_counts(store), audit.head(store)) == before
    dialog.reject()


def test_import_button_previews_then_loads_and_selects_the_new_version(
        qtbot, page, store, tmp_path, monkeypatch):
    good = tmp_path / "role_verb--2026.toml"
    good.write_text('[catalog]\nkey = "role_verb"\ntitle = "社区协助角色"\n[version]\n'
                    'label = "2026"\neffective_from = "2026-01-01"\nconfidence = "exact"\n'
                    '[[items]]\nseq = 1\ntext = "联系居民"\n[[items]]\nseq = 2\n'
                    'text = "协助入户"\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert catalog_store.find_version(store, "role_verb", "2026") is None  # preview only
    assert "删除 5 项" in dialog.summary.text()  # against the 7 role verbs of 2019-12
    dialog.issuer.setText("北京市某部门")  # QTest types ASCII only
    dialog.doc_number.setText("京测发〔2026〕2号")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    new = catalog.find_version(store, "role_verb", "2026")
    assert (new.issuer, new.doc_number) == ("北京市某部门", "京测发〔2026〕2号")
    assert not dialog.isVisible()
    assert page.tree.currentItem() is page.version_item(new.id)
    assert page.version_item(new.id).text(3) == "现行"
    model = page.items_view.model()
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == ["联系居民", "协助入户"]
    assert "已导入" in page.status.text() and "京测发〔2026〕2号" in page.status.text()


def test_template_button_writes_the_workbook(qtbot, page, tmp_path, monkeypatch):
    target = tmp_path / "模板"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.template_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "模板.xlsx"
    assert written.exists()
    assert openpyxl.load_workbook(written).sheetnames[:2] == ["版本信息", "条目"]
    assert str(written) in page.status.text()


def test_import_is_disabled_for_non_administrators(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    worker = Actor(user_id=7, name="张三", role="community_worker", community_id=1)
    widget = CatalogsPage(store, worker)
    qtbot.addWidget(widget)
    assert not widget.import_button.isEnabled()
    assert not widget.samples_button.isEnabled()
    assert not widget.remove_samples_button.isEnabled()
    assert widget.template_button.isEnabled()
    assert widget.tree.topLevelItemCount() == len(catalog.list_catalogs(store))


def test_wording_is_exported_edited_and_imported_from_the_page(qtbot, page, store, tmp_path):
    from jiedao_desk.core import wording

    assert page.wording_button.isEnabled()
    page.export_wording(tmp_path / "措辞")  # the .toml suffix is added
    path = tmp_path / "措辞.toml"
    assert "已导出文书措辞" in page.status.text() and path.is_file()
    text = path.read_text(encoding="utf-8")
    text = text.replace("本协议一式{copies:cnnum}份", "本协议书一式{copies:cnnum}份")
    text = text.replace('label = "official-', 'label = "street-')
    path.write_text(text, encoding="utf-8")
    result = page.import_file(path)
    assert result is not None and result.created
    assert page.status.text().startswith("已导入：文书措辞 版本 street-")
    words = wording.for_kind(store, "mediation_agreement")
    assert any("本协议书一式" in t for t in words.blocks.values())


def test_duty_list_categories_read_in_words(qtbot):
    """The official duty list's files name the two kinds own / assist; the page shows them as
    words (other categories as written)."""
    from jiedao_desk.core.catalog import CatalogItem
    from jiedao_desk.ui.pages.catalogs import CatalogItemsModel

    model = CatalogItemsModel()
    model.set_items([CatalogItem(1, "甲", category="own"), CatalogItem(2, "乙", category="assist"),
                     CatalogItem(3, "丙", category="依法协助")])
    assert [model.index(r, 3).data() for r in range(3)] == [
        "依法履行职责事项", "依法协助政府工作事项", "依法协助"]


def test_short_tree_columns_show_their_values_whole(qtbot, page, store):
    metrics = page.tree.fontMetrics()
    seen = 0
    for top in range(page.tree.topLevelItemCount()):
        parent = page.tree.topLevelItem(top)
        for n in range(parent.childCount()):
            child = parent.child(n)
            for col in (1, 2, 3):
                assert page.tree.columnWidth(col) >= metrics.horizontalAdvance(
                    child.text(col)) + 12, child.text(col)
                seen += 1
    assert seen > 30
    assert page.tree.columnWidth(2) >= metrics.horizontalAdvance("1999项") + 12


@pytest.mark.parametrize("size", ["1366x768", "1920x1080@150%"])
def test_every_item_column_fits_the_office_screen(qtbot, store, size, monkeypatch):
    """In the main window at 1366×768 (and 1920×1080 at 150 %, 1280×673 logical) the items
    table needs no sideways scrolling: 附加信息 ends inside the view, every header is whole,
    long texts wrap (four lines at most, the rest in the tooltip)."""
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.core import auth
    from jiedao_desk.ui.kit import ui_state
    from tests.tools import page_walk

    monkeypatch.setattr(ui_state, "remember", lambda *a, **k: None)  # no saved geometry
    admin = auth.create_first_admin(store, "admin", "管理员", page_walk.PASSWORD)
    actor = Actor(admin.id, admin.display_name, admin.role)
    catalog.load_builtin(store, actor)
    sample = catalog.find_version(store, "enforcement_power", "reference-sample")
    window_size = {**page_walk.SIZES, **page_walk.SCALED}[size]
    pages = page_walk.walk(store, actor, window_size)
    try:
        seen = next(s for s in pages if s.name == "参考目录")
        page = seen.page
        page.select_version(sample.id)
        qtbot.waitUntil(lambda: page.items_model.rowCount() == sample.item_count)
        view, header = page.items_view, page.items_view.horizontalHeader()
        assert view.isVisible() and view.horizontalScrollBar().maximum() == 0
        last = len(CatalogItemsModel.HEADERS) - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) \
            <= view.viewport().width()
        metrics = header.fontMetrics()
        for col, title in enumerate(CatalogItemsModel.HEADERS):
            assert header.sectionSize(col) >= metrics.horizontalAdvance(title) + 8, title
        assert header.sectionSize(2) >= 120  # 内容 gets the room the short columns leave
        extra = view.model().index(0, last)
        assert len(extra.data()) > 200  # a long 附加信息 …
        height = view.rowHeight(0)
        assert 2 * metrics.lineSpacing() < height <= 4 * metrics.lineSpacing() + 4  # … wraps
        assert extra.data(Qt.ItemDataRole.ToolTipRole) == extra.data()  # whole on hovering
    finally:
        pages.close()
