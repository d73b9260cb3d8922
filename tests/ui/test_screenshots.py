# SPDX-License-Identifier: MIT
"""The form dialogs, the "cannot be undone" question and the charts at the office screens
(1366×768 at 100 %, 1920×1080 at 150 %, i.e. 1280×680 logical pixels): on the screen, and no
child widget cut by its window or squeezed below what it needs. With JIEDAO_SCREENSHOTS set,
each is saved there as a PNG (kept as CI artifacts)."""

import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.domains.enforcement.pages.timeline import ClockTimeline
from jiedao_desk.domains.hotline.pages.dialogs import HotlineFormDialog
from jiedao_desk.domains.hotline.pages.trend import TrendChart
from jiedao_desk.domains.mediation.pages.case_actions import _PARTY_FIELDS, RECORD_FIELDS
from jiedao_desk.domains.mediation.pages.fields_dialog import MediationFieldsDialog
from jiedao_desk.domains.monthly.pages.dashboard import MiniBars
from jiedao_desk.ui.kit import ui_state

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 at 100 %, minus the taskbar
SCALED = QRect(0, 0, 1280, 680)  # 1920×1080 at 150 %
AREAS = pytest.mark.parametrize("area", [LAPTOP, SCALED], ids=["1366x768", "1920x1080@150%"])

AGREEMENT = [("oral", "口头协议", "check"), ("facts", "事实、争议及责任", "text"),
             ("terms", "协议内容（每行一条）", "text"), ("amount", "涉及金额（元）", "line"),
             ("manner", "履行方式", "line"), ("place", "履行地点", "line"),
             ("deadline", "履行期限", "line"), ("effective", "生效日期", "date")]
TICKET = [("ticket_no", "工单编号", "line", ""), ("received_at", "受理时间", "line", "2026-11-23"),
          ("claim_type", "诉求类型", "choice", [("（目录未导入）", "")]),
          ("claim_class", "时限类别", "choice", [("一般", "general")]),
          ("category", "问题分类（多级用->）", "line", ""), ("title", "标题", "line", ""),
          ("content", "主要内容", "text", None), ("claimant_name", "诉求人（空=保密）", "line", ""),
          ("claimant_phone", "电话", "line", ""),
          ("community_id", "社区", "choice", [("（未定）", None)]),
          ("place", "地点", "line", ""), ("nature", "工单性质", "choice", [("主办", "主办")])]


@pytest.fixture
def screen(monkeypatch, qapp):
    """Set the available screen area; windows fit it when shown, as in the app."""
    ui_state.install_screen_fit(qapp)

    def use(area):
        monkeypatch.setattr(ui_state, "available_geometry", lambda widget=None: QRect(area))

    yield use
    ui_state.remove_screen_fit(qapp)


def clipped(window: QWidget) -> list[str]:
    """The visible children cut by their window or squeezed below their minimum size."""
    out = []
    inside = window.rect()
    for child in window.findChildren(QWidget):
        if not child.isVisibleTo(window) or child.isWindow():
            continue
        if any(isinstance(a, QAbstractScrollArea) for a in _ancestors(child, window)):
            continue  # scrolled content may extend beyond its viewport by design
        rect = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
        name = f"{type(child).__name__} {child.objectName() or child.accessibleName()}"
        if not inside.contains(rect):
            out.append(f"{name}: {rect} outside {inside}")
        if isinstance(child, QLineEdit | QComboBox | QAbstractButton):
            need = child.minimumSizeHint()
            if child.width() < min(need.width(), 60) or child.height() < need.height():
                out.append(f"{name}: {child.size()} < {need}")
    return out


def _ancestors(widget: QWidget, top: QWidget):
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


