# SPDX-License-Identifier: MIT
"""Print set-up and column widths for every workbook the program writes.

A workbook leaves the office and is printed from Excel, WPS or LibreOffice Calc. Without a
print set-up a wide table splits sideways over several pages and a long value is cut by its
neighbour cell. Every writer (openpyxl or XlsxWriter) calls this module just before saving,
so all sheets print the same way:

- A4, portrait when the columns fit on a portrait page at full size, landscape otherwise;
- all columns scaled to one page wide (any number of pages down);
- the header rows repeated on every page;
- header: street (when known), sheet title, month or date; footer: 第 &P 页 共 &N 页;
- column widths from the content (a CJK character counts as two), capped; a longer value
  wraps inside its cell instead of being cut.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from jiedao_desk.base import clock
from jiedao_desk.store import Store
from jiedao_desk.store import org as org_store

if TYPE_CHECKING:  # openpyxl loads with the first workbook written, not when the app starts
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MIN_WIDTH = 6
MAX_WIDTH = 50  # a longer value wraps; wider columns would shrink the whole page to unreadable
PAD = 2
# Width (Excel character units) that prints at full size on A4 portrait with the margins below;
# anything wider goes landscape (about 1.45 times as wide) and is then scaled to fit.
PORTRAIT_WIDTH = 95
FOOTER = "第 &P 页 共 &N 页"
_MARGIN_IN = 0.5  # inches (openpyxl and XlsxWriter both use inches)
_HEADER_IN = 0.3
A4 = 9  # OOXML paper size code
LINE_PT = 15  # Excel's default row height for 11-point text


def text_width(value: Any) -> float:
    """Printed width of a cell value in Excel character units.

    A CJK or full-width character is three bytes in UTF-8 and prints about two digits wide;
    an ASCII character is one byte and one unit: (characters + UTF-8 bytes) / 2 gives both
    without a per-character loop (it matters for a ledger of a million rows).
    """
    if value is None:
        return 0
    if isinstance(value, (dt.datetime, dt.date)):
        return 10 if not isinstance(value, dt.datetime) else 16
    text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    longest = max(text.split("\n"), key=len)
    return (len(longest) + len(longest.encode("utf-8"))) / 2


def column_width(measured: float) -> float:
    """The width to give a column whose widest value measures ``measured``."""
    return round(min(MAX_WIDTH, max(MIN_WIDTH, measured + PAD)), 1)


def street_name(store: Store | None) -> str:
    """The street's name for the page header ("" before set-up or without a store)."""
    row = org_store.get_street(store) if store is not None else None
    return str(row["name"]) if row else ""


def _escape(text: str) -> str:
    # "&" starts a header/footer code (&P, &N …); a literal one is written "&&".
    return text.replace("&", "&&")


def _period_text(period: str) -> str:
    """"2026-10" → 2026年10月, "2026-Q3" → 2026年第3季度; anything else as given."""
    m = re.fullmatch(r"(\d{4})-(?:(\d{2})|Q([1-4]))", period)
    if m is None:
        return period
    year, month, quarter = m.groups()
    return f"{year}年{int(month)}月" if month else f"{year}年第{quarter}季度"


def header_parts(title: str = "", street: str = "",
                 month: str = "") -> tuple[str, str, str]:
    """Left, centre and right page-header texts (street, title, month or export date)."""
    right = _period_text(month)
    if not right:
        right = f"导出日期：{clock.today():%Y-%m-%d}"
    return _escape(street), _escape(title) if title else "&A", _escape(right)


