# SPDX-License-Identifier: MIT
"""Template fill keeps the template's formatting, merged cells, widths and formulas."""

import datetime as dt
import json
import runpy
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.exports.template_fill import fill_template, load_mapping

TEMPLATES = Path(__file__).parent.parent.parent / "resources" / "templates"

MAPPING = {
    "cells": {"street": "表!B2", "month": "填报月份", "signer": "表!B10"},
    "rows": {"items": {"start": "表!A5", "columns": ["name", "count", "day"]}},
}


def _template(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"] = "月度统计表"
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells("A1:C1")
    wb.defined_names["填报月份"] = DefinedName("填报月份", attr_text="表!$C$2")
    for row in (5, 6):  # two prepared rows
        for col in "ABC":
            ws[f"{col}{row}"].fill = PatternFill("solid", fgColor="FFF2CC")
            ws[f"{col}{row}"].font = Font(bold=True)
    ws["A7"] = "合计"
    ws["B7"] = "=SUM(B5:B6)"
    ws["A9"] = "说明"
    ws.merge_cells("A9:C9")
    ws.column_dimensions["A"].width = 22
    wb.save(path)
    return path


def _values(n_rows: int) -> dict:
    return {"street": "和平里街道", "month": "2026-11-01", "signer": "王芳",
            "items": [{"name": f"社区{i}", "count": i * 10, "day": "2026-11-0" + str(i % 9 + 1)}
                      for i in range(1, n_rows + 1)]}


def test_fill_within_prepared_rows_keeps_everything(tmp_path):
    out = fill_template(_template(tmp_path / "t.xlsx"), MAPPING, _values(2), tmp_path / "o.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["表"]
    assert ws["B2"].value == "和平里街道"
    assert ws["C2"].value == dt.datetime(2026, 11, 1)  # via the defined name, a real date
    assert [ws["A5"].value, ws["B5"].value, ws["A6"].value, ws["B6"].value] == [
        "社区1", 10, "社区2", 20]
    assert ws["C5"].is_date
    assert ws["B7"].value == "=SUM(B5:B6)"
    assert ws["B10"].value == "王芳"
    assert ws["A5"].font.b and ws["A5"].fill.fgColor.rgb == "00FFF2CC"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C1", "A9:C9"}
    assert ws["A1"].font.b and ws["A1"].font.sz == 16
    assert ws.column_dimensions["A"].width == 22


def test_more_rows_than_prepared_inserts_styled_rows_and_moves_what_is_below(tmp_path):
    out = fill_template(_template(tmp_path / "t.xlsx"), MAPPING, _values(5), tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(out)["表"]
    assert [ws.cell(r, 1).value for r in range(5, 10)] == [f"社区{i}" for i in range(1, 6)]
    for r in range(5, 10):  # inserted rows look like the first data row
        assert ws.cell(r, 2).font.b and ws.cell(r, 2).fill.fgColor.rgb == "00FFF2CC"
    assert ws["A10"].value == "合计"
    assert ws["B10"].value == "=SUM(B5:B9)"  # moved down and stretched over the new rows
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C1", "A12:C12"}
    assert ws["B13"].value == "王芳"  # the signer cell moved with the rows


def test_formula_cell_is_never_overwritten(tmp_path):
    mapping = {"cells": {"total": "表!B7"}}
    with pytest.raises(ValidationError, match=r"表!B7 含有公式"):
        fill_template(_template(tmp_path / "t.xlsx"), mapping, {"total": 1}, tmp_path / "o.xlsx")
    assert not (tmp_path / "o.xlsx").exists()


def test_missing_and_unknown_values_and_merged_target_are_refused(tmp_path):
    template = _template(tmp_path / "t.xlsx")
    with pytest.raises(ValidationError, match="缺少这些数据：signer"):
        values = _values(1)
        del values["signer"]
        fill_template(template, MAPPING, values, tmp_path / "o.xlsx")
    with pytest.raises(ValidationError, match="没有这些数据的位置：typo"):
        fill_template(template, MAPPING, {**_values(1), "typo": 1}, tmp_path / "o.xlsx")
    with pytest.raises(ValidationError, match="合并区域 A1:C1"):
        fill_template(template, {"cells": {"x": "表!B1"}}, {"x": 1}, tmp_path / "o.xlsx")


def test_text_starting_with_equals_is_stored_as_text(tmp_path):
    out = fill_template(_template(tmp_path / "t.xlsx"), {"cells": {"x": "表!B3"}},
                        {"x": "=1+1"}, tmp_path / "o.xlsx")
    cell = openpyxl.load_workbook(out)["表"]["B3"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_shipped_example_template_and_mapping(tmp_path):
    template = runpy.run_path(str(TEMPLATES / "make_example.py"))["build"](tmp_path / "ex.xlsx")
    mapping = load_mapping(TEMPLATES / "example_monthly.toml")
    values = json.loads((TEMPLATES / "example_monthly.json").read_text(encoding="utf-8"))
    out = fill_template(template, mapping, values, tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(out)["汇总"]
    assert ws["A8"].value == "柳荫社区"  # 4 rows into 3 prepared: one inserted
    assert ws["B9"].value == "=SUM(B5:B8)"
    assert ws["B11"].value == values["preparer"]
