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

__all__ = [
    "Community", "Street", "add_community", "get_community", "get_street",
    "list_communities", "set_street", "update_community", "void_community", "SPEC",
]

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain (jiedao_desk/base/lazy.py).
__getattr__, __dir__ = exports(__name__, {
    "Community": "service:Community",
    "Street": "service:Street",
    "add_community": "service:add_community",
    "get_community": "service:get_community",
    "get_street": "service:get_street",
    "list_communities": "service:list_communities",
    "set_street": "service:set_street",
    "update_community": "service:update_community",
    "void_community": "service:void_community",
    "SPEC": "spec:SPEC",
})
