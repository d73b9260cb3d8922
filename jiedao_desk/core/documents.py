# SPDX-License-Identifier: MIT
"""Issuing documents (签发文书): number, render, freeze.

Issuing is one transaction: take the number, render the PDF with that number, store the bytes
with their SHA-256, the page count and the data it was printed from, and write the audit row.
If rendering fails, nothing is written and the number is not consumed. An issued document is
frozen (database triggers refuse any change to its content); reprinting returns the identical
bytes. A correction is a new document pointing at the old one (``corrects_id``); the old one
stays on record, optionally voided with the reason "已更正". A voided document keeps its
number, which is never handed out again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, JiedaoError, NotFound, ValidationError
from jiedao_desk.core import disclosure, numbering, printing, wording
from jiedao_desk.core.auth import can, community_scope, require
from jiedao_desk.core.permissions import RECORD_PERMISSIONS, may_see_record, require_record
from jiedao_desk.core.records import may_see, require_on_record, require_target
from jiedao_desk.documents.kinds import get_kind
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import documents as doc_store

CORRECTED_REASON = "已更正"


@dataclass(frozen=True)
class Correction:
    """The document a new one corrects (更正): the old one stays on record, and with ``void``
    it is voided with the reason "已更正"."""

    document_id: int
    void: bool = False


@dataclass(frozen=True)
class IssuedDocument:
    """An issued (frozen) document; the PDF bytes come from ``reprint``."""

    id: int
    kind: str
    title: str
    doc_number: str
    year: int
    serial: int | None
    paper: bool
    entity: str
    entity_id: int | None
    pages: int
    pdf_sha256: str
    issued_at: str
    issued_by: str
    corrects_id: int | None
    voided: bool
    void_reason: str | None

    @property
    def issued_date(self) -> str:
        """The issue date (YYYY-MM-DD)."""
        return self.issued_at[:10]

    def data(self, store: Store) -> dict:
        """The values the document was printed from."""
        row = doc_store.get(store, self.id)
        return json.loads(row["data_json"]) if row else {}


def _doc(row: dict) -> IssuedDocument:
    return IssuedDocument(
        row["id"], row["kind"], row["title"], row["doc_number"], row["year"], row["serial"],
        bool(row["paper"]), row["entity"], row["entity_id"], row["pages"], row["pdf_sha256"],
        row["issued_at"], row["issued_by"], row["corrects_id"], row["voided_at"] is not None,
        row["void_reason"])


def _kind_info(kind: str):

    try:
        return get_kind(kind)
    except Exception:  # unknown kind: whatever the registry raises, the user sees one message
        raise ValidationError(f"没有“{kind}”这种文书。", "kind") from None


def _render(store: Store, kind: str, data: dict, doc_number: str,
            blocks: dict[str, str] | None = None):
    # deferred: the renderer loads reportlab and the fonts (≈0.3 s), which only issuing needs
    from jiedao_desk.documents.render import render

    try:
        return render(kind, data, doc_number, fonts=printing.font_set(store), wording=blocks)
    except JiedaoError:
        raise
    except Exception as e:  # a missing or malformed field; the transaction rolls back
        raise ValidationError(f"文书生成失败：{type(e).__name__}: {e}") from e


def issue(store: Store, actor: Actor, kind: str, data: dict, entity: str = "",
          entity_id: int | None = None, paper_number: str | None = None,
          corrects: Correction | None = None) -> IssuedDocument:
    """Issue a document: number it, render it and freeze the bytes (one transaction).

    Args:
        store: the store.
        actor: who issues (needs ``documents.issue``).
        kind: document kind key (see ``documents.kinds.list_kinds``).
        data: the values to print (JSON-serialisable); stored with the document.
        entity: the source record's table/domain name, e.g. ``mediation_case``.
        entity_id: the source record's id; that record counts as locked while this lives.
        paper_number: a number typed from a pre-printed paper form, instead of the next serial.
        corrects: the document this one corrects (更正), and whether to void it; the
            correction inherits the corrected one's source record unless ``entity`` is given.

    Returns:
        The issued document.

    Raises:
        ValidationError: unknown kind, bad data, a paper number not matching the pattern, or
            rendering failed (nothing is written).
        Conflict: the paper number is already used; the corrected document is already void
            when ``corrects.void`` is asked.
        NotFound: the corrected document does not exist.
    """
    require(actor, "documents.issue")
    info = _kind_info(kind)
    if not isinstance(data, dict):
        raise ValidationError("文书数据必须是键值对象（JSON 对象）。", "data")
    # the street's imported official wording, if any; kept with the data as provenance
    words = wording.for_kind(store, kind)
    if words.source:
        data = {**data, "wording_source": words.source}
    try:
        data_json = json.dumps(data, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as e:
        raise ValidationError(f"文书数据无法保存：{e}", "data") from None
    entity = (entity or "").strip()
    if entity_id is not None and not entity:
        raise ValidationError("指定了来源记录编号，但没有指定来源类型（entity）。", "entity")
    year = clock.today().year
    with store.atomic():
        old = None
        corrects_id = None if corrects is None else corrects.document_id
        if corrects is not None:
            old = _get_row(store, corrects.document_id)
            if not entity:
                entity, entity_id = old["entity"], old["entity_id"]
            if corrects.void and old["voided_at"]:
                raise Conflict(f"被更正的文书（编号 {corrects_id}）已经作废。")
        if entity:  # a document of a record: a live one the actor may change
            require_target(store, actor, entity, entity_id)
        if paper_number is not None and str(paper_number).strip():
            number = numbering.claim_paper_number(store, kind, year, str(paper_number))
        else:
            number = numbering.next_number(store, kind, year)
        rendered = _render(store, kind, data, number.text, words.blocks)
        pdf = bytes(rendered.pdf)
        sha = hashlib.sha256(pdf).hexdigest()
        title = str(data.get("title") or info.title)
        doc_id = doc_store.insert(store, doc_store.NewDocument(
            kind=kind, title=title, doc_number=number.text, year=number.year,
            serial=number.serial, paper=number.paper, entity=entity, entity_id=entity_id,
            data_json=data_json, pdf=pdf, pdf_sha256=sha, pages=int(rendered.pages),
            issued_by=actor.name, corrects_id=corrects_id))
        audit_store.record(store, actor, "document.issue", "document", doc_id, None, {
            "kind": kind, "doc_number": number.text, "year": number.year,
            "serial": number.serial, "paper": number.paper, "pdf_sha256": sha,
            "pages": int(rendered.pages), "entity": entity, "entity_id": entity_id,
            "corrects_id": corrects_id})
        if old is not None and corrects is not None and corrects.void:
            doc_store.void(store, old["id"], CORRECTED_REASON)
            audit_store.record(store, actor, "document.void", "document", old["id"], None,
                               {"reason": CORRECTED_REASON, "corrected_by": doc_id})
    return get_document(store, doc_id)


def _get_row(store: Store, doc_id: int) -> dict:
    row = doc_store.get(store, doc_id)
    if row is None:
        raise NotFound(f"没有编号为 {doc_id} 的文书。")
    return row


def get_document(store: Store, doc_id: int) -> IssuedDocument:
    """One issued document (NotFound if missing)."""
    return _doc(_get_row(store, doc_id))


def list_documents(store: Store, entity: str | None = None,
                   entity_id: int | None = None, limit: int = 200) -> list[IssuedDocument]:
    """Issued documents, newest first, optionally those of one source record (for domain
    code that has checked its own permission; people get ``documents_for``)."""
    return [_doc(r) for r in doc_store.list_documents(store, entity, entity_id, limit)]


def documents_for(store: Store, actor: Actor, entity: str | None = None,
                  entity_id: int | None = None, limit: int = 200) -> list[IssuedDocument]:
    """The issued documents ``actor`` may see: those of records closed to them are left out."""
    if entity:
        require_record(actor, entity)
    return [d for d in list_documents(store, entity, entity_id, limit)
            if may_see_record(actor, d.entity) and may_see(store, actor, d.entity, d.entity_id)]


def hidden_entity_prefixes(actor: Actor) -> list[str]:
    """Entity prefixes whose documents ``actor`` may not see."""
    # Documents inherit the confidentiality of their record (core/permissions.py).
    return [prefix for prefix, (read, _write) in RECORD_PERMISSIONS.items()
            if not can(actor, read)]


def list_source(store: Store, actor: Actor, kind: str | None = None,
                record_labels: Mapping[str, str] | None = None):
    """The 文书档案 list for ``actor``: documents of records they may not see are left out;
    each record is named as its domain names it (``registry.record_labels()``)."""
    return doc_store.list_source(store, kind, hidden_prefixes=hidden_entity_prefixes(actor),
                                 community_id=community_scope(actor),
                                 record_labels=record_labels)


def reprint(store: Store, doc_id: int, actor: Actor | None = None, *,
            purpose: str | None = "重新打印") -> bytes:
    """The stored PDF bytes of an issued document, identical to the first print.

    With ``actor``, checks that they may see the record the document belongs to and audits
    the reprint as personal data leaving the app (core/disclosure.py) under ``purpose``;
    ``purpose=None`` for a document read as part of a larger output that is audited itself
    (a dossier).

    Raises:
        NotFound: no such document.
        Conflict: the stored bytes no longer match their recorded SHA-256.
        PermissionDenied: the document belongs to a record closed to ``actor``.
    """
    if actor is not None:
        row = _get_row(store, doc_id)
        require_on_record(store, actor, row["entity"], row["entity_id"])
    found = doc_store.pdf_bytes(store, doc_id)
    if found is None:
        raise NotFound(f"没有编号为 {doc_id} 的文书。")
    pdf, sha = found
    if hashlib.sha256(pdf).hexdigest() != sha:
        raise Conflict(f"文书（编号 {doc_id}）的存档内容与签发时的校验值不符，可能被改动，"
                       "请运行“检查”并联系管理员。")
    if actor is not None and purpose is not None:
        row = _get_row(store, doc_id)
        disclosure.record(store, actor, f"{purpose}：{row['doc_number']}", "document", 1)
    return pdf


def locking_documents(store: Store, entity: str, entity_id: int) -> list[IssuedDocument]:
    """Live (not voided) documents issued from a source record."""
    return [_doc(r) for r in doc_store.live_for_entity(store, entity, entity_id)]


def is_locked(store: Store, entity: str, entity_id: int) -> bool:
    """Whether a live issued document freezes this source record (domains refuse edits)."""
    return bool(doc_store.live_for_entity(store, entity, entity_id))


def require_unlocked(store: Store, entity: str, entity_id: int) -> None:
    """Raise Conflict if a live issued document freezes this source record."""
    docs = locking_documents(store, entity, entity_id)
    if docs:
        names = "、".join(f"{d.title}{(' ' + d.doc_number) if d.doc_number else ''}"
                         for d in docs[:3])
        raise Conflict(f"此记录已据以签发文书（{names}），不能再修改；如需更正，请另出更正文书"
                       "或先作废原文书。")


def void(store: Store, actor: Actor, doc_id: int, reason: str) -> IssuedDocument:
    """Void an issued document; it stays on record and keeps its number.

    Raises:
        ValidationError: no reason given.
        NotFound: no such document.
        Conflict: already void.
    """
    require(actor, "documents.issue")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因。", "reason")
    with store.atomic():
        row = _get_row(store, doc_id)
        # only who may change the record (a community worker: of their own community)
        require_on_record(store, actor, row["entity"], row["entity_id"], write=True)
        if row["voided_at"]:
            raise Conflict(f"文书（编号 {doc_id}）已经作废（{row['void_reason']}）。")
        doc_store.void(store, doc_id, reason)
        audit_store.record(store, actor, "document.void", "document", doc_id,
                           {"voided": False}, {"reason": reason,
                                               "doc_number": row["doc_number"]})
    return get_document(store, doc_id)

