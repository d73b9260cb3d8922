# SPDX-License-Identifier: MIT
"""Print preview of a PDF (an issued document or a dossier): view, zoom, print, save as PDF.

Pages are rasterised with pypdfium2 only when they scroll into view, so a long dossier opens
at once. Printing paints page images at the printer's resolution (capped at 300 dpi to keep
memory bounded) on the full sheet: the PDF already carries its GB/T 9704 margins.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.ui.kit import saved, ui_state, widgets

ZOOMS = (50, 75, 100, 125, 150, 200)
SCREEN_DPI = 96.0
MAX_PRINT_DPI = 300.0


def render_page(doc: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    """Rasterise one page at ``dpi`` into a QImage that owns its pixels."""
    bitmap = doc[index].render(scale=dpi / 72.0, rev_byteorder=True)  # RGB byte order
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888)
    return image.copy()  # detach from pdfium's buffer before it is freed


class PreviewDialog(QDialog):
    """Shows a PDF page by page with zoom, 打印…, 另存为 PDF… and 关闭."""

    def __init__(self, pdf_bytes: bytes, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf_bytes = bytes(pdf_bytes)
        self.doc_title = title
        self._doc = pdfium.PdfDocument(self.pdf_bytes)
        self._sizes = [self._doc[i].get_size() for i in range(len(self._doc))]  # points
        self._rendered: dict[int, float] = {}  # page index -> zoom it was rendered at
        self.zoom = 100
        self.setWindowTitle(f"打印预览 — {title}")
        # an A4 page at 100 % is 794×1123: as much of it as the screen allows
        ui_state.fit(self, QSize(900, 1000), QSize(560, 420))
        ui_state.remember(self, "print_preview")

        self.zoom_box = QComboBox()
        self.zoom_box.addItems([f"{z}%" for z in ZOOMS])
        self.zoom_box.setCurrentIndex(ZOOMS.index(100))
        self.zoom_box.currentIndexChanged.connect(lambda i: self.set_zoom(ZOOMS[i]))
        self.print_button = QPushButton("打印…")
        self.save_button = QPushButton("另存为 PDF…")
        self.close_button = QPushButton("关闭")
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.reject)
        self.pages_label = QLabel(f"共 {len(self._sizes)} 页")

        bar = QHBoxLayout()
        bar.addWidget(QLabel("缩放："))
        bar.addWidget(self.zoom_box)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        for b in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(b)

        container = QWidget()
        column = QVBoxLayout(container)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.setSpacing(12)
        self.page_labels: list[QLabel] = []
        for i in range(len(self._sizes)):
            label = QLabel()
            label.setObjectName(f"page_{i + 1}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white; border: 1px solid #999;")
            label.setToolTip(f"第 {i + 1} 页")
            column.addWidget(label)
            self.page_labels.append(label)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(container)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background: #777; }")
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._render_visible)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        self._size_labels()

    # -- viewing ---------------------------------------------------------------------------
    def _dpi(self) -> float:
        return SCREEN_DPI * self.zoom / 100.0

    def _size_labels(self) -> None:
        scale = self._dpi() / 72.0
        for label, (w, h) in zip(self.page_labels, self._sizes, strict=True):
            label.setFixedSize(round(w * scale), round(h * scale))
        self._rendered.clear()
        self._render_visible()

    def _render_visible(self, *_: object) -> None:
        viewport = self.scroll_area.viewport()
        view = QRect(0, 0, viewport.width(), viewport.height())
        for i, label in enumerate(self.page_labels):
            if self._rendered.get(i) == self.zoom:
                continue
            top_left = label.mapTo(viewport, label.rect().topLeft())
            # render pages in (or near) the visible area; always the first one
            if i == 0 or QRect(top_left, label.size()).intersects(view.adjusted(0, -200, 0, 200)):
                label.setPixmap(self.page_pixmap(i))
                self._rendered[i] = self.zoom

    def page_pixmap(self, index: int) -> QPixmap:
        """The page rendered at the current zoom (sharp on high-dpi screens)."""
        ratio = self.devicePixelRatioF() or 1.0
        pixmap = QPixmap.fromImage(render_page(self._doc, index, self._dpi() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def set_zoom(self, percent: int) -> None:
        """Change the zoom (percent of the real size on a 96-dpi screen)."""
        self.zoom = int(percent)
        if self.zoom in ZOOMS and self.zoom_box.currentIndex() != ZOOMS.index(self.zoom):
            self.zoom_box.setCurrentIndex(ZOOMS.index(self.zoom))
        self._size_labels()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._render_visible()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._render_visible()

    # -- printing and saving ---------------------------------------------------------------
    def print_dialog(self) -> None:
        """Ask for a printer and print (the page range chosen in the dialog)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, len(self._sizes))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Paint the pages on ``printer``; returns the number of pages printed."""
        printer.setFullPage(True)  # the PDF has its own margins; map it onto the whole sheet
        printer.setDocName(self.doc_title)
        first, last = printer.fromPage(), printer.toPage()
        if first == 0 and last == 0:
            first, last = 1, len(self._sizes)
        dpi = min(float(printer.resolution()), MAX_PRINT_DPI)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        painter = QPainter()
        count = 0
        try:
            if not painter.begin(printer):
                raise OSError("无法打开打印机")
            for number in range(first, last + 1):
                if count:
                    printer.newPage()
                image = render_page(self._doc, number - 1, dpi)
                target = painter.viewport()
                fit = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.x() + (target.width() - fit.width()) // 2,
                                        target.y(), fit.width(), fit.height()), image)
                count += 1
        except OSError as e:
            QMessageBox.warning(self, "打印失败", f"打印失败：{e}")
        finally:
            if painter.isActive():
                painter.end()
            QGuiApplication.restoreOverrideCursor()
        return count

    def save_as(self) -> Path | None:
        """Write the PDF bytes unchanged to a file the user picks."""
        name = "".join(c for c in self.doc_title if c not in '\\/:*?"<>|') or "文书"
        if not widgets.confirm_plain_export(self, self.doc_title):
            return None
        path = ui_state.save_file_name(self, "另存为 PDF", f"{name}.pdf", "PDF 文件 (*.pdf)")
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        try:
            out.write_bytes(self.pdf_bytes)
        except OSError as e:
            QMessageBox.warning(self, "保存失败", f"无法写入 {out}：{e}")
            return None
        saved.offer_open(self, out, "已保存", "PDF 文件已保存。")
        return out
