# SPDX-License-Identifier: MIT
"""Fill a district's own monthly template with a saved mapping (instead of the default
workbook), through the template-fill engine, which keeps the template's look."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jiedao_desk.core import auth, imports
from jiedao_desk.domains.monthly import mappings as monthly_mappings
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.domains.monthly.report import MonthReport
from jiedao_desk.store import audit


def export_template(store, actor, month: str, template: str | Path, mapping_name: str,
                    out: str | Path, progress: Callable[..., None] | None = None) -> MonthReport:
    """Collect ``month`` and fill ``template`` by the saved mapping ``mapping_name`` into
    ``out`` (the template file is not changed; nothing is written on an error).

    Raises:
        NotFound: no such mapping or template file.
        ValidationError: the mapping asks for data this report lacks, or a target cell is
            not writable (see template_fill.fill_template).
    """
    from jiedao_desk.exports import template_fill  # openpyxl: on the first export

    auth.require(actor, "reports.export")
    saved = monthly_mappings.get_mapping(store, actor, mapping_name)
    mapping = monthly_mappings.parse(saved.mapping_toml)
    report = monthly.collect(store, actor, month, progress)
    values = monthly_mappings.values_for(report, mapping)
    mapping.pop("template", None)  # the template is the file chosen now, not a saved path
    template_fill.fill_template(template, mapping, values, out, imports.xlsx_limits(store))
    with store.atomic():
        audit.record(store, actor, "monthly.export_template", "monthly_report", report.month,
                     None, {"file": Path(out).name, "mapping": mapping_name,
                            "audit_head": report.audit_head})
    return report
