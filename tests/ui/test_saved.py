# SPDX-License-Identifier: MIT
"""After an export: 打开文件 opens the file, 打开所在文件夹 its folder (through the system)."""

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from jiedao_desk.ui.kit import saved


@pytest.fixture
def opened(monkeypatch):
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def _button(box, text):
    return next(b for b in box.buttons() if b.text() == text)


@pytest.fixture
def page(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    return w


def test_open_file_opens_the_file(page, opened, tmp_path, qtbot):
    out = tmp_path / "台账 2026.xlsx"
    out.write_bytes(b"x")
    box = saved.offer_open(page, out, "导出完成", "已导出 3 行。")
    assert box.isVisible() and box.windowTitle() == "导出完成"
    assert "已导出 3 行。" in box.text() and "台账 2026.xlsx" in box.text()
    assert [b.text() for b in box.buttons()].count("打开文件") == 1
    _button(box, "打开文件").click()
    assert opened == [QUrl.fromLocalFile(str(out.resolve()))]
    assert opened[0].isLocalFile() and opened[0].toLocalFile() == str(out.resolve())
    qtbot.waitUntil(lambda: not box.isVisible())


def test_open_folder_opens_the_folder(page, opened, tmp_path):
    out = tmp_path / "sub" / "案卷.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF")
    box = saved.offer_open(page, out)
    _button(box, "打开所在文件夹").click()
    assert opened == [QUrl.fromLocalFile(str(out.parent.resolve()))]


def test_close_opens_nothing(page, opened, tmp_path):
    box = saved.offer_open(page, tmp_path / "a.xlsx")
    _button(box, "关闭").click()
    assert opened == []


def test_nothing_to_open_it_with_is_said_in_chinese(page, monkeypatch, tmp_path):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    box = saved.offer_open(page, tmp_path / "a.xlsx")
    _button(box, "打开文件").click()
    assert warned and warned[0].startswith("系统没有找到能打开这个文件的程序")


def test_saving_a_pdf_from_the_preview_offers_to_open_it(qtbot, opened, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    from reportlab.pdfgen.canvas import Canvas

    from jiedao_desk.ui.kit.preview import PreviewDialog

    pdf = tmp_path / "src.pdf"
    canvas = Canvas(str(pdf))
    canvas.showPage()
    canvas.save()
    dialog = PreviewDialog(pdf.read_bytes(), "决定书")
    qtbot.addWidget(dialog)
    target = tmp_path / "决定书.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    dialog.save_as()
    box = dialog.findChild(QMessageBox, "saved_box")
    assert box is not None and box.isVisible()
    _button(box, "打开文件").click()
    assert opened == [QUrl.fromLocalFile(str(target.resolve()))]


def test_the_monthly_export_offers_to_open_the_report(store, qtbot, opened, tmp_path,
                                                      monkeypatch):
    from jiedao_desk.domains.monthly.pages.export_dialog import MonthlyExportDialog
    from jiedao_desk.ui.pages.home import HomePage
    from tests.monthly_seed import ADMIN

    out = tmp_path / "月报2026-10.xlsx"
    out.write_bytes(b"x")

    def finished(dialog):  # as after a successful export on the worker
        dialog.output.setText(str(out))
        dialog.done_text = f"已导出：{out.name}"
        return 1

    monkeypatch.setattr(MonthlyExportDialog, "exec", finished)
    page = HomePage(store, ADMIN)
    qtbot.addWidget(page)
    page.dashboard.export_dialog()
    box = page.dashboard.findChild(QMessageBox, "saved_box")
    assert box is not None and box.windowTitle() == "导出月报"
    _button(box, "打开所在文件夹").click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path.resolve()))]
