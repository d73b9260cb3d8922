# SPDX-License-Identifier: MIT
"""Dossier (卷宗) assembly: cover (封面), index (卷内目录), the documents, a back cover (封底).

The case file must be archived with its registration, records and agreement (人民调解法
第二十七条; for enforcement, 行政处罚法 第四十七条 全过程记录 and the Beijing 案卷制作规范).
Page ranges in the index (e.g. "3-5") are page numbers of the assembled PDF, counted from the
cover; they are computed from the real page counts, and the index is re-laid out until its
own page count is stable (a second index page shifts every range).

Which documents a dossier type needs is data: ``resources/dossiers/<type>.toml``.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from jiedao_desk import paths
from jiedao_desk.base import clock
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.documents import layout
from jiedao_desk.documents.fonts import FontSet, font_set
from jiedao_desk.store import Store

_MAX_LAYOUT_ROUNDS = 6


@dataclass(frozen=True)
class DossierItem:
    """One entry of a dossier: exactly one of ``doc_id``, ``attachment_id`` or ``pdf``.

    Attributes:
        title: 文书名称 as printed in the index.
        doc_id: an issued document (its frozen bytes are used).
        attachment_id: an attachment (JPEG/PNG printed one per A4 page; PDF merged as is).
        pdf: other PDF bytes (e.g. a scanned file already converted).
        date: the date shown in the index (YYYY-MM-DD).
        note: 备注.
    """

    title: str
    doc_id: int | None = None
    attachment_id: int | None = None
    pdf: bytes | None = None
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


@dataclass(frozen=True)
class Requirement:
    """One line of a dossier type's document list."""

    seq: int
    name: str
    kinds: tuple[str, ...]
    required: bool
    generated: bool  # made by the assembler (e.g. 封底), never "missing"
    source: str
    confidence: str
    when: str = ""  # required only when the case meets this condition (``required_when``)


@dataclass(frozen=True)
class DossierType:
    """A dossier type as read from resources/dossiers/<type>.toml."""

    key: str
    title: str
    retention: str
    confidence: str
    notes: str
    items: tuple[Requirement, ...] = field(default_factory=tuple)

    @property
    def back_cover(self) -> bool:
        """Whether the type's list includes a generated back cover (封底)."""
        return any(r.generated for r in self.items)

    def order_of(self, kind: str) -> int:
        """Position of a document kind in the index order (unknown kinds go last)."""
        return next((r.seq for r in self.items if kind in r.kinds), 10_000)


def _dossier_dir():
    return paths.resources_dir() / "dossiers"


def list_types() -> list[DossierType]:
    """Every shipped dossier type."""
    return [load_type(p.stem) for p in sorted(_dossier_dir().glob("*.toml"))]


def load_type(dossier_type: str) -> DossierType:
    """Read one dossier type.

    Raises:
        NotFound: no resources/dossiers/<type>.toml.
        ValidationError: the file is malformed.
    """
    path = _dossier_dir() / f"{dossier_type}.toml"
    if not dossier_type.replace("_", "").isalnum() or not path.is_file():
        known = "、".join(p.stem for p in sorted(_dossier_dir().glob("*.toml")))
        raise NotFound(f"没有“{dossier_type}”这种卷宗类型（可选：{known}）。")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        head = data["dossier"]
        items = tuple(
            Requirement(int(i["seq"]), str(i["name"]), tuple(i.get("kinds", [])),
                        bool(i.get("required", False)), bool(i.get("generated", False)),
                        str(i.get("source", "")), str(i.get("confidence", "unknown")),
                        str(i.get("required_when", "")))
            for i in data.get("items", []))
        return DossierType(head.get("type", dossier_type), str(head["title"]),
                           str(head.get("retention", "")), str(head.get("confidence", "")),
                           str(head.get("notes", "")), items)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as e:
        raise ValidationError(f"卷宗类型文件 {path.name} 格式有误：{e}") from None


def check_completeness(dossier_type: str, kinds_present: Iterable[str],
                       conditions: Iterable[str] = ()) -> list[Requirement]:
    """Required items of ``dossier_type`` that none of ``kinds_present`` satisfies.

    An item is satisfied by any one of its kinds (e.g. 申请书 or 受理登记表). Items made by the
    assembler itself (封底) are never missing. An item with ``required_when = "x"`` is required
    only when ``x`` is among ``conditions`` (e.g. 法制审核意见 only for cases that need one).
    """
    present, met = set(kinds_present), set(conditions)
    return [r for r in load_type(dossier_type).items
            if (r.required or (r.when and r.when in met)) and not r.generated
            and not present.intersection(r.kinds)]


# -- resolving items into PDF bytes ---------------------------------------------------------

