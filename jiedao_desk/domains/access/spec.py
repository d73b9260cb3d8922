# SPDX-License-Identifier: MIT
"""The access domain's declarations for the registry (jiedao_desk/registry.py): its
settings, pages, commands, searchable records and the rest of ``DomainSpec``."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.core.workdays import DueDates
from jiedao_desk.domains.access import documents, requests, stats
from jiedao_desk.domains.access import store as access_store
from jiedao_desk.domains.access.requests import (
    ENTITY,
)
from jiedao_desk.domains.access.rules import MACHINE

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
