# SPDX-License-Identifier: MIT
"""Build ``example_monthly.xlsx``, the tiny template that ``example_monthly.toml`` fills.

It stands in for a district template (区里下发的表样): a merged title, a defined name, three
prepared data rows with borders and a fill, a 合计 row with SUM formulas under them, and a
signature cell below. Run ``python resources/templates/make_example.py`` to rebuild it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName

HERE = Path(__file__).resolve().parent


def build(path: str | Path = HERE / "example_monthly.xlsx") -> Path:
    """Write the example template to ``path`` and return it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = "社区居民情况月报表"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:D1")
    ws["A2"], ws["C2"] = "填报单位：", "填报月份："
    wb.defined_names["填报月份"] = DefinedName("填报月份", attr_text="汇总!$D$2")
    for col, text in zip("ABCD", ("社区", "户数", "人数", "备注"), strict=True):
        cell = ws[f"{col}4"]
        cell.value, cell.font, cell.border = text, Font(bold=True), box
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in range(5, 8):  # three prepared data rows
        for col in "ABCD":
            ws[f"{col}{row}"].border = box
            ws[f"{col}{row}"].fill = PatternFill("solid", fgColor="FFF2CC")
    ws["A8"] = "合计"
    ws["A8"].font = Font(bold=True)
    ws["B8"], ws["C8"] = "=SUM(B5:B7)", "=SUM(C5:C7)"
    ws["A10"] = "制表人："
    for col, width in zip("ABCD", (18, 10, 10, 30), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return Path(path)


if __name__ == "__main__":
    print(build(*sys.argv[1:2]))
