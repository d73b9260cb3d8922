# SPDX-License-Identifier: MIT
"""The form renderer builds every field type from a definition and checks as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from jiedao_desk import paths
from jiedao_desk.domains.forms import definitions as forms
from jiedao_desk.domains.forms.definitions import FIELD_TYPES
from jiedao_desk.domains.forms.pages.renderer import FormRenderer, ResidentPicker
from tests.forms.support import ID_A

EXAMPLE = paths.forms_dir() / "examples" / "example_all_types.toml"


def test_every_field_type_renders_and_checks_as_you_type(qtbot, store, world):
    form = forms.load_file(EXAMPLE)
    r = FormRenderer(form, store, world["worker"], world["a"].id)
    qtbot.addWidget(r)
    kinds = {f.type: type(r.editors[f.id]) for f in form.fields}
    assert set(kinds) == set(FIELD_TYPES)
    assert kinds["choice"] is QComboBox and kinds["community"] is QComboBox
    assert kinds["resident"] is ResidentPicker and kinds["integer"] is QLineEdit

    visits = r.editors["visits"]
    qtbot.keyClicks(visits, "40")
    assert r.messages["visits"].text() == "“本月走访次数”不能大于 31。"
    assert not r.messages["visits"].isHidden()
    visits.clear()
    qtbot.keyClicks(visits, "3")
    assert r.messages["visits"].isHidden()
    qtbot.keyClicks(r.editors["subsidy"], "abc")
    assert "应填数字" in r.messages["subsidy"].text()
    qtbot.keyClicks(r.editors["visit_date"], "2026-02-30")
    assert r.messages["visit_date"].text()
    qtbot.keyClicks(r.editors["room"], "3-2")
    assert "格式不对" in r.messages["room"].text()
    qtbot.keyClicks(r.editors["room"], "-501")
    assert r.messages["room"].isHidden()
    qtbot.keyClicks(r.editors["id_number"], "110105194912310021")
    assert r.messages["id_number"].text()
    # community defaults to the community being filled
    assert r.raw_value("community") == world["a"].id

    # picking a resident fills the fields that reference it
    picker = r.editors["holder"]
    qtbot.mouseClick(picker.button, Qt.MouseButton.LeftButton)
    assert picker.value() == world["res"].id
    r.editors["id_number"].clear()
    picker.set_value(None)
    qtbot.mouseClick(picker.button, Qt.MouseButton.LeftButton)
    assert r.raw_value("id_number") == ID_A
    assert r.raw_value("phone") == "138 0013 8000"

    r.editors["problems_solved"].setText("5")
    r.editors["subsidy"].setText("")
    r.editors["visit_date"].setText("2026-10-05")
    r.editors["category"].setCurrentIndex(1)
    errors = r.check_all()
    assert errors == {"_row": "已解决问题数不能多于走访次数。"}
    assert r.row_message.text() == "已解决问题数不能多于走访次数。"
