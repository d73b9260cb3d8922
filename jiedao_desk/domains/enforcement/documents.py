# SPDX-License-Identifier: MIT
"""Documents of an enforcement case: the kinds, the fields an officer supplies, and issuing.

The texts are TOML files resources/documents/enforcement_*.toml (the Beijing 文书样式 are not
public, reference §6 item 1: the wording follows the statutory minimum contents and the street
aligns it with its official copy). Numbers come from the per-kind pattern setting. What each
kind prints is built in ``document_data`` (and ``dossier`` for the cover and index).
"""

from __future__ import annotations

import tomllib

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents
from jiedao_desk.documents.kinds import kind_dirs
from jiedao_desk.domains.enforcement import court_paper, dossier, rules
from jiedao_desk.domains.enforcement import document_data as data_of
from jiedao_desk.domains.enforcement.cases import case_for
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import ENTITY, Case
from jiedao_desk.store import Store

KINDS = {
    "enforcement_filing_approval": "立案审批表",
    "enforcement_inspection_record": "现场检查笔录",
    "enforcement_inquiry_record": "询问笔录",
    "enforcement_rectification_notice": "责令（限期）改正通知书",
    "enforcement_prior_notice": "行政处罚事先告知书",
    "enforcement_penalty_decision": "行政处罚决定书",
    "enforcement_service_receipt": "送达回证",
    "enforcement_demand": "催告书",
    "enforcement_court_application": "强制执行申请书",
    "enforcement_closing_approval": "结案审批表",
    "enforcement_case_source": "案件来源登记表",
    "enforcement_preservation_notice": "证据先行登记保存通知书",
    "enforcement_hearing_rights_notice": "听证告知书",
    "enforcement_hearing_notice": "听证通知书",
    "enforcement_statement_record": "陈述申辩笔录",
    "enforcement_investigation_report": "案件调查终结报告",
    "enforcement_legal_review": "法制审核意见",
    "enforcement_collective_discussion": "集体讨论记录",
    "enforcement_on_the_spot_decision": "当场行政处罚决定书",
    "enforcement_dossier_cover": "卷宗封面",
    "enforcement_dossier_index": "卷内文书目录",
}
# Fields the officer supplies even though the wording does not list them as optional (the
# case has no record of them); other non-optional fields come from the case's records.
ASKED_FIELDS = frozenset({"requirement", "deadline", "order_day", "result", "handler_opinion",
                          "contact",
                          "evidence", "interviewee_id", "witness", "paid_text", "court",
                          "remarks"})
# Kinds built from the case's records, which take precedence over the officer's values.
_BUILDERS: dict[str, data_of.Builder] = {
    **data_of.BUILDERS,
    court_paper.KIND: court_paper.application_data,
    "enforcement_dossier_cover": dossier.cover_data,
    "enforcement_dossier_index": dossier.index_data,
}


def field_labels(kind: str) -> dict[str, str]:
    """Chinese labels of a kind's fields, from the ``[fields]`` table of its TOML text
    (wording stays in resources/documents/, where the street aligns it with its copy).

    A file of the same name in the user data folder overrides the shipped one, as for the
    wording itself. Unknown kind or no table: {}.
    """


    for folder in reversed(kind_dirs()):
        path = folder / f"{kind}.toml"
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8")).get("fields", {})
            except (OSError, tomllib.TOMLDecodeError):  # reported when the kind is issued
                return {}
            return {str(k): str(v) for k, v in table.items()}
    return {}


def document_data(store: Store, case: Case, kind: str, extra: dict) -> dict:
    """What document ``kind`` of the case prints, with the officer's ``extra`` values."""
    base = data_of.case_data(store, case)
    if kind in _BUILDERS:
        return _BUILDERS[kind](store, case, {**base, **extra})
    if kind in data_of.RECORD_BUILDERS:
        base = data_of.RECORD_BUILDERS[kind](store, case, base)
    return {**base, **extra}


def issue_document(store: Store, actor: Actor, case_id: int, kind: str,
                   extra: dict | None = None, paper_number: str | None = None):
    """Issue one enforcement document for a case (frozen PDF; entity ``enforcement_case``).

    Args:
        extra: additional or overriding fields (e.g. ``requirement``/``deadline`` of a
            rectification order, ``evidence``, ``handler_opinion``, ``result``).
        paper_number: a number typed from a pre-printed paper form.
    """
    case = case_for(store, actor, case_id, "issue_document")
    if kind not in KINDS:
        raise ValidationError(f"执法文书种类须为：{'、'.join(KINDS.values())}。", "kind")
    rules.require("issue_document", Facts(store, case, values={"kind": kind}))
    data = document_data(store, case, kind, dict(extra or {}))
    data["title"] = KINDS[kind]
    return documents.issue(store, actor, kind, data, entity=ENTITY, entity_id=case_id,
                           paper_number=paper_number)
