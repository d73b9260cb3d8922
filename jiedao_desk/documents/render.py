# SPDX-License-Identifier: MIT
"""Render a document kind (wording from its TOML file) with data into PDF bytes.

This is the one entry point the issuing, dossier and print-preview code calls::

    render(kind, data, doc_number="", *, fonts=None) -> Rendered(pdf, pages)

Output is deterministic: the same kind file, data, number and fonts give byte-identical PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer

from jiedao_desk.documents import fonts as fonts_mod
from jiedao_desk.documents import layout
from jiedao_desk.documents.fonts import FontSet
from jiedao_desk.documents.kinds import get_kind
from jiedao_desk.documents.texts import KindInfo, fill, is_active, prepare_data


@dataclass(frozen=True)
class Rendered:
    """A rendered document: the PDF bytes and its page count."""

    pdf: bytes
    pages: int


def render(kind: str, data: dict[str, Any], doc_number: str = "", *,
           fonts: FontSet | None = None) -> Rendered:
    """Render document kind ``kind`` (resources/documents/<kind>.toml) with ``data``.

    Args:
        kind: the kind key, e.g. "generic_notice", "approval_form", "record".
        data: values for the kind's placeholders (str, numbers, dates, lists for
            ``paragraphs``/``list_table`` blocks). Dates may be ``datetime.date`` or ISO strings.
        doc_number: the document number printed on it ("" before issuing: the line stays blank).
        fonts: the fonts to print with (core.printing.font_set reads a store's settings);
            None = the automatic chain.

    Returns:
        Rendered(pdf, pages).

    Raises:
        NotFound: unknown kind.
        MissingFields: (a ValidationError) the data lacks placeholders; lists all of them.
        FontsUnavailable: no Chinese TrueType font on this computer.
    """
    return render_kind(get_kind(kind), data, doc_number, fonts=fonts)


def render_kind(kind: KindInfo, data: dict[str, Any], doc_number: str = "", *,
                fonts: FontSet | None = None) -> Rendered:
    """Render an already loaded kind (tests and domains with ad-hoc kinds use this)."""
    fonts = fonts or fonts_mod.font_set()
    values = prepare_data(kind, data, doc_number)
    story: list[Flowable] = []
    for block in kind.blocks:
        if is_active(block, values):
            story += _block(block, kind, values, fonts)
    footer = tuple(fill(line, {**values, "page": "{page}", "pages": "{pages}"})
                   for line in kind.footer)
    setup = layout.PageSetup(kind.page_numbers, footer, kind.title)
    pdf, pages = layout.build_pdf(story, fonts, setup)
    return Rendered(pdf, pages)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in value.splitlines() if p.strip()]
    return [str(v) for v in (value or []) if str(v).strip()]


def _block(block: dict, kind: KindInfo, values: dict[str, Any], fonts: FontSet) -> list[Flowable]:
    btype = block["type"]
    size = float(block.get("size", 0)) or None
    body_size = size or kind.body_size
    if btype == "issuer":
        return [layout.issuer(fonts, fill(block.get("text", "{issuer}"), values), size or 18)]
    if btype == "title":
        return [layout.title(fonts, fill(block.get("text", kind.title), values),
                             size or layout.TITLE_SIZE)]
    if btype == "number":
        return [layout.number_line(fonts, fill(block.get("text", "{doc_number}"), values),
                                   body_size, block.get("align", "center"))]
    if btype == "paragraph":
        return [layout.text(fonts, fill(block["text"], values), block.get("role", "body"),
                            body_size, align=block.get("align", "justify"),
                            indent_chars=block.get("indent", 2))]
    if btype == "paragraphs":
        return [layout.text(fonts, p, block.get("role", "body"), body_size,
                            align=block.get("align", "justify"),
                            indent_chars=block.get("indent", 2))
                for p in _as_list(values.get(block["field"]))]
    if btype == "lines":
        return [layout.text(fonts, fill(line, values), block.get("role", "body"), body_size,
                            align=block.get("align", "left"), indent_chars=block.get("indent", 0))
                if line else Spacer(1, layout.leading(body_size))
                for line in block.get("lines", [])]
    if btype == "field_table":
        rows = [[_cell(c, values) for c in row.get("cells", [])] for row in block["rows"]]
        return [layout.field_table(fonts, rows, block["columns"], size or layout.TABLE_SIZE)]
    if btype == "list_table":
        cols = block["columns"]
        items = values.get(block["field"]) or []
        rows = [[fill("{v" + (":" + c["format"] if c.get("format") else "") + "}",
                      {"v": item.get(c["key"], "")}) for c in cols] for item in items]
        return [layout.list_table(fonts, [c["title"] for c in cols], rows,
                                  [c.get("width", 1) for c in cols],
                                  [c.get("align", "left") for c in cols],
                                  size or layout.TABLE_SIZE, int(block.get("min_rows", 0)))]
    if btype == "signature":
        lines = [fill(ln, values) for ln in block.get("lines", ["{issuer}", "{issue_date:cn}"])]
        return [layout.signature_block(fonts, lines, fill(block.get("seal", "（印章）"), values),
                                       body_size, block.get("right_chars", 4))]
    if btype == "bar_chart":
        from jiedao_desk.documents.charts import bar_chart

        return [bar_chart(fonts, values.get(block["field"]) or [],
                          fill(block.get("text", ""), values))]
    if btype == "spacer":
        return [Spacer(1, layout.leading(body_size) * float(block.get("lines", 1)))]
    if btype == "page_break":
        return [PageBreak()]
    raise AssertionError(btype)  # texts._check_block rejects unknown types at load time


def _cell(cell: dict, values: dict[str, Any]) -> layout.Cell:
    is_label = "label" in cell
    return layout.Cell(
        text=fill(cell["label"] if is_label else cell.get("value", ""), values),
        label=is_label, span=int(cell.get("span", 1)), lines=float(cell.get("lines", 1)),
        sign=fill(cell.get("sign", ""), values), align=cell.get("align", ""))


def sample_notice_data() -> dict[str, Any]:
    """Data for a 样张 (sample sheet) of ``generic_notice``: wording, rare name characters."""
    return {
        "issuer": "××街道办事处",
        "notice_title": "通知书（样张）",
        "addressee": "张喆、王堃、李镕",
        "body": [
            "这是一份样张，用于检查本机的文书字体和版式：标题二号、正文三号，页边距按照"
            "GB/T 9704 设置（上37毫米、下35毫米、左28毫米、右26毫米）。",
            "人名中的生僻字（喆、堃、镕、䶮）应当完整印出，不能是空白方框；如某个字体缺字，"
            "系统会自动改用其他字体补字。",
            "特此通知。",
        ],
        "contact": "综合办公室 010-00000000",
        "issue_date": "2026-11-23",
    }
