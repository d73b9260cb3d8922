# SPDX-License-Identifier: MIT
"""Organisation: the street (街道办事处) and its communities (社区)."""

from __future__ import annotations

from jiedao_desk.core.permissions import SIGNED_IN
from jiedao_desk.core.spec import DomainSpec
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
from jiedao_desk.store import org as org_store

__all__ = [
    "Community", "Street", "add_community", "get_community", "get_street",
    "list_communities", "set_street", "update_community", "void_community", "SPEC",
]

SPEC = DomainSpec(
    key="org", title="组织机构",
    entities=("street", "community"),
    cli=(("org", "jiedao_desk.domains.org.cli"),),
    commands={"org street": "org.manage", "org add-community": "org.manage",
              "org list": SIGNED_IN},  # names of the street and communities are not personal
    record_labels={"community": org_store.RECORD_LABEL_SQL},
)
