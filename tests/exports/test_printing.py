# SPDX-License-Identifier: MIT
"""Every exported workbook prints well: set-up read back with openpyxl, and (with LibreOffice
installed) printed to PDF: one page wide, headers on every page, no value cut."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import openpyxl
import pytest
from openpyxl import Workbook

from jiedao_desk.exports import printing
from tests.exports import print_check as pc

KINDS = ("月报", "区级汇总", "居民台账", "工单台账", "三率", "高频诉求", "调解统计", "报表导出",
         "导入模板", "目录模板", "错误报告", "模板填写")


@pytest.fixture
def workbooks(store, tmp_path, monkeypatch):
    return pc.build_all(store, tmp_path, monkeypatch)


def test_text_width_counts_cjk_double_and_widths_are_capped():
    assert printing.text_width("access.receive") == 14
    assert printing.text_width("收到申请") == 8
    assert printing.text_width("接诉即办（12345）") == 17  # full-width brackets count double
    assert printing.text_width(66.6666) == 5 and printing.text_width(None) == 0
    assert printing.text_width("短\n第二行要长一些") == 14  # the longest line
    assert printing.column_width(1) == printing.MIN_WIDTH
    assert printing.column_width(20) == 22
    assert printing.column_width(printing.MAX_WIDTH - printing.PAD) == printing.MAX_WIDTH
    assert printing.column_width(500) == printing.MAX_WIDTH
    assert printing.line_count("字" * 48, 50) == 2 and printing.line_count("字" * 24, 50) == 1


def _sheet(widths: list[str]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.append([f"列{i}" for i in range(len(widths))])
    ws.append(widths)
    return wb


def test_orientation_follows_the_table_width_on_both_sides_of_the_limit():
    narrow = _sheet(["x" * 44, "x" * 45])  # 46 + 47 = 93 units: fits portrait
    printing.prepare_workbook(narrow)
    assert narrow.active.page_setup.orientation == "portrait"
    wide = _sheet(["x" * 44, "x" * 48])  # 46 + 50 = 96 units: landscape
    printing.prepare_workbook(wide)
    assert wide.active.page_setup.orientation == "landscape"


def test_long_value_wraps_and_its_row_grows_header_and_footer_texts():
    wb = _sheet(["短", "很长的说明" * 20])
    printing.prepare_workbook(wb, "东城&西城街道", "2026-10", titles={"Sheet": "测试表"})
    ws = wb.active
    assert ws.column_dimensions["B"].width == printing.MAX_WIDTH
    assert ws["B2"].alignment.wrap_text and not ws["A2"].alignment.wrap_text
    assert ws.row_dimensions[2].height == printing.row_height(5)  # 200 units in 48 a line
    assert ws.oddHeader.left.text == "东城&&西城街道"  # a lone & would start a code
    assert (ws.oddHeader.center.text, ws.oddHeader.right.text) == ("测试表", "2026年10月")
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页" and ws.print_title_rows == "$1:$1"


def test_ledger_long_value_wraps_in_a_capped_column_and_its_row_grows(store, actor,
                                                                      make_community, tmp_path):
    from jiedao_desk.base import clock
    from jiedao_desk.domains.residents import service as residents
    from jiedao_desk.domains.residents import store as residents_store
    from jiedao_desk.exports import ledger

    c = make_community()
    long_address = "和平里东街十五号院" * 11  # 198 units: five lines in a 50-wide column
    residents.add_resident(store, actor, c.id, "张三", address="和平里1号")
    residents.add_resident(store, actor, c.id, "李四", address=long_address)
    out = tmp_path / "l.xlsx"
    with clock.frozen(dt.date(2026, 11, 23)):
        ledger.export_ledger(residents_store.list_source(store), out, "居民信息台账")
    pc.check_setup(out)
    ws = openpyxl.load_workbook(out).active
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 8).value == long_address)
    assert ws.cell(row, 8).alignment.wrap_text
    assert not ws.cell(row, 2).alignment.wrap_text
    assert pc.width_of(ws, 8) == pytest.approx(printing.MAX_WIDTH, abs=1)
    assert ws.row_dimensions[row].height == pytest.approx(printing.row_height(5), abs=1)
    assert ws.oddHeader.right.text == "导出日期：2026-11-23"


def test_every_exported_workbook_has_the_print_setup(workbooks):
    assert tuple(workbooks) == KINDS
    for path in workbooks.values():
        pc.check_setup(path)
    wb = openpyxl.load_workbook(workbooks["月报"])
    assert wb["关键指标"].oddHeader.left.text == "测试街道办事处"
    assert wb["关键指标"].oddHeader.right.text == "2026年10月"
    assert wb["封面"].print_title_rows is None and wb["接诉即办"].print_title_rows == "$1:$1"
    assert openpyxl.load_workbook(workbooks["居民台账"]).active.print_title_rows == "$2:$2"
    assert openpyxl.load_workbook(workbooks["调解统计"]).active.print_title_rows == "$2:$2"
    assert openpyxl.load_workbook(workbooks["模板填写"]).active.print_title_rows == "$1:$2"


def test_a_template_with_its_own_print_setup_keeps_it(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 8  # A3: the district's choice
    ws.column_dimensions["A"].width = 7
    printing.complete_template(wb, {ws.title: (1, 2)})
    assert ws.page_setup.paperSize == 8 and ws.print_title_rows is None
    assert ws.column_dimensions["A"].width == 7


_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")  # a figure code such as access.received


def test_monthly_workbook_prints_no_codes_outside_the_note_sheet(workbooks):
    wb = openpyxl.load_workbook(workbooks["月报"])
    for ws in wb.worksheets:
        codes = [v for r in ws.iter_rows(values_only=True) for v in r
                 if isinstance(v, str) and _CODE.search(v)]
        if ws.title == "说明":
            assert "access.received" in codes and "hotline.valid_visits" in codes
        else:
            assert codes == [], ws.title


# -- printed by LibreOffice --------------------------------------------------------------------
def _titles(path) -> dict[str, str]:
    """Sheet name → the title its printed page header shows."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: (ws.oddHeader.center.text or "&A").replace("&A", ws.title).replace("&&", "&")
            for ws in wb.worksheets}


