# SPDX-License-Identifier: MIT
"""The resident dialog's flag checkboxes."""

from PySide6.QtCore import Qt

from jiedao_desk.domains.residents import service as residents
from jiedao_desk.domains.residents.pages import ResidentDialog
from jiedao_desk.ui.kit import widgets
from tests.qt_helpers import ime  # noqa: E402


def test_dialog_saves_checked_flags(store, actor, make_community, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    c = make_community("和平里社区")
    dialog = ResidentDialog(store, actor, community_id=c.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert list(dialog.flag_boxes) == ["老年人", "残疾人", "低保", "退役军人"]
    ime(dialog.name, "张伟")
    qtbot.mouseClick(dialog.flag_boxes["低保"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.flag_boxes["老年人"], Qt.MouseButton.LeftButton)
    dialog.save_button.click()
    assert shown == [] and dialog.saved is not None
    assert dialog.saved.flags == ("老年人", "低保")

    edit = ResidentDialog(store, actor, residents.get_resident(store, dialog.saved.id))
    qtbot.addWidget(edit)
    edit.show()
    assert [f for f, box in edit.flag_boxes.items() if box.isChecked()] == ["老年人", "低保"]
    qtbot.mouseClick(edit.flag_boxes["低保"], Qt.MouseButton.LeftButton)
    edit.save_button.click()
    assert shown == [] and residents.get_resident(store, dialog.saved.id).flags == ("老年人",)
