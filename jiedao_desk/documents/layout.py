# SPDX-License-Identifier: MIT
"""A4 official-document primitives (reportlab platypus).

Measures follow GB/T 9704-2012《党政机关公文格式》where it applies: margins top 37 mm, bottom
35 mm, left 28 mm, right 26 mm (§5.2.2, text block 156 × 225 mm); title 二号 (22 pt), body
三号 (16 pt) at 22 lines per page (§5.2.3, so a leading of 225 mm / 22 ≈ 29 pt); page numbers
四号 "— 1 —" 7 mm below the text block, odd pages right and even pages left (§7.5).

All text arrives as plain strings and is escaped here (user data may contain < & >); characters
missing from a role's font are wrapped in a fallback font by ``FontSet.markup``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from jiedao_desk.documents.fonts import FontSet

# reportlab's "cannot start a line" table (kinsoku) is Japanese: it lacks the full-width
# ，；：？！》” of Chinese text, so a line could begin with a comma. Add the GB/T 15834
# closing punctuation; reportlab then hangs it at the end of the previous line instead.
_CN_CANNOT_START = "，。、；：？！）》」』】〕〉”’…—％·"
if _CN_CANNOT_START[0] not in textsplit.ALL_CANNOT_START:
    import reportlab.platypus.paragraph as _rl_paragraph

    textsplit.ALL_CANNOT_START += _CN_CANNOT_START
    _rl_paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, BOTTOM, LEFT, RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
FRAME_WIDTH = PAGE_WIDTH - LEFT - RIGHT
TITLE_SIZE = 22.0  # 二号
BODY_SIZE = 16.0  # 三号
PAGE_NUMBER_SIZE = 14.0  # 四号
LEADING_RATIO = (225 * mm / 22) / BODY_SIZE  # 22 lines of 三号 in the 225 mm text block
TABLE_SIZE = 12.0  # 小四: forms (审批表, 笔录 headers) use a smaller size than 公文 body text
ALIGNS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def leading(size: float) -> float:
    """Line distance for a font size (the GB/T 9704 ratio)."""
    return round(size * LEADING_RATIO, 2)


def paragraph_style(fonts: FontSet, role: str, size: float, *, align: str = "justify",
                    indent_chars: float = 0, line_ratio: float | None = None,
                    space_after: float = 0) -> ParagraphStyle:
    """A ParagraphStyle with CJK line breaking (no break before 、。）etc.)."""
    return ParagraphStyle(
        f"jd-{role}-{size}", fontName=fonts.name(role), fontSize=size,
        leading=size * line_ratio if line_ratio else leading(size), alignment=ALIGNS[align],
        firstLineIndent=indent_chars * size, wordWrap="CJK", spaceAfter=space_after,
        allowWidows=1, allowOrphans=1)


def text(fonts: FontSet, value: str, role: str = "body", size: float = BODY_SIZE, *,
         align: str = "justify", indent_chars: float = 0, line_ratio: float | None = None,
         space_after: float = 0) -> Paragraph:
    """One paragraph of plain text (escaped, with per-glyph fallback)."""
    style = paragraph_style(fonts, role, size, align=align, indent_chars=indent_chars,
                            line_ratio=line_ratio, space_after=space_after)
    return Paragraph(fonts.markup(value, role), style)


def issuer(fonts: FontSet, value: str, size: float = 18.0) -> Paragraph:
    """The issuing body's name above the title (plain, not the red 版头 of a 公文)."""
    return text(fonts, value, "title", size, align="center", line_ratio=1.5)


def title(fonts: FontSet, value: str, size: float = TITLE_SIZE) -> Paragraph:
    """The document title, centred, with half a line of space below."""
    return text(fonts, value, "title", size, align="center", line_ratio=1.5,
                space_after=size * 0.5)


def number_line(fonts: FontSet, value: str, size: float = BODY_SIZE,
                align: str = "center") -> Flowable:
    """The document number (文号) line; an empty number keeps its space (preview layout)."""
    if not value:
        return Spacer(1, leading(size))
    return text(fonts, value, "body", size, align=align)


def body(fonts: FontSet, value: str, size: float = BODY_SIZE, *, align: str = "justify",
         indent_chars: float = 2) -> Paragraph:
    """A body paragraph, first line indented two characters (GB/T 9704 §7.3.3)."""
    return text(fonts, value, "body", size, align=align, indent_chars=indent_chars)


