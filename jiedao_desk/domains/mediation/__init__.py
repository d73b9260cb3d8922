# SPDX-License-Identifier: MIT
"""People's mediation (人民调解): cases from application to follow-up and 司法确认."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.mediation import cases, clocks, demo
from jiedao_desk.domains.mediation.cases import (  # noqa: F401 - public
    ROLES,
    STATE_LABELS,
    dispute_types,
    get_case,
    register_case,
)

SPEC = DomainSpec(
    key="mediation", title="人民调解",
    entities=(cases.ENTITY,),
    settings=tuple(cases.SETTINGS.values()),
    todo=(clocks.todo_items,),
    search=(cases.SOURCE,),
    pages=(PageSpec("mediation", "人民调解",
                    "jiedao_desk.domains.mediation.pages.page:MediationPage", "mediation.view"),),
    cli=(("mediation", "jiedao_desk.domains.mediation.cli"),),
    migrations=("m007_mediation", "m011_mediation_more"),
    demo=demo.generate,
    document_kinds=("mediation_application", "mediation_intake", "mediation_rights_notice",
                    "mediation_investigation_record", "mediation_session_record",
                    "mediation_agreement", "mediation_oral_agreement", "mediation_follow_up",
                    "mediation_judicial_confirmation", "mediation_judicial_confirmation_org",
                    "mediation_case_note"),
)
