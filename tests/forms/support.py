# SPDX-License-Identifier: MIT
"""Shared data of the forms tests."""

from __future__ import annotations

import openpyxl

from jiedao_desk import paths

EXAMPLES = paths.forms_dir() / "examples"
ID_A = "11010519491231002X"


def good_row(world) -> dict:
    return {"holder": world["res"].id, "community": world["a"].id, "category": "老年人",
            "visit_date": "2026-10-05", "visits": "2", "problems_solved": "1",
            "subsidy": "200.5", "room": "1-2-301"}


def district_template(tmp_path):
    """A district's Excel 表样 (title, header row, a total row with a formula)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws["A1"] = "某区社区养老服务情况月报表"
    ws.merge_cells("A1:E1")
    ws["A2"] = "填报单位："
    ws["B2"] = None
    ws["D2"] = "月份："
    for c, text in enumerate(["序号", "社区", "老年人数（人）", "服务金额（元）", "联系电话"], 1):
        ws.cell(3, c, text)
    ws["A6"] = "合计"
    ws["C6"] = "=SUM(C4:C5)"
    path = tmp_path / "district.xlsx"
    wb.save(path)
    return path
