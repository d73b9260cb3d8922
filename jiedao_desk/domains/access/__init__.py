# SPDX-License-Identifier: MIT
"""Community work access (社区工作准入): tasks sent down to communities, checked against the
duty list, approved or refused."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.access import documents, requests, stats

SPEC = DomainSpec(
    key="access", title="社区工作准入",
    entities=(requests.ENTITY,),
    settings=(*requests.SETTINGS.values(), *documents.SETTINGS.values()),
    todo=(stats.todo_items,),
    pages=(PageSpec("access", "准入管理", "jiedao_desk.domains.access.pages.page:AccessPage",
                    "access.view"),),
    cli=(("access", "jiedao_desk.domains.access.cli"),),
    migrations=("m004_access",),
    document_kinds=("access_refusal", "access_approval"),
)
