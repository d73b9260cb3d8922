# SPDX-License-Identifier: MIT
"""Community work access (社区工作准入): tasks sent down to communities, checked against the
duty list, approved or refused.

The public face of the domain: other code calls ``access.register_request(...)`` and so on;
the modules behind it are the domain's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
    from jiedao_desk.domains.access.complaints import add_complaint, list_complaints
    from jiedao_desk.domains.access.documents import issue_approval_form, issue_refusal_notice
    from jiedao_desk.domains.access.model import (
        KIND_LABELS,
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
    from jiedao_desk.domains.access.spec import SPEC
    from jiedao_desk.domains.access.stats import STAT_HEADERS, month_stats, stats_table
    from jiedao_desk.domains.access.triage import confirm_match, triage_request, triage_result

__all__ = [
    "CONDITIONS", "ENTITY", "KIND_LABELS", "LEVELS", "MACHINE", "SPEC", "STAT_HEADERS",
    "AccessRequest",
    "Complaint", "MonthStats", "StatRow", "Suggestion", "TriageResult", "add_complaint",
    "applicant_units", "confirm_match", "decide", "get_request", "issue_approval_form",
    "issue_refusal_notice", "list_complaints", "list_source", "month_stats",
    "register_request", "setting_list", "stats_table", "transition", "triage_request",
    "triage_result", "update_request", "void_request",
]

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain (jiedao_desk/base/lazy.py).
__getattr__, __dir__ = exports(__name__, {
    "documents": "documents",
    "requests": "requests",
    "stats": "stats",
    "access_store": "store",
    "add_complaint": "complaints:add_complaint",
    "list_complaints": "complaints:list_complaints",
    "issue_approval_form": "documents:issue_approval_form",
    "issue_refusal_notice": "documents:issue_refusal_notice",
    "KIND_LABELS": "model:KIND_LABELS",
    "AccessRequest": "model:AccessRequest",
    "Complaint": "model:Complaint",
    "MonthStats": "model:MonthStats",
    "StatRow": "model:StatRow",
    "Suggestion": "model:Suggestion",
    "TriageResult": "model:TriageResult",
    "CONDITIONS": "requests:CONDITIONS",
    "ENTITY": "requests:ENTITY",
    "LEVELS": "requests:LEVELS",
    "applicant_units": "requests:applicant_units",
    "decide": "requests:decide",
    "get_request": "requests:get_request",
    "list_source": "requests:list_source",
    "register_request": "requests:register_request",
    "setting_list": "requests:setting_list",
    "transition": "requests:transition",
    "update_request": "requests:update_request",
    "void_request": "requests:void_request",
    "MACHINE": "rules:MACHINE",
    "STAT_HEADERS": "stats:STAT_HEADERS",
    "month_stats": "stats:month_stats",
    "stats_table": "stats:stats_table",
    "confirm_match": "triage:confirm_match",
    "triage_request": "triage:triage_request",
    "triage_result": "triage:triage_result",
    "SPEC": "spec:SPEC",
})
