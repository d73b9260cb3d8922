# SPDX-License-Identifier: MIT
"""Comprehensive administrative enforcement (综合行政执法): case files from lead to archive."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.enforcement import (
    cases,
    demo,
    documents,
    numbers,
    publication,
    search,
    view,
)
from jiedao_desk.domains.enforcement.cases import (  # noqa: F401 - public
    SOURCES,
    STATUSES,
    register_lead,
)
from jiedao_desk.domains.enforcement.numbers import label as case_label  # noqa: F401 - public

SPEC = DomainSpec(
    key="enforcement", title="综合行政执法",
    entities=(cases.ENTITY,),
    settings=(*cases.SETTINGS.values(), *numbers.SETTINGS.values(),
              *publication.SETTINGS.values(), *documents.SETTINGS.values()),
    todo=(view.todo_items,),
    search=(search.SOURCE,),
    pages=(PageSpec("enforcement", "综合执法",
                    "jiedao_desk.domains.enforcement.pages.page:EnforcementPage",
                    "enforcement.view"),),
    cli=(("enforcement", "jiedao_desk.domains.enforcement.cli"),),
    migrations=("m008_enforcement", "m012_enforcement_more"),
    demo=demo.generate,
    document_kinds=tuple(documents.KINDS),
)
