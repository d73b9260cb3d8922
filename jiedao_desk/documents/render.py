# SPDX-License-Identifier: MIT
"""Render a document kind (wording from its TOML file) with data into PDF bytes.

This is the one entry point the issuing, dossier and print-preview code calls::

    render(kind, data, doc_number="", *, fonts=None) -> Rendered(pdf, pages)

Output is deterministic: the same kind file, data, number and fonts give byte-identical PDFs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from jiedao_desk.documents import fonts as fonts_mod
from jiedao_desk.documents import layout
from jiedao_desk.documents.fonts import FontSet
from jiedao_desk.documents.kinds import get_kind
from jiedao_desk.documents.texts import KindInfo, fill, is_active, prepare_data, with_wording


@dataclass(frozen=True)
class Rendered:
    """A rendered document: the PDF bytes and its page count."""

    pdf: bytes
    pages: int


def render(kind: str, data: dict[str, Any], doc_number: str = "", *,
           fonts: FontSet | None = None, wording: Mapping[str, str] | None = None) -> Rendered:
    """Render document kind ``kind`` (resources/documents/<kind>.toml) with ``data``.

    Args:
        kind: the kind key, e.g. "generic_notice", "approval_form", "record".
        data: values for the kind's placeholders (str, numbers, dates, lists for
            ``paragraphs``/``list_table`` blocks). Dates may be ``datetime.date`` or ISO strings.
        doc_number: the document number printed on it ("" before issuing: the line stays blank).
        fonts: the fonts to print with (core.printing.font_set reads a store's settings);
            None = the automatic chain.
        wording: block key → text replacing the shipped wording of those blocks (a street's
            official text, core/wording.py); None = the kind's own wording.

    Returns:
        Rendered(pdf, pages).

    Raises:
        NotFound: unknown kind.
        MissingFields: (a ValidationError) the data lacks placeholders; lists all of them.
        FontsUnavailable: no Chinese TrueType font on this computer.
    """
    return render_kind(with_wording(get_kind(kind), wording), data, doc_number, fonts=fonts)


def render_kind(kind: KindInfo, data: dict[str, Any], doc_number: str = "", *,
                fonts: FontSet | None = None) -> Rendered:
    """Render an already loaded kind (tests and domains with ad-hoc kinds use this)."""
    fonts = fonts or fonts_mod.font_set()
    values = prepare_data(kind, data, doc_number)
    story: list[Flowable] = []
    held: list[Flowable] = []  # blocks marked keep_with_next, waiting for the next block
    for block in kind.blocks:
        if not is_active(block, values):
            continue
        flowables = _block(block, kind, values, fonts)
        if block.get("keep_with_next"):
            # a closing sentence, signature lines …: printed on the same page as what follows
            held += flowables
            continue
        if (block["type"] == "signature" or held) and story:
            # the 落款 (seal, issuer, date) and a closing group are never split, and go over
            # the page with the line before them (what they sign or close), never alone
            held = [story.pop(), *held]
        if held:
            flowables = [KeepTogether([*held, *flowables])]
            held = []
        story += flowables
    story += held
    footer = tuple(fill(line, {**values, "page": "{page}", "pages": "{pages}"})
                   for line in kind.footer)
    setup = layout.PageSetup(kind.page_numbers, footer, kind.title)
    pdf, pages = layout.build_pdf(story, fonts, setup)
    return Rendered(pdf, pages)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in value.splitlines() if p.strip()]
    return [str(v) for v in (value or []) if str(v).strip()]


@dataclass(frozen=True)
class _Context:
    """What every block builder reads besides its block."""

    kind: KindInfo
    values: dict[str, Any]
    fonts: FontSet
    size: float | None  # the block's own "size"; None = the default for that block type
    body_size: float  # the block's size, else the kind's body size


def _block(block: dict, kind: KindInfo, values: dict[str, Any], fonts: FontSet) -> list[Flowable]:
    size = float(block.get("size", 0)) or None
    ctx = _Context(kind, values, fonts, size, size or kind.body_size)
    build = _BUILDERS.get(block["type"])
    if build is None:
        raise AssertionError(block["type"])  # texts._check_block rejects unknown types at load
    return build(block, ctx)


def _issuer(block: dict, c: _Context) -> list[Flowable]:
    return [layout.issuer(c.fonts, fill(block.get("text", "{issuer}"), c.values), c.size or 18)]


def _title(block: dict, c: _Context) -> list[Flowable]:
    return [layout.title(c.fonts, fill(block.get("text", c.kind.title), c.values),
                         c.size or layout.TITLE_SIZE)]


def _number(block: dict, c: _Context) -> list[Flowable]:
    return [layout.number_line(c.fonts, fill(block.get("text", "{doc_number}"), c.values),
                               c.body_size, block.get("align", "center"))]


def _paragraph(block: dict, c: _Context) -> list[Flowable]:
    return [layout.text(c.fonts, fill(block["text"], c.values), block.get("role", "body"),
                        c.body_size, align=block.get("align", "justify"),
                        indent_chars=block.get("indent", 2))]


def _paragraphs(block: dict, c: _Context) -> list[Flowable]:
    # "gap": blank lines after each paragraph (room to sign by hand under a signature line)
    gap = float(block.get("gap", 0))
    out: list[Flowable] = []
    for p in _as_list(c.values.get(block["field"])):
        out.append(layout.text(c.fonts, p, block.get("role", "body"), c.body_size,
                               align=block.get("align", "justify"),
                               indent_chars=block.get("indent", 2)))
        if gap:
            out.append(Spacer(1, layout.leading(c.body_size) * gap))
    return out


def _lines(block: dict, c: _Context) -> list[Flowable]:
    return [layout.text(c.fonts, fill(line, c.values), block.get("role", "body"), c.body_size,
                        align=block.get("align", "left"), indent_chars=block.get("indent", 0))
            if line else Spacer(1, layout.leading(c.body_size))
            for line in block.get("lines", [])]


def _field_table(block: dict, c: _Context) -> list[Flowable]:
    rows = [[_cell(cell, c.values) for cell in row.get("cells", [])] for row in block["rows"]]
    return [layout.field_table(c.fonts, rows, block["columns"], c.size or layout.TABLE_SIZE)]


def _list_table(block: dict, c: _Context) -> list[Flowable]:
    cols = block["columns"]
    items = c.values.get(block["field"]) or []
    rows = [[fill("{v" + (":" + col["format"] if col.get("format") else "") + "}",
                  {"v": item.get(col["key"], "")}) for col in cols] for item in items]
    return [layout.list_table(c.fonts, [col["title"] for col in cols], rows,
                              [col.get("width", 1) for col in cols],
                              [col.get("align", "left") for col in cols],
                              c.size or layout.TABLE_SIZE, int(block.get("min_rows", 0)))]


def _signature(block: dict, c: _Context) -> list[Flowable]:
    lines = [fill(ln, c.values) for ln in block.get("lines", ["{issuer}", "{issue_date:cn}"])]
    return [layout.signature_block(c.fonts, lines, fill(block.get("seal", "（印章）"), c.values),
                                   c.body_size, block.get("right_chars", 4))]


def _bar_chart(block: dict, c: _Context) -> list[Flowable]:
    # deferred: reportlab.graphics loads only for documents with a chart (the monthly summary)
    from jiedao_desk.documents.charts import bar_chart

    return [bar_chart(c.fonts, c.values.get(block["field"]) or [],
                      fill(block.get("text", ""), c.values))]


def _spacer(block: dict, c: _Context) -> list[Flowable]:
    return [Spacer(1, layout.leading(c.body_size) * float(block.get("lines", 1)))]


def _page_break(block: dict, c: _Context) -> list[Flowable]:
    return [PageBreak()]


_BUILDERS: dict[str, Callable[[dict, _Context], list[Flowable]]] = {
    "issuer": _issuer, "title": _title, "number": _number, "paragraph": _paragraph,
    "paragraphs": _paragraphs, "lines": _lines, "field_table": _field_table,
    "list_table": _list_table, "signature": _signature, "bar_chart": _bar_chart,
    "spacer": _spacer, "page_break": _page_break,
}


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


def warm_up(configured: dict[str, str] | None = None) -> None:
    """Resolve the fonts (``configured``: role → file, as for ``fonts.load_fonts``) and lay
    out a sample page that is thrown away: reportlab's modules, the parsed fonts and its
    first-use set-up are then in place, and the first real document costs what later ones do.
    """
    render("generic_notice", sample_notice_data(), fonts=fonts_mod.load_fonts(configured))
