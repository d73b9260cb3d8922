# SPDX-License-Identifier: MIT
"""Merge the monthly workbooks of many streets into one district workbook (区级汇总).

Every file is read and checked before anything is written: a file of another month, of an
unknown structure (cover, sheet names or header rows not as exported) or a street given twice
refuses the whole merge with a Chinese message naming the file. A file whose content no
longer matches the 数据校验值 on its cover is merged but reported (it may have been edited
after export), both in the result and on the merged workbook's cover.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jiedao_desk.base import clock
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.monthly.workbook import (
    CODES,
    COVER,
    FIGURES,
    HASH_LABEL,
    STRUCTURES,
    content_hash,
    known_sheets,
    sheet_rows,
)
from jiedao_desk.exports import printing
from jiedao_desk.exports.xlsx_guard import DEFAULT_LIMITS, XlsxLimits, check_xlsx

if TYPE_CHECKING:
    from openpyxl import Workbook

SUMMARY = "各街道汇总"
_REQUIRED = ("结构版本", "街道", "月份", HASH_LABEL)


@dataclass
class StreetFile:
    """One street's workbook as read for merging."""

    path: Path
    street: str
    month: str
    declared_hash: str
    actual_hash: str
    audit_head: str
    # Data rows, header removed; 关键指标 always as structure 1 has it (领域, 指标代码, 指标,
    # 数值, 单位, 加权依据代码), whatever structure the file is of.
    sheets: dict[str, list[list]] = field(default_factory=dict)

    @property
    def hash_ok(self) -> bool:
        """Whether the content still matches the hash line on the cover."""
        return self.declared_hash == self.actual_hash


@dataclass
class MergeResult:
    """What was merged: the month, the files, and the names of files with a bad hash."""

    month: str
    files: list[StreetFile]
    mismatched: list[str]
    path: Path


def read_street_file(path: str | Path, limits: XlsxLimits = DEFAULT_LIMITS) -> StreetFile:
    """Read and check one street's monthly workbook (ValidationError if not usable)."""
    import openpyxl  # loads with the first file read, not when the app starts
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    name = path.name
    if not path.exists():
        raise ValidationError(f"找不到文件：{path}")
    check_xlsx(path, limits)  # a street's file is still a file from outside: unpack nothing yet
    try:
        # read-only streams the sheets: a street's file is never held whole in memory
        wb = openpyxl.load_workbook(path, read_only=True)
    except FileNotFoundError:
        raise ValidationError(f"找不到文件：{path}") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        # InvalidFileException: a file whose name does not end in .xlsx/.xlsm
        raise ValidationError(f"“{name}”不是 Excel 工作簿（.xlsx），无法汇总。") from None
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # the stored dimension may be wrong (files edited elsewhere)
        return _street_file(path, wb)
    finally:
        wb.close()


def _street_file(path: Path, wb: Workbook) -> StreetFile:
    name = path.name
    if not wb.sheetnames or wb.sheetnames[0] != COVER:
        raise ValidationError(f"“{name}”结构不认识：第一个工作表应为“{COVER}”（请用本软件导出的"
                              "月报工作簿）。")
    cover = {str(r[0]): r[1] for r in wb[COVER].iter_rows(min_col=1, max_col=2,
                                                          values_only=True) if r[0]}
    missing = [k for k in _REQUIRED if not cover.get(k)]
    if missing:
        raise ValidationError(f"“{name}”结构不认识：封面缺少“{'、'.join(missing)}”。")
    structure = cover["结构版本"]
    if structure not in STRUCTURES:
        raise ValidationError(f"“{name}”结构版本为“{structure}”，本软件只能汇总"
                              f"“{'”“'.join(STRUCTURES)}”。")
    allowed = known_sheets(structure)
    data = [ws for ws in wb.worksheets if ws.title != COVER]
    if FIGURES not in wb.sheetnames:
        raise ValidationError(f"“{name}”结构不认识：缺少“{FIGURES}”工作表。")
    sheets: dict[str, list[list]] = {}
    for ws in data:
        if ws.title not in allowed:
            raise ValidationError(f"“{name}”结构不认识：有未知的工作表“{ws.title}”。")
        rows = sheet_rows(ws)
        header = tuple(rows[0]) if rows else ()
        if header != allowed[ws.title]:
            raise ValidationError(f"“{name}”结构不认识：工作表“{ws.title}”的表头与规定不一致。")
        sheets[ws.title] = [r + [None] * (len(header) - len(r)) for r in rows[1:]]
    if CODES in allowed:
        sheets[FIGURES] = _coded_figures(name, sheets[FIGURES], sheets.get(CODES))
        sheets.pop(CODES, None)
    return StreetFile(path, str(cover["街道"]), str(cover["月份"]), str(cover[HASH_LABEL]),
                      content_hash(data), str(cover.get("审计链头哈希") or ""), sheets)


