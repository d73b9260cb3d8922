# SPDX-License-Identifier: MIT
"""Forms and Excel: export a period in the form's layout, and draft a definition from a template.

A district sends its own Excel 表样; importing its header row(s) gives a draft definition
(field names, order, guessed types) that an administrator reviews, so a real template becomes
a form in minutes. The export then fills that same template (exports/template_fill.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.core import disclosure
from jiedao_desk.core.auth import community_scope, require
from jiedao_desk.core.imports import xlsx_limits
from jiedao_desk.domains import org as core_org
from jiedao_desk.domains import residents as core_residents
from jiedao_desk.domains.forms import store as forms_store
from jiedao_desk.domains.forms.definitions import SPECIAL_COLUMNS, FormDef
from jiedao_desk.domains.forms.values import check_period
from jiedao_desk.exports import printing
from jiedao_desk.exports.xlsx_guard import DEFAULT_LIMITS, XlsxLimits, check_xlsx
from jiedao_desk.store import Store

# -- export -----------------------------------------------------------------------------------
# how a stored value of a field type is written to Excel (other types: as stored)
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "decimal": lambda v: float(Decimal(str(v))),
    "integer": int,
    "date": lambda v: dt.date.fromisoformat(str(v)),
}
# field types holding a record id, exported as the record's name
_RECORD_NAMES: dict[str, Callable[[Store, int], str]] = {
    "community": lambda store, i: core_org.get_community(store, i).name,
    "resident": lambda store, i: core_residents.get_resident(store, i).name,
}


def _cell_value(store: Store, form: FormDef, field_id: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    f = form.field(field_id)
    convert = _CONVERT.get(f.type)
    if convert is not None:
        return convert(value)
    name_of = _RECORD_NAMES.get(f.type)
    if name_of is not None:
        try:
            return name_of(store, int(value))
        except (NotFound, ValueError):
            return str(value)
    return value


def export_rows(store: Store, actor: Actor, form: FormDef, period: str,
                community_id: int | None = None, include_drafts: bool = False) -> list[dict]:
    """The rows of a period as exported: {column: display value}, in community order."""
    scope = community_scope(actor)
    if scope is not None:
        community_id = scope  # a community worker exports only their own community
    require(actor, "forms.view", community_id)
    period = check_period(form.frequency, period)
    out: list[dict] = []
    for entry in forms_store.for_period(store, form.id, period, community_id):
        if entry["state"] != "submitted" and not include_drafts:
            continue
        for row in entry["rows"]:
            item = {"_seq": len(out) + 1, "_community": entry["community_name"],
                    "_period": period}
            for f in form.fields:
                item[f.id] = _cell_value(store, form, f.id, row.get(f.id))
            out.append(item)
    return out


def export_period(store: Store, actor: Actor, form: FormDef, period: str,
                  out_path: str | Path, community_id: int | None = None,
                  include_drafts: bool = False) -> Path:
    """Write a period's data (submitted entries) in the form's Excel layout or template.

    Args:
        community_id: one community, or None for the whole street.
        include_drafts: also export entries not yet submitted.

    Raises:
        ValidationError: nothing to export, or the template does not fit.
    """
    from jiedao_desk.exports.template_fill import fill_template  # openpyxl: on the first export

    rows = export_rows(store, actor, form, period, community_id, include_drafts)
    if not rows:
        raise ValidationError(f"“{form.name}”{period} 没有已报送的数据可导出。")
    lay = form.excel
    columns = list(lay.columns)
    if community_id is not None or community_scope(actor) is not None:
        where = rows[0]["_community"]
    else:
        street = core_org.get_street(store)
        where = street.name if street else "全街道"
    if lay.template:
        start = lay.start
        mapping = {"cells": dict(lay.cells),
                   "rows": {"data": {"start": start, "columns": columns}}}
        values: dict[str, Any] = {"data": [{c: r.get(c) for c in columns if c} for r in rows]}
        values.update({k: (where if k == "_community" else period) for k in lay.cells})
        written = fill_template(lay.template, mapping, values, out_path,
                                xlsx_limits(store))
    else:
        written = _write_plain(form, rows, columns, Path(out_path), where, period)
    # the entries may name residents: who took how many rows out, and which personal columns
    personal = [f.label for f in form.fields if f.id in set(columns) and (
        f.type in ("id_card", "phone", "resident") or disclosure.personal_fields([f.label]))]
    disclosure.record(store, actor, f"报表导出：{form.name}{period}", "forms_entry", len(rows),
                      personal, written)
    return written


def _write_plain(form: FormDef, rows: list[dict], columns: list[str], out: Path,
                 street: str, period: str) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    lay = form.excel
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = lay.sheet
    r = 1
    if lay.title:
        ws.cell(1, 1, lay.title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(columns), 1))
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        r = 2
    headers = lay.header_rows or ((tuple(SPECIAL_COLUMNS.get(c) or form.field(c).label
                                         for c in columns)),)
    for header in headers:
        for c, text in enumerate(header, 1):
            ws.cell(r, c, text).font = Font(bold=True)
        r += 1
    for item in rows:
        for c, name in enumerate(columns, 1):
            cell = ws.cell(r, c, item.get(name))
            if isinstance(item.get(name), dt.date):
                cell.number_format = "yyyy-mm-dd"
        r += 1
    first_header = 2 if lay.title else 1
    printing.prepare_workbook(wb, street, period,
                              header_rows={ws.title: (first_header, r - len(rows) - 1)},
                              titles={ws.title: lay.title or form.name},
                              skip_rows={ws.title: (1,) if lay.title else ()})
    try:
        wb.save(out)
    except OSError as e:
        raise ValidationError(f"无法保存“{out}”（文件是否正在 Excel 中打开？）：{e}") from None
    return out


# -- draft definition from a template ---------------------------------------------------------
_GUESSES = [  # (keywords in the header, type) — first match wins
    (("身份证", "证件号", "公民身份号码"), "id_card"),
    (("电话", "手机", "联系方式"), "phone"),
    (("日期", "时间", "出生年月"), "date"),
    (("社区", "居委会"), "community"),
    (("性别",), "choice"),
    (("金额", "（元）", "(元)", "万元", "面积", "比例", "率"), "decimal"),
    (("人数", "户数", "数量", "次数", "个数", "年龄", "件数", "（人）", "（户）", "（个）"),
     "integer"),
]


def guess_type(label: str, sample: Any = None) -> str:
    """Guess a field type from a header label (and a sample value below it, if any)."""
    for words, ftype in _GUESSES:
        if any(w in label for w in words):
            return ftype
    if isinstance(sample, bool):
        return "text"
    if isinstance(sample, int):
        return "integer"
    if isinstance(sample, float):
        return "decimal"
    if isinstance(sample, (dt.date, dt.datetime)):
        return "date"
    return "text"


def _text(ws, row: int, col: int) -> str:
    from openpyxl.cell.cell import MergedCell

    cell = ws.cell(row, col)
    if isinstance(cell, MergedCell):  # take the value of the merged range's top-left cell
        for rng in ws.merged_cells.ranges:
            if cell.coordinate in rng:
                cell = ws.cell(rng.min_row, rng.min_col)
                break
    v = cell.value
    return str(v).strip().replace("\n", "") if v is not None else ""


def _spans(ws, row: int, col: int) -> bool:
    coord = ws.cell(row, col).coordinate
    return any(coord in rng and rng.max_col > rng.min_col for rng in ws.merged_cells.ranges)


def draft_from_template(path: str | Path, form_id: str = "draft_form",
                        sheet: str | None = None, limits: XlsxLimits = DEFAULT_LIMITS) -> dict:
    """Read a template's header row(s) and return a draft definition (TOML-ready dict).

    The header row is the row (among the first 15) with the most text cells; a group header
    above it (merged across columns) is prefixed to the label. The draft is marked
    ``draft = true`` and needs department, level, frequency and effective dates reviewed.
    """
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    path = Path(path)
    if not path.exists():
        raise NotFound(f"找不到模板文件：{path}")
    check_xlsx(path, limits)  # a district's template is still a file from outside
    try:
        wb = openpyxl.load_workbook(path)
    except FileNotFoundError:
        raise NotFound(f"找不到模板文件：{path}") from None
    except Exception:
        raise ValidationError(f"“{path.name}”不是有效的 Excel (.xlsx) 文件。") from None
    ws = wb[sheet] if sheet else wb.worksheets[0]
    last = min(ws.max_row, 15)
    width = ws.max_column

    def texts(r: int) -> int:
        # text cells of a row; a cell merged down from above counts, one merged across
        # columns (a title, a group header) counts once
        return sum(1 for c in range(1, width + 1)
                   if _text(ws, r, c) and not isinstance(ws.cell(r, c).value, (int, float))
                   and not (isinstance(ws.cell(r, c), MergedCell) and _spans(ws, r, c)))

    counts = {r: texts(r) for r in range(1, last + 1)}
    best = max(counts.values(), default=0)
    header = min((r for r, n in counts.items() if n == best), default=1)
    # a two-row header (group cells merged above) ends on its last row with as many cells
    while header + 1 in counts and counts[header + 1] == best and best > 1:
        header += 1
    if best == 0:
        raise ValidationError(f"“{path.name}”前15行中找不到表头。")
    fields, columns, seen = [], [], set()
    title = ""
    for r in range(1, header):
        t = _text(ws, r, 1)
        if t and len({_text(ws, r, c) for c in range(1, width + 1)} - {""}) == 1:
            title = title or t
    for c in range(1, width + 1):
        label = _text(ws, header, c)
        # a group header is a cell merged across several columns right above the header row
        group = _text(ws, header - 1, c) if header > 1 and _spans(ws, header - 1, c) else ""
        if group and group != label and group != title:
            label = f"{group}-{label}" if label else group
        if not label:
            columns.append("")
            continue
        if label in ("序号", "编号"):
            columns.append("_seq")
            continue
        sample = ws.cell(header + 1, c).value
        ftype = guess_type(label, sample)
        fid = f"c{c}"
        while fid in seen:
            fid += "_"
        seen.add(fid)
        item: dict[str, Any] = {"id": fid, "label": label, "type": ftype}
        if ftype == "choice":
            item["choices"] = ["男", "女"]
        fields.append(item)
        columns.append(fid)
    while columns and columns[-1] == "":
        columns.pop()
    start = f"{ws.title}!A{header + 1}"
    return {
        "id": form_id, "name": title or path.stem, "department": "（待填写）", "level": "区",
        "frequency": "月", "channel": "纸质", "version": "1", "effective_from": "",
        "source": f"由模板“{path.name}”导入的草稿，待管理员审核", "draft": True,
        "fields": fields,
        "excel": {"sheet": ws.title, "template": str(path), "start": start,
                  "columns": columns},
    }


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # JSON strings are valid TOML basic strings


def to_toml(data: dict) -> str:
    """Write a definition dict (as made by ``draft_from_template``) as TOML text."""
    lines = ["# 报表定义草稿：请核对所属部门、层级、频次、生效日期和字段类型，",
             "# 审核无误后把 draft 改为 false，放入 forms/ 目录。"]
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items() if isinstance(v, list) and v
              and isinstance(v[0], dict)}
    for k, v in data.items():
        if k not in tables and k not in arrays:
            lines.append(f"{k} = {_toml_value(v)}")
    for k, items in arrays.items():
        for item in items:
            lines += ["", f"[[{k}]]"] + [f"{a} = {_toml_value(b)}" for a, b in item.items()]
    for k, table in tables.items():
        lines += ["", f"[{k}]"] + [f"{a} = {_toml_value(b)}" for a, b in table.items()]
    return "\n".join(lines) + "\n"
