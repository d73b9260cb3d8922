# SPDX-License-Identifier: MIT
"""Reading and writing the Excel files of imports: the sheet's raw rows, the error report and
the blank template. Which columns an import has, how cells are checked and how rows are saved
is core/imports.py; this module only touches the files (openpyxl).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from jiedao_desk.base.errors import ImportRejected, NotFound, RowError
from jiedao_desk.exports import printing
from jiedao_desk.exports.xlsx_guard import DEFAULT_LIMITS, XlsxLimits, check_xlsx


def normalize_header(header: Any) -> str:
    """A header as compared with the declared names: no spaces, no required-marks (*)."""
    return "".join(str(header or "").split()).strip("*＊")


def open_sheet(path: Path, sheet_title: str = "", limits: XlsxLimits = DEFAULT_LIMITS):
    """Open an .xlsx read-only and return (workbook, sheet); the caller closes the workbook.

    Args:
        path: the user's file.
        sheet_title: the sheet to read (default: the first).
        limits: what the file may not exceed (xlsx_guard), checked before it is unpacked.

    Raises:
        NotFound: no such file.
        ImportRejected: an .xls, a non-Excel, a damaged file or one over the limits.
    """
    import openpyxl

    if not path.exists():
        raise NotFound(f"找不到文件：{path}")
    if path.suffix.lower() == ".xls":
        raise ImportRejected(f"“{path.name}”是旧版 .xls 格式：请在 Excel 中“另存为”.xlsx"
                             "后再导入。")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ImportRejected(f"“{path.name}”不是 Excel (.xlsx) 文件，无法导入。")
    check_xlsx(path, limits)
    try:
        # read_only streams the sheet; not data_only, so formulas are seen and refused.
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # zip, XML and key errors alike for a damaged file
        raise ImportRejected(f"“{path.name}”已损坏或不是有效的 Excel (.xlsx) 文件。") from None
    ws = wb[sheet_title] if sheet_title in wb.sheetnames else wb.worksheets[0]
    ws.reset_dimensions()  # the stored dimension may be wrong (files written by other tools)
    return wb, ws


def raw_rows(ws) -> list[tuple[int, list[tuple[Any, bool]]]]:
    """Non-blank rows as (row number, [(value, is_formula)])."""
    out = []
    for r, cells in enumerate(ws.iter_rows(min_row=1), 1):
        values = []
        for c in cells:
            v = getattr(c, "value", None)
            formula = getattr(c, "data_type", None) == "f" or (
                isinstance(v, str) and v.startswith("="))
            if isinstance(v, str):
                v = v.strip()
            values.append((None if v == "" else v, formula))
        if any(v is not None for v, _ in values):
            out.append((r, values))
    return out


def write_error_report(out: Path, sheet_title: str, source: Path, errors: list[RowError],
                       limits: XlsxLimits = DEFAULT_LIMITS) -> Path:
    """Save 行号 / 列 / 问题 plus the original row values as an .xlsx file (``limits``: those
    the source was read with)."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    originals: dict[int, list[Any]] = {}
    header: list[Any] = []
    try:
        wb_in, ws_in = open_sheet(source, sheet_title, limits)
        wanted = {e.row for e in errors}
        for r, cells in raw_rows(ws_in):
            if not header:
                header = [v for v, _ in cells]
            if r in wanted:
                originals[r] = [v for v, _ in cells]
        wb_in.close()
    except (ImportRejected, NotFound):
        pass  # an unreadable file: the report lists the problems without values
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "错误报告"
    ws.append(["行号", "列", "问题", *("原值：" + str(h) for h in header if h is not None)])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FCE4D6")
    for c in ws[1]:
        c.font, c.fill = bold, fill
    for e in sorted(errors, key=lambda e: e.row):
        values = [v if not isinstance(v, str) or not v.startswith("=") else "'" + v
                  for v in originals.get(e.row, [])[:len(header)]]
        ws.append([e.row, e.column, e.message, *values])
    ws.freeze_panes = "A2"
    printing.prepare_workbook(wb, titles={ws.title: f"导入错误报告：{source.name}"})
    wb.save(out)
    return out


def write_template(path: str | Path, title: str, columns: Sequence[Any],
                   help_lines: Iterable[str]) -> Path:
    """A blank import workbook: the header row (required columns in red) and a 说明 sheet.

    ``columns`` are core.imports.ImportColumn (header, required, type, max_length, note).
    """
    import openpyxl
    from openpyxl.styles import Font

    path = Path(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append([c.header for c in columns])
    for i, c in enumerate(columns, 1):
        cell = ws.cell(1, i)
        cell.font = Font(bold=True, color="C00000" if c.required else None)
        letter = cell.column_letter
        if c.type in ("id_card", "phone", "text"):
            # A text column keeps 18-digit numbers and leading zeros as typed (a column style,
            # not formatted cells, which would make the sheet look 1,000 rows long).
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    help_ = wb.create_sheet("说明")
    help_.append(["列", "必填", "说明"])
    for c in help_[1]:
        c.font = Font(bold=True)
    for c in columns:
        help_.append([c.header, "是" if c.required else "", c.note])
    help_.append([])
    for line in (*help_lines, "红色表头为必填列。文件中只要有一处错误，就不会导入任何记录，"
                 "并在原文件旁生成“…错误报告.xlsx”。", "请不要在单元格中使用公式。"):
        help_.append([line])
    printing.prepare_workbook(wb, titles={title: f"{title}（导入模板）", "说明": "填写说明"})
    wb.save(path)
    return path
