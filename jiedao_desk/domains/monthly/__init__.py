# SPDX-License-Identifier: MIT
"""The monthly report (月报) to the district: every domain's figures of one month."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec

SPEC = DomainSpec(
    key="monthly", title="月报",
    entities=("monthly_report", "monthly_mapping"),
    cli=(("monthly", "jiedao_desk.domains.monthly.cli"),),
    migrations=("m014_monthly",),
    document_kinds=("monthly_summary",),
)