def _coded_figures(name: str, figures: list[list], codes: list[list] | None) -> list[list]:
    """关键指标 rows of structure 2 joined with their codes from 说明, in structure 1's shape."""
    if codes is None:
        raise ValidationError(f"“{name}”结构不认识：缺少“{CODES}”工作表。")
    by_name = {(r[0], r[1]): (r[2], r[3] or "") for r in codes}
    out = []
    for domain, label, value, unit, _base in figures:
        if (domain, label) not in by_name:
            raise ValidationError(f"“{name}”结构不认识：指标“{domain}-{label}”在“{CODES}”表中"
                                  "没有代码。")
        code, weight = by_name[(domain, label)]
        out.append([domain, code, label, value, unit, weight])
    return out


def _figure_columns(files: list[StreetFile]) -> list[tuple[str, str, str, str]]:
    """(code, header, unit, weight code) of every figure, in order of first appearance."""
    cols: dict[str, tuple[str, str, str, str]] = {}
    for f in files:
        for domain, code, label, _value, unit, weight in f.sheets[FIGURES]:
            cols.setdefault(code, (code, f"{domain}-{label}({unit})", unit, weight or ""))
    return list(cols.values())


def _total(code: str, weight: str, values: dict[str, dict[str, float]]) -> float | None:
    if not weight:
        return round(sum(v[code] for v in values.values() if v.get(code) is not None), 2)
    # A rate of the whole district is the rates weighted by their base (受理, 有效回访 …).
    pairs = [(v[code], v[weight]) for v in values.values()
             if v.get(code) is not None and v.get(weight)]
    base = sum(w for _, w in pairs)
    return round(sum(r * w for r, w in pairs) / base, 2) if base else None


def merge(paths: Sequence[str | Path], out: str | Path, month: str | None = None,
          limits: XlsxLimits = DEFAULT_LIMITS) -> MergeResult:
    """Merge street workbooks of one month into ``out`` (nothing written on any refusal).

    Args:
        paths: the street workbooks (at least one).
        out: the district workbook to write.
        month: the expected month "YYYY-MM" (default: the month of the first file).
        limits: what each workbook may not exceed (the import settings).

    Raises:
        ValidationError: no files, a file unreadable or of unknown structure, of another
            month, or a street given twice.
    """
    if not paths:
        raise ValidationError("请至少指定一个街道月报文件。")
    files = [read_street_file(p, limits) for p in paths]
    month = month or files[0].month
    for f in files:
        if f.month != month:
            raise ValidationError(f"“{f.path.name}”是 {f.month} 的月报，与要汇总的 {month} "
                                  "不是同一个月，未汇总任何文件。")
    seen: dict[str, str] = {}
    for f in files:
        if f.street in seen:
            raise ValidationError(f"“{f.street}”出现了两次（{seen[f.street]}、{f.path.name}），"
                                  "未汇总任何文件。")
        seen[f.street] = f.path.name
    wb = _build(files, month)
    out = Path(out)
    wb.save(out)
    return MergeResult(month, files, [f.path.name for f in files if not f.hash_ok], out)


def _build(files: list[StreetFile], month: str) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    cover = wb.active
    cover.title = "区级汇总封面"
    cover.append([f"{month} 各街道月报汇总"])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append(["月份", month])
    cover.append(["街道数", len(files)])
    cover.append(["汇总时间", clock.now().isoformat(sep=" ")])
    cover.append([])
    cover.append(["街道", "文件", "审计链头哈希", HASH_LABEL, "校验结果"])
    for f in files:
        cover.append([f.street, f.path.name, f.audit_head, f.declared_hash,
                      "一致" if f.hash_ok else "不一致：文件内容在导出后被修改过"])
    cols = _figure_columns(files)
    summary = wb.create_sheet(SUMMARY)
    summary.append(["街道", *[c[1] for c in cols]])
    values: dict[str, dict[str, float]] = {}
    for f in files:
        values[f.street] = {r[1]: r[3] for r in f.sheets[FIGURES]}
        summary.append([f.street, *[values[f.street].get(c[0]) for c in cols]])
    summary.append(["合计", *[_total(c[0], c[3], values) for c in cols]])
    summary.append([])
    summary.append(["比率的合计为按基数加权（成功率按受理数，三率按有效回访数）。"])
    for name, headers in known_sheets().items():
        if name in (FIGURES, CODES) or not any(name in f.sheets for f in files):
            continue
        ws = wb.create_sheet(name)
        ws.append(["街道", *headers])
        for f in files:
            for row in f.sheets.get(name, []):
                ws.append([f.street, *row])
    for ws in wb.worksheets:
        for cell in ws[1 if ws.title != "区级汇总封面" else 6]:
            cell.font = Font(bold=True)
    # The hashes (64 characters) stay on one line each, to be read off and compared.
    printing.prepare_workbook(wb, "", month,
                              header_rows={"区级汇总封面": (6, 6), SUMMARY: (1, 1)},
                              titles={"区级汇总封面": f"{month} 各街道月报汇总"},
                              skip_rows={"区级汇总封面": (1,), SUMMARY: (len(files) + 4,)},
                              fixed={"区级汇总封面": {"C": 68, "D": 68}})
    return wb