class _Bottomed(Flowable):
    """Cell content with a last line pinned to the bottom (signature under an opinion)."""

    def __init__(self, top: list[Flowable], bottom: Flowable, min_height: float):
        super().__init__()
        self._top, self._bottom, self._min = top, bottom, min_height
        self._heights: list[float] = []

    def wrap(self, avail_width, avail_height):
        self._heights = [f.wrap(avail_width, avail_height)[1] for f in self._top]
        self._bottom_h = self._bottom.wrap(avail_width, avail_height)[1]
        self.width = avail_width
        self.height = max(self._min, sum(self._heights) + self._bottom_h + 4)
        return self.width, self.height

    def draw(self):
        y = self.height
        for f, h in zip(self._top, self._heights, strict=True):
            y -= h
            f.drawOn(self.canv, 0, y)
        self._bottom.drawOn(self.canv, 0, 0)


@dataclass(frozen=True)
class Cell:
    """One cell of a boxed form table.

    Attributes:
        text: plain text.
        label: a label cell (centred) rather than a value cell (left-aligned).
        span: number of grid columns it spans.
        lines: minimum height in text lines (room to write by hand).
        sign: a line pinned to the cell's bottom right, e.g. "签名：      日期：".
        align: override the alignment ("left", "center", "right", "justify").
    """

    text: str
    label: bool = False
    span: int = 1
    lines: float = 1
    sign: str = ""
    align: str = ""


def field_table(fonts: FontSet, rows: Sequence[Sequence[Cell]], columns: Sequence[float],
                size: float = TABLE_SIZE, width: float = FRAME_WIDTH) -> Table:
    """A boxed label/value table (审批表, 笔录 header) with spans and handwriting room."""
    total = sum(columns)
    widths = [width * c / total for c in columns]
    pad = 4.0
    line_h = size * 1.5
    data, spans, min_heights = [], [], []
    for r, row in enumerate(rows):
        out, col, row_min = [], 0, line_h + 2 * pad
        for cell in row:
            align = cell.align or ("center" if cell.label else "left")
            para = text(fonts, cell.text, "table", size, align=align, line_ratio=1.5)
            cell_min = cell.lines * line_h
            if cell.sign:
                sign = text(fonts, cell.sign, "table", size, align="right", line_ratio=1.5)
                content: object = _Bottomed([para], sign, cell_min)
            else:
                content = para
            row_min = max(row_min, cell_min + 2 * pad)
            out.append(content)
            if cell.span > 1:
                spans.append(("SPAN", (col, r), (col + cell.span - 1, r)))
                out += [""] * (cell.span - 1)
            col += cell.span
        data.append(out)
        min_heights.append(row_min)
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.name("table")),  # else "" cells pull in Helvetica
        ("GRID", (0, 0), (-1, -1), 0.75, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        *spans,
    ])
    return Table(data, colWidths=widths, style=style, minRowHeights=min_heights,
                 splitByRow=1, spaceBefore=4, spaceAfter=8)


def list_table(fonts: FontSet, headers: Sequence[str], rows: Sequence[Sequence[str]],
               columns: Sequence[float], aligns: Sequence[str] = (), size: float = TABLE_SIZE,
               min_rows: int = 0, width: float = FRAME_WIDTH) -> Table:
    """A boxed list (卷内目录 style) whose header row repeats on continuation pages."""
    total = sum(columns)
    widths = [width * c / total for c in columns]
    aligns = list(aligns) + ["left"] * (len(headers) - len(aligns))
    head = [text(fonts, h, "table", size, align="center", line_ratio=1.4) for h in headers]
    body_rows = [[text(fonts, str(v), "table", size, align=a, line_ratio=1.4)
                  for v, a in zip(row, aligns, strict=False)] for row in rows]
    body_rows += [[""] * len(headers) for _ in range(max(0, min_rows - len(rows)))]
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.name("table")),
        ("GRID", (0, 0), (-1, -1), 0.75, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])
    return Table([head, *body_rows], colWidths=widths, style=style, repeatRows=1,
                 minRowHeights=[size * 2.2] * (1 + len(body_rows)), spaceBefore=4, spaceAfter=8)


