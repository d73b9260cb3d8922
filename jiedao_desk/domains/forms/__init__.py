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

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
