# SPDX-License-Identifier: MIT
"""The user manual: a section per page of the app, rendered to HTML, opened by F1 at the right
section; the README links it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from jiedao_desk import paths, registry
from jiedao_desk.exports import manual
from jiedao_desk.ui.kit import help as manual_help
from jiedao_desk.ui.main_window import MainWindow

ROOT = Path(__file__).parent.parent.parent
SOURCE = ROOT / "docs" / "manual"
# The sections the manual must have, in this order: the app's pages plus 入门 and 常见问题.
TITLES = ("入门", "首页", "居民信息", "参考目录", "文书档案", "证明开具", "准入管理", "接诉即办",
          "报表填报", "人民调解", "综合执法", "用户管理", "审计日志", "数据备份", "数据加密",
          "数据交换", "文书与打印", "设置", "常见问题")


@pytest.fixture
def rendered(tmp_path):
    return tmp_path / "manual", manual.render(SOURCE, tmp_path / "manual")


def test_every_page_of_the_app_has_a_section_with_its_anchor(rendered):
    folder, sections = rendered
    assert tuple(s.title for s in sections) == TITLES
    keys = [p.key for p in registry.pages()]
    assert set(keys) <= {s.key for s in sections}
    for key in [*keys, "start", "faq"]:
        page = (folder / f"{key}.html").read_text(encoding="utf-8")
        assert re.search(rf'<h1 id="{key}">', page), key
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{k}.html#{k}"' in index for k in keys)


def test_manual_has_no_english_words_in_its_text(rendered):
    folder, _ = rendered
    # Key names, file kinds, paper sizes (A4 → "A") and the pinyin search example.
    allowed = {"Ctrl", "Shift", "Tab", "F", "Excel", "PDF", "TOML", "A", "U", "L", "zw",
               "zhangwei", "X", "Y", "xlsx"}
    for page in folder.glob("*.html"):
        body = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8").split("</nav>")[1])
        words = set(re.findall(r"[A-Za-z]+", body)) - allowed
        assert not words, (page.name, words)


def test_converter_headings_lists_tables_and_inline():
    text = ("# 标题 {#key}\n\n段落第一行\n接着一行 **加粗** 和 `代码`\n\n- 甲\n  续行\n- 乙\n\n"
            "1. 一\n2. 二\n\n| 列 | 值 |\n|---|---|\n| a<b | [链接](x.html) |\n")
    out = manual.convert(text)
    assert '<h1 id="key">标题</h1>' in out
    assert "<p>段落第一行接着一行 <strong>加粗</strong> 和 <code>代码</code></p>" in out
    assert "<ul><li>甲续行</li><li>乙</li></ul>" in out and "<ol><li>一</li><li>二</li></ol>" in out
    assert "<th>列</th>" in out and '<td>a&lt;b</td><td><a href="x.html">链接</a></td>' in out


def test_a_section_without_its_key_is_refused(tmp_path):
    (tmp_path / "01-x.md").write_text("# 没有键\n\n正文\n", encoding="utf-8")
    with pytest.raises(ValueError, match="01-x.md"):
        manual.read_sections(tmp_path)


@pytest.fixture
def opened(monkeypatch):
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


@pytest.fixture
def window(store, actor, qtbot):
    w = MainWindow(store, actor)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_f1_opens_the_current_pages_section(window, qtbot, opened):
    for key in ("home", "hotline", "settings"):
        window.show_page(key)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        url = opened[-1]
        assert url.isLocalFile() and Path(url.toLocalFile()).name == f"{key}.html"
        assert url.fragment() == key
        assert f'id="{key}"' in Path(url.toLocalFile()).read_text(encoding="utf-8")
    assert len(opened) == 3
    # The same from the 帮助 menu.
    assert window.manual_action.text() == "使用手册(&M)"
    window.manual_action.trigger()
    assert opened[-1].fragment() == "settings"


def test_shipped_manual_is_used_and_unknown_key_opens_the_contents(tmp_path, monkeypatch, opened):
    shipped = tmp_path / "shipped"
    manual.render(SOURCE, shipped)
    monkeypatch.setattr(paths, "manual_dir", lambda: shipped)
    assert manual_help.open_manual("forms")
    assert Path(opened[-1].toLocalFile()) == shipped / "forms.html"
    assert manual_help.open_manual("no_such_page")
    assert (Path(opened[-1].toLocalFile()).name, opened[-1].fragment()) == ("index.html", "index")


def test_no_browser_or_no_manual_says_so_in_chinese(monkeypatch, tmp_path):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    assert not manual_help.open_manual("home")
    assert said[-1] == "无法打开浏览器显示使用手册，请联系管理员。"
    monkeypatch.setattr(paths, "manual_dir", lambda: None)
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)  # no docs/manual there
    assert not manual_help.open_manual("home")
    assert "找不到使用手册" in said[-1]


def test_readme_links_the_manual():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/manual/README.md)" in readme and "F1" in readme
    assert "](docs/manual/00-start.md)" in readme
    for path in re.findall(r"\]\((docs/manual/[^)#]+)", readme):
        assert (ROOT / path).exists(), path
