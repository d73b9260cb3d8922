# SPDX-License-Identifier: MIT
"""After a file is written (an export, a saved PDF): offer 打开文件 / 打开所在文件夹.

Every place that writes a file the user chose calls :func:`offer_open` once the file is
complete. The box is window-modal but does not block (``open()``, not ``exec()``): a page
that exports in the background, and tests that export, carry on while it is shown. Pages
call it through the module (``saved.offer_open``) so a test can watch it in one place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

OPEN_FILE = "打开文件"
OPEN_FOLDER = "打开所在文件夹"


def file_url(path: Path) -> QUrl:
    """The URL that opens ``path`` in the program the system associates with it."""
    return QUrl.fromLocalFile(str(Path(path).resolve()))


def folder_url(path: Path) -> QUrl:
    """The URL that opens the folder holding ``path`` in the file manager."""
    return QUrl.fromLocalFile(str(Path(path).resolve().parent))


def open_url(parent: QWidget | None, url: QUrl, what: str) -> bool:
    """Ask the system to open ``url``; say so in Chinese when nothing could open it."""
    if QDesktopServices.openUrl(url):
        return True
    QMessageBox.warning(parent, "无法打开",
                        f"系统没有找到能打开这个{what}的程序。请在文件管理器中找到它："
                        f"\n{url.toLocalFile()}")
    return False


def offer_open(parent: QWidget | None, path: str | Path, title: str = "已保存",
               text: str = "") -> QMessageBox:
    """Tell the user the file is written and offer to open it or its folder.

    Args:
        parent: the page or dialog that wrote the file.
        path: the file written.
        title: the box title, e.g. "导出完成".
        text: what was done, e.g. "已导出 120 行。"; the file name and folder follow it.

    Returns:
        The box (already shown; it deletes itself when closed).
    """
    path = Path(path)
    body = (text + "\n\n" if text else "") + f"文件：{path.name}\n位置：{path.parent}"
    box = QMessageBox(QMessageBox.Icon.Information, title, body,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("saved_box")
    open_file = box.addButton(OPEN_FILE, QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton(OPEN_FOLDER, QMessageBox.ButtonRole.ActionRole)
    close = box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    # any button closes the box; the two actions open something first
    open_file.clicked.connect(lambda: open_url(parent, file_url(path), "文件"))
    open_folder.clicked.connect(lambda: open_url(parent, folder_url(path), "文件夹"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
