# SPDX-License-Identifier: MIT
"""The resident register (居民基础信息): base data reused by forms and cases."""

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
)
