# SPDX-License-Identifier: MIT
"""Printed documents of access requests: 不予准入告知书 and 准入审批表.

Both go through ``core.documents.issue`` (numbered, frozen PDF); once one is issued the
request's fields are locked (``documents.is_locked``) — a correction is a new document.
"""

from __future__ import annotations

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import documents
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.documents import IssuedDocument
from jiedao_desk.core.settings import Setting
from jiedao_desk.domains import org
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access import triage as access_triage
from jiedao_desk.domains.access.model import AccessRequest
from jiedao_desk.store import Store

SETTINGS = settings_mod.declare(Setting(
    "access.refusal_basis_text", "不予准入告知书引用的依据",
    "依据《北京市社区工作准入管理办法（试行）》对下沉社区的工作事项实行准入制度的规定",
    "该办法全文及条款序号未公开，故不引条号；"
    "街道取得正式文本后可改为准确的条款表述。", "社区工作准入"))


def _common(store: Store, actor: Actor, req: AccessRequest) -> dict:
    street = org.get_street(store)
    triage = access_triage.triage_result(store, actor, req.id)
    return {
        "issuer": street.name if street else "街道办事处",
        "applicant_unit": req.applicant_unit, "applicant_level": req.applicant_level,
        "title": req.title, "task_type": req.task_type, "doc_ref": req.doc_ref,
        "communities": req.community_names,
        "received_on": req.received_on.isoformat(),
        "list_text": triage.version_text if triage else "未比对",
        "triage_text": (f"{triage.label}。{triage.message}" if triage else "未比对职责清单。"),
    }


def issue_refusal_notice(store: Store, actor: Actor, request_id: int,
                         contact: str = "") -> IssuedDocument:
    """Issue the 不予准入告知书 of a refused request (reason and list version printed).

    Raises:
        Conflict: the request is not refused.
    """
    row = access.require_on(store, actor, rules.PERMISSIONS["print_refusal"], request_id)
    access.require(store, "print_refusal", row)
    req = access.request_of(store, row)
    data = _common(store, actor, req)
    data.update({
        "reason": req.decision_reason,
        "doc_ref_text": f"（{req.doc_ref}）" if req.doc_ref else "",
        "basis_text": str(settings_mod.get(store, SETTINGS["access.refusal_basis_text"])),
        "contact": contact.strip(), "issue_date": clock.today().isoformat()})
    return documents.issue(store, actor, "access_refusal", data, access.ENTITY, req.id)


def _conditions_text(req: AccessRequest) -> str:
    parts = []
    for name in access.CONDITIONS:
        spec = req.conditions.get(name)
        if spec and spec.get("provided"):
            extra = "，".join(x for x in (spec.get("amount"), spec.get("note")) if x)
            parts.append(f"{name}（{extra}）" if extra else name)
    return "、".join(parts) or "未提供"


def issue_approval_form(store: Store, actor: Actor, request_id: int,
                        opinions: dict | None = None) -> IssuedDocument:
    """Issue the 准入审批表 (triage result, opinions, signature lines).

    ``opinions`` may carry handler_opinion, handler_name, handler_date, review_opinion,
    reviewer, review_date, approval_opinion, approver, approval_date; missing ones print blank
    for handwriting. The decision reason is used as the approval opinion once decided.

    Raises:
        Conflict: the request has not been triaged.
    """
    row = access.require_on(store, actor, rules.PERMISSIONS["print_approval"], request_id)
    access.require(store, "print_approval", row)
    req = access.request_of(store, row)
    data = _common(store, actor, req)
    period = "至".join(d.isoformat() for d in (req.period_from, req.period_to) if d)
    data.update({
        "content": req.content, "legal_basis": req.legal_basis, "period_text": period,
        "planned_start": req.planned_start.isoformat(),
        "decide_by": req.decide_by.isoformat(),
        "conditions_text": _conditions_text(req),
        "role_verbs_text": "、".join(req.role_verbs) or "（未写明）", "notes": req.notes})
    if req.decision:
        data.update({"approval_opinion": req.decision_label
                     + (f"。{req.decision_reason}" if req.decision_reason else ""),
                     "approver": req.decided_by,
                     "approval_date": req.decided_on.isoformat() if req.decided_on else None})
    for key, value in (opinions or {}).items():
        if key.endswith(("_opinion", "_name", "_date")) or key in ("reviewer", "approver"):
            data[key] = value
    return documents.issue(store, actor, "access_approval", data, access.ENTITY, req.id)