def sheet_pages(path, pdf) -> dict[str, list[str]]:
    """Sheet name → the texts of its printed pages, told apart by the title in the header."""
    by_title = {t: name for name, t in _titles(path).items()}
    out: dict[str, list[str]] = defaultdict(list)
    texts = pc.page_texts(pdf)
    heads = pc.page_headers(pdf)
    assert len(texts) == len(heads)
    for text, head in zip(texts, heads, strict=True):
        names = [by_title[ln] for ln in head if ln in by_title]
        assert names, f"{path.name}: a page without a known title in its header: {head}"
        out[names[-1]].append(text)  # the centre part (the street, when given, is first)
    return out


def check_printed(path, pdf) -> dict[str, int]:
    """Assert one page wide and nothing cut; return the pages per sheet."""
    pages = sheet_pages(path, pdf)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        texts = pages.get(ws.title)
        assert texts, f"{path.name}/{ws.title} printed no page"
        top = pc.header_row(ws)
        if top:  # repeated header rows all on every page: no page holds only some columns
            heads = [pc.squash(pc.shown(c.value)) for c in ws[top] if c.value is not None]
            for i, text in enumerate(texts, 1):
                missing = [h for h in heads if h not in pc.squash(text)]
                assert not missing, f"{path.name}/{ws.title} page {i} lacks {missing}"
        whole = pc.squash("".join(texts))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.value == "":
                    continue
                value = f"{cell.value:%Y-%m-%d}" if cell.is_date else pc.shown(cell.value)
                assert pc.squash(value) in whole, (
                    f"{path.name}/{ws.title}!{cell.coordinate} cut or missing: {value}")
    return {name: len(p) for name, p in pages.items()}


@pytest.mark.libreoffice
def test_every_workbook_prints_one_page_wide_with_nothing_cut(workbooks, tmp_path):
    if pc.soffice() is None:
        pytest.skip("未安装 LibreOffice（soffice），无法检查打印效果")
    out = tmp_path / "pdf"
    out.mkdir()
    pdfs = pc.to_pdf(list(workbooks.values()), out)
    counts = {kind: check_printed(path, pdfs[path]) for kind, path in workbooks.items()}
    # The monthly workbook: one page per sheet (it was 18 pages before the print set-up).
    assert counts["月报"] == {name: 1 for name in openpyxl.load_workbook(
        workbooks["月报"]).sheetnames}
    print(counts)


@pytest.mark.parametrize(("period", "shown"), [
    ("2026-10", "2026年10月"), ("2026-Q3", "2026年第3季度"), ("2026", "2026"),
    ("2026-H1", "2026-H1")])
def test_the_page_header_names_a_month_or_a_quarter(period, shown):
    from jiedao_desk.exports import printing

    assert printing.header_parts("月报", "东街", period)[2] == shown
