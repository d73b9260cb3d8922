# SPDX-License-Identifier: MIT
"""文书与打印 page: font roles, document kinds and the sample-PDF button."""

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from jiedao_desk import registry
from jiedao_desk.core import printing
from jiedao_desk.documents import fonts
from jiedao_desk.ui.pages.printing import SAMPLE_TEXT, PrintingPage


@pytest.fixture
def page(qtbot, store, actor):
    widget = PrintingPage(store, actor)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_page_is_in_the_navigation_before_settings():
    keys = [p.key for p in registry.pages()]
    assert keys.index("printing") == keys.index("settings") - 1
    assert registry.pages()[keys.index("printing")].factory() is PrintingPage


def test_each_role_shows_its_resolved_font_and_a_rare_character_sample(page):
    resolved = printing.resolved_fonts()
    for role in fonts.ROLES:
        cells = page.font_labels[role]
        assert cells["role"].text() == fonts.ROLE_LABELS[role]
        assert cells["family"].text() == resolved[role].family
        assert cells["source"].text() == fonts.SOURCE_LABELS[resolved[role].source]
        assert resolved[role].path in cells["family"].toolTip()
        assert "file" not in cells  # no file paths on the page
        assert cells["sample"].property("plain_text").startswith(SAMPLE_TEXT)
        for ch in "喆堃镕䶮":
            assert ch in cells["sample"].text()
        assert cells["sample"].isVisible()


def test_sample_names_the_fallback_font_when_the_role_font_lacks_a_glyph(page, monkeypatch):
    font_set = printing.font_set()
    body = font_set.name("body")
    others = [c for c in [*font_set.roles.values(), *font_set.fallbacks] if c.name != body]
    if not others:
        pytest.skip("only one Chinese font on this machine")
    real = fonts._has_glyph
    monkeypatch.setattr(fonts, "_has_glyph",
                        lambda name, ch: False if (name == body and ch == "喆") else real(name, ch))
    label = page._sample_label(font_set, "body")
    assert "缺字由" in label.property("plain_text")
    assert "喆" in label.text()


def test_kinds_table_lists_titles_and_example_numbers(page):
    table = page.kinds_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert "通知书" in rows
    # an example number, not the pattern with its placeholders (frozen year 2026)
    assert table.item(rows["通知书"], 1).text() == "示例：街通〔2026〕第1号"
    texts = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(2)]
    assert "（不编号）" in texts
    assert not any("{" in t or "_" in t for t in texts)


def test_sample_button_writes_a_pdf_to_the_chosen_file(qtbot, page, tmp_path, monkeypatch):
    target = tmp_path / "样张.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF 文件 (*.pdf)")))
    qtbot.mouseClick(page.sample_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "王堃" in text and "通知书（样张）" in text


def test_cancelled_save_dialog_writes_nothing(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    qtbot.mouseClick(page.sample_button, Qt.MouseButton.LeftButton)
    assert not hasattr(page, "last_saved")
    assert list(tmp_path.iterdir()) == []
