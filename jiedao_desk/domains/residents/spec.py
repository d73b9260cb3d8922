# SPDX-License-Identifier: MIT
"""The residents domain's declarations for the registry (jiedao_desk/registry.py): its
settings, pages, commands, searchable records and the rest of ``DomainSpec``."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.residents import excel, service

SPEC = DomainSpec(
    key="residents", title="居民信息",
    entities=(service.ENTITY,),
    settings=tuple(service.SETTINGS.values()),
    search=(service.SOURCE,),
    pages=(PageSpec("residents", "居民信息", "jiedao_desk.domains.residents.pages:ResidentsPage",
                    "resident.view"),),
    migrations=("m010_resident_flags",),
    ledgers=(excel.LEDGER,),
    imports=(excel.IMPORT,),
    entity_labels={service.ENTITY: "居民"},
)
