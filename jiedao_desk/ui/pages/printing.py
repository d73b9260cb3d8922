# SPDX-License-Identifier: MIT
"""文书与打印 page: which font each role resolved to, the document kinds, a sample PDF.

The font rows show the real font file with Qt (added as an application font), so what the
user sees is the face that will be embedded in the PDF, not Qt's own substitute.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core import numbering, printing
from jiedao_desk.documents import fonts, kinds, render
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import saved, ui_state, widgets

SAMPLE_TEXT = "张喆 王堃 李镕 刘䶮"
_qt_families: dict[str, list[str]] = {}  # font file → Qt families (each file added once)


def _qt_font(choice: fonts.FontChoice, size: int = 14) -> QFont | None:
    if choice.path not in _qt_families:
        font_id = QFontDatabase.addApplicationFont(choice.path)
        _qt_families[choice.path] = (
            QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else [])
    families = _qt_families[choice.path]
    if not families:
        return None
    font = QFont(choice.family if choice.family in families else families[0])
    font.setPointSize(size)
    return font


class PrintingPage(QWidget):
    """Font resolution per role, the document kinds, and a "生成样张 PDF…" button."""

    def __init__(self, store: Store, actor: Actor, parent=None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        layout = QVBoxLayout(self)

        font_box = QGroupBox("文书字体（在“设置 → 文书”中可指定字体文件）")
        self.font_grid = QGridLayout(font_box)
        layout.addWidget(font_box)
        self.font_labels: dict[str, dict[str, QLabel]] = {}
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        layout.addWidget(self.notes_label)

        kinds_box = QGroupBox("文书种类")
        kinds_layout = QVBoxLayout(kinds_box)
        self.kinds_table = QTableWidget(0, 2)
        self.kinds_table.setHorizontalHeaderLabels(["名称", "文号示例"])
        self.kinds_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.kinds_table.verticalHeader().setVisible(False)
        self.kinds_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        kinds_layout.addWidget(self.kinds_table)
        layout.addWidget(kinds_box, 1)

        buttons = QHBoxLayout()
        self.sample_button = QPushButton("生成样张 PDF…")
        self.sample_button.clicked.connect(self.save_sample)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the font settings and the kind files."""
        self._fill_fonts()
        self._fill_kinds()

    def _fill_fonts(self) -> None:
        grid = self.font_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for col, head in enumerate(["用途", "字体", "来源", "样字"]):
            grid.addWidget(QLabel(f"<b>{head}</b>"), 0, col)
        try:
            font_set = printing.font_set(self.store)
        except JiedaoError as exc:
            grid.addWidget(QLabel(str(exc)), 1, 0, 1, 4)
            self.sample_button.setEnabled(False)
            return
        self.sample_button.setEnabled(True)
        for row, role in enumerate(fonts.ROLES, 1):
            choice = font_set.roles[role]
            sample = self._sample_label(font_set, role)
            cells = {
                "role": QLabel(fonts.ROLE_LABELS[role]),
                "family": QLabel(choice.family),
                "source": QLabel(fonts.SOURCE_LABELS[choice.source]),
                "sample": sample,
            }
            # the font file is for whoever installs fonts, not for the page: a tooltip
            where = f"{choice.path}" + (f" #{choice.index}" if choice.index else "")
            cells["family"].setToolTip(f"字体文件：{where}")
            cells["family"].setObjectName("font_family")  # a font's own name, as WPS shows it
            for col, widget in enumerate(cells.values()):
                grid.addWidget(widget, row, col)
            self.font_labels[role] = cells
        self.notes_label.setText("\n".join(font_set.notes))
        self.notes_label.setVisible(bool(font_set.notes))

    @staticmethod
    def _sample_label(font_set: fonts.FontSet, role: str) -> QLabel:
        """The rare-character sample drawn run by run in the fonts the PDF will use."""
        choice = font_set.roles[role]
        runs = font_set.runs(SAMPLE_TEXT, role)
        parts, fallback = [], []
        for name, chunk in runs:
            run_choice = next((c for c in [*font_set.roles.values(), *font_set.fallbacks]
                               if c.name == name), choice)
            qt_font = _qt_font(run_choice)
            family = qt_font.family() if qt_font is not None else ""
            parts.append(f'<span style="font-family:\'{html.escape(family)}\'">'
                         f"{html.escape(chunk)}</span>")
            if name != choice.name:
                fallback.append(run_choice.family)
        note = f"（缺字由 {'、'.join(sorted(set(fallback)))} 补）" if fallback else ""
        label = QLabel("".join(parts) + html.escape(note))
        label.setObjectName("font_sample")  # names the fonts that fill in missing characters
        label.setTextFormat(Qt.TextFormat.RichText)
        base = _qt_font(choice)
        if base is not None:
            label.setFont(base)
        label.setProperty("plain_text", SAMPLE_TEXT + note)
        return label

    def _fill_kinds(self) -> None:
        try:
            items = kinds.list_kinds()
        except JiedaoError as exc:
            widgets.show_error(self, exc, "文书模板有误")
            items = []
        self.kinds_table.setRowCount(len(items))
        for row, kind in enumerate(items):
            try:
                example = numbering.example_number(self.store, kind.key, clock.today().year)
            except JiedaoError:  # a pattern typed wrong in the settings: say so, not the code
                example = "（文号格式有误，请在“设置”中更正）"
            values = [kind.title, f"示例：{example}" if example else "（不编号）"]
            for col, value in enumerate(values):
                self.kinds_table.setItem(row, col, QTableWidgetItem(value))
        self.kinds_table.resizeColumnsToContents()  # a handful of rows: cheap

    def save_sample(self) -> None:
        """Render a generic_notice 样张 to a file the user chooses."""
        path = ui_state.save_file_name(self, "保存样张", "文书样张.pdf", "PDF 文件 (*.pdf)")
        if not path:
            return
        ok, result = widgets.call_core(self, render.render, "generic_notice",
                                       render.sample_notice_data(), "街通〔2026〕第1号",
                                       fonts=printing.font_set(self.store))
        if ok and result is not None:
            try:
                Path(path).write_bytes(result.pdf)
            except OSError as exc:
                widgets.show_error(self, JiedaoError(f"无法写入文件 {path}：{exc}"))
                return
            self.last_saved = path
            saved.offer_open(self, path, "样张已保存", "文书样张已保存。")
