# SPDX-License-Identifier: MIT
"""The forms domain's declarations for the registry (jiedao_desk/registry.py): its
settings, pages, commands, searchable records and the rest of ``DomainSpec``."""

from __future__ import annotations

from jiedao_desk.core.permissions import NO_SIGN_IN
from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.forms import definitions, entries
from jiedao_desk.domains.forms.entries import (
    ENTITY,
)
from jiedao_desk.domains.forms.rules import MACHINE

SPEC = DomainSpec(
    key="forms", title="报表填报",
    entities=(ENTITY,),
    settings=(*definitions.SETTINGS.values(), *entries.SETTINGS.values()),
    todo=(entries.todo_items,),
    machines=(MACHINE,),
    pages=(PageSpec("forms", "报表填报", "jiedao_desk.domains.forms.pages:FormsPage",
                    "forms.view"),),
    cli=(("forms", "jiedao_desk.domains.forms.cli"),),
    commands={"forms list": NO_SIGN_IN, "forms validate": NO_SIGN_IN,  # definition files only
              "forms import-template": NO_SIGN_IN, "forms request-access": "access.edit",
              "forms export": "forms.view"},
    migrations=("m006_forms",),
    entity_labels={ENTITY: "报表填报"},
    field_labels={"form_id": "报表", "form_version": "报表版本", "period": "报送期",
                  "rows_json": "填报内容", "submitted_at": "报送时间", "submitted_by": "报送人"},
)
