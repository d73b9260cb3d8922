# SPDX-License-Identifier: MIT
"""The case file (案卷) of an enforcement case: the dossier PDF in archive order, and the
issuable 卷宗封面 / 卷内文书目录 built from the same values (so all three say the same).

Cover (案件名称 = 当事人 + 违法行为 + "案", reference §4), index, the issued documents in the
order of dossier type ``enforcement`` (then by issue date) and the printable evidence files.
"""

from __future__ import annotations

import datetime as dt
import io

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import attachments, documents, printing
from jiedao_desk.core import dossier as core_dossier
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import get_case
from jiedao_desk.domains.enforcement.document_data import case_data
from jiedao_desk.domains.enforcement.model import DOSSIER_TYPE, ENTITY, Case
from jiedao_desk.domains.enforcement.required_documents import missing_documents
from jiedao_desk.store import Store

# Made by the dossier assembler too: never put into a dossier as items (they would repeat).
GENERATED_KINDS = frozenset({"enforcement_dossier_cover", "enforcement_dossier_index"})


def parts(store: Store, case: Case) -> tuple[list, dict]:
    """The dossier items in archive order and the cover values."""
    dtype = core_dossier.load_type(DOSSIER_TYPE)
    docs = sorted((d for d in documents.list_documents(store, ENTITY, case.id)
                   if not d.voided and d.kind not in GENERATED_KINDS),
                  key=lambda d: (dtype.order_of(d.kind), d.issued_at))
    items = [core_dossier.DossierItem(d.title, doc_id=d.id, date=_doc_day(store, d))
             for d in docs]
    voided = es.voided_attachment_ids(store, case.id)  # evidence voided as a mistake
    evidence = [a for a in attachments.list_attachments(store, ENTITY, case.id)
                if (a.is_image or a.mime == "application/pdf")  # printable ones only
                and a.id not in voided]
    at = next((i for i, d in enumerate(docs)
               if dtype.order_of(d.kind) > dtype.order_of("attachment:evidence")), len(items))
    items[at:at] = [core_dossier.DossierItem(f"证据：{a.note or a.filename}", attachment_id=a.id,
                                             date=_cn(a.added_at[:10])) for a in evidence]
    data = case_data(store, case)
    cover = {"title": f"{data['party_name']}{case.power_text or case.description}案",
             "number": data["decision_number"], "case_no": data["case_no"],
             "parties": data["party_name"],
             "handler": data["officer_names"], "organisation": data["issuer"],
             "start_date": _cn((case.filed_on or case.found_on).isoformat()),
             "end_date": _cn(case.closed_on.isoformat()) if case.closed_on else "",
             "retention": case.retention or dtype.retention,
             # the shared dossier cover has no case-number row, so the note carries it
             "note": "；".join(t for t in (
                 f"案件编号 {case.case_number}" if case.case_number else "",
                 f"归档号 {case.archive_no}" if case.archive_no else "") if t)}
    return items, cover


# The date each kind bears (its 落款 or record day) among the values it was printed from; the
# index lists that date, not the day the paper was printed (reference §4: 卷内目录 日期).
_DATE_KEYS = {"enforcement_penalty_decision": "decided_on",
              "enforcement_on_the_spot_decision": "decision_day",
              "enforcement_service_receipt": "served_on",
              "enforcement_inspection_record": "record_day",
              "enforcement_inquiry_record": "record_day",
              "enforcement_statement_record": "record_day",
              "enforcement_hearing_rights_notice": "notice_day",
              "enforcement_hearing_notice": "notice_day",
              "enforcement_investigation_report": "report_day",
              "enforcement_legal_review": "review_day",
              "enforcement_collective_discussion": "meeting_day",
              "enforcement_preservation_notice": "preserve_day",
              "enforcement_filing_approval": "filed_on",
              "enforcement_case_source": "found_on",
              "enforcement_closing_approval": "closed_on"}


def _cn(iso: str) -> str:
    """An ISO date as printed papers say it: 2026年9月2日 ('' stays '')."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.year}年{day.month}月{day.day}日"


def _doc_day(store: Store, doc) -> str:
    """The date the document bears (the 告知书, 催告书 and 改正通知书 carry it as issue_day)."""
    values = doc.data(store)
    return _cn(str(values.get(_DATE_KEYS.get(doc.kind, "issue_day")) or doc.issued_date))


def layout(store: Store, case: Case) -> tuple[dict, list, int]:
    """(cover values, index rows with page ranges, total pages) of the case's dossier now."""
    from pypdf import PdfReader  # loads with the first dossier, not when the app starts

    items, cover = parts(store, case)
    pdf, rows = core_dossier.assemble(store, items, cover, DOSSIER_TYPE)
    return cover, rows, len(PdfReader(io.BytesIO(pdf)).pages)


def dossier_pdf(store: Store, actor: Actor, case_id: int) -> tuple[bytes, list[str]]:
    """The case file as one PDF in the archive order of dossier type ``enforcement``.

    Issued 卷宗封面 / 卷内文书目录 are not repeated: the assembler makes both from the same
    values.

    Returns:
        (pdf bytes, names of required items still missing — the archive step refuses those).
    """
    case = get_case(store, actor, case_id)
    items, cover = parts(store, case)
    if not items:  # a preview of a new case: say so instead of refusing (archive still refuses)
        items = [core_dossier.DossierItem("（尚未出具文书）", pdf=_empty_page(store))]
    pdf, _rows = core_dossier.assemble(store, items, cover, DOSSIER_TYPE, actor)
    missing = ([r.name for r in missing_documents(store, case_id, for_archive=True)]
               if case.procedure == "general" else [])
    return pdf, missing


def _empty_page(store: Store) -> bytes:
    """One page saying the file has no document yet (for the dossier preview only)."""
    from jiedao_desk.documents import layout as pdf_layout

    fonts = printing.font_set(store)
    flow = [pdf_layout.title(fonts, "案卷不完整"),
            pdf_layout.text(fonts, "本案尚未出具任何文书。请按卷内目录出具文书后再组卷、归档。")]
    pdf, _ = pdf_layout.build_pdf(flow, fonts, pdf_layout.PageSetup(page_numbers="none"))
    return pdf


def cover_data(store: Store, case: Case, data: dict) -> dict:
    """卷宗封面: the same values the dossier assembler prints on its cover."""
    cover, rows, total = layout(store, case)
    data.update({f"cover_{k}": str(v) for k, v in cover.items()})
    data.update(doc_count=str(len(rows)), page_count=str(total))
    return data


def index_data(store: Store, case: Case, data: dict) -> dict:
    """卷内文书目录: the index rows (with page ranges) of the assembled dossier."""
    _cover, rows, _total = layout(store, case)
    data["index_rows"] = [{"seq": str(r.seq), "author": data["issuer"], "title": r.title,
                           "pages": r.pages, "date": r.date, "note": r.note} for r in rows]
    return data