def signature_block(fonts: FontSet, lines: Sequence[str], seal: str = "（印章）",
                    size: float = BODY_SIZE, right_chars: float = 4) -> Table:
    """落款: issuing body over the date, centred on each other, four characters from the right.

    GB/T 9704 §7.3.5.1: the date is right-aligned with four characters of space and the
    issuer is centred above it; the seal placeholder sits over both.
    """
    lines = [ln for ln in lines if ln]
    widths = [sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk
                  in fonts.runs(ln, "body")) for ln in [*lines, seal]]
    inner = max(widths) + 4
    cells = [[text(fonts, ln, "body", size, align="center")] for ln in lines]
    if seal:
        cells.insert(0, [text(fonts, seal, "signature", size * 0.8, align="center")])
    right = right_chars * size
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.name("body")),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    table = Table([[c[0], ""] for c in cells], colWidths=[inner, right], style=style,
                  hAlign="RIGHT", spaceBefore=leading(size))
    table.keepWithPrevious = True  # never leave the 落款 alone on the last page if avoidable
    return table


def draw_text(canv: Canvas, fonts: FontSet, role: str, size: float, at: tuple[float, float],
              value: str, align: str = "left", max_width: float = FRAME_WIDTH) -> None:
    """Draw one line on the canvas with per-glyph fallback (headers, footers, page numbers).

    ``at`` is the (x, y) of the line's baseline start (its middle or end for "center" and
    "right"). A line wider than ``max_width`` is drawn smaller so it never runs into the margin.
    """
    x, y = at
    runs = fonts.runs(value, role)
    total = sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs)
    if total > max_width:
        size, total = size * max_width / total, max_width
    if align == "center":
        x -= total / 2
    elif align == "right":
        x -= total
    for font, chunk in runs:
        canv.setFont(font, size)
        canv.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)


@dataclass(frozen=True)
class PageSetup:
    """What is printed in the bottom margin of every page.

    Attributes:
        page_numbers: "dash" (— 1 —, odd right / even left), "of_total" (第 1 页 共 N 页,
            centred) or "none".
        footer: lines above the page number; "{page}" and "{pages}" are replaced.
        title: PDF metadata title.
    """

    page_numbers: str = "dash"
    footer: tuple[str, ...] = ()
    title: str = ""


def _decorate(canv: Canvas, fonts: FontSet, setup: PageSetup, page: int, pages: int) -> None:
    y = BOTTOM - 8 * mm - TABLE_SIZE
    for line in setup.footer:
        line = line.replace("{page}", str(page)).replace("{pages}", str(pages))
        draw_text(canv, fonts, "table", TABLE_SIZE, (LEFT, y), line)
        y -= TABLE_SIZE * 1.6
    y_num = max(min(BOTTOM - 7 * mm - PAGE_NUMBER_SIZE * 0.75, y), 12 * mm)
    if setup.page_numbers == "dash":
        label = f"— {page} —"
        if page % 2:
            draw_text(canv, fonts, "table", PAGE_NUMBER_SIZE,
                      (PAGE_WIDTH - RIGHT - PAGE_NUMBER_SIZE, y_num), label, "right")
        else:
            draw_text(canv, fonts, "table", PAGE_NUMBER_SIZE, (LEFT + PAGE_NUMBER_SIZE, y_num),
                      label)
    elif setup.page_numbers == "of_total":
        draw_text(canv, fonts, "table", TABLE_SIZE, (PAGE_WIDTH / 2, y_num),
                  f"第 {page} 页  共 {pages} 页", "center")


def _canvas_class(fonts: FontSet, setup: PageSetup, result: dict):
    class _DeferredCanvas(Canvas):
        """Holds pages back until the end so each can print the total page count."""

        def __init__(self, *args, **kwargs):
            # Without this every page references an unembedded Helvetica (reportlab's default).
            kwargs["initialFontName"] = fonts.name("body")
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._held)
            result["pages"] = pages
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                _decorate(self, fonts, setup, number, pages)
                super().showPage()
            super().save()

    return _DeferredCanvas


def build_pdf(flowables: list[Flowable], fonts: FontSet, setup: PageSetup) -> tuple[bytes, int]:
    """Lay out ``flowables`` on A4 pages; returns (PDF bytes, page count).

    ``invariant=1`` fixes the creation date and document id, so the same input always gives
    the same bytes (a reprint is identical to the issued copy).
    """
    buf = io.BytesIO()
    result: dict = {}
    doc = BaseDocTemplate(
        buf, pagesize=A4, topMargin=TOP, bottomMargin=BOTTOM, leftMargin=LEFT,
        rightMargin=RIGHT, invariant=1, title=setup.title, author="", subject="",
        creator="jiedao-desk", lang="zh-CN")
    # No frame padding: the text block is exactly the GB/T 9704 156 × 225 mm.
    frame = Frame(LEFT, BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - TOP - BOTTOM, id="text",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    doc.build(flowables, canvasmaker=_canvas_class(fonts, setup, result))
    return buf.getvalue(), result.get("pages", 0)
