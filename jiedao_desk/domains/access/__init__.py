# SPDX-License-Identifier: MIT
"""Community work access (社区工作准入): tasks sent down to communities, checked against the
duty list, approved or refused.

The public face of the domain: other code calls ``access.register_request(...)`` and so on;
the modules behind it are the domain's own.
"""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.access import documents, requests, stats
from jiedao_desk.domains.access import store as access_store
from jiedao_desk.domains.access.complaints import add_complaint, list_complaints
from jiedao_desk.domains.access.documents import issue_approval_form, issue_refusal_notice
from jiedao_desk.domains.access.model import (
    AccessRequest,
    Complaint,
    MonthStats,
    StatRow,
    Suggestion,
    TriageResult,
)
from jiedao_desk.domains.access.requests import (
    CONDITIONS,
    ENTITY,
    LEVELS,
    applicant_units,
    decide,
    get_request,
    list_source,
    register_request,
    setting_list,
    transition,
    update_request,
    void_request,
)
from jiedao_desk.domains.access.rules import MACHINE
from jiedao_desk.domains.access.stats import STAT_HEADERS, month_stats, stats_table
from jiedao_desk.domains.access.triage import confirm_match, triage_request, triage_result

__all__ = [
    "CONDITIONS", "ENTITY", "LEVELS", "MACHINE", "SPEC", "STAT_HEADERS", "AccessRequest",
    "Complaint", "MonthStats", "StatRow", "Suggestion", "TriageResult", "add_complaint",
    "applicant_units", "confirm_match", "decide", "get_request", "issue_approval_form",
    "issue_refusal_notice", "list_complaints", "list_source", "month_stats",
    "register_request", "setting_list", "stats_table", "transition", "triage_request",
    "triage_result", "update_request", "void_request",
]

SPEC = DomainSpec(
    key="access", title="社区工作准入",
    entities=(ENTITY,),
    settings=(*requests.SETTINGS.values(), *documents.SETTINGS.values()),
    todo=(stats.todo_items,),
    machines=(MACHINE,),
    pages=(PageSpec("access", "准入管理", "jiedao_desk.domains.access.pages:AccessPage",
                    "access.view"),),
    cli=(("access", "jiedao_desk.domains.access.cli"),),
    commands={"access add": "access.edit", "access list": "access.view",
              "access show": "access.view", "access triage": "access.edit",
              "access confirm-match": "access.edit", "access decide": "access.decide",
              # the sample moves to 审核; 撤销 of an admitted task needs access.decide
              "access transition": "access.edit", "access complaint": "access.edit",
              "access stats": "access.view"},
    migrations=("m004_access",),
    document_kinds=("access_refusal", "access_approval"),
    record_labels={ENTITY: access_store.RECORD_LABEL_SQL},
)
