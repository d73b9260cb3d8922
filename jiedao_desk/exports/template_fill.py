# SPDX-License-Identifier: MIT
"""Fill a district Excel template (区里下发的表样) with values, keeping its look.

The template is opened with formulas (not ``data_only``), so formatting, merged cells, column
widths and formulas survive. A mapping (TOML data in ``resources/templates/``, so a street can
adapt it to next year's template without a programmer) says where each value goes::

    template = "example_monthly.xlsx"     # optional; relative to the mapping file
    [cells]
    street = "汇总!B2"                     # a cell ...
    month = "填报月份"                      # ... or a defined name of the workbook
    [rows.communities]                     # a list of rows, written downward
    start = "汇总!A5"
    columns = ["name", "households", ""]   # "" leaves that column of the template alone
    rows = 3                               # optional: prepared rows (default: empty rows)

When the data has more rows than the template prepared, rows are inserted after the last
prepared row with the style (and row formulas) of the first one, and every formula, merged
range and defined name below is moved down, with ranges ending on the last prepared row
(a 合计 ``SUM``) stretched over the new rows, as Excel does when rows are inserted inside them.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.formula.tokenizer import Tokenizer
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.exports import printing
from jiedao_desk.exports.xlsx_guard import DEFAULT_LIMITS, XlsxLimits, check_xlsx

_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_FORMAT = "yyyy-mm-dd"


def load_mapping(path: str | Path) -> dict:
    """Read a mapping TOML; a relative ``template`` is resolved next to the mapping file."""
    path = Path(path)
    try:
        mapping = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"找不到映射文件：{path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ValidationError(f"映射文件“{path.name}”格式有误：{e}") from None
    if "template" in mapping:
        mapping["template"] = str((path.parent / mapping["template"]).resolve())
    return mapping


def fill_template(template_path: str | Path | None, mapping: Mapping | str | Path,
                  values: Mapping[str, Any], out_path: str | Path,
                  limits: XlsxLimits = DEFAULT_LIMITS) -> Path:
    """Write ``values`` into a copy of the template at ``out_path``; the template is not changed.

    Args:
        template_path: the .xlsx template (None: the mapping's ``template``).
        mapping: the mapping as a dict, or the path of its TOML file.
        values: one value per ``[cells]`` key; a list of rows (dicts keyed by column name, or
            lists in column order) per ``[rows.X]`` key. ISO dates ("2026-11-23") become dates.
        out_path: where to save the filled workbook.
        limits: what the template may not exceed (a user's file: checked before unpacking).

    Returns:
        ``out_path``.

    Raises:
        ValidationError: a value is missing or unknown, a target holds a formula or lies
            inside a merged range, or a reference names no cell; nothing is saved.
        NotFound: the template or mapping file does not exist.
    """
    if not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    template_path = template_path or mapping.get("template")
    if not template_path:
        raise ValidationError("没有指定 Excel 模板文件。")
    wb = _open(Path(template_path), limits)
    cells: dict[str, str] = dict(mapping.get("cells", {}))
    row_specs: dict[str, dict] = dict(mapping.get("rows", {}))
    _check_keys(cells, row_specs, values)

    # Resolve every target first and refuse before changing anything.
    lists = [_list_target(wb, key, spec, values[key]) for key, spec in row_specs.items()]
    singles = [(_target(wb, ref, key), values[key]) for key, ref in cells.items()]
    for (ws, row, col), _value in singles:
        _check_writable(ws, row, col)

    inserts = _make_room(wb, lists)
    for t in lists:
        row = _moved(inserts, t.ws.title, t.row)
        for r, items in enumerate(t.data):
            for c, name in enumerate(t.columns):
                if name:
                    _put(t.ws.cell(row + r, t.col + c), items.get(name))
    for (ws, row, col), value in singles:
        _put(ws.cell(_moved(inserts, ws.title, row), col), value)
    printing.complete_template(wb, {t.ws.title: (1, _moved(inserts, t.ws.title, t.row) - 1)
                                    for t in lists})
    out_path = Path(out_path)
    try:
        wb.save(out_path)
    except OSError as e:
        raise ValidationError(f"无法保存“{out_path}”（文件是否正在 Excel 中打开？）：{e}") from None
    return out_path


# -- resolving targets ------------------------------------------------------------------------
@dataclass(frozen=True)
class _ListTarget:
    """A ``[rows.X]`` list: where it starts, its columns, its rows and the prepared rows."""

    ws: Worksheet
    row: int
    col: int
    columns: list[str]
    data: list[dict]
    prepared: int


def _list_target(wb: Workbook, key: str, spec: Mapping, rows: list) -> _ListTarget:
    ws, row, col = _target(wb, spec.get("start", ""), key)
    columns = list(spec.get("columns", []))
    if not columns:
        raise ValidationError(f"映射中“{key}”没有列出 columns。")
    data = [_row_values(key, columns, r, i) for i, r in enumerate(rows, 1)]
    prepared = int(spec.get("rows") or _prepared_rows(ws, row, col, columns))
    return _ListTarget(ws, row, col, columns, data, max(prepared, 1))


def _open(path: Path, limits: XlsxLimits) -> Workbook:
    if not path.exists():
        raise NotFound(f"找不到模板文件：{path}")
    check_xlsx(path, limits)
    try:
        return openpyxl.load_workbook(path)  # not data_only: formulas must survive
    except Exception:  # zip, XML and key errors alike for a damaged file
        raise ValidationError(f"模板“{path.name}”不是有效的 Excel (.xlsx) 文件。") from None


def _check_keys(cells: Mapping, rows: Mapping, values: Mapping) -> None:
    wanted = set(cells) | set(rows)
    missing = sorted(wanted - set(values))
    unknown = sorted(set(values) - wanted)
    problems = []
    if missing:
        problems.append("缺少这些数据：" + "、".join(missing))
    if unknown:
        problems.append("映射中没有这些数据的位置：" + "、".join(unknown))
    for key in rows:
        if key in values and not isinstance(values[key], list):
            problems.append(f"“{key}”应为多行数据（列表）。")
    if problems:
        raise ValidationError("；".join(problems) + "。")


def _target(wb: Workbook, ref: str, key: str) -> tuple[Worksheet, int, int]:
    """(sheet, row, column) of "Sheet!B3", "B3" (first sheet) or a defined name."""
    ref = (ref or "").strip()
    if not ref:
        raise ValidationError(f"映射中“{key}”没有指定单元格。")
    if ref in wb.defined_names:
        dests = list(wb.defined_names[ref].destinations)
        if len(dests) != 1:
            raise ValidationError(f"名称“{ref}”（{key}）不是单个单元格。")
        sheet, ref = dests[0]
        ref = f"{sheet}!{ref}"
    sheet, _, cell = ref.rpartition("!")
    sheet = sheet.strip("'")
    if sheet and sheet not in wb.sheetnames:
        raise ValidationError(f"模板中没有工作表“{sheet}”（{key}：{ref}）。")
    ws = wb[sheet] if sheet else wb.worksheets[0]
    try:
        letters, row = coordinate_from_string(cell.replace("$", "").split(":")[0])
    except ValueError:
        raise ValidationError(f"“{ref}”（{key}）不是单元格地址或模板中的名称。") from None
    return ws, row, column_index_from_string(letters)


def _row_values(key: str, columns: list[str], row: Any, n: int) -> dict:
    if isinstance(row, Mapping):
        return dict(row)
    if isinstance(row, (list, tuple)):
        if len(row) > len(columns):
            raise ValidationError(f"“{key}”第{n}行有{len(row)}项，映射只有{len(columns)}列。")
        return {name: v for name, v in zip(columns, row, strict=False) if name}
    raise ValidationError(f"“{key}”第{n}行应为一行数据（对象或列表）。")


def _prepared_rows(ws: Worksheet, row: int, col: int, columns: list[str]) -> int:
    """Empty rows from ``row`` downward (the list area ends at the first filled cell)."""
    n = 0
    while row + n <= max(ws.max_row, row):
        if any(name and ws.cell(row + n, col + c).value is not None
               for c, name in enumerate(columns)):
            break
        n += 1
    return n


def _check_writable(ws: Worksheet, row: int, col: int) -> None:
    cell = ws.cell(row, col)
    where = f"{ws.title}!{get_column_letter(col)}{row}"
    if isinstance(cell, MergedCell):
        area = next((str(r) for r in ws.merged_cells.ranges if cell.coordinate in r), "")
        raise ValidationError(f"单元格 {where} 在合并区域 {area} 内，只能写入合并区域左上角。")
    if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
        raise ValidationError(f"单元格 {where} 含有公式（{cell.value}），不能覆盖；请检查映射。")


def _put(cell, value: Any) -> None:
    if isinstance(value, str) and _ISO_DATE.match(value):
        with contextlib.suppress(ValueError):  # "2026-02-30" stays text
            value = dt.date.fromisoformat(value)
    if isinstance(value, (dt.date, dt.datetime)):
        cell.value = value
        if not cell.is_date:
            cell.number_format = _DATE_FORMAT
        return
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # data, never a formula someone typed into a form field


# -- inserting rows -------------------------------------------------------------------------
def _make_room(wb: Workbook, lists: list[_ListTarget]) -> list[tuple[str, int, int]]:
    """Insert the rows the lists need beyond their prepared ones; returns the inserts as
    (sheet, first new row, count). Bottom-up, so an insert never moves a list still to come."""
    inserts: list[tuple[str, int, int]] = []
    for t in sorted(lists, key=lambda x: (x.ws.title, -x.row)):
        for r in range(min(len(t.data), t.prepared)):  # rows that will be written
            for c, name in enumerate(t.columns):
                if name:
                    _check_writable(t.ws, t.row + r, t.col + c)
        extra = len(t.data) - t.prepared
        if extra > 0:
            _insert_rows(wb, t.ws, t.row, t.row + t.prepared - 1, extra)
            inserts.append((t.ws.title, t.row + t.prepared, extra))
    return inserts


def _moved(inserts: list[tuple[str, int, int]], sheet: str, row: int) -> int:
    return row + sum(n for s, at, n in inserts if s == sheet and row >= at)


def _insert_rows(wb: Workbook, ws: Worksheet, first: int, last: int, n: int) -> None:
    """Insert ``n`` rows after ``last`` styled like row ``first`` and fix what refers below."""
    at = last + 1
    _open_rows(ws, at, n)
    _shift_references(wb, ws.title, at, last, n)
    _style_like(ws, first, at, n)


def _open_rows(ws: Worksheet, at: int, n: int) -> None:
    """Insert ``n`` empty rows at ``at``, moving row heights and merged ranges with the rows
    below (openpyxl moves only the cells)."""
    heights = {r: d.height for r, d in ws.row_dimensions.items() if r >= at and d.height}
    merges = [r for r in ws.merged_cells.ranges if r.min_row >= at]
    for r in merges:
        ws.merged_cells.remove(r)
    ws.insert_rows(at, n)  # moves cells with their styles; formulas keep their old text
    for r in merges:
        r.shift(0, n)
        ws.merged_cells.add(r)
    for r in sorted(heights, reverse=True):
        ws.row_dimensions[r + n].height = heights[r]
        ws.row_dimensions[r].height = None


def _shift_references(wb: Workbook, sheet: str, at: int, last: int, n: int) -> None:
    """Move every formula's and defined name's references to rows ≥ ``at`` of ``sheet``."""
    for other in wb.worksheets:
        for row in other.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = _shift_formula(cell.value, other.title, sheet, at, last, n)
    for holder in (wb.defined_names, wb[sheet].defined_names):
        for dn in holder.values():
            if dn.attr_text and not dn.attr_text.startswith("#"):
                dn.attr_text = _shift_formula("=" + dn.attr_text, "", sheet, at, last, n)[1:]


def _style_like(ws: Worksheet, first: int, at: int, n: int) -> None:
    """Give rows ``at`` .. ``at+n-1`` the height, styles and per-row formulas of ``first``."""
    style_row = ws[first]
    height = ws.row_dimensions[first].height
    for r in range(at, at + n):
        if height:
            ws.row_dimensions[r].height = height
        for src in style_row:
            if isinstance(src, MergedCell):
                continue
            dst = ws.cell(r, src.column)
            if src.has_style:
                dst._style = copy.copy(src._style)
            if src.data_type == "f" and isinstance(src.value, str):  # a per-row formula
                dst.value = Translator(src.value, src.coordinate).translate_formula(
                    dst.coordinate)


def _shift_formula(formula: str, home: str, sheet: str, at: int, last: int, n: int) -> str:
    """Move references to rows ≥ ``at`` of ``sheet`` down by ``n``.

    Ranges ending on ``last`` are stretched; ``home`` is the sheet the formula lives on
    (for references without a sheet name).
    """
    try:
        tokens = Tokenizer(formula).items
    except Exception:  # an odd formula is kept as it is rather than broken
        return formula
    changed = False
    for tok in tokens:
        if tok.type != "OPERAND" or tok.subtype != "RANGE":
            continue
        prefix, bang, body = tok.value.rpartition("!")
        target = prefix.strip("'") if bang else home
        if target != sheet:
            continue
        parts = body.split(":")
        new = []
        for i, part in enumerate(parts):
            m = _REF.fullmatch(part)
            if not m:
                new.append(part)
                continue
            row = int(m[4])
            stretch = (i == 1 and row == last and len(parts) == 2)
            if row >= at or stretch:
                row += n
            new.append(f"{m[1]}{m[2]}{m[3]}{row}")
        value = prefix + bang + ":".join(new)
        if value != tok.value:
            tok.value, changed = value, True
    return "=" + "".join(t.value for t in tokens) if changed else formula
