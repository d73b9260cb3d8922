# SPDX-License-Identifier: MIT
"""报表填报 page: fill, save, submit, reopen, completeness, export, template draft."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.forms import store as forms_store
from jiedao_desk.domains.forms.pages import FormsPage
from jiedao_desk.ui.kit import forms as form_kit
from tests.forms.support import ID_A


def test_page_save_submit_reopen_and_completeness(qtbot, store, world, monkeypatch,
                                                  confirms):
    page = FormsPage(store, world["worker"])
    qtbot.addWidget(page)
    assert "尚未登记正式报表" in page.notice.text()
    page.form_box.setCurrentIndex(page.form_box.findData("example_all_types"))
    assert page.period.text() == "2026-10"
    assert page.community.count() == 1  # a worker fills only their own community
    r = page.renderer
    qtbot.mouseClick(r.editors["holder"].button, Qt.MouseButton.LeftButton)
    r.editors["category"].setCurrentIndex(1)
    qtbot.keyClicks(r.editors["visit_date"], "2026-10-05")
    qtbot.keyClicks(r.editors["visits"], "2")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.entry is not None and page.entry.state == "draft"
    assert page.entry.rows[0]["id_number"] == ID_A

    confirms.answer = False  # 报送 names the form, community and period; declined: a draft
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert "2026-10" in confirms[-1][1] and "锁定" in confirms[-1][1]
    assert page.entry.state == "draft" and not page.entry.locked
    confirms.answer = True
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.entry.locked
    assert not page.save_button.isEnabled() and page.reopen_button.isEnabled()
    assert not r.editors["visits"].isEnabled()

    monkeypatch.setattr(form_kit, "ask_text", lambda *a, **k: "人数填错")
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert page.entry.state == "draft" and r.editors["visits"].isEnabled()
    assert forms_store.history(store, page.entry.id)[-1]["reason"] == "人数填错"

    page.tabs.setCurrentIndex(1)
    texts = [[page.table.item(row, c).text() for c in range(4)]
             for row in range(page.table.rowCount())]
    assert ["【示例】重点人群走访月报", "2026-10", "甲社区", "草稿"] in texts
    assert all(t[2] == "甲社区" for t in texts)


def test_readonly_role_sees_but_cannot_edit(qtbot, store, world):
    page = FormsPage(store, Actor(9, "统计员", "readonly"))
    qtbot.addWidget(page)
    assert page.community.count() == 2 and page.renderer is not None
    assert not page.save_button.isEnabled() and not page.submit_button.isEnabled()
    assert not page.renderer.editors["visits"].isEnabled()


def test_export_and_template_draft_from_the_page(qtbot, store, actor, world, monkeypatch,
                                                 tmp_path):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    page = FormsPage(store, actor)
    qtbot.addWidget(page)
    page.form_box.setCurrentIndex(page.form_box.findData("example_quarterly_summary"))
    assert page.row_list.isHidden()  # a one-row form has no row list
    assert page.period.text() == "2026-Q3"
    r = page.renderer
    qtbot.keyClicks(r.editors["households"], "4")
    qtbot.keyClicks(r.editors["persons"], "3")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.entry is None  # 人数 < 户数: refused, nothing saved
    r.editors["persons"].setText("9")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.entry.locked

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    out = tmp_path / "q.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(out)["季报"]
    assert [c.value for c in ws[2]] == ["甲社区", 4, 9]

    assert page.draft_button.isVisibleTo(page)  # the system actor may define forms
    wb = openpyxl.Workbook()
    for c, text in enumerate(["社区", "户数"], 1):
        wb.active.cell(1, c, text)
    wb.save(tmp_path / "t.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(tmp_path / "t.xlsx"), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "t.toml"), ""))
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    assert "2 个字段" in shown[-1]
    assert 'type = "integer"' in (tmp_path / "t.toml").read_text(encoding="utf-8")


def test_definitions_are_placed_by_a_button_not_a_path(qtbot, store, actor, monkeypatch,
                                                       tmp_path):
    from PySide6.QtGui import QDesktopServices

    from jiedao_desk import paths

    folder = tmp_path / "报表定义"
    monkeypatch.setattr(paths, "forms_dir", lambda: folder)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page = FormsPage(store, actor)
    qtbot.addWidget(page)
    notice = page.notice.text()
    assert "“打开报表定义文件夹”" in notice and "forms" not in notice and "/" not in notice
    assert page.folder_button.isVisibleTo(page)
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    assert folder.is_dir() and [u.toLocalFile() for u in opened] == [str(folder)]
    clerk = FormsPage(store, Actor(9, "统计员", "readonly"))
    qtbot.addWidget(clerk)
    assert not clerk.folder_button.isVisibleTo(clerk)