def check(window: QWidget, area: QRect, name: str) -> None:
    """On the screen, nothing clipped; saved as a PNG when JIEDAO_SCREENSHOTS names a folder."""
    assert area.contains(window.frameGeometry()), (name, window.frameGeometry())
    assert clipped(window) == [], name
    folder = os.environ.get("JIEDAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(Path(folder) / f"{name}-{area.width()}x{area.height()}.png"))


@AREAS
@pytest.mark.parametrize("name,fields", [
    ("mediation-agreement", AGREEMENT), ("mediation-session", RECORD_FIELDS["session"]),
    ("mediation-risk", RECORD_FIELDS["risk"]), ("mediation-party", _PARTY_FIELDS)])
def test_mediation_forms_fit(qtbot, screen, area, name, fields):
    screen(area)
    dialog = MediationFieldsDialog(name, fields, required=[f[0] for f in fields[:2]])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.status.say("书面协议应写明履行期限（人民调解法第二十九条）。请填写“履行期限”后再按"
                      "“确定”。", True)  # a refusal shown: the longest state of the form
    qtbot.wait(20)
    check(dialog, area, name)


@AREAS
def test_hotline_ticket_form_fits(qtbot, screen, area):
    screen(area)
    dialog = HotlineFormDialog("登记工单", TICKET, required=("ticket_no", "received_at"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(20)
    check(dialog, area, "hotline-add-ticket")


def form_labels(dialog) -> list:
    """The label widgets of a form dialog's rows (the explanation row has none)."""
    from PySide6.QtWidgets import QFormLayout

    role = QFormLayout.ItemRole.LabelRole
    items = [dialog.form.itemAt(r, role) for r in range(dialog.form.rowCount())]
    return [i.widget() for i in items if i is not None and i.widget() is not None]


@AREAS
@pytest.mark.parametrize("which", ["lead", "enforcement_rectification_notice",
                                   "enforcement_penalty_decision"])
def test_form_labels_take_their_own_width_and_leave_the_rest_to_the_inputs(
        qtbot, screen, area, store, actor, which):
    """The lead and document dialogs (FormDialog): a label as wide as its text, a long one
    (改正期限（如 2026-12-31）（必填）) wrapped at ten characters instead of widening the
    labels' column for every row; every label whole; the inputs get the room."""
    from jiedao_desk.domains.enforcement.pages.docs_dialog import DocumentIssueDialog
    from jiedao_desk.ui.kit import forms
    from tests.enforcement.pages.helpers import open_page, seed

    screen(area)
    cid = seed(store, actor)
    if which == "lead":
        page = open_page(qtbot, store, actor, cid)
        page.lead_button.click()
        dialog = page.detail.step_dialog
    else:
        dialog = DocumentIssueDialog(store, actor, cid, which)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = form_labels(dialog)
    assert len(labels) >= 2
    char = labels[0].fontMetrics().horizontalAdvance("中")
    column = max(label.width() for label in labels)
    assert column <= forms.LABEL_CHARS * char  # no label widens the column past ten characters
    wrapped = [label for label in labels if label.wordWrap()]
    if which != "enforcement_penalty_decision" or wrapped:
        assert wrapped, "a long label wraps"
    for label in labels:
        natural = label.fontMetrics().horizontalAdvance(label.text())
        if label.wordWrap():  # wrapped: every line shown
            assert natural > forms.LABEL_CHARS * char
            assert label.heightForWidth(label.width()) <= label.height(), label.text()
        else:  # one line at its natural width
            assert label.width() >= natural and label.sizeHint().width() <= label.width()
    for key, editor in dialog.editors.items():  # text inputs get the rest of the row
        if editor.isVisible() and isinstance(editor, QLineEdit | QPlainTextEdit):
            assert editor.width() > 2 * column, key
    check(dialog, area, f"form-{which}")


@AREAS
def test_confirmation_fits(qtbot, screen, area):
    screen(area)
    box = QMessageBox(QMessageBox.Icon.Warning, "签发样张",
                      "签发后文号 街通〔2026〕第12号 将被占用，不能再用（作废的文书也保留文号）。"
                      "此操作不能撤销。")
    box.addButton("签发", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    qtbot.addWidget(box)
    box.show()
    qtbot.wait(20)
    check(box, area, "confirm-number")


@AREAS
def test_charts_render(qtbot, screen, area):
    """The drawn charts at the width a page gives them (no overlap: test_chart_labels.py)."""
    screen(area)
    host = QWidget()
    qtbot.addWidget(host)
    timeline, trend = ClockTimeline(host), TrendChart(host)
    bars = MiniBars([("受理调解", 3, 2), ("调解成功", 2, 2), ("超期时限", 1, 0)], host)
    with clock.frozen(dt.date(2026, 11, 23)):
        timeline.set_clocks([(SimpleNamespace(label="办案期限（90日）",
                                              start=dt.date(2026, 9, 1),
                                              due=dt.date(2026, 11, 30)), "yellow")])
    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 12)]
    trend.set_data("全街道", months, {"response_rate": [90.0] * len(months)})
    width = area.width() - 260  # the navigation list takes the rest
    for y, (w, h) in enumerate(((timeline, 80), (trend, 280), (bars, 60))):
        w.setGeometry(0, sum((80, 280, 60)[:y]), width, h)
    host.resize(width, 420)
    host.show()
    with clock.frozen(dt.date(2026, 11, 23)):
        check(host, area, "charts")
    QApplication.processEvents()
