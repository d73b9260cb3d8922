# SPDX-License-Identifier: MIT
"""The monthly workbook (月报工作簿) the street sends to the district.

Layout (documented for the district's programs in README "月报工作簿结构"): sheet "封面"
with label/value pairs in columns A/B, sheet "关键指标", one sheet per domain and sheet "说明"
(the figure codes), each with one header row in row 1 and data from row 2. The printed sheets
show Chinese names only; the codes the district's programs need are on "说明" (structure 2;
structure 1 had them in a column of "关键指标", which cut them on paper). The cover carries the
audit-chain head (the district can later ask for the chain to be verified) and ``数据校验值``,
a SHA-256 over the values of every other sheet, so ``merge-monthly`` can tell a file edited
after export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from jiedao_desk.core import auth
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.domains.monthly.report import (
    CODE_HEADERS,
    DOMAINS,
    FIGURE_HEADERS,
    FIGURE_HEADERS_V1,
    STRUCTURE,
    STRUCTURE_V1,
    MonthReport,
    exchange_text,
)
from jiedao_desk.exports import printing
from jiedao_desk.store import audit

if TYPE_CHECKING:
    from openpyxl import Workbook

COVER = "封面"
FIGURES = "关键指标"
CODES = "说明"
HASH_LABEL = "数据校验值"
COVER_LABELS = ("结构版本", "街道", "月份", "数据期间", "统计截至", "生成人", "生成时间",
                "审计日志条数", "审计链头哈希", HASH_LABEL, "包含的工作表", "未包含（无查看权限）",
                "说明")
NOTE = ("身份证号已打码（保留前6位和后4位）。各表第1行为表头，第2行起为数据；表名和表头固定，"
        "见软件说明“月报工作簿结构”；各指标的代码见“说明”表。数据校验值为除封面外各表内容的"
        "SHA-256，修改内容后将不一致。")
_HEAD_FILL = "DDE7F3"  # the header row's background


def _norm(value):
    """A cell value as it survives an xlsx round trip (for the content hash)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        f = float(value)
        return int(f) if f.is_integer() else round(f, 6)
    return str(value)


def sheet_rows(ws) -> list[list]:
    """The normalised values of a sheet, trailing empty rows and cells dropped."""
    rows = []
    for row in ws.iter_rows(values_only=True):
        vals = [_norm(v) for v in row]
        while vals and vals[-1] is None:
            vals.pop()
        rows.append(vals)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def content_hash(sheets: Iterable) -> str:
    """SHA-256 over the titles and normalised values of ``sheets`` (the data sheets)."""
    payload = [[ws.title, sheet_rows(ws)] for ws in sheets]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _table(wb: Workbook, title: str, headers: Iterable[str], rows: Iterable[list]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    headers = list(headers)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"


def figure_rows(report: MonthReport) -> list[list]:
    """Rows of the 关键指标 sheet: the weight base by its Chinese name, no codes."""
    labels = {f.code: f.label for f in report.figures()}
    return [[d.spec.title, f.label, f.value, f.unit, labels.get(f.weight, f.weight)]
            for d in report.domains for f in d.figures]


def code_rows(report: MonthReport) -> list[list]:
    """Rows of the 说明 sheet: each figure's code and the code of its weight base."""
    return [[d.spec.title, f.label, f.code, f.weight] for d in report.domains for f in d.figures]


def build_workbook(report: MonthReport,
                   progress: Callable[..., None] | None = None) -> Workbook:
    """The monthly workbook of ``report`` (in memory)."""
    from openpyxl import Workbook  # loads with the first export, not when the app starts
    from openpyxl.styles import Font

    wb = Workbook()
    cover = wb.active
    cover.title = COVER
    _table(wb, FIGURES, FIGURE_HEADERS, figure_rows(report))
    for i, d in enumerate(report.domains):
        if progress:
            progress(i, len(report.domains), f"正在写入：{d.spec.sheet}")
        _table(wb, d.spec.sheet, d.spec.headers, d.rows)
    _table(wb, CODES, CODE_HEADERS, code_rows(report))
    digest = content_hash(ws for ws in wb.worksheets if ws.title != COVER)
    values = (STRUCTURE, report.street, report.month, f"{report.first} 至 {report.last}",
              report.as_of, report.generated_by, report.generated_at, report.audit_rows,
              report.audit_head, digest, "、".join(d.spec.sheet for d in report.domains),
              "、".join(report.omitted) or "无",
              "\n".join(filter(None, (NOTE, exchange_text(report)))))
    cover.append([f"{report.street} {report.month} 月报"])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([])
    for label, value in zip(COVER_LABELS, values, strict=True):
        cover.append([label, value])
        cover.cell(cover.max_row, 1).font = Font(bold=True)
    titles = {COVER: f"{report.street} {report.month} 月报", FIGURES: FIGURES,
              CODES: "指标代码说明"}
    titles.update({d.spec.sheet: d.spec.title for d in report.domains})
    # The cover's hashes (64 characters) stay on one line; its notes wrap.
    printing.prepare_workbook(wb, report.street, report.month, header_rows={COVER: None},
                              titles=titles, skip_rows={COVER: (1,)},
                              fixed={COVER: {"B": 68}})
    return wb


def write_workbook(report: MonthReport, path: str | Path,
                   progress: Callable[..., None] | None = None) -> Path:
    """Save the monthly workbook of ``report`` to ``path``; returns the path."""
    path = Path(path)
    build_workbook(report, progress).save(path)
    return path


def known_sheets(structure: str = STRUCTURE) -> dict[str, tuple[str, ...]]:
    """Every sheet name ``structure`` allows (besides the cover) with its header row.

    Raises:
        KeyError: an unknown structure.
    """
    domains = {d.sheet: d.headers for d in DOMAINS}
    if structure == STRUCTURE_V1:
        return {FIGURES: FIGURE_HEADERS_V1, **domains}
    if structure == STRUCTURE:
        return {FIGURES: FIGURE_HEADERS, **domains, CODES: CODE_HEADERS}
    raise KeyError(structure)


STRUCTURES = (STRUCTURE, STRUCTURE_V1)


def export_monthly(store, actor, month: str, path: str | Path,
                   progress: Callable[..., None] | None = None) -> tuple[MonthReport, str]:
    """Collect ``month`` and write the workbook to ``path`` (the 导出月报 action).

    Requires ``reports.export``; domains the actor may not view are left out and named on
    the cover. The export is written to the audit log with the content hash, so the street
    can later show which data it sent.

    Returns:
        (the report, the content hash written on the cover).
    """
    auth.require(actor, "reports.export")
    report = monthly.collect(store, actor, month, progress)
    wb = build_workbook(report, progress)
    digest = content_hash(ws for ws in wb.worksheets if ws.title != COVER)
    wb.save(Path(path))
    with store.atomic():
        audit.record(store, actor, "monthly.export", "monthly_report", report.month, None,
                     {"file": Path(path).name, "content_hash": digest,
                      "audit_head": report.audit_head})
    return report, digest
