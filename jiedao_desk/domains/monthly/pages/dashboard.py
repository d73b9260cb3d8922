# SPDX-License-Identifier: MIT
"""The home page dashboard: this month's key figures per domain, compared with last month.

The numbers come from ``core.monthly.with_previous`` — the same function the monthly
workbook is built from — and only for the domains the user may view. Each figure is a
button: clicking it asks the main window (signal ``open_page``) to show the page behind it.
On a file database the figures are computed on the worker thread (``ui.tasks``), so a large
database never freezes the home page.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.domains.monthly.pages.export_dialog import MonthlyExportDialog
from jiedao_desk.domains.monthly.report import MonthReport, change, fmt
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import saved, tasks, widgets

# Figures shown per domain (all codes are in core.monthly's reports); counts are charted.
SHOWN = {
    "access": ("access.received", "access.admitted", "access.refused", "access.overdue"),
    "certificate": ("certificate.issued", "certificate.refused"),
    "forms": ("forms.submitted", "forms.missing"),
    "mediation": ("mediation.accepted", "mediation.succeeded", "mediation.success_rate"),
    "enforcement": ("enforcement.cases", "enforcement.fines_decided", "enforcement.overdue"),
    "hotline": ("hotline.received", "hotline.response_rate", "hotline.resolution_rate",
                "hotline.satisfaction_rate"),
}
# Figures where more is worse: their rise is shown red, their fall green.
WORSE_WHEN_HIGHER = {"access.overdue", "forms.missing", "enforcement.overdue"}
CURRENT, PREVIOUS = QColor("#2f6db3"), QColor("#b9cde6")
UP, DOWN = "#2e7d32", "#c62828"


class MiniBars(QWidget):
    """Pairs of bars (this month dark, last month pale), one row per figure: its name on the
    left at its full width, the bars drawn to the right in the room that is left. A name is
    never cut or shortened: the narrowest card (four figures at 1366×768, or 1920×1080 at
    150 %) still fits every name whole, where names under upright bars had to be cut."""

    def __init__(self, pairs: list[tuple[str, float, float]], parent: QWidget | None = None):
        super().__init__(parent)
        self.pairs = pairs
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("深色：本月　浅色：上月\n" + "、".join(label for label, _a, _b in pairs))
        top = max([max(a, b) for _, a, b in pairs] + [1])
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        self.names: list[QLabel] = []
        self.bars: list[PairBar] = []
        for row, (label, cur, prev) in enumerate(pairs):
            name = QLabel(label)
            name.setFont(self.label_font())
            name.setStyleSheet("color: #555;")
            bar = PairBar(cur / top, prev / top)
            bar.setMinimumHeight(name.sizeHint().height())
            grid.addWidget(name, row, 0)
            grid.addWidget(bar, row, 1)
            self.names.append(name)
            self.bars.append(bar)

    def label_font(self) -> QFont:
        """The names' font: a little smaller than the text around."""
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() - 1))
        return font


