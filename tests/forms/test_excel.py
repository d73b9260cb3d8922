# SPDX-License-Identifier: MIT
"""Forms and Excel: export in the form's layout, draft a definition from a district template."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.forms import definitions as forms
from jiedao_desk.domains.forms import entries as forms_entries
from jiedao_desk.domains.forms import excel as forms_excel
from tests.forms.support import ID_A, district_template, good_row


def test_export_plain_layout(store, actor, all_types, world, tmp_path):
    row = forms_entries.prefill_row(store, actor, all_types, good_row(world))
    forms_entries.submit(store, actor, all_types, "2026-10", world["a"].id, [row])
    out = forms_excel.export_period(store, actor, all_types, "2026-10", tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(out)["走访月报"]
    assert ws["A1"].value == "示例：重点人群走访月报"
    assert [c.value for c in ws[2]][:4] == ["序号", "社区", "走访居民", "身份证号"]
    assert [c.value for c in ws[3]][:4] == [1, "甲社区", "张秀英", ID_A]
    assert ws["G3"].value == dt.datetime(2026, 10, 5) and ws["J3"].value == 200.5
    with pytest.raises(ValidationError, match="没有已报送"):
        forms_excel.export_period(store, actor, all_types, "2026-09", tmp_path / "x.xlsx")


def test_template_round_trip(store, actor, world, tmp_path):
    template = district_template(tmp_path)
    data = forms_excel.draft_from_template(template, "elderly_monthly")
    assert data["draft"] is True and data["name"] == "某区社区养老服务情况月报表"
    assert [(f["label"], f["type"]) for f in data["fields"]] == [
        ("社区", "community"), ("老年人数（人）", "integer"), ("服务金额（元）", "decimal"),
        ("联系电话", "phone")]
    assert data["excel"]["columns"] == ["_seq", "c2", "c3", "c4", "c5"]
    assert data["excel"]["start"] == "表1!A4"
    # the administrator reviews the draft (department, dates) and registers it
    text = forms_excel.to_toml(data).replace("draft = true", "draft = false").replace(
        'effective_from = ""', 'effective_from = "2026-01-01"').replace(
        '"（待填写）"', '"区民政局"')
    text = text.replace("[excel]", '[excel.cells]\n_period = "表1!E2"\n\n[excel]')
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "elderly.toml").write_text(text, encoding="utf-8")
    reg = forms.load_registry(folder)
    assert reg.refused == []
    form = reg.get("elderly_monthly")
    for c, n in ((world["a"], "12"), (world["b"], "30")):
        forms_entries.submit(store, actor, form, "2026-10", c.id,
                             [{"c2": c.id, "c3": n, "c4": "1500", "c5": "13800138000"}])
    out = forms_excel.export_period(store, actor, form, "2026-10", tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)["表1"]
    assert ws["A1"].value == "某区社区养老服务情况月报表"  # the template's own text kept
    assert [c.value for c in ws[3]] == ["序号", "社区", "老年人数（人）", "服务金额（元）",
                                        "联系电话"]
    assert [c.value for c in ws[4]][:4] == [1, "甲社区", 12, 1500.0]
    assert [c.value for c in ws[5]][:4] == [2, "乙社区", 30, 1500.0]
    assert ws["C6"].value == "=SUM(C4:C5)" and ws["E2"].value == "2026-10"


def test_template_group_headers_prefix_labels(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "表名"
    ws["A2"], ws["B2"] = "社区", "老年人"
    ws.merge_cells("B2:C2")
    ws["B3"], ws["C3"] = "人数", "其中独居"
    ws["A3"] = None
    ws.merge_cells("A2:A3")
    wb.save(tmp_path / "g.xlsx")
    data = forms_excel.draft_from_template(tmp_path / "g.xlsx")
    assert [f["label"] for f in data["fields"]] == ["社区", "老年人-人数", "老年人-其中独居"]
    assert data["excel"]["start"] == "Sheet!A4"
