# SPDX-License-Identifier: MIT
"""People's mediation: the case file (卷宗) — which items this case needs, attachments filed
under a dossier label, and the assembled PDF.

The dossier type resources/dossiers/mediation.toml lists the 13 index lines of the local
卷内目录 template (/work/shared/reference/mediation-hotline.md §2) with the document kinds or
attachment labels that fill them; archiving needs every required line (rules.py); the
dossier engine is core/dossier.py.
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import attachments, auth, documents
from jiedao_desk.core import dossier as core_dossier
from jiedao_desk.domains.mediation.cases import get_case, live_case
from jiedao_desk.domains.mediation.model import Case
from jiedao_desk.domains.mediation.rules import ENTITY
from jiedao_desk.store import Store

# Index titles of attachment labels (resources/dossiers/mediation.toml).
_LABEL_TITLES = {"application": "人民调解申请书（当事人签名件）",
                 "party_identity": "当事人身份证明",
                 "power_of_attorney": "授权委托书", "evidence": "人民调解证据材料",
                 "performance_receipt": "履行凭证", "judicial_confirmation": "司法确认有关材料",
                 "case_note": "卷宗情况说明"}


def dossier_conditions(case: Case) -> set[str]:
    """What this case calls for among the dossier's as-needed items (``required_when`` in
    resources/dossiers/mediation.toml): an agreement, an agent, investigation or follow-up
    records, a 司法确认 application."""
    out = set()
    if case.outcome in ("written", "oral"):
        out.add("agreed")
    if any(p.agent_name for p in case.parties):
        out.add("has_agent")
    if case.records("investigation"):
        out.add("has_investigation")
    if case.records("follow_up"):
        out.add("has_follow_up")
    if case.jc_applied_on:
        out.add("jc_applied")
    return out


def dossier_missing(store: Store, actor: Actor, case_id: int) -> list[str]:
    """Names of dossier items this case needs but does not have yet (issued documents, or
    attachments whose note is the item label, e.g. ``party_identity``)."""
    auth.require(actor, "mediation.view")
    case = get_case(store, actor, case_id)
    kinds = {d.kind for d in documents.list_documents(store, ENTITY, case_id) if not d.voided}
    kinds |= {f"attachment:{a.note.strip()}"
              for a in attachments.list_attachments(store, ENTITY, case_id)}
    needed = core_dossier.check_completeness("mediation", kinds, dossier_conditions(case))
    return [r.name for r in needed]


def attachment_labels() -> dict[str, str]:
    """Dossier labels an attachment can carry (from resources/dossiers/mediation.toml)."""
    items = core_dossier.load_type("mediation").items
    return {k.removeprefix("attachment:"): r.name for r in items
            for k in r.kinds if k.startswith("attachment:")}


def attach(store: Store, actor: Actor, case_id: int, path, label: str):
    """Attach a scan (identity proof, evidence, receipt…) to a case under a dossier label."""
    auth.require(actor, "mediation.edit")
    labels = attachment_labels()
    if label not in labels:
        raise ValidationError(f"附件标签“{label}”无效，可选："
                              + "、".join(f"{k}（{v}）" for k, v in labels.items()), "label")
    live_case(store, case_id, "attach")
    return attachments.add_attachment(store, actor, path, ENTITY, case_id, label)


def dossier_pdf(store: Store, actor: Actor, case_id: int) -> bytes:
    """Assemble the case file (卷宗封面, 卷内目录 in the 13-item order, documents, 封底).

    Issued documents and attachments (their note is the dossier label, e.g. party_identity)
    are ordered by resources/dossiers/mediation.toml; the cover carries the case number (卷号).
    """
    auth.require(actor, "mediation.view")
    case = get_case(store, actor, case_id)
    dtype = core_dossier.load_type("mediation")
    met = dossier_conditions(case)

    def mark(kind: str) -> str:
        # 备注 column: the template's 必须 / 按需 mark of the index line (§2 卷内目录); an
        # as-needed item this case calls for (e.g. it has an agreement) is marked 必须.
        req = next((r for r in dtype.items if kind in r.kinds), None)
        if req is None:
            return ""
        return "必须" if req.required or (req.when and req.when in met) else "按需"

    entries = [(dtype.order_of(d.kind), d.issued_date,
                core_dossier.DossierItem(d.title, doc_id=d.id, date=d.issued_date,
                                         note=mark(d.kind)))
               for d in documents.list_documents(store, ENTITY, case_id) if not d.voided]
    for a in attachments.list_attachments(store, ENTITY, case_id):
        key = f"attachment:{a.note.strip()}"
        entries.append((dtype.order_of(key), a.added_at[:10],
                        core_dossier.DossierItem(f"{_LABEL_TITLES.get(a.note.strip(), '附件')}："
                                                 f"{a.filename}", attachment_id=a.id,
                                                 date=a.added_at[:10], note=mark(key))))
    entries.sort(key=lambda e: (e[0], e[1]))
    end = case.closed_on or case.outcome_on
    cover = {"title": f"{'、'.join(p.name for p in case.parties)}{case.dispute_type}",
             "number": case.case_number, "parties": "、".join(p.name for p in case.parties),
             "handler": "、".join(case.mediators), "organisation": case.committee,
             "start_date": case.received_on.isoformat(),
             "end_date": end.isoformat() if end else "", "compiler": actor.name}
    pdf, _rows = core_dossier.assemble(store, [e[2] for e in entries], cover, "mediation",
                                       actor)
    return pdf