class PairBar(QWidget):
    """This month's bar over last month's, as fractions of the largest value in the chart."""

    def __init__(self, current: float, previous: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.current, self.previous = current, previous
        self.setMinimumWidth(24)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        w, h = self.width(), self.height()
        half = max(2.0, (h - 4) / 2)
        for y, value, colour in ((2, self.current, CURRENT), (2 + half, self.previous, PREVIOUS)):
            p.fillRect(QRectF(0, y, (w - 1) * value, half), colour)
        p.fillRect(QRectF(0, 0, 1, h), QColor("#999"))  # the axis, joined from row to row
        p.end()


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


class DomainCard(QFrame):
    """One domain: title, figure buttons with the change, and a mini chart of the counts."""

    def __init__(self, domain: monthly.DomainData, previous: MonthReport,
                 on_click, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"card_{domain.spec.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#{self.objectName()} "
                           "{ background: #f7f9fc; border-radius: 6px; }")
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        title = QLabel(domain.spec.title)
        title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        layout.addWidget(title)
        figs = {f.code: f for f in domain.figures}
        pairs = []
        for code in SHOWN[domain.spec.key]:
            f = figs[code]
            try:
                prev = previous.value(code)
            except KeyError:
                prev = None
            diff = change(f.value, prev)
            arrow = "" if diff is None else ("↑" if diff > 0 else "↓" if diff < 0 else "→")
            better = diff is not None and (diff < 0) == (code in WORSE_WHEN_HIGHER)
            colour = "#555" if not diff else (UP if better else DOWN)
            unit = f.unit if f.unit in ("%", "元") else ""
            button = QPushButton(f"{f.label}  {fmt(f.value)}{unit}")
            button.setObjectName(code)
            button.setProperty("value", f.value)
            button.setProperty("previous", prev)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("text-align: left; padding: 2px 4px;")
            button.setToolTip(f"上月：{fmt(prev)}；点击打开“{domain.spec.title}”")
            button.clicked.connect(lambda _=False, key=domain.spec.page: on_click(key))
            delta = QLabel(f"{arrow}{fmt(abs(diff)) if diff is not None else '—'}")
            delta.setStyleSheet(f"color: {colour};")
            delta.setToolTip("与上月相比")
            row = QHBoxLayout()
            row.addWidget(button, 1)
            row.addWidget(delta)
            layout.addLayout(row)
            self.buttons[code] = button
            if f.unit not in ("%", "元", "分"):  # chart counts only, not rates or money
                pairs.append((f.label, _number(f.value), _number(prev)))
        self.chart = MiniBars(pairs)
        layout.addWidget(self.chart)
        layout.addStretch(1)


class Dashboard(QWidget):
    """Key figures of this month for the domains the actor may view.

    Signals:
        open_page(str, str): the page key behind a clicked figure (e.g. "hotline") and the
            month shown ("YYYY-MM").
    """

    open_page = Signal(str, str)
    loaded = Signal()

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.report: MonthReport | None = None
        self.previous: MonthReport | None = None
        self.cards: dict[str, DomainCard] = {}
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.export_button = QPushButton("导出月报…")
        self.export_button.setVisible(auth.can(actor, "reports.export"))
        self.export_button.clicked.connect(self.export_dialog)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        self.grid = QGridLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.grid)
        if not monthly.visible_domains(actor):  # (never setVisible(True) on a parentless widget:
            self.hide()                          # it would open as a window of its own)

    def month(self) -> str:
        """This month ("YYYY-MM")."""
        return clock.today().isoformat()[:7]

    def refresh(self) -> tasks.Task | None:
        """Recompute the figures (on the worker for a file database; returns its task)."""
        if not monthly.visible_domains(self.actor):
            return None
        month = self.month()
        self.title.setText(f"本月概况（{month[:4]}年{int(month[5:])}月，与上月比较）  计算中…")
        if self.store.path is None:  # in-memory (tests): no other thread can open it
            _ok, result = widgets.call_core(self, monthly.with_previous, self.store, self.actor,
                                            month)
            if result is not None:
                self._show(result)
            return None
        open_store = tasks.store_factory(self.store.path)
        actor = self.actor

        def work(progress):
            with open_store() as s:
                return monthly.with_previous(s, actor, month)

        return tasks.run_task(self, "正在统计本月数据…", work, on_done=self._show,
                              progress=False)

    def _show(self, result: tuple[MonthReport, MonthReport]) -> None:
        if not shiboken6.isValid(self):  # the page was closed while the worker counted
            return
        self.report, self.previous = result
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards.clear()
        month = self.report.month
        self.title.setText(f"本月概况（{month[:4]}年{int(month[5:])}月，与上月比较）")
        # A breakdown sheet (no key figures, e.g. 人民调解分类) gets no card of its own.
        for i, d in enumerate(d for d in self.report.domains if d.figures):
            card = DomainCard(d, self.previous,
                              lambda key, m=month: self.open_page.emit(key, m))
            self.cards[d.spec.key] = card
            self.grid.addWidget(card, i // 6, i % 6)
        self.loaded.emit()

    def figure_values(self) -> dict[str, object]:
        """{figure code: value shown} (for tests and accessibility)."""
        return {code: b.property("value") for c in self.cards.values()
                for code, b in c.buttons.items()}

    def export_dialog(self) -> None:
        """Open the 导出月报 dialog."""
        dialog = MonthlyExportDialog(self.store, self.actor, self)
        if dialog.exec() and dialog.done_text:
            saved.offer_open(self, dialog.output.text().strip(), "导出月报", dialog.done_text)
