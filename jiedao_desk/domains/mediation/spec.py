# SPDX-License-Identifier: MIT
"""The mediation domain's declarations for the registry (jiedao_desk/registry.py): its
settings, pages, commands, searchable records and the rest of ``DomainSpec``."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.mediation import cases, clocks, demo, model
from jiedao_desk.domains.mediation import store as mediation_store
from jiedao_desk.domains.mediation.rules import ENTITY, MACHINE, RECORD_KINDS

SPEC = DomainSpec(
    key="mediation", title="人民调解",
    entities=(ENTITY,),
    settings=tuple(cases.SETTINGS.values()),
    todo=(clocks.todo_items,),
    search=(cases.SOURCE,),
    machines=(MACHINE,),
    pages=(PageSpec("mediation", "人民调解", "jiedao_desk.domains.mediation.pages:MediationPage",
                    "mediation.view"),),
    cli=(("mediation", "jiedao_desk.domains.mediation.cli"),),
    commands={"mediation register": "mediation.edit",
              "mediation list": "mediation.view",
              "mediation show": "mediation.view",
              "mediation accept": "mediation.edit",
              "mediation refuse": "mediation.edit",
              "mediation assign": "mediation.edit",
              "mediation notify": "mediation.edit",
              "mediation record": "mediation.edit",
              "mediation agree": "mediation.edit",
              "mediation terminate": "mediation.edit",
              "mediation jc-apply": "mediation.edit",
              "mediation jc-result": "mediation.edit",
              "mediation transfer": "mediation.edit",
              "mediation close": "mediation.edit",
              "mediation archive": "mediation.edit",
              "mediation void": "mediation.edit",
              "mediation doc": "mediation.edit",
              "mediation attach": "mediation.edit",
              "mediation dossier": "mediation.view",
              "mediation edit": "mediation.edit",
              "mediation party-edit": "mediation.edit",
              "mediation record-edit": "mediation.edit",
              "mediation record-void": "mediation.edit",
              "mediation stats": "mediation.stats"},
    migrations=("m007_mediation", "m011_mediation_more"),
    demo=demo.generate,
    document_kinds=("mediation_application", "mediation_intake", "mediation_rights_notice",
                    "mediation_investigation_record", "mediation_session_record",
                    "mediation_agreement", "mediation_oral_agreement", "mediation_follow_up",
                    "mediation_judicial_confirmation", "mediation_judicial_confirmation_org",
                    "mediation_case_note"),
    record_labels={ENTITY: mediation_store.RECORD_LABEL_SQL},
    entity_labels={ENTITY: "人民调解案件"},
    field_labels=model.FIELD_LABELS,
    value_labels={**model.SOURCES, **model.OUTCOMES, **model.ROLES, **model.PREVENTED,
                  "person": "自然人", "org": "单位", "community": "社区调委会",
                  "street": "街道调委会", "application_form.written": "书面",
                  "application_form.oral": "口头"},
    action_labels={"mediation.agreement": "登记调解协议", "mediation.notify_rights": "告知权利义务",
                   "mediation.party.update": "修改当事人", "mediation.update": "修改案件",
                   "mediation.hand_over": "移交街道站点（随交换包送达）",
                   **{f"mediation.record.{k}": f"添加{v}" for k, v in RECORD_KINDS.items()}},
)
