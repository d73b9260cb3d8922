# SPDX-License-Identifier: MIT
"""The org domain's declarations for the registry (jiedao_desk/registry.py): its
settings, pages, commands, searchable records and the rest of ``DomainSpec``."""

from __future__ import annotations

from jiedao_desk.core.permissions import SIGNED_IN
from jiedao_desk.core.spec import DomainSpec
from jiedao_desk.store import org as org_store

SPEC = DomainSpec(
    key="org", title="组织机构",
    entities=("street", "community"),
    cli=(("org", "jiedao_desk.domains.org.cli"),),
    commands={"org street": "org.manage", "org add-community": "org.manage",
              "org list": SIGNED_IN},  # names of the street and communities are not personal
    record_labels={"community": org_store.RECORD_LABEL_SQL},
)
