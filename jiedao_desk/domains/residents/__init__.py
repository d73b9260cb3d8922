# SPDX-License-Identifier: MIT
"""The resident register (居民基础信息): base data reused by forms and cases."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.residents import demo, excel, service
from jiedao_desk.domains.residents.service import (
    ENTITY,
    Resident,
    add_resident,
    flag_choices,
    get_resident,
    list_source,
    split_flags,
    update_resident,
    void_resident,
)

__all__ = [
    "demo", "ENTITY", "Resident", "add_resident", "flag_choices", "get_resident", "list_source",
    "split_flags", "update_resident", "void_resident", "SPEC",
]

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
