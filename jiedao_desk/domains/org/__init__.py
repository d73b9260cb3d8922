# SPDX-License-Identifier: MIT
"""Organisation: the street (街道办事处) and its communities (社区)."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec
from jiedao_desk.domains.org.service import list_communities  # noqa: F401 - public

SPEC = DomainSpec(
    key="org", title="组织机构",
    entities=("street", "community"),
    cli=(("org", "jiedao_desk.domains.org.cli"),),
)
