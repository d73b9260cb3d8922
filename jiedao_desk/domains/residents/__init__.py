# SPDX-License-Identifier: MIT
"""The resident register (居民基础信息): base data reused by forms and cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
    from jiedao_desk.domains.residents import demo
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
    from jiedao_desk.domains.residents.service import SOURCE as SEARCH_SOURCE
    from jiedao_desk.domains.residents.spec import SPEC

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
