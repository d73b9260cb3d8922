# SPDX-License-Identifier: MIT
"""F1 help: open the user manual (docs/manual, rendered to HTML) at the current page's section.

Each page key of the app (``registry.pages()``) names one section file ``<key>.html`` whose
heading carries the anchor ``#<key>``; the manual is opened in the system's browser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from jiedao_desk import paths
from jiedao_desk.exports import manual

INDEX = "index"


def manual_dir() -> Path:
    """The rendered manual: the shipped one, else rendered now from the checkout's docs/manual.

    Raises:
        FileNotFoundError: neither a shipped manual nor its Markdown source is there.
    """
    shipped = paths.manual_dir()
    if shipped is not None:
        return shipped
    source = paths.program_dir() / "docs" / "manual"
    if not source.is_dir():
        raise FileNotFoundError("找不到使用手册，程序安装可能不完整。")
    target = paths.user_data_dir() / "manual"
    manual.render(source, target)  # a source run: always the manual of this checkout
    return target


def manual_url(section_key: str) -> QUrl:
    """The local URL of the manual's section for ``section_key`` (the contents if unknown)."""
    folder = manual_dir()
    page = folder / f"{section_key}.html"
    if not section_key or not page.is_file():
        page, section_key = folder / "index.html", INDEX
    url = QUrl.fromLocalFile(str(page))
    url.setFragment(section_key)
    return url


def open_manual(section_key: str, parent: QWidget | None = None) -> bool:
    """Open the manual at ``section_key`` in the browser; say so in Chinese if it cannot."""
    try:
        url = manual_url(section_key)
    except (FileNotFoundError, OSError, ValueError) as exc:
        QMessageBox.warning(parent, "使用手册", f"无法打开使用手册：{exc}")
        return False
    if not QDesktopServices.openUrl(url):
        QMessageBox.warning(parent, "使用手册", "无法打开浏览器显示使用手册，请联系管理员。")
        return False
    return True
