# SPDX-License-Identifier: MIT
"""Build one workbook of every kind the program writes, and check how each prints.

``build_all`` makes them from the seeded October 2026 (tests/monthly_seed.py) through the same
functions the pages and the CLI call. ``check_setup`` reads a workbook back with openpyxl;
``pdf_pages`` converts it with LibreOffice headless and reads the PDF per page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from jiedao_desk import demo
from jiedao_desk.core import catalog
from jiedao_desk.core import imports as importer
from jiedao_desk.domains import hotline, mediation
from jiedao_desk.domains.forms import excel as forms_excel
from jiedao_desk.domains.hotline import reports as hotline_reports
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.monthly import merge as monthly_merge
from jiedao_desk.domains.monthly import workbook as monthly_xlsx
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.exports import ledger
from jiedao_desk.exports.printing import text_width
from jiedao_desk.exports.template_fill import fill_template
from tests.monthly_seed import ADMIN, seed

TEMPLATES = Path(__file__).parent.parent.parent / "resources" / "templates"


def build_all(store, tmp_path: Path, monkeypatch) -> dict[str, Path]:
    """Every kind of exported workbook, by a short Chinese name."""
    marks = seed(store, tmp_path, monkeypatch)
    demo.generate(store, 120, seed=5)
    out = tmp_path / "out"
    out.mkdir()
    files: dict[str, Path] = {}
    files["月报"] = out / "月报.xlsx"
    monthly_xlsx.export_monthly(store, ADMIN, "2026-10", files["月报"])
    files["区级汇总"] = monthly_merge.merge([files["月报"]], out / "区级汇总.xlsx").path
    files["居民台账"] = out / "居民台账.xlsx"
    ledger.export_ledger(residents_store.list_source(store), files["居民台账"], "居民信息台账",
                         hidden=("community_id",))
    files["工单台账"] = out / "工单台账.xlsx"
    ledger.export_ledger(hotline_store.list_source(store), files["工单台账"], "接诉即办台账")
    files["三率"] = hotline_reports.write_rates_xlsx(store, ADMIN, ["2026-10"], out / "三率.xlsx")
    files["高频诉求"] = hotline_reports.write_hotspots_xlsx(store, ADMIN, "2026-10", "2026-10",
                                                        out / "高频诉求.xlsx", min_count=1)
    files["调解统计"] = out / "调解统计.xlsx"
    mediation.write_stats_xlsx(mediation.monthly_stats(store, ADMIN, "2026-10"), "2026-10",
                               files["调解统计"])
    files["报表导出"] = forms_excel.export_period(store, ADMIN, marks["form"], "2026-10",
                                              out / "报表导出.xlsx")
    files["导入模板"] = importer.write_template(
        _spec("residents"), out / "居民导入模板.xlsx")
    files["目录模板"] = catalog.write_template(out / "目录模板.xlsx")
    files["错误报告"] = _error_report(store, tmp_path)
    files["模板填写"] = _filled_template(tmp_path, out)
    assert hotline  # the seeded tickets come through the hotline domain
    return files


def _spec(key: str):
    from jiedao_desk import registry

    return registry.import_spec(key)


def _error_report(store, tmp_path: Path) -> Path:
    from jiedao_desk.base.errors import ImportRejected

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["社区", "姓名", "身份证号", "电话", "住址", "户号", "备注"])
    ws.append(["甲社区", "居民甲", "110105198001010010", "123", "和平里东街十五号院三号楼二单元"
               "五百零一室（临街）", "", "这一行的身份证号校验位不对，电话位数也不对"])
    ws.append(["不存在的社区", "居民乙", "", "", "", "", ""])
    src = tmp_path / "居民.xlsx"
    wb.save(src)
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, ADMIN, _spec("residents"), src)
    assert info.value.report_path is not None
    return Path(info.value.report_path)


def _filled_template(tmp_path: Path, out: Path) -> Path:
    """A district template without a print set-up of its own, filled with 12 rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws["A1"] = "社区走访明细表"
    ws.append(["序号", "姓名", "走访内容", "日期"])
    for col, width in zip("ABCD", (6, 10, 40, 12), strict=True):
        ws.column_dimensions[col].width = width
    template = tmp_path / "区模板.xlsx"
    wb.save(template)
    rows = [{"seq": i, "name": f"居民{i}", "what": "了解家庭情况，登记需求", "day": "2026-10-09"}
            for i in range(1, 13)]
    mapping = {"cells": {}, "rows": {"data": {"start": "明细!A3",
                                             "columns": ["seq", "name", "what", "day"]}}}
    return fill_template(template, mapping, {"data": rows}, out / "模板填写.xlsx")


