# SPDX-License-Identifier: MIT
"""Print preview: one label per page, zoom, save-as writes identical bytes, printing."""

import io

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from jiedao_desk.ui.kit.preview import PreviewDialog


def _pdf(pages: int) -> bytes:
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A4, invariant=1)
    for p in range(1, pages + 1):
        canv.setFont("Helvetica", 40)
        canv.drawString(100, 700, f"Page {p}")
        canv.showPage()
    canv.save()
    return buf.getvalue()


def test_shows_one_rendered_page_label_per_page_and_zooms(qtbot):
    dialog = PreviewDialog(_pdf(3), "测试文书")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert len(dialog.page_labels) == 3
    assert dialog.pages_label.text() == "共 3 页"
    first = dialog.page_labels[0]
    assert first.pixmap() is not None and not first.pixmap().isNull()
    assert first.width() == round(595.2756 * 96 / 72)  # A4 width at 100 %
    image = first.pixmap().toImage()
    assert image.pixelColor(5, 5).name() == "#ffffff"  # white paper...
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height() // 3, 4)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 20  # ...with the page's text on it
    dialog.zoom_box.setCurrentIndex(dialog.zoom_box.findText("200%"))
    assert dialog.zoom == 200 and first.width() == round(595.2756 * 96 / 72 * 2)


def test_save_as_writes_identical_bytes(qtbot, tmp_path, monkeypatch):
    pdf = _pdf(2)
    dialog = PreviewDialog(pdf, "卷宗")
    qtbot.addWidget(dialog)
    target = tmp_path / "导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF 文件 (*.pdf)")))
    dialog.save_button.click()
    assert (tmp_path / "导出.pdf").read_bytes() == pdf
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert dialog.save_as() is None


def test_print_to_paints_every_page_and_respects_a_range(qtbot, tmp_path):
    dialog = PreviewDialog(_pdf(3), "打印测试")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == 3
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3
    printer2 = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer2.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer2.setOutputFileName(str(tmp_path / "range.pdf"))
    printer2.setFromTo(2, 3)
    assert dialog.print_to(printer2) == 2
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2


def test_close_button_closes(qtbot):
    dialog = PreviewDialog(_pdf(1), "x")
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected):
        dialog.close_button.click()
    assert not dialog.isVisible()
