# SPDX-License-Identifier: MIT
"""Community work access (社区工作准入): tasks sent down to communities, checked against the
duty list, approved or refused.

The public face of the domain: other code calls ``access.register_request(...)`` and so on;
the modules behind it are the domain's own.
"""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.core.workdays import DueDates
from jiedao_desk.domains.access import documents, requests, stats
from jiedao_desk.domains.access import store as access_store
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

SPEC = DomainSpec(
    key="access", title="社区工作准入",
    entities=(ENTITY,),
    settings=(*requests.SETTINGS.values(), *documents.SETTINGS.values()),
    todo=(stats.todo_items,),
    due_dates=(DueDates(ENTITY, "准入申请的决定期限和申请期限", requests.recompute_deadlines),),
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
    entity_labels={ENTITY: "准入申请"},
    field_labels={"applicant_unit": "申请单位", "applicant_level": "申请单位层级",
                  "title": "事项名称", "content": "事项内容", "doc_ref": "文件依据",
                  "task_type": "事项类型", "legal_basis": "法律政策依据", "period_from": "开始",
                  "period_to": "结束", "planned_start": "计划开始日期", "received_on": "登记日期",
                  "conditions": "必要工作条件", "role_verbs": "协助角色", "notes": "备注",
                  "decide_by": "决定期限", "decision": "决定", "decision_reason": "决定理由",
                  "decided_on": "决定日期", "decided_by": "决定人", "channel": "反映渠道",
                  "outcome": "处理结果", "community_ids": "涉及社区"},
    value_labels={"admit": "准入", "refuse": "不予准入"},
    action_labels={"access.transition": "改变状态", "access.register": "登记准入申请"},
)
