# SPDX-License-Identifier: MIT
"""The approved reporting forms (报表（系统）): declarative definitions, entries, exports."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.forms import definitions, entries

SPEC = DomainSpec(
    key="forms", title="报表填报",
    entities=(entries.ENTITY,),
    settings=(*definitions.SETTINGS.values(), *entries.SETTINGS.values()),
    todo=(entries.todo_items,),
    pages=(PageSpec("forms", "报表填报", "jiedao_desk.domains.forms.pages.page:FormsPage",
                    "forms.view"),),
    cli=(("forms", "jiedao_desk.domains.forms.cli"),),
    migrations=("m006_forms",),
)
