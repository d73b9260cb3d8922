# SPDX-License-Identifier: MIT
"""The hotline domain's declarations for the registry (jiedao_desk/registry.py): its
settings, pages, commands, searchable records and the rest of ``DomainSpec``."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.core.workdays import DueDates
from jiedao_desk.domains.hotline import clocks, demo, importing, model, rates, rules, tickets
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.rules import ENTITY

SPEC = DomainSpec(
    key="hotline", title="接诉即办",
    entities=(rules.ENTITY, "hotline_batch", "hotline_mapping"),
    settings=(*clocks.SETTINGS.values(), *rates.SETTINGS.values()),
    todo=(clocks.todo_items,),
    due_dates=(DueDates(ENTITY, "12345工单按工作日计算的反馈期限", clocks.recompute_feedback_due),),
    search=(tickets.SOURCE,),
    machines=(rules.MACHINE,),
    pages=(PageSpec("hotline", "接诉即办", "jiedao_desk.domains.hotline.pages:HotlinePage",
                    "hotline.view"),),
    cli=(("hotline", "jiedao_desk.domains.hotline.cli"),),
    commands={"hotline import": "hotline.edit", "hotline add": "hotline.edit",
              "hotline dispatch": "hotline.edit", "hotline list": "hotline.view",
              "hotline show": "hotline.view", "hotline history": "hotline.view",
              "hotline rates": "hotline.view", "hotline trend": "hotline.view",
              "hotline hotspots": "hotline.view",
              # a ticket becomes a case of the domain that takes it on
              "hotline to-mediation": "mediation.edit",
              "hotline to-enforcement": "enforcement.edit"},
    migrations=("m009_hotline", "m013_hotline_links"),
    # The city export has its own column mapping (saved per district, chosen with
    # ``hotline import --mapping``), so it is not one of the generic ``import NAME`` imports.
    demo=demo.generate,
    record_labels={rules.ENTITY: hotline_store.RECORD_LABEL_SQL},
    entity_labels={rules.ENTITY: "12345工单", "hotline_batch": "工单导入批次",
                   "hotline_mapping": "工单导入列对应关系"},
    field_labels=importing.AUDIT_FIELDS,
    value_labels=dict(model.CLAIM_CLASSES),
    action_labels={"hotline.add": "登记工单", "hotline.import_create": "导入新工单",
                   "hotline.import_update": "导入更新工单", "hotline.link_void": "取消关联",
                   "hotline.mapping": "保存导入列对应关系", "import.hotline": "导入12345工单"},
)
