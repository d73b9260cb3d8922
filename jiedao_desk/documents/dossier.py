# SPDX-License-Identifier: MIT
"""Dossier (卷宗) pages: cover (封面), index (卷内目录), a back cover (备考表), one page per
printed photo, and the merge of all parts into one PDF.

Page ranges in the index (e.g. "3-5") are page numbers of the assembled PDF, counted from the
cover; they are computed from the real page counts, and the index is re-laid out until its
own page count is stable (a second index page shifts every range). Which documents go into a
dossier, and in which order, is decided in core/dossier.py; this module only renders.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.documents import layout
from jiedao_desk.documents.fonts import FontSet

_MAX_LAYOUT_ROUNDS = 6


@dataclass(frozen=True)
class Part:
    """One entry of a dossier, already rendered: its index line and its PDF bytes."""

    title: str
    pdf: bytes
    date: str = ""
    note: str = ""


@dataclass(frozen=True)
class IndexRow:
    """One row of the 卷内目录."""

    seq: int
    title: str
    pages: str  # "3-5" or "6"
    date: str
    note: str
    first_page: int
    last_page: int


def _page_count(pdf: bytes, title: str) -> int:
    try:
        n = len(PdfReader(io.BytesIO(pdf)).pages)
    except Exception as e:  # pypdf raises several types for broken files
        raise ValidationError(f"卷内文件“{title}”不是有效的PDF：{e}") from None
    if n == 0:
        raise ValidationError(f"卷内文件“{title}”没有页面。")
    return n


def _rows(items: list[Part], counts: list[int], first: int) -> list[IndexRow]:
    rows, page = [], first
    for seq, (item, n) in enumerate(zip(items, counts, strict=True), start=1):
        last = page + n - 1
        rows.append(IndexRow(seq, item.title, f"{page}-{last}" if n > 1 else str(page),
                             item.date, item.note, page, last))
        page = last + 1
    return rows


# -- pages made by the assembler ------------------------------------------------------------

_NO_NUMBERS = layout.PageSetup(page_numbers="none")
_INDEX_HEADERS = ("序号", "文书名称", "页号", "日期", "备注")


def _date_span(cover: dict) -> str:
    start, end = cover.get("start_date", ""), cover.get("end_date", "")
    return f"{start} 至 {end}" if start and end else start or end


def _cover_pdf(fonts: FontSet, cover: dict, count: int, pages: int) -> bytes:
    cells = [
        ("卷    名", str(cover.get("title", ""))),
        ("卷    号", str(cover.get("number", ""))),
        ("当 事 人", str(cover.get("parties", ""))),
        ("承 办 人", str(cover.get("handler", ""))),
        ("起止日期", _date_span(cover)),
        ("本卷件数", f"本卷共 {count} 件，{pages} 页"),
        ("保管期限", str(cover.get("retention", ""))),
        ("立 卷 人", str(cover.get("compiler", ""))),
        ("立卷日期", str(cover.get("compiled_date", ""))),
        ("备    注", str(cover.get("note", ""))),
    ]
    rows = [[layout.Cell(k, label=True), layout.Cell(v, lines=1.5)] for k, v in cells]
    flow = [layout.issuer(fonts, str(cover.get("organisation", ""))),
            Spacer(1, 20 * mm),
            layout.title(fonts, str(cover.get("kind_title", "卷宗")), size=30),
            Spacer(1, 18 * mm),
            layout.field_table(fonts, rows, [1, 3.4], size=14)]
    pdf, _ = layout.build_pdf(flow, fonts, _NO_NUMBERS)
    return pdf


def _index_pdf(fonts: FontSet, rows: list[IndexRow]) -> bytes:
    data = [[str(r.seq), r.title, r.pages, r.date, r.note] for r in rows]
    flow = [layout.title(fonts, "卷 内 目 录"),
            layout.list_table(fonts, _INDEX_HEADERS, data, [1.1, 4.6, 1.3, 2.2, 2.8],
                              aligns=("center", "left", "center", "center", "left"))]
    pdf, _ = layout.build_pdf(flow, fonts, _NO_NUMBERS)
    return pdf


def _back_cover_pdf(fonts: FontSet, cover: dict, count: int, pages: int) -> bytes:
    rows = [[layout.Cell("本卷情况说明", label=True),
             layout.Cell(f"本卷共 {count} 件，{pages} 页（含封面、卷内目录和本页）。"
                         + str(cover.get("back_note", "")), lines=10)],
            [layout.Cell("立 卷 人", label=True), layout.Cell(str(cover.get("compiler", "")))],
            [layout.Cell("检 查 人", label=True), layout.Cell(str(cover.get("checker", "")))],
            [layout.Cell("立卷日期", label=True),
             layout.Cell(str(cover.get("compiled_date", "")))]]
    flow = [layout.title(fonts, "备 考 表"), layout.field_table(fonts, rows, [1, 3.4], size=14)]
    pdf, _ = layout.build_pdf(flow, fonts, _NO_NUMBERS)
    return pdf


def attachment_page(fonts: FontSet, title: str, facts: list[str],
                    image: Path | BinaryIO | None) -> bytes:
    """One A4 page: a JPEG/PNG scaled to fit (EXIF rotation applied), or a placeholder when
    ``image`` is None; ``facts`` (file name, hash, EXIF time and place) print under it."""
    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=layout.A4, invariant=1)
    w, h = layout.PAGE_WIDTH, layout.PAGE_HEIGHT
    margin = 20 * mm
    layout.draw_text(canv, fonts, "table", 12, (margin, h - margin), title)
    for i, line in enumerate(facts):  # provenance under the photo, bottom up
        layout.draw_text(canv, fonts, "table", 9, (margin, margin + (len(facts) - 1 - i) * 12),
                         line)
    top, bottom = h - margin - 8 * mm, margin + len(facts) * 12 + 4 * mm
    if image is not None:
        with Image.open(image) as im:
            img = ImageOps.exif_transpose(im)
            img = img.convert("RGB") if img.mode not in ("RGB", "L") else img
            iw, ih = img.size
            scale = min((w - 2 * margin) / iw, (top - bottom) / ih)
            dw, dh = iw * scale, ih * scale
            canv.drawImage(ImageReader(img), (w - dw) / 2, top - dh, dw, dh)
    else:
        layout.draw_text(canv, fonts, "table", 14, (w / 2, h / 2),
                         "（此附件不能打印，原件见附件存储）", "center")
    canv.showPage()
    canv.save()
    return buf.getvalue()


def _layout_index(fonts: FontSet, items: list[Part], counts: list[int]
                  ) -> tuple[bytes, list[IndexRow], int]:
    """Lay out the index until its own page count is stable (more pages shift every range)."""
    index_pages = 1
    for _ in range(_MAX_LAYOUT_ROUNDS):
        rows = _rows(items, counts, first=1 + index_pages + 1)  # cover + index come first
        pdf = _index_pdf(fonts, rows)
        actual = _page_count(pdf, "卷内目录")
        if actual == index_pages:
            return pdf, rows, index_pages
        index_pages = actual
    raise ValidationError("卷内目录排版无法稳定，请减少卷内文件数量后重试。")  # pragma: no cover




def build(fonts: FontSet, parts: list[Part], cover: dict, back_cover: bool
          ) -> tuple[bytes, list[IndexRow]]:
    """Cover, 卷内目录, the parts in order and (if ``back_cover``) the 备考表, as one PDF.

    Args:
        fonts: the fonts to print with.
        parts: the entries in index order (at least one).
        cover: 封面 values: ``kind_title`` (卷宗 kind), ``title`` (卷名), ``number``, ``parties``,
            ``handler``, ``organisation``, ``start_date``, ``end_date``, ``retention``,
            ``compiler``, ``compiled_date``, ``note``, ``checker``, ``back_note``.
        back_cover: whether the dossier type ends with a 备考表.

    Returns:
        (pdf bytes, index rows with their page ranges).

    Raises:
        ValidationError: no parts, a broken PDF, a cover longer than one page.
    """
    if not parts:
        raise ValidationError("卷宗里至少要有一份文书或材料。")
    counts = [_page_count(p.pdf, p.title) for p in parts]
    index, rows, index_pages = _layout_index(fonts, parts, counts)
    total = 1 + index_pages + sum(counts) + (1 if back_cover else 0)
    pdfs = [_cover_pdf(fonts, cover, len(parts), total), index, *(p.pdf for p in parts)]
    if back_cover:
        pdfs.append(_back_cover_pdf(fonts, cover, len(parts), total))
    for pdf, name in ((pdfs[0], "封面"), (pdfs[-1], "封底")):
        if name == "封底" and not back_cover:
            continue
        if _page_count(pdf, name) != 1:
            raise ValidationError(f"{name}内容太长，超过一页，请精简封面各栏。")
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": str(cover.get("title") or cover.get("kind_title") or "卷宗")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), rows