# -- the print set-up read back with openpyxl --------------------------------------------------
def header_row(ws) -> int:
    """The last repeated header row of ``ws`` (0 when none)."""
    titles = ws.print_title_rows
    return int(titles.split(":")[1].lstrip("$")) if titles else 0


def check_setup(path: Path) -> None:
    """Assert the common print set-up and widths on every sheet of ``path``."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        where = f"{path.name}/{ws.title}"
        ps = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, where
        # OOXML's default for both is 1 (XlsxWriter leaves the 1 out).
        fit = [1 if v is None else int(v) for v in (ps.fitToWidth, ps.fitToHeight)]
        assert fit == [1, 0], where
        assert int(ps.paperSize) == 9, where  # A4
        total = sum(width_of(ws, c) for c in range(1, ws.max_column + 1))
        assert ps.orientation == ("portrait" if total <= 95 else "landscape"), where
        assert "第 &P 页 共 &N 页" in (ws.oddFooter.center.text or ""), where
        assert ws.oddHeader.center.text, where
        top = header_row(ws)
        if top:  # every header text fits its column: a header is never cut or wrapped
            for cell in ws[top]:
                if cell.value is not None:
                    width = width_of(ws, cell.column)
                    assert text_width(cell.value) <= width, (where, cell.value, width)
        for row in ws.iter_rows(min_row=top + 1):
            for cell in row:
                if cell.value is None or _merged(ws, cell.coordinate):
                    continue
                width = width_of(ws, cell.column)
                if cell_width(cell) > width:  # a long value wraps inside its cell
                    assert cell.alignment.wrap_text or _overflows_free(ws, cell), (
                        where, cell.coordinate, cell.value)


def cell_width(cell) -> float:
    """The printed width of a cell's value (a date cell by its format)."""
    if cell.is_date and "h" not in cell.number_format:
        return 10
    return text_width(cell.value)


def width_of(ws, column: int) -> float:
    """A column's width as saved (XlsxWriter writes equal neighbours as one A:B range)."""
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= column <= dim.max and dim.width:
            return dim.width
    return 8.43


def _merged(ws, coordinate: str) -> bool:
    return any(coordinate in rng for rng in ws.merged_cells.ranges)


def _overflows_free(ws, cell) -> bool:
    """A title or note with nothing to its right: it may run on inside the printed width."""
    if any(ws.cell(cell.row, c).value is not None for c in range(cell.column + 1,
                                                                  ws.max_column + 1)):
        return False
    room = sum(width_of(ws, c) for c in range(cell.column, ws.max_column + 1))
    return text_width(cell.value) <= room


# -- LibreOffice: PDF pages per sheet ----------------------------------------------------------
@dataclass
class SheetPages:
    """The printed pages of one sheet: their texts (page header line first)."""

    title: str
    pages: list[str]


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(paths: list[Path], outdir: Path) -> dict[Path, Path]:
    """Convert ``paths`` with one LibreOffice headless run (its own profile, so runs do not
    clash); returns each workbook's PDF."""
    profile = outdir / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    out = {p: outdir / (p.stem + ".pdf") for p in paths}
    for path, pdf in out.items():
        assert pdf.exists(), f"LibreOffice wrote no PDF for {path.name}"
    return out


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext, reading order)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_headers(pdf: Path) -> list[list[str]]:
    """The page-header texts (left, centre, right) of each page: the top 45 points only."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-x", "0", "-y", "0",
                           "-W", "2000", "-H", "45", str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    pages = pages[:-1] if pages and not pages[-1].strip() else pages
    return [[t for ln in p.splitlines() for t in re.split(r"\s{2,}", ln.strip()) if t]
            for p in pages]


def squash(text: str) -> str:
    """Text without any white space (a wrapped cell's lines joined again)."""
    return re.sub(r"\s+", "", text)


def shown(value) -> str:
    """A cell value as LibreOffice prints it in a General or yyyy-mm-dd cell."""
    if hasattr(value, "strftime"):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
