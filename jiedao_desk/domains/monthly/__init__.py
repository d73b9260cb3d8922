# SPDX-License-Identifier: MIT
"""The monthly report (月报) to the district: every domain's figures of one month."""

from __future__ import annotations

from jiedao_desk.core.permissions import NO_SIGN_IN
from jiedao_desk.core.spec import DomainSpec

SPEC = DomainSpec(
    key="monthly", title="月报",
    entities=("monthly_report", "monthly_mapping"),
    cli=(("merge-monthly", "jiedao_desk.domains.monthly.cli"),
         ("monthly-mapping", "jiedao_desk.domains.monthly.cli")),
    commands={"merge-monthly": NO_SIGN_IN,  # the district merges other streets' files
              "monthly-mapping save": "reports.export", "monthly-mapping list": "reports.view"},
    migrations=("m014_monthly",),
    document_kinds=("monthly_summary",),
    entity_labels={"monthly_report": "月报", "monthly_mapping": "月报模板对应关系"},
    action_labels={"monthly.export": "导出月报", "monthly.export_template": "按区里模板导出月报",
                   "monthly.mapping_save": "保存月报模板对应关系"},
)