def fit_columns(ws: Worksheet, skip_rows: Iterable[int] = (),
                fixed: Mapping[str, float] | None = None) -> dict[str, float]:
    """Set each column's width from its widest value; wrap the values that are cut at the cap.

    Args:
        ws: the sheet (values already written).
        skip_rows: rows not measured (a title merged across the table).
        fixed: column letter → width for columns the writer sizes itself.

    Returns:
        Column letter → width given.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    skip = set(skip_rows)
    measured: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell, MergedCell) or cell.value is None or cell.row in skip:
                continue
            if _spans_columns(ws, cell.coordinate):
                continue
            measured[cell.column] = max(measured.get(cell.column, 0), text_width(cell.value))
    widths: dict[str, float] = {}
    for col, w in measured.items():
        letter = get_column_letter(col)
        widths[letter] = (fixed or {}).get(letter) or column_width(w)
        if letter in (fixed or {}):
            widths[letter] = max(widths[letter], column_width(w))
        ws.column_dimensions[letter].width = widths[letter]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell, MergedCell) or cell.value is None:
                continue
            if cell.row in skip or _spans_columns(ws, cell.coordinate):
                continue
            width = widths.get(cell.column_letter, MAX_WIDTH)
            if text_width(cell.value) + PAD > width:
                old = cell.alignment
                cell.alignment = Alignment(horizontal=old.horizontal, vertical="top",
                                           wrap_text=True)
                _grow_row(ws, cell.row, line_count(cell.value, width))
    return widths


def line_count(value: Any, width: float) -> int:
    """Lines a wrapped value takes in a column ``width`` units wide (rounded up, generous)."""
    usable = max(1.0, width - PAD)
    return sum(max(1, -(-int((len(part) + len(part.encode("utf-8"))) / 2) // int(usable)))
               for part in str(value).split("\n"))


def row_height(lines: int) -> float:
    """Row height in points for ``lines`` lines of 11-point text (CJK glyphs included)."""
    return LINE_PT * lines + 2


def _grow_row(ws: Worksheet, row: int, lines: int) -> None:
    # Spreadsheet programs do not all grow a wrapped row on opening (LibreOffice kept the
    # height of two lines for a three-line note and cut the third), so the height is written.
    if lines > 1:
        dim = ws.row_dimensions[row]
        dim.height = max(dim.height or 0, row_height(lines))


def _spans_columns(ws: Worksheet, coordinate: str) -> bool:
    return any(coordinate in rng and rng.max_col > rng.min_col for rng in ws.merged_cells.ranges)


def set_print(ws: Worksheet, header_rows: tuple[int, int] | None = (1, 1), title: str = "",
              street: str = "", month: str = "") -> None:
    """Give ``ws`` the common print set-up (see the module docstring)."""
    from openpyxl.utils import get_column_letter

    total = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43
                for c in range(1, ws.max_column + 1))
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "portrait" if total <= PORTRAIT_WIDTH else "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0 = as many pages down as needed
    ws.print_options.horizontalCentered = True
    m = ws.page_margins
    m.left = m.right = m.top = m.bottom = _MARGIN_IN
    m.top = m.bottom = _MARGIN_IN + 0.25
    m.header = m.footer = _HEADER_IN
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    left, centre, right = header_parts(title, street, month)
    ws.oddHeader.left.text, ws.oddHeader.center.text = left or None, centre
    ws.oddHeader.right.text = right
    ws.oddFooter.center.text = FOOTER


def prepare_workbook(wb: Workbook, street: str = "", month: str = "",
                     header_rows: Mapping[str, tuple[int, int] | None] | None = None,
                     titles: Mapping[str, str] | None = None,
                     skip_rows: Mapping[str, Iterable[int]] | None = None,
                     fixed: Mapping[str, Mapping[str, float]] | None = None) -> None:
    """Fit the columns and set the print set-up of every sheet of ``wb`` (call before save).

    Args:
        wb: the workbook.
        street: the street's name for the page header ("" when the writer does not know it).
        month: "YYYY-MM" shown in the page header (else the export date).
        header_rows: sheet title → (first, last) header row to repeat; default row 1, None
            for a sheet without a table header (a cover or a list of notes).
        titles: sheet title → page-header title (default: the sheet name).
        skip_rows: sheet title → rows not measured for the widths (merged titles).
        fixed: sheet title → {column letter: width} kept as the writer set it.
    """
    for ws in wb.worksheets:
        fit_columns(ws, (skip_rows or {}).get(ws.title, ()), (fixed or {}).get(ws.title))
        rows = (header_rows or {}).get(ws.title, (1, 1))
        set_print(ws, rows, (titles or {}).get(ws.title, ""), street, month)


def complete_template(wb: Workbook, header_rows: Mapping[str, tuple[int, int]]) -> None:
    """Give the sheets of a filled template that have no print set-up of their own ours.

    The template is the district's (its widths, fonts and page set-up are the official
    layout), so a sheet that already sets an orientation or fit-to-page is left as it is and
    column widths are never changed.

    Args:
        wb: the filled template.
        header_rows: sheet title → rows above the filled list (repeated on every page).
    """
    for ws in wb.worksheets:
        ps = ws.page_setup
        if ps.orientation or ws.sheet_properties.pageSetUpPr is not None and \
                ws.sheet_properties.pageSetUpPr.fitToPage:
            continue
        rows = header_rows.get(ws.title)
        set_print(ws, rows if rows and rows[1] >= rows[0] else None)


def xlsxwriter_print(ws: Any, widths: list[float], header_rows: tuple[int, int] | None,
                     title: str = "", street: str = "", month: str = "") -> None:
    """The same print set-up for an XlsxWriter sheet; ``widths`` are the final column widths.

    ``header_rows`` are 1-based like the openpyxl side (XlsxWriter counts from 0).
    """
    for col, w in enumerate(widths):
        ws.set_column(col, col, w)
    ws.set_paper(A4)
    if sum(widths) <= PORTRAIT_WIDTH:
        ws.set_portrait()
    else:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=_MARGIN_IN, right=_MARGIN_IN, top=_MARGIN_IN + 0.25,
                   bottom=_MARGIN_IN + 0.25)
    if header_rows:
        ws.repeat_rows(header_rows[0] - 1, header_rows[1] - 1)
    left, centre, right = header_parts(title, street, month)
    ws.set_header((f"&L{left}" if left else "") + f"&C{centre}&R{right}",
                  {"margin": _HEADER_IN})
    ws.set_footer(f"&C{FOOTER}", {"margin": _HEADER_IN})
