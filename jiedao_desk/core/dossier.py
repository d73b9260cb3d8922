# SPDX-License-Identifier: MIT
"""Dossier (卷宗) assembly: which documents and attachments go into a case file, in which order,
and which required ones are missing; the pages themselves are rendered by documents/dossier.py.

The case file must be archived with its registration, records and agreement (人民调解法
第二十七条; for enforcement, 行政处罚法 第四十七条 全过程记录 and the Beijing 案卷制作规范).
Which documents a dossier type needs is data: ``resources/dossiers/<type>.toml``.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jiedao_desk import paths
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.core import disclosure, printing
from jiedao_desk.core.attachments import read_attachment
from jiedao_desk.core.documents import reprint
from jiedao_desk.store import Store

if TYPE_CHECKING:
    from jiedao_desk.documents.dossier import IndexRow

__all__ = ["DossierItem", "DossierType", "IndexRow", "Requirement", "assemble",
           "check_completeness", "list_types", "load_type"]


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

def _item_pdf(store: Store, item: DossierItem, actor: Actor | None) -> bytes:
    from jiedao_desk.documents import dossier as pages

    sources = [x is not None for x in (item.doc_id, item.attachment_id, item.pdf)]
    if sum(sources) != 1:
        raise ValidationError(f"卷内文件“{item.title}”必须且只能指定一个来源（文书、附件或PDF）。")
    if item.doc_id is not None:
        return reprint(store, item.doc_id, actor, purpose=None)  # the dossier is audited
    if item.attachment_id is not None:
        # in memory: an encrypted attachment is never written out decrypted for a dossier
        att, data = read_attachment(store, item.attachment_id, actor)  # checks the hash
        if att.mime == "application/pdf":
            return data
        facts = [f"文件名：{att.filename}", f"SHA-256：{att.sha256}"]
        if att.exif_time:
            facts.append(f"拍摄时间：{att.exif_time}")
        if att.exif_gps:
            facts.append(f"拍摄位置（纬度,经度）：{att.exif_gps}")
        return pages.attachment_page(printing.font_set(store), item.title, facts,
                                     io.BytesIO(data) if att.is_image else None)
    assert item.pdf is not None  # the only source left (exactly one was checked above)
    return bytes(item.pdf)


def assemble(store: Store, items: list[DossierItem], cover: dict,
             dossier_type: str, actor: Actor | None = None) -> tuple[bytes, list[IndexRow]]:
    """Build the dossier PDF: cover, 卷内目录, the items in order, and the back cover if any.

    Args:
        store: the store (documents and attachments are read from it).
        items: the entries in index order.
        cover: 封面 values: ``title`` (卷名/案件名称), ``number`` (卷号/案号), ``parties``,
            ``handler`` (调解员/承办人), ``organisation`` (调委会/办案机构), ``start_date``,
            ``end_date``, ``retention`` (保管期限; default from the type), ``compiler`` (立卷人),
            ``compiled_date`` (立卷日期; default today), ``note``, ``checker`` (检查人).
        dossier_type: key of resources/dossiers/<type>.toml.
        actor: who assembles it; each document and file is checked against the record it
            belongs to (a mediation file is closed to the enforcement team and the other way
            round), and the dossier is audited as personal data leaving the app. Only a
            computation that writes nothing out (page ranges for a screen) leaves it out.

    Returns:
        (pdf bytes, index rows with their page ranges).

    Raises:
        ValidationError: no items, an item with no or several sources, a broken PDF.
        NotFound / Conflict: a missing document or attachment, or one whose content changed.
        PermissionDenied: an item belongs to a record closed to ``actor``.
    """
    from jiedao_desk.documents import (
        dossier as pages,  # reportlab and pypdf load with the first dossier
    )

    dtype = load_type(dossier_type)
    if not items:
        raise ValidationError("卷宗里至少要有一份文书或材料。")
    parts = [pages.Part(it.title, _item_pdf(store, it, actor), it.date, it.note)
             for it in items]
    cover = {"retention": dtype.retention, "compiled_date": clock.today().isoformat(),
             "kind_title": dtype.title, **{k: v for k, v in cover.items() if v}}
    built = pages.build(printing.font_set(store), parts, cover, dtype.back_cover)
    if actor is not None:  # a whole case file leaves the app: who, which, how many items
        disclosure.record(store, actor, f"卷宗（{dtype.title}）：{cover.get('title', '')}",
                          "document", len(items))
    return built


def __getattr__(name: str) -> Any:
    # ``IndexRow`` lives with the page renderer, which loads reportlab and pypdf: it is
    # handed out on first use so that importing this module does not load them.
    if name == "IndexRow":
        from jiedao_desk.documents.dossier import IndexRow

        return IndexRow
    raise AttributeError(name)
