# SPDX-License-Identifier: MIT
"""The approved reporting forms (报表（系统）): declarative definitions, entries, exports.

The public face of the domain: other code calls ``forms.registry(...)``,
``forms.completeness(...)`` and so on; the modules behind it are the domain's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
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
    from jiedao_desk.domains.forms.spec import SPEC
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

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain (jiedao_desk/base/lazy.py).
__getattr__, __dir__ = exports(__name__, {
    "definitions": "definitions",
    "entries": "entries",
    "request_access": "access_route:request_access",
    "FIELD_TYPES": "definitions:FIELD_TYPES",
    "FREQUENCIES": "definitions:FREQUENCIES",
    "FieldDef": "definitions:FieldDef",
    "FormDef": "definitions:FormDef",
    "Registry": "definitions:Registry",
    "check_rules": "definitions:check_rules",
    "district_cap": "definitions:district_cap",
    "load_file": "definitions:load_file",
    "load_registry": "definitions:load_registry",
    "parse": "definitions:parse",
    "registry": "definitions:registry",
    "ENTITY": "entries:ENTITY",
    "completeness": "entries:completeness",
    "get_entry": "entries:get_entry",
    "history": "entries:history",
    "reopen": "entries:reopen",
    "save_draft": "entries:save_draft",
    "submit": "entries:submit",
    "draft_from_template": "excel:draft_from_template",
    "export_period": "excel:export_period",
    "to_toml": "excel:to_toml",
    "Cell": "model:Cell",
    "Entry": "model:Entry",
    "MACHINE": "rules:MACHINE",
    "check_period": "values:check_period",
    "period_bounds": "values:period_bounds",
    "periods_ending": "values:periods_ending",
    "previous_period": "values:previous_period",
    "SPEC": "spec:SPEC",
})
