# SPDX-License-Identifier: MIT
"""Comprehensive administrative enforcement (综合行政执法): case files from lead to archive.

This is the domain's public face: other domains, the shell and the benchmarks use what is
imported here (``from jiedao_desk.domains import enforcement`` then
``enforcement.register_lead(...)``), and ``enforcement.pages`` for the Qt widgets. The case's
states and the gates of every step are in ``rules.py``.
"""

from __future__ import annotations

from jiedao_desk.core.spec import Derived, DomainSpec, PageSpec
from jiedao_desk.core.workdays import DueDates
from jiedao_desk.domains.enforcement import (
    closing,
    demo,
    document_data,
    model,
    numbers,
    parameters,
    publication,
    search,
    stored_clocks,
    view,
)
from jiedao_desk.domains.enforcement import (
    store as enforcement_store,
)
from jiedao_desk.domains.enforcement.cases import (
    add_party,
    file_case,
    get_case,
    not_open,
    power_choices,
    register_lead,
    void_case,
)
from jiedao_desk.domains.enforcement.closing import archive_case, close_case
from jiedao_desk.domains.enforcement.decision import (
    decide,
    prior_notice,
    record_hearing,
    record_statement,
    request_hearing,
    schedule_hearing,
    simple_penalty,
)
from jiedao_desk.domains.enforcement.documents import KINDS as DOCUMENT_KINDS
from jiedao_desk.domains.enforcement.documents import issue_document
from jiedao_desk.domains.enforcement.dossier import dossier_pdf
from jiedao_desk.domains.enforcement.execution import (
    court_application,
    demand,
    record_payment,
    serve,
)
from jiedao_desk.domains.enforcement.investigation import (
    add_evidence,
    add_lead_photo,
    dispose_preservation,
    note_withdrawal,
    record_investigation,
    register_preservation,
    review,
)
from jiedao_desk.domains.enforcement.lists import list_source
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    PARTY_KINDS,
    SOURCES,
    Case,
    CaseRow,
    LeadResult,
    NewParty,
    Party,
    PowerItem,
    Statistics,
    case_label,
)
from jiedao_desk.domains.enforcement.records import void_record
from jiedao_desk.domains.enforcement.rules import MACHINE, STATES
from jiedao_desk.domains.enforcement.rules import label as state_label
from jiedao_desk.domains.enforcement.view import case_detail, list_cases, statistics

__all__ = [
    "DOCUMENT_KINDS", "ENTITY", "MACHINE", "PARTY_KINDS", "SOURCES", "SPEC", "STATES", "Case",
    "CaseRow", "LeadResult", "NewParty", "Party", "PowerItem", "Statistics", "add_evidence",
    "add_lead_photo", "add_party", "archive_case", "case_detail", "case_label", "close_case",
    "court_application", "decide", "demand", "dispose_preservation", "dossier_pdf",
    "file_case", "get_case", "issue_document", "list_cases", "list_source", "not_open",
    "note_withdrawal", "power_choices", "prior_notice", "record_hearing",
    "record_investigation", "record_payment", "record_statement", "register_lead",
    "register_preservation", "request_hearing", "review", "schedule_hearing", "serve",
    "simple_penalty", "state_label", "statistics", "void_case", "void_record",
]

SPEC = DomainSpec(
    key="enforcement", title="综合行政执法",
    entities=(ENTITY,),
    settings=(*parameters.SETTINGS.values(), *closing.SETTINGS.values(), *numbers.SETTINGS.values(),
              *publication.SETTINGS.values(), *document_data.SETTINGS.values()),
    todo=(view.todo_items,),
    due_dates=(DueDates(ENTITY, "执法案件的法定期限（办案时限、听证、缴款、申请强制执行、公示）",
                        stored_clocks.recompute),),
    derived=(Derived("执法案件的法定期限", stored_clocks.refresh, stored_clocks.behind),),
    search=(search.SOURCE,),
    machines=(MACHINE,),
    pages=(PageSpec("enforcement", "综合执法",
                    "jiedao_desk.domains.enforcement.pages:EnforcementPage",
                    "enforcement.view"),),
    cli=(("enforcement", "jiedao_desk.domains.enforcement.cli"),),
    commands={"enforcement powers": "catalog.view",
              "enforcement lead": "enforcement.edit",
              "enforcement file": "enforcement.edit",
              "enforcement not-open": "enforcement.edit",
              "enforcement party": "enforcement.edit",
              "enforcement record": "enforcement.edit",
              "enforcement evidence": "enforcement.edit",
              "enforcement preserve": "enforcement.edit",
              "enforcement dispose": "enforcement.edit",
              "enforcement review": "enforcement.edit",
              "enforcement notice": "enforcement.edit",
              "enforcement serve": "enforcement.edit",
              "enforcement hearing-request": "enforcement.edit",
              "enforcement hearing-schedule": "enforcement.edit",
              "enforcement hearing-record": "enforcement.edit",
              "enforcement decide": "enforcement.edit",
              "enforcement pay": "enforcement.edit",
              "enforcement demand": "enforcement.edit",
              "enforcement payment-plan": "enforcement.edit",
              "enforcement appeal": "enforcement.edit",
              "enforcement statement-waiver": "enforcement.edit",
              "enforcement court": "enforcement.edit",
              "enforcement simple": "enforcement.edit",
              "enforcement close": "enforcement.edit",
              "enforcement archive": "enforcement.edit",
              "enforcement doc": "enforcement.edit",
              "enforcement dossier": "enforcement.view",
              "enforcement void": "enforcement.edit",
              "enforcement show": "enforcement.view",
              "enforcement list": "enforcement.view",
              "enforcement stats": "enforcement.stats",
              "enforcement statement": "enforcement.edit",
              "enforcement tiers": "enforcement.view",
              "enforcement discretion": "enforcement.edit",
              "enforcement publish": "enforcement.edit",
              "enforcement publish-withdraw": "enforcement.edit",
              "enforcement publish-void": "enforcement.edit",
              "enforcement publish-rule": "enforcement.edit",
              "enforcement publication": "enforcement.view",
              "enforcement lead-photo": "enforcement.edit",
              "enforcement void-record": "enforcement.edit"},
    migrations=("m008_enforcement", "m012_enforcement_more", "m017_penalty_provisions",
                "m021_due_dates", "m029_lead_search"),
    demo=demo.generate,
    document_kinds=tuple(DOCUMENT_KINDS),
    record_labels={ENTITY: enforcement_store.RECORD_LABEL_SQL},
    entity_labels={ENTITY: "执法案件"},
    field_labels=model.FIELD_LABELS,
    value_labels={**SOURCES, **model.PROCEDURES, **PARTY_KINDS, **model.SERVICE_METHODS,
                  **model.APPEALS, **model.EVENT_KINDS, **model.PENALTY_KINDS},
    action_labels={"enforcement.lead": "登记线索", "enforcement.simple": "当场处罚",
                   "enforcement.payment": "登记缴款", "enforcement.publish": "登记公示",
                   "enforcement.publication_withdraw": "撤回公示",
                   "enforcement.publication_void": "作废公示记录",
                   "enforcement.record": "登记笔录", "enforcement.preservation": "先行登记保存",
                   "enforcement.prior_notice": "事先告知", "enforcement.hearing": "听证",
                   "enforcement.party_absent": "登记当事人不在场"},
)
