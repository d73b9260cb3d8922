# SPDX-License-Identifier: MIT
"""The catalogue page's sample buttons and 【示例】 banner, and the import dialog's preview →
confirm flow with real files (TOML and Excel), refusals in Chinese that write nothing and
keep what was typed."""

import openpyxl
import pytest
from PySide6.QtCore import Qt

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog, catalog_samples
from jiedao_desk.store import audit
from jiedao_desk.store import catalog as catalog_store
from jiedao_desk.ui.kit import widgets
from jiedao_desk.ui.pages.catalog_import import CatalogImportDialog
from jiedao_desk.ui.pages.catalogs import CatalogsPage

ADMIN = Actor(1, "管理员甲", "admin")


@pytest.fixture
def page(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    widget = CatalogsPage(store, ADMIN)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def written(store):
    return catalog_store.row_counts(store), audit.head(store)


def test_sample_button_loads_shows_banner_and_remove_voids(qtbot, page, store, monkeypatch):
    assert page.samples_button.isEnabled()
    qtbot.mouseClick(page.samples_button, Qt.MouseButton.LeftButton)
    duty = catalog.current_version(store, "duty_list")
    assert catalog.is_sample(duty)
    assert page.tree.currentItem() is page.version_item(duty.id)
    assert page.version_item(duty.id).text(0) == "【示例】"
    assert page.sample_banner.isVisible() and page.sample_banner.text().startswith("【示例】")
    assert page.warning.isHidden()
    assert "已载入示例清单" in page.status.text()
    top = page.version_item(duty.id).parent()
    assert top.text(0) == "【示例】社区职责清单"
    # An official version shows no sample banner.
    deny = catalog.find_version(store, "certificate_denylist", "2020")
    page.select_version(deny.id)
    assert page.sample_banner.isHidden()
    # Again: nothing new.
    before = written(store)
    qtbot.mouseClick(page.samples_button, Qt.MouseButton.LeftButton)
    assert written(store) == before and "未重复写入" in page.status.text()
    # Removing asks first; "no" changes nothing.
    asked = []
    monkeypatch.setattr(widgets, "confirm", lambda *a: asked.append(a[2]) or False)
    qtbot.mouseClick(page.remove_samples_button, Qt.MouseButton.LeftButton)
    assert "作废（不删除）" in asked[0] and written(store) == before
    monkeypatch.setattr(widgets, "confirm", lambda *a: True)
    qtbot.mouseClick(page.remove_samples_button, Qt.MouseButton.LeftButton)
    assert not catalog_samples.live_samples(store)
    assert catalog_store.row_counts(store) == before[0]  # voided, not deleted
    assert page.version_item(duty.id).text(3) == "已作废"
    assert "已移除示例清单 3 个" in page.status.text()


def _xlsx(tmp_path, name, label, items, confidence="原文"):
    path = tmp_path / name
    catalog.write_template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["版本信息"]
    values = {"目录键": "duty_list", "目录名称": "社区职责清单", "版本标签": label,
              "置信度": confidence}
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    for item in items:
        wb["条目"].append(item)
    wb.save(path)
    return path


def test_dialog_previews_an_excel_file_against_the_sample_and_imports(qtbot, store, tmp_path):
    catalog_samples.load_samples(store, ADMIN)
    path = _xlsx(tmp_path, "职责清单.xlsx", "2026-01",
                 [(1, "", "组织居民开展文化活动", "own", ""),
                  (2, "", "协助人口普查", "assist", "")])
    dialog = CatalogImportDialog(store, ADMIN, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview is not None and dialog.error.isHidden()
    assert "与现行示例版本“示例”相比：新增 0 项、修改 2 项、删除 3 项" in dialog.summary.text()
    rows = [[dialog.table.item(r, c).text() for c in range(4)]
            for r in range(dialog.table.rowCount())]
    assert rows[0] == ["修改", "1", "组织居民开展文化活动", "【示例】组织居民开展社区文化体育活动"]
    assert [r[0] for r in rows] == ["修改", "修改", "删除", "删除", "删除"]
    dialog.issuer.setText("北京市某部门")
    dialog.doc_number.setText("京测发〔2026〕5号")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    v = dialog.import_result.version
    assert (v.label, v.issuer, v.doc_number, v.item_count) == (
        "2026-01", "北京市某部门", "京测发〔2026〕5号", 2)
    assert catalog.current_version(store, "duty_list").id == v.id  # the sample stepped aside


def test_dialog_refuses_bad_files_in_chinese_and_writes_nothing(qtbot, store, tmp_path):
    dialog = CatalogImportDialog(store, ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    before = written(store)
    bad_xlsx = _xlsx(tmp_path, "bad.xlsx", "2026",
                     [(1, "", "", "own", ""), ("x", "", "甲", "", "")])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    other = tmp_path / "list.csv"
    other.write_text("a,b", encoding="utf-8")
    for path, expected in ((bad_xlsx, "内容不能为空"), (broken, "不是有效的 Excel"),
                           (other, "只能导入 .toml 或 .xlsx"),
                           (tmp_path / "gone.toml", "找不到文件")):
        assert dialog.load_file(path) is None
        assert dialog.error.isVisible() and expected in dialog.error.text(), path
        assert not dialog.import_button.isEnabled() and dialog.table.rowCount() == 0
    assert written(store) == before


def test_dialog_keeps_what_was_typed_when_the_import_is_refused(qtbot, store, tmp_path):
    path = tmp_path / "v.toml"
    path.write_text('[catalog]\nkey = "duty_list"\ntitle = "社区职责清单"\n[version]\n'
                    'label = "2026"\nconfidence = "exact"\n[[items]]\nseq = 1\ntext = "甲"\n',
                    encoding="utf-8")
    dialog = CatalogImportDialog(store, ADMIN, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.issuer.setText("北京市某部门")
    dialog.doc_number.setText("京测发〔2026〕6号")
    path.write_text("[catalog", encoding="utf-8")  # changed on disk after the preview
    before = written(store)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.import_result is None and dialog.isVisible()
    assert "无法解析" in dialog.error.text()
    assert (dialog.issuer.text(), dialog.doc_number.text()) == ("北京市某部门", "京测发〔2026〕6号")
    assert written(store) == before


@pytest.mark.parametrize("role", ["street_staff", "community_worker", "mediator",
                                  "enforcement_officer", "readonly"])
def test_dialog_is_refused_to_non_administrators_by_core(qtbot, store, tmp_path, role):
    path = tmp_path / "v.toml"
    path.write_text('[catalog]\nkey = "duty_list"\ntitle = "社区职责清单"\n[version]\n'
                    'label = "2026"\nconfidence = "exact"\n[[items]]\nseq = 1\ntext = "甲"\n',
                    encoding="utf-8")
    who = Actor(9, "某人", role, 1 if role == "community_worker" else None)
    dialog = CatalogImportDialog(store, who, path=path)
    qtbot.addWidget(dialog)
    assert dialog.preview is None and "没有此项权限" in dialog.error.text()
    assert not dialog.import_button.isEnabled()
    assert catalog_store.row_counts(store) == (0, 0)


def test_where_a_version_came_from_is_said_in_words(qtbot, page, store, tmp_path):
    catalog_samples.load_samples(store, ADMIN)
    page.reload()
    page.select_version(catalog.current_version(store, "duty_list").id)
    assert page.fields["origin"].text().startswith("随软件发布的示例清单（培训用），")
    page.select_version(catalog.find_version(store, "certificate_denylist", "2020").id)
    assert page.fields["origin"].text().startswith("随软件发布，")
    assert ".toml" not in page.fields["origin"].text()


def test_gui_demo_loads_the_samples(qtbot, tmp_path, monkeypatch):
    from jiedao_desk.store import Store
    from jiedao_desk.ui import app
    from jiedao_desk.ui.main_window import MainWindow

    monkeypatch.setattr(app, "DEMO_SIZE", 20)
    store = Store.open(tmp_path / "demo.sqlite3")
    try:
        app.load_catalogs(store, ADMIN)
        window = MainWindow(store, ADMIN)
        qtbot.addWidget(window)
        assert app.needs_demo(store)
        task = app.start_demo(window, store)
        with qtbot.waitSignal(task.finished, timeout=120_000):
            pass
        assert getattr(task, "error", None) is None
        assert {v.catalog for v in catalog_samples.live_samples(store)} == {
            "duty_list", "certificate_catalog", "approved_forms"}
        assert catalog.is_sample(catalog.current_version(store, "certificate_catalog"))
    finally:
        store.close()
