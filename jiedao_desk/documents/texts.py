# SPDX-License-Identifier: MIT
"""Document wording as data: one TOML file per document kind in resources/documents/.

A street adjusts the fixed wording, field order and table layout of a document by editing its
TOML file; no programmer needed. The format is described in resources/documents/README.md.
Templates use ``{field}`` placeholders filled from the document data; ``{field:cn}`` prints a
date as 二〇二六年十一月二十三日, ``{field:num}`` as 2026年11月23日, ``{field:rmb}`` an amount
as 人民币…元整, ``{field:cnnum}`` a count in Chinese numerals (一式三份).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.documents import cnformat

BLOCK_TYPES = frozenset({"issuer", "title", "number", "paragraph", "paragraphs", "field_table",
                         "list_table", "signature", "lines", "spacer", "page_break",
                         "bar_chart"})
PAGE_NUMBER_STYLES = frozenset({"dash", "of_total", "none"})
BLANK_DATE = "　　　　年　　月　　日"
RESERVED = frozenset({"doc_number", "page", "pages"})  # filled by the engine, not the caller


class MissingFields(ValidationError):
    """The data lacks values that the document's wording needs."""

    def __init__(self, kind: str, title: str, fields: list[str]):
        super().__init__(f"生成《{title}》（{kind}）缺少以下内容：{'、'.join(fields)}。")
        self.fields = fields


@dataclass(frozen=True)
class KindInfo:
    """One document kind as read from its TOML file.

    Attributes:
        key: the kind's identifier (file name without .toml), e.g. "approval_form".
        title: Chinese title printed on the document.
        number_pattern: document-number pattern, e.g. "{prefix}〔{year}〕第{serial}号"
            ("" = the kind carries no number).
        prefix: the number prefix, e.g. "街通".
        fields: placeholders the wording uses (data keys), in order of first use.
        optional: fields that may be missing (printed blank).
        defaults: values used when the data has none (e.g. a default title).
        page_numbers: "dash" (— 1 —, GB/T 9704), "of_total" (第 1 页 共 3 页) or "none".
        footer: lines printed at the bottom of every page; may use {page} and {pages}.
        body_size: font size of body paragraphs in points.
        blocks: the ordered layout blocks (plain dicts, see README).
        source: the TOML file.
    """

    key: str
    title: str
    number_pattern: str
    prefix: str
    fields: tuple[str, ...]
    optional: tuple[str, ...] = ()
    defaults: tuple[tuple[str, Any], ...] = ()
    page_numbers: str = "dash"
    footer: tuple[str, ...] = ()
    body_size: float = 16.0
    blocks: tuple[dict, ...] = field(default=(), repr=False)
    source: str = ""


class _Formatter(string.Formatter):
    """str.format with whole-key lookup (no attribute/index access) and cn/num/rmb specs."""

    def get_field(self, field_name, args, kwargs):
        return kwargs[field_name], field_name

    def format_field(self, value, format_spec):
        if value is None:
            return ""
        if format_spec in ("cn", "num") and value == "":
            return BLANK_DATE  # a paper form leaves the date to be written by hand
        if format_spec == "cn":
            return cnformat.chinese_date(value)
        if format_spec == "num":
            return cnformat.numeric_date(value)
        if format_spec == "rmb":
            return cnformat.amount_in_words(value) if value != "" else ""
        if format_spec == "cnnum":
            return cnformat.chinese_count(value) if value != "" else ""
        return format(value, format_spec) if format_spec else str(value)


_FMT = _Formatter()


def template_fields(template: str) -> list[str]:
    """Placeholder names used in one template, in order."""
    try:
        return [name for _, name, _, _ in _FMT.parse(template) if name]
    except ValueError as exc:
        raise ValidationError(f"文书模板“{template}”中的花括号不成对（{exc}）。") from None


def fill(template: str, data: dict[str, Any]) -> str:
    """Substitute ``{placeholders}`` in ``template`` from ``data`` (plain text, not markup)."""
    return _FMT.vformat(template, (), data)


def block_templates(block: dict) -> Iterator[str]:
    """Every template string of a block (for field discovery)."""
    for key in ("text", "seal"):
        if isinstance(block.get(key), str):
            yield block[key]
    lines = block.get("lines", [])
    if isinstance(lines, list):  # a spacer's "lines" is a count, not templates
        yield from (line for line in lines if isinstance(line, str))
    for row in block.get("rows", []):
        for cell in row.get("cells", []):
            for key in ("label", "value", "sign"):
                if isinstance(cell.get(key), str):
                    yield cell[key]


def _block_fields(block: dict) -> list[str]:
    names = [n for t in block_templates(block) for n in template_fields(t)]
    for key in ("field", "when"):
        if block.get(key):
            names.append(block[key])
    return names


