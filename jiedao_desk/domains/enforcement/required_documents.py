# SPDX-License-Identifier: MIT
"""Which documents an enforcement case file needs (dossier type ``enforcement``,
resources/dossiers/enforcement.toml) and which of them are still missing.

The law requires a document only when its step happened, so an item of the dossier type may
carry ``required_when``; the conditions a case meets come from its records. ``rules.py``
refuses 结案 and 归档 while a required document is missing.
"""

from __future__ import annotations

from jiedao_desk.core import documents
from jiedao_desk.core.dossier import check_completeness
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.model import DOSSIER_TYPE, ENTITY, Event
from jiedao_desk.store import Store

CLOSING_KIND = "enforcement_closing_approval"  # 结案审批表: needed for the archive only


def required_conditions(events: list[Event]) -> set[str]:
    """The ``required_when`` conditions of dossier ``enforcement`` a case meets.

    The law requires a document only when its step happened: 先行登记保存 (Art. 56), 陈述申辩
    (Art. 45), 听证 requested (Art. 64), 调查终结 (Art. 57), 法制审核 for Art. 58 cases
    (always after a hearing, Art. 58 (二)), 集体讨论 for serious cases (Art. 57 ¶2) and the
    强制执行申请书 once the case applied to the court (行政强制法 第五十五条).
    """
    kinds = {e.kind for e in events}
    out = {k for k, ev in (("preservation", "preservation"), ("statement", "statement"),
                           ("hearing_requested", "hearing_request"),
                           ("investigation_end", "investigation_end"),
                           ("legal_review", "legal_review"),
                           ("collective", "collective_discussion"),
                           ("court_application", "court_application")) if ev in kinds}
    for e in events:
        if e.kind == "decision":
            if e.details.get("legal_review_required"):
                out.add("legal_review")
            if e.details.get("serious"):
                out.add("collective")
    if "hearing_held" in kinds:
        out.add("legal_review")
    return out


def missing_documents(store: Store, case_id: int, for_archive: bool = False) -> list:
    """Required dossier items with no issued (non-void) document of this case (conditional
    items only when the case meets their condition, see ``required_conditions``); the 结案审批表
    only for the archive."""
    kinds = {d.kind for d in documents.list_documents(store, ENTITY, case_id) if not d.voided}
    missing = check_completeness(DOSSIER_TYPE, kinds, required_conditions(
        es.events(store, case_id)))
    return [r for r in missing if for_archive or CLOSING_KIND not in r.kinds]
