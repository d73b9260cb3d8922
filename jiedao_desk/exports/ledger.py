# SPDX-License-Identifier: MIT
"""Ledgers (台账): export what a list screen shows to an .xlsx file.

``export_ledger`` reads a ``store.lists.ListSource`` (its filters, search, sort and columns)
page by page, following the source's keyset paging, and streams the rows with XlsxWriter's
``constant_memory`` mode, so a million rows never sit in memory (baselines §3e: 7.8 s per
100,000 × 12 cells against 10–12 s for openpyxl ``write_only``). Values are written exactly as
the list shows them: a masked identity number stays masked.

Named ledgers (core/ledgers.py, declared by each domain) let the CLI export the same lists
without a window. A ledger may end with one column the caller computes per page of rows
(``Tail``): on a PC that exchanges with other sites, the 来源 of each record as the list shows
it (core/ledgers.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.exports import printing
from jiedao_desk.store import faults
from jiedao_desk.store.lists import ListSource

Progress = Callable[..., None]
# A last column: its label, and for the record ids of a page of rows each row's value.
Tail = tuple[str, Callable[[list[int]], list[str]]]

PAGE_ROWS = 5000
_EPOCH = dt.date(1899, 12, 30).toordinal()  # Excel's day 0 (1900 date system)
# A value wider than this wraps in its cell (XlsxWriter streams rows, so the wrap is decided
# as each value is written, against the cap every column may grow to).
_WRAP_AT = printing.MAX_WIDTH - printing.PAD


def export_ledger(source: ListSource, path: str | Path, title: str,
                  progress: Progress | None = None, hidden: Iterable[str] = (),
                  tail: Tail | None = None) -> int:
    """Export the rows of ``source`` as a ledger workbook.

    Layout: a merged title row, a bold header row with the Chinese column labels (frozen and
    repeated on every printed page), then one row per record; column widths follow the
    widest value (capped, longer values wrap); ISO dates ("2026-11-23") become real date
    cells shown as yyyy-mm-dd. Printed: A4, one page wide (exports/printing.py).

    Args:
        source: the list as the screen shows it (the record id is never exported).
        path: the .xlsx file to write (replaced if it exists).
        title: the ledger title for the first row, e.g. "居民信息台账".
        progress: called as ``progress(done, total, text)`` after each page.
        hidden: keys of columns the screen hides (left out of the file).
        tail: a last column computed per page of rows (label, values for the page's ids).

    Returns:
        The number of data rows written.

    Raises:
        ValidationError: the file cannot be written (e.g. it is open in Excel).
    """
    import xlsxwriter  # loads with the first ledger export, not when the app starts
    from xlsxwriter.exceptions import XlsxWriterException

    path = Path(path)
    hidden = set(hidden)
    picks = [(i + 1, c) for i, c in enumerate(source.columns) if c.key not in hidden]
    if not picks:
        raise ValidationError("没有可导出的列。")
    labels = [c.label for _, c in picks]
    if tail is not None:
        labels.append(tail[0])
    total = source.count()
    # XlsxWriter streams the rows and then each part of the file through temporary files.
    # They hold the same personal data as the workbook, so they go into a folder of their own
    # beside it (not the PC's shared temporary folder), removed however the export ends.
    try:
        parts = Path(tempfile.mkdtemp(prefix=".xlsx-parts-", dir=path.parent))
    except OSError as e:
        raise _unwritable(path, e) from None
    try:
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(parts),
                                             "strings_to_formulas": False,
                                             "strings_to_urls": False})
        done = _fill(wb, source, picks, labels, title, total, progress, tail)
        try:
            wb.close()
        except (OSError, XlsxWriterException) as e:
            path.unlink(missing_ok=True)  # a cut-off workbook would not open anyway
            raise _unwritable(path, e) from None
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    return done


def _fill(wb, source: ListSource, picks: list, labels: list[str], title: str, total: int,
          progress: Progress | None, tail: Tail | None) -> int:
    """Write the sheet of ``wb`` (dropped, with its row file, when anything fails)."""
    try:
        ws = wb.add_worksheet(_sheet_name(title))
        title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "center",
                                   "valign": "vcenter"})
        head_fmt = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                  "align": "center"})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        wrap_fmt = wb.add_format({"text_wrap": True, "valign": "top"})
        ws.set_row(0, 24)
        if len(labels) > 1:
            ws.merge_range(0, 0, 0, len(labels) - 1, title, title_fmt)
        else:
            ws.write_string(0, 0, title, title_fmt)
        for col, label in enumerate(labels):
            ws.write_string(1, col, label, head_fmt)
        ws.freeze_panes(2, 0)
        measured = [printing.text_width(label) for label in labels]
        done = _write_rows(ws, source, [i for i, _ in picks], total, (date_fmt, wrap_fmt),
                           measured, progress, tail[1] if tail else None)
        if total:  # autofilter over what was written (Excel's 筛选 arrows on the header)
            ws.autofilter(1, 0, 1 + done, len(labels) - 1)
        # The filter arrow sits over the header text: leave it room.
        widths = [printing.column_width(max(w, printing.text_width(label) + 2))
                  for w, label in zip(measured, labels, strict=True)]
        printing.xlsxwriter_print(ws, widths, (2, 2), title)
    except BaseException:
        _discard(wb)
        raise
    return done


def _unwritable(path: Path, e: BaseException) -> Exception:
    """Why the workbook at ``path`` could not be written, in Chinese: a full or read-only
    drive said so (not "open in Excel"), anything else with the file's name."""
    cause: BaseException | None = e  # xlsxwriter wraps the OSError of a full drive
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__context__
    full = faults.storage_error(cause) if cause else None
    if full is not None:
        return full
    return ValidationError(f"无法写入“{path}”（文件是否正在 Excel 中打开？）：{e}")


def _write_rows(ws, source: ListSource, indexes: list[int], total: int, formats: tuple,
                measured: list[float], progress: Progress | None,
                tail: Callable[[list[int]], list[str]] | None) -> int:
    """Write the rows; ``measured[col]`` grows to the widest value written in ``col``. With
    ``tail``, each row ends with its value for the row (asked once per page)."""
    write_string = ws.write_string
    last = len(indexes)
    row = 2
    done = 0
    while True:
        page = source.page(done, PAGE_ROWS)
        if not page:
            break
        tails = tail([rec[0] for rec in page]) if tail else ()
        for n, rec in enumerate(page):
            if tail:
                write_string(row, last, tails[n])
                measured[last] = max(measured[last], printing.text_width(tails[n]))
            lines = 1
            for col, i in enumerate(indexes):
                v = rec[i]
                if v is None or v == "":
                    continue  # blanks are not written
                if v.__class__ is str and len(v) != 10:  # the common case, kept inline
                    w = (len(v) + len(v.encode("utf-8"))) / 2  # printing.text_width
                    if w <= _WRAP_AT:
                        write_string(row, col, v)
                        if w > measured[col]:
                            measured[col] = w
                        continue
                w, n = _write_value(ws, row, col, v, formats)
                if w > measured[col]:
                    measured[col] = w
                if n > lines:
                    lines = n
            if lines > 1:  # the row is still open (constant_memory writes it on the next)
                ws.set_row(row, printing.row_height(lines))
            row += 1
        done += len(page)
        if progress:
            progress(done, total, f"已导出 {done:,}/{total:,} 行")
        if len(page) < PAGE_ROWS:
            break
    return done


def _write_value(ws, row: int, col: int, v, formats: tuple) -> tuple[float, int]:
    """Write one value; return its printed width and the lines it wraps to."""
    date_fmt, wrap_fmt = formats
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        ws.write_number(row, col, v)
        return printing.text_width(v), 1
    if not isinstance(v, str):
        v = str(v)
    elif len(v) == 10 and v[4] == "-" and v[7] == "-":
        day = _iso_day(v)
        if day is not None:
            ws.write_number(row, col, day, date_fmt)
            return 10, 1
    w = printing.text_width(v)
    if w > _WRAP_AT:
        ws.write_string(row, col, v, wrap_fmt)
        return w, printing.line_count(v, printing.MAX_WIDTH)
    ws.write_string(row, col, v)
    return w, 1


def _iso_day(text: str) -> int | None:
    """Excel serial day of an ISO date, or None if ``text`` is not one."""
    try:
        return dt.date.fromisoformat(text).toordinal() - _EPOCH
    except ValueError:
        return None


def _sheet_name(title: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]
    return name or "台账"


def _discard(wb) -> None:
    """Drop a half-written workbook: no file is created and its temp files are removed."""
    for ws in wb.worksheets():
        fh, name = getattr(ws, "row_data_fh", None), getattr(ws, "row_data_filename", None)
        if fh is not None:
            fh.close()
        if name:
            Path(name).unlink(missing_ok=True)
    wb.fileclosed = True  # XlsxWriter only writes the file in close()


def detach(source: ListSource) -> ListSource:
    """A copy of ``source`` (same filters, search, sort) with no store, for a worker thread.

    A ``sqlite3`` connection belongs to the thread that opened it, so the worker sets the
    copy's ``store`` to its own ``Store`` before reading (see ``ui/tasks.py``).
    """
    return source.copy_for(None)
