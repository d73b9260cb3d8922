# SPDX-License-Identifier: MIT
"""Organisation: the street (街道办事处) and its communities (社区)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
    from jiedao_desk.domains.org.service import (
        Community,
        Street,
        add_community,
        get_community,
        get_street,
        list_communities,
        set_street,
        update_community,
        void_community,
    )
    from jiedao_desk.domains.org.spec import SPEC

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
