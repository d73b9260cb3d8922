# SPDX-License-Identifier: MIT
"""The approved reporting forms (报表（系统）): declarative definitions, entries, exports.

The public face of the domain: other code calls ``forms.registry(...)``,
``forms.completeness(...)`` and so on; the modules behind it are the domain's own.
"""

from __future__ import annotations

from jiedao_desk.core.permissions import NO_SIGN_IN
from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.forms import definitions, entries
from jiedao_desk.domains.forms.access_route import request_access
from jiedao_desk.domains.forms.definitions import (
    FIELD_TYPES,
    FREQUENCIES,
    FieldDef,
    FormDef,
    Registry,
    check_rules,
    district_cap,
    load_file,
    load_registry,
    parse,
    registry,
)
from jiedao_desk.domains.forms.entries import (
    ENTITY,
    completeness,
    get_entry,
    history,
    reopen,
    save_draft,
    submit,
)
from jiedao_desk.domains.forms.excel import draft_from_template, export_period, to_toml
from jiedao_desk.domains.forms.model import Cell, Entry
from jiedao_desk.domains.forms.rules import MACHINE
from jiedao_desk.domains.forms.values import (
    check_period,
    period_bounds,
    periods_ending,
    previous_period,
)

__all__ = [
    "ENTITY", "FIELD_TYPES", "FREQUENCIES", "MACHINE", "SPEC", "Cell", "Entry", "FieldDef",
    "FormDef", "Registry", "check_period", "check_rules", "completeness",
    "district_cap", "draft_from_template",
    "export_period", "get_entry", "history", "load_file", "load_registry", "parse",
    "period_bounds", "periods_ending", "previous_period", "registry", "reopen",
    "request_access", "save_draft", "submit", "to_toml",
]

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
