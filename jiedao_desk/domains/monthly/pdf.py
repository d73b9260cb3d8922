# SPDX-License-Identifier: MIT
"""The printable monthly summary (月报摘要) through the document engine.

The wording and table layout are the document kind ``monthly_summary``
(resources/documents/monthly_summary.toml); this module only turns a MonthReport (and last
month's, for the comparison) into that kind's data. The summary is not an issued 文书: it has
no number and is not frozen, it can be printed again at any time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth, printing
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.domains.monthly.report import MonthReport, change, exchange_text, fmt
from jiedao_desk.store import Store

# The main count of each domain, drawn in the "本月与上月" chart.
CHART_COUNTS = (("access.received", "准入申请"), ("certificate.issued", "出具证明"),
                ("forms.submitted", "报表报送"), ("mediation.accepted", "调解受理"),
                ("enforcement.cases", "执法案件"), ("hotline.received", "12345工单"))
CHART_RATES = (("hotline.response_rate", "响应率"), ("hotline.resolution_rate", "解决率"),
               ("hotline.satisfaction_rate", "满意率"))


def _value(report: MonthReport, code: str):
    try:
        return report.value(code)
    except KeyError:
        return None


def summary_data(report: MonthReport, previous: MonthReport) -> dict:
    """The ``monthly_summary`` kind's data for ``report`` compared with ``previous``."""
    figures = []
    for d in report.domains:  # every key figure, domain by domain
        for f in d.figures:
            prev = _value(previous, f.code)
            diff = change(f.value, prev)
            sign = "" if diff is None or diff <= 0 else "+"
            figures.append({"domain": d.spec.title, "label": f.label, "value": fmt(f.value),
                            "previous": fmt(prev),
                            "change": "—" if diff is None else sign + fmt(diff),
                            "unit": f.unit})

    def chart(pairs):
        return [{"label": label, "value": _value(report, code),
                 "previous": _value(previous, code)}
                for code, label in pairs if _value(report, code) is not None
                or report.domain(code.split(".")[0]) is not None]

    data = {"street": report.street, "month": report.month,
            "month_cn": f"{report.month[:4]}年{int(report.month[5:])}月",
            "period": f"{report.first} 至 {report.last}", "as_of": report.as_of,
            "generated_by": report.generated_by, "generated_at": report.generated_at,
            "audit_head": report.audit_head, "omitted_text": "、".join(report.omitted),
            "exchange_text": exchange_text(report),
            "figures": figures, "chart_counts": chart(CHART_COUNTS),
            "chart_rates": chart(CHART_RATES) if report.domain("hotline") else []}
    for d in report.domains:
        data[f"table_{d.spec.key}"] = [{h: fmt(v) if not isinstance(v, str) else v
                                        for h, v in zip(d.spec.headers, row, strict=False)}
                                       for row in d.rows]
    return data


def render_summary(store: Store, report: MonthReport, previous: MonthReport) -> tuple[bytes, int]:
    """PDF bytes and page count of the summary (fonts from the store's settings)."""
    from jiedao_desk.documents.render import render  # reportlab: on the first PDF

    out = render("monthly_summary", summary_data(report, previous),
                 fonts=printing.font_set(store))
    return out.pdf, out.pages


def export_pdf(store: Store, actor: Actor, month: str, path: str | Path,
               progress: Callable[..., None] | None = None) -> tuple[MonthReport, int]:
    """Collect ``month`` (and the month before) and write the summary PDF to ``path``.

    Requires ``reports.export``; returns (the report, the page count).
    """
    auth.require(actor, "reports.export")
    report, previous = monthly.with_previous(store, actor, month, progress)
    pdf, pages = render_summary(store, report, previous)
    Path(path).write_bytes(pdf)
    return report, pages
