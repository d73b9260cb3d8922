# SPDX-License-Identifier: MIT
"""Driving the 综合执法 page like an officer: typing into step dialogs and confirming them."""

from PIL import ExifTags, Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases, investigation
from jiedao_desk.domains.enforcement.pages import EnforcementPage

PERSON_ID = "11010519491231002X"
OFFICERS = [("张明", "11010001"), ("李强", "11010002")]


def ime(widget, text):
    """Type Chinese text as an input method commits it (keyClicks is ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def fill(dialog, **values):
    """Type into a step dialog: text (Chinese through the IME), choices by data, checks."""
    from PySide6.QtWidgets import QCheckBox, QComboBox

    from jiedao_desk.domains.enforcement.pages.step_dialog import OfficersEditor

    for key, value in values.items():
        editor = dialog.editors[key]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(value)
        elif isinstance(editor, OfficersEditor):
            for (name, cert), (n, c) in zip(value, editor.rows, strict=False):
                ime(n, name)
                c.setText(cert)
        elif isinstance(editor, QPlainTextEdit):
            ime(editor, value)
        else:
            editor.clear()
            ime(editor, value)


def ok(qtbot, dialog):
    """Click 确定."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def step(qtbot, page, key, **values):
    """Open step ``key`` from the case menus, fill it and click 确定."""
    page.detail.step_actions[key].trigger()
    dlg = page.detail.step_dialog
    qtbot.addWidget(dlg)
    fill(dlg, **values)
    ok(qtbot, dlg)
    return dlg


def make_jpeg(path):
    """A small JPEG with an EXIF time (2026-11-20 09:15:30) and GPS position."""
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:11:20 09:15:30"
    g = exif.get_ifd(ExifTags.IFD.GPSInfo)
    g[ExifTags.GPS.GPSLatitudeRef] = "N"
    g[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 27.0)
    g[ExifTags.GPS.GPSLongitudeRef] = "E"
    g[ExifTags.GPS.GPSLongitude] = (116.0, 23.0, 50.0)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, exif=exif)
    return path


def seed(store, actor, found="2026-09-25", filed="2026-09-28"):
    """A case found on ``found``, filed on ``filed``, with a party 赵某."""
    catalog.load_builtin(store, actor)
    power = cases.power_choices(store)[0][0]
    cid = cases.register_lead(store, actor, "patrol", found, "示例路1号", "占道摆摊").case_id
    cases.file_case(store, actor, cid, filed, "王队长", power.item_id)
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="示例路1号")
    investigation.record_investigation(store, actor, cid, "inspection", filed, OFFICERS,
                                       "现场检查：占道摆摊。")
    return cid


def open_page(qtbot, store, actor, cid):
    """The page, shown (it refreshes from change notices), with case ``cid`` selected."""
    page = EnforcementPage(store, actor)
    qtbot.addWidget(page)
    page.show()
    page.select_case(cid)
    assert page.case_id == cid
    return page