def _check_block(kind: str, i: int, block: dict) -> None:
    where = f"文书模板 {kind} 第 {i + 1} 个 blocks"
    btype = block.get("type")
    if btype not in BLOCK_TYPES:
        known = "、".join(sorted(BLOCK_TYPES))
        raise ValidationError(f"{where}：未知的类型“{btype}”，可用：{known}。")
    if btype == "field_table":
        ncols = len(block.get("columns", []))
        if ncols == 0:
            raise ValidationError(f"{where}：field_table 需要 columns（各列宽度比例）。")
        for r, row in enumerate(block.get("rows", []), 1):
            width = sum(int(c.get("span", 1)) for c in row.get("cells", []))
            if width != ncols:
                raise ValidationError(f"{where}：第 {r} 行占 {width} 列，应为 {ncols} 列。")
    if btype == "list_table" and (not block.get("columns") or not block.get("field")):
        raise ValidationError(f"{where}：list_table 需要 columns 和 field。")
    if btype == "bar_chart" and not block.get("field"):
        raise ValidationError(f"{where}：bar_chart 需要 field（数据中的条目列表）。")
    if btype == "paragraphs" and not block.get("field"):
        raise ValidationError(f"{where}：paragraphs 需要 field（数据中的段落列表）。")


def parse_kind(text: str, key: str, source: str = "") -> KindInfo:
    """Parse one kind's TOML text.

    Raises:
        ValidationError: the file is not valid TOML or its blocks are malformed.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"文书模板 {key} 不是有效的 TOML：{exc}") from None
    doc = raw.get("document", {})
    blocks = tuple(raw.get("blocks", []))
    for i, block in enumerate(blocks):
        _check_block(key, i, block)
    style = doc.get("page_numbers", "dash")
    if style not in PAGE_NUMBER_STYLES:
        known = "、".join(sorted(PAGE_NUMBER_STYLES))
        raise ValidationError(f"文书模板 {key}：page_numbers 只能是 {known}。")
    footer = doc.get("footer", [])
    footer = (footer,) if isinstance(footer, str) else tuple(footer)
    names: list[str] = []
    for block in blocks:
        names += _block_fields(block)
    for line in footer:
        names += template_fields(line)
    template_fields(doc.get("number_pattern", ""))
    fields = tuple(dict.fromkeys(n for n in names if n not in RESERVED))
    return KindInfo(
        key=doc.get("kind", key), title=doc.get("title", key),
        number_pattern=doc.get("number_pattern", ""), prefix=doc.get("prefix", ""),
        fields=fields, optional=tuple(doc.get("optional", [])),
        defaults=tuple(doc.get("defaults", {}).items()), page_numbers=style,
        footer=footer, body_size=float(doc.get("body_size", 16)), blocks=blocks, source=source)


def load_kind(path: Path) -> KindInfo:
    """Read one kind from its TOML file (the file stem is the default key)."""
    return parse_kind(path.read_text(encoding="utf-8"), path.stem, str(path))


def is_active(block: dict, data: dict[str, Any]) -> bool:
    """A block with ``when = "field"`` is printed only if that field has a value."""
    cond = block.get("when")
    return not cond or bool(data.get(cond))


def prepare_data(kind: KindInfo, data: dict[str, Any], doc_number: str) -> dict[str, Any]:
    """The data with optional fields defaulted; raises MissingFields listing every gap."""
    values: dict[str, Any] = {n: "" for n in kind.optional}
    values.update(kind.defaults)
    values.update({k: v for k, v in data.items() if v is not None})
    values["doc_number"] = doc_number
    needed: list[str] = []
    for block in kind.blocks:
        if is_active(block, values):
            needed += [n for n in _block_fields(block) if n != block.get("when")]
    for line in kind.footer:
        needed += template_fields(line)
    missing = [n for n in dict.fromkeys(needed) if n not in values and n not in RESERVED]
    if missing:
        raise MissingFields(kind.key, kind.title, missing)
    return values


# -- replaceable wording: a kind's text blocks, addressed by name or number -----------------
TEXT_BLOCKS = frozenset({"paragraph", "lines", "issuer", "title", "number"})


def block_key(block: dict, index: int) -> str:
    """How a version names a block: its ``name``, else its number counted from 1."""
    return str(block.get("name") or index + 1)


def block_text(block: dict) -> str | None:
    """The wording of a text block (lines joined by newlines), None for other blocks."""
    if block.get("type") not in TEXT_BLOCKS:
        return None
    if isinstance(block.get("lines"), list):
        return "\n".join(str(x) for x in block["lines"])
    text = block.get("text")
    return text if isinstance(text, str) else None


def text_blocks(kind: KindInfo) -> Iterator[tuple[str, str]]:
    """(block key, wording) of every text block of a kind, in print order."""
    for i, block in enumerate(kind.blocks):
        text = block_text(block)
        if text is not None:
            yield block_key(block, i), text


def with_wording(kind: KindInfo, wording: Mapping[str, str] | None) -> KindInfo:
    """The kind with the text of the blocks ``wording`` names replaced (others unchanged):
    a street's official wording (core/wording.py) printed in the shipped layout."""
    if not wording:
        return kind
    blocks = []
    for i, block in enumerate(kind.blocks):
        text = wording.get(block_key(block, i))
        if text is not None and block_text(block) is not None:
            block = dict(block)
            if isinstance(block.get("lines"), list):
                block["lines"] = text.split("\n")
            else:
                block["text"] = text
        blocks.append(block)
    return replace(kind, blocks=tuple(blocks))