def _item_pdf(store: Store, item: DossierItem) -> bytes:
    sources = [x is not None for x in (item.doc_id, item.attachment_id, item.pdf)]
    if sum(sources) != 1:
        raise ValidationError(f"卷内文件“{item.title}”必须且只能指定一个来源（文书、附件或PDF）。")
    if item.doc_id is not None:
        from jiedao_desk.core.documents import reprint

        return reprint(store, item.doc_id)
    if item.attachment_id is not None:
        from jiedao_desk.core.attachments import get_attachment, open_attachment

        att = get_attachment(store, item.attachment_id)
        path = open_attachment(store, item.attachment_id)  # checks the hash
        if att.mime == "application/pdf":
            return path.read_bytes()
        return _attachment_page(font_set(store), att, path, item.title)
    return bytes(item.pdf)


def _page_count(pdf: bytes, title: str) -> int:
    try:
        n = len(PdfReader(io.BytesIO(pdf)).pages)
    except Exception as e:  # pypdf raises several types for broken files
        raise ValidationError(f"卷内文件“{title}”不是有效的PDF：{e}") from None
    if n == 0:
        raise ValidationError(f"卷内文件“{title}”没有页面。")
    return n


def _rows(items: list[DossierItem], counts: list[int], first: int) -> list[IndexRow]:
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


def _attachment_page(fonts: FontSet, att, path, title: str) -> bytes:
    """One A4 page: a JPEG/PNG scaled to fit (EXIF rotation applied), or a placeholder."""
    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=layout.A4, invariant=1)
    w, h = layout.PAGE_WIDTH, layout.PAGE_HEIGHT
    margin = 20 * mm
    layout.draw_text(canv, fonts, "table", 12, margin, h - margin, title)
    facts = [f"文件名：{att.filename}", f"SHA-256：{att.sha256}"]
    if att.exif_time:
        facts.append(f"拍摄时间：{att.exif_time}")
    if att.exif_gps:
        facts.append(f"拍摄位置（纬度,经度）：{att.exif_gps}")
    for i, line in enumerate(facts):  # provenance under the photo, bottom up
        layout.draw_text(canv, fonts, "table", 9, margin, margin + (len(facts) - 1 - i) * 12,
                         line)
    top, bottom = h - margin - 8 * mm, margin + len(facts) * 12 + 4 * mm
    if att.is_image:
        with Image.open(path) as im:
            img = ImageOps.exif_transpose(im)
            img = img.convert("RGB") if img.mode not in ("RGB", "L") else img
            iw, ih = img.size
            scale = min((w - 2 * margin) / iw, (top - bottom) / ih)
            dw, dh = iw * scale, ih * scale
            canv.drawImage(ImageReader(img), (w - dw) / 2, top - dh, dw, dh)
    else:
        layout.draw_text(canv, fonts, "table", 14, w / 2, h / 2,
                         "（此附件不能打印，原件见附件存储）", "center")
    canv.showPage()
    canv.save()
    return buf.getvalue()


def _layout_index(fonts: FontSet, items: list[DossierItem], counts: list[int]
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


def assemble(store: Store, items: list[DossierItem], cover: dict,
             dossier_type: str) -> tuple[bytes, list[IndexRow]]:
    """Build the dossier PDF: cover, 卷内目录, the items in order, and the back cover if any.

    Args:
        store: the store (documents and attachments are read from it).
        items: the entries in index order.
        cover: 封面 values: ``title`` (卷名/案件名称), ``number`` (卷号/案号), ``parties``,
            ``handler`` (调解员/承办人), ``organisation`` (调委会/办案机构), ``start_date``,
            ``end_date``, ``retention`` (保管期限; default from the type), ``compiler`` (立卷人),
            ``compiled_date`` (立卷日期; default today), ``note``, ``checker`` (检查人).
        dossier_type: key of resources/dossiers/<type>.toml.

    Returns:
        (pdf bytes, index rows with their page ranges).

    Raises:
        ValidationError: no items, an item with no or several sources, a broken PDF.
        NotFound / Conflict: a missing document or attachment, or one whose content changed.
    """
    dtype = load_type(dossier_type)
    if not items:
        raise ValidationError("卷宗里至少要有一份文书或材料。")
    fonts = font_set(store)
    pdfs = [_item_pdf(store, it) for it in items]
    counts = [_page_count(p, it.title) for p, it in zip(pdfs, items, strict=True)]
    cover = {"retention": dtype.retention, "compiled_date": clock.today().isoformat(),
             "kind_title": dtype.title, **{k: v for k, v in cover.items() if v}}
    index, rows, index_pages = _layout_index(fonts, items, counts)
    total = 1 + index_pages + sum(counts) + (1 if dtype.back_cover else 0)
    parts = [_cover_pdf(fonts, cover, len(items), total), index, *pdfs]
    if dtype.back_cover:
        parts.append(_back_cover_pdf(fonts, cover, len(items), total))
    for part, name in ((parts[0], "封面"), (parts[-1], "封底")):
        if name == "封底" and not dtype.back_cover:
            continue
        if _page_count(part, name) != 1:
            raise ValidationError(f"{name}内容太长，超过一页，请精简封面各栏。")
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": str(cover.get("title") or dtype.title)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), rows
