# SPDX-License-Identifier: MIT
"""The monthly report (月报): every domain's figures of one month in one ``MonthReport``.

This module only collects: each domain's own statistics function computes the numbers
(access_stats.month_stats, certificates.month_counts, forms_entries.completeness,
mediation_stats.monthly, enforcement.statistics, hotline_rates.month_rates), so the
workbook, the PDF summary and the home dashboard show the same figures as the domain pages.

A domain the actor may not view is left out (and named in ``omitted``). Mediation and
enforcement count through their ``*.stats`` permissions, which street staff also hold: the
street sends these counts to the district, while the cases themselves stay with the
mediation and enforcement roles (人民调解法 第十五条).
Sheet names, column headers and figure codes are a published
interface for the district's programs (README "月报工作簿结构"): change them only together
with ``STRUCTURE``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains import access, certificates, enforcement, forms, hotline, mediation
from jiedao_desk.domains import org as core_org
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

# Bump when a sheet name, header or figure code changes; merge-monthly reads every listed one.
# 2: the printed sheets carry Chinese names only; figure codes moved to the 说明 sheet.
STRUCTURE = "jiedao-monthly-2"
STRUCTURE_V1 = "jiedao-monthly-1"
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx]|\d{15})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class DomainSpec:
    """A domain's sheet: stable name, title, view permission, page key and column headers."""

    key: str
    sheet: str
    title: str
    permission: str
    page: str
    headers: tuple[str, ...]


MEDIATION_HEADERS = ("调委会", "受理(件)", "调解成功(件)", "成功率(%)", "书面协议", "口头协议",
                     "终止调解", "协议涉及金额(元)", "回访", "司法确认申请", "确认有效", "不予确认",
                     "防止民转刑(件)", "防止民转刑(人)", "防止群体性上访(件)", "防止群体性上访(人)")
DOMAINS: tuple[DomainSpec, ...] = (
    DomainSpec("access", "准入申请", "社区工作准入", "access.view", "access",
               ("分类", "名称", "收到", "准入", "不予准入", "待决定", "超期未决定")),
    DomainSpec("certificate", "证明开具", "社区证明开具", "certificate.view", "certificates",
               ("分类", "事项", "件数")),
    DomainSpec("forms", "报表报送", "报表报送情况", "forms.view", "forms",
               ("报表", "期间", "社区", "状态")),
    DomainSpec("mediation", "人民调解", "人民调解", "mediation.stats", "mediation",
               MEDIATION_HEADERS),
    # 受理 split by dispute type and by source, per committee (the 黄石 report's breakdown, §3b).
    DomainSpec("mediation_kinds", "人民调解分类", "人民调解（按类型、来源）", "mediation.stats",
               "mediation", ("调委会", "分类方式", "类别", "受理(件)")),
    DomainSpec("enforcement", "综合执法", "综合行政执法", "enforcement.stats", "enforcement",
               ("分类", "项目", "数值")),
    DomainSpec("hotline", "接诉即办", "接诉即办（12345）", "hotline.view", "hotline",
               ("单位", "受理量", "办结量", "有效回访", "联系数", "解决数", "满意数", "基本满意",
                "不纳入考核", "响应率(%)", "解决率(%)", "满意率(%)", "综合成绩")),
)
SPECS = {d.key: d for d in DOMAINS}
FIGURE_HEADERS = ("领域", "指标", "数值", "单位", "加权依据")
FIGURE_HEADERS_V1 = ("领域", "指标代码", "指标", "数值", "单位", "加权依据")
# The 说明 sheet: for each figure of 关键指标 its code for the district's programs.
CODE_HEADERS = ("领域", "指标", "指标代码", "加权依据代码")


@dataclass(frozen=True)
class Figure:
    """One key figure; ``weight`` names the figure that weights a rate when streets are
    combined ("" = the figure is a count or amount and simply adds up)."""

    domain: str
    code: str
    label: str
    value: int | float | None
    unit: str = "件"
    weight: str = ""


@dataclass
class DomainData:
    """One domain's table rows (matching ``spec.headers``) and key figures."""

    spec: DomainSpec
    rows: list[list] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class MonthReport:
    """All figures of one month, as the actor may see them."""

    month: str
    first: str
    last: str
    as_of: str
    street: str
    generated_by: str
    generated_at: str
    audit_rows: int
    audit_head: str
    domains: list[DomainData]
    omitted: list[str]
    # On the street's PC: per community site, up to when its records have arrived by exchange
    # (exchange.data_complete_to); empty where no community site is enrolled.
    complete_to: list[tuple[str, str | None]] = field(default_factory=list)

    def domain(self, key: str) -> DomainData | None:
        """The domain's data, or None if it was left out."""
        return next((d for d in self.domains if d.spec.key == key), None)

    def figures(self) -> list[Figure]:
        """Every key figure, domain by domain."""
        return [f for d in self.domains for f in d.figures]

    def value(self, code: str) -> int | float | None:
        """The value of a figure code such as ``access.received`` (KeyError if absent)."""
        for f in self.figures():
            if f.code == code:
                return f.value
        raise KeyError(code)


def mask_text(value):
    """Mask resident ID numbers inside free text (keep first 6 and last 4 characters).

    Free-text keys (a refused certificate's matter, a unit name) may contain an ID number;
    the workbook leaves the office, so numbers are masked (个人信息保护法 第五十一条).
    """
    if not isinstance(value, str):
        return value
    return _ID_NUMBER.sub(lambda m: m[0][:6] + "*" * (len(m[0]) - 10) + m[0][-4:], value)


def month_bounds(month: str) -> tuple[str, str]:
    """First and last day (ISO) of "YYYY-MM"; ValidationError if malformed or not begun."""
    m = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", (month or "").strip())
    if not m:
        raise ValidationError(f"月份“{month}”格式不对，请写成 2026-10 的形式。", "month")
    y, mo = int(m[1]), int(m[2])
    first = f"{y:04d}-{mo:02d}-01"
    if first > clock.today().isoformat():
        raise ValidationError(f"{y}年{mo}月还没有开始，不能出月报。", "month")
    return first, f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"


def previous_month(month: str) -> str:
    """The month before "YYYY-MM"."""
    y, m = int(month[:4]), int(month[5:7])
    return f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"


# -- one builder per domain (each calls the domain's own statistics function) ---------------
def _access(store: Store, actor: Actor, month: str, first: str, last: str,
            memo: dict) -> DomainData:
    s = access.month_stats(store, actor, month)
    d = DomainData(SPECS["access"])
    for kind, rows in (("申请单位", s.by_unit), ("事项类型", s.by_type), ("合计", [s.total])):
        for r in rows:
            d.rows.append([kind, r.key, r.received, r.admitted, r.refused, r.pending, r.overdue])
    t = s.total
    for code, label, v in (("received", "收到申请", t.received), ("admitted", "准入", t.admitted),
                           ("refused", "不予准入", t.refused), ("pending", "待决定", t.pending),
                           ("overdue", "超期未决定", t.overdue)):
        d.figures.append(Figure("access", f"access.{code}", label, v))
    return d


_CERT_REASONS = {"denylist": "属不应出具证明事项清单", "not_in_catalog": "不在开具证明目录内"}


def _certificate(store: Store, actor: Actor, month: str, first: str, last: str,
                 memo: dict) -> DomainData:
    c = certificates.month_counts(store, actor, month)
    d = DomainData(SPECS["certificate"])
    d.rows += [["出具", k, n] for k, n in sorted(c.issued_by_item.items())]
    d.rows += [["不予出具", k, n] for k, n in sorted(c.refused_by_item.items())]
    d.rows += [["不予出具原因", _CERT_REASONS.get(k, k), n]
               for k, n in sorted(c.refused_by_reason.items())]
    d.rows += [["合计", "出具", c.issued], ["合计", "不予出具", c.refused],
               ["合计", "作废", c.voided]]
    d.figures += [Figure("certificate", "certificate.issued", "出具证明", c.issued),
                  Figure("certificate", "certificate.refused", "不予出具", c.refused),
                  Figure("certificate", "certificate.voided", "作废", c.voided)]
    return d


def _forms(store: Store, actor: Actor, month: str, first: str, last: str,
           memo: dict) -> DomainData:
    end = dt.date.fromisoformat(last)
    active = [f for f in forms.registry(store, examples=False).forms if f.active_on(end)]
    periods = {f.id: forms.periods_ending(f.frequency, month) for f in active}
    wanted = [f for f in active if periods[f.id]]
    cells = forms.completeness(store, actor, wanted, periods) if wanted else []
    d = DomainData(SPECS["forms"])
    d.rows += [[c.form_name, c.period, c.community_name, c.state_label] for c in cells]
    done = sum(c.state == "submitted" for c in cells)
    d.figures += [Figure("forms", "forms.expected", "应报送", len(cells), "份"),
                  Figure("forms", "forms.submitted", "已报送", done, "份"),
                  Figure("forms", "forms.missing", "未报送", len(cells) - done, "份")]
    return d


def _mediation_stats(store: Store, actor: Actor, month: str, memo: dict) -> list:
    """The month's mediation figures, collected once for both mediation tables."""
    if "mediation" not in memo:
        memo["mediation"] = mediation.monthly_stats(store, actor, month)
    return memo["mediation"]


def _mediation(store: Store, actor: Actor, month: str, first: str, last: str,
               memo: dict) -> DomainData:
    rows = _mediation_stats(store, actor, month, memo)
    d = DomainData(SPECS["mediation"])
    for s in rows:
        d.rows.append([s.committee, s.accepted, s.succeeded, s.success_rate, s.written, s.oral,
                       s.terminated, s.amount_fen / 100, s.follow_ups, s.jc_applied,
                       s.jc_confirmed, s.jc_rejected, s.prevented_cases["criminal"],
                       s.prevented_persons["criminal"], s.prevented_cases["petition"],
                       s.prevented_persons["petition"]])
    t = rows[-1]
    d.figures += [Figure("mediation", "mediation.accepted", "受理纠纷", t.accepted),
                  Figure("mediation", "mediation.succeeded", "调解成功", t.succeeded),
                  Figure("mediation", "mediation.success_rate", "调解成功率", t.success_rate,
                         "%", "mediation.accepted"),
                  Figure("mediation", "mediation.amount", "协议涉及金额", t.amount_fen / 100,
                         "元")]
    return d


def _mediation_kinds(store: Store, actor: Actor, month: str, first: str, last: str,
                     memo: dict) -> DomainData:
    d = DomainData(SPECS["mediation_kinds"])
    for s in _mediation_stats(store, actor, month, memo):
        d.rows += [[s.committee, "纠纷类型", k, n] for k, n in sorted(s.by_type.items())]
        d.rows += [[s.committee, "案件来源", mediation.SOURCES.get(k, k), n]
                   for k, n in sorted(s.by_source.items())]
    return d


def _enforcement(store: Store, actor: Actor, month: str, first: str, last: str,
                 memo: dict) -> DomainData:
    st = enforcement.statistics(store, actor, first, last)
    d = DomainData(SPECS["enforcement"])
    for kind, counts in (("案件来源", st.by_source), ("职权事项", st.by_power),
                         ("案件状态", st.by_state),
                         ("超期时限（截至统计日）", st.overdue_clocks)):
        d.rows += [[kind, k, n] for k, n in counts.items()]
    d.rows += [["罚款", "当月决定罚款(元)", st.fines_decided],
               ["罚款", "当月缴纳罚款(元)", st.fines_collected]]
    d.figures += [
        Figure("enforcement", "enforcement.cases", "当月发现案件", sum(st.by_source.values())),
        Figure("enforcement", "enforcement.fines_decided", "决定罚款", st.fines_decided, "元"),
        Figure("enforcement", "enforcement.fines_collected", "缴纳罚款", st.fines_collected,
               "元"),
        Figure("enforcement", "enforcement.overdue", "超期时限", sum(st.overdue_clocks.values()),
               "项")]
    return d


def _hotline(store: Store, actor: Actor, month: str, first: str, last: str,
             memo: dict) -> DomainData:
    rows = hotline.month_rates(store, actor, month)
    d = DomainData(SPECS["hotline"])
    for r in rows:
        d.rows.append([r.unit, r.received, r.closed, r.valid_visits, r.contacted, r.solved,
                       r.satisfied, r.basic, r.excluded, r.response_rate, r.resolution_rate,
                       r.satisfaction_rate, r.score])
    # The street row (a community worker gets only the own community's row).
    total = rows[-1] if rows else hotline.RateRow(hotline.STREET, None)
    w = "hotline.valid_visits"
    d.figures += [
        Figure("hotline", "hotline.received", "受理工单", total.received),
        Figure("hotline", "hotline.closed", "办结工单", total.closed),
        Figure("hotline", "hotline.valid_visits", "有效回访", total.valid_visits),
        Figure("hotline", "hotline.response_rate", "响应率", total.response_rate, "%", w),
        Figure("hotline", "hotline.resolution_rate", "解决率", total.resolution_rate, "%", w),
        Figure("hotline", "hotline.satisfaction_rate", "满意率", total.satisfaction_rate, "%", w),
        Figure("hotline", "hotline.score", "综合成绩", total.score, "分", w)]
    return d


_BUILDERS: dict[str, Callable[..., DomainData]] = {
    "access": _access, "certificate": _certificate, "forms": _forms,
    "mediation": _mediation, "mediation_kinds": _mediation_kinds, "enforcement": _enforcement,
    "hotline": _hotline}


def visible_domains(actor: Actor) -> list[DomainSpec]:
    """The domains whose figures this actor may see."""
    return [d for d in DOMAINS if auth.can(actor, d.permission)]


def collect(store: Store, actor: Actor, month: str,
            progress: Callable[..., None] | None = None) -> MonthReport:
    """Collect the figures of every domain the actor may view for ``month`` ("YYYY-MM").

    Args:
        store: the store.
        actor: who asks; domains without their view permission are left out (``omitted``),
            and a community worker's figures cover only the own community.
        month: "YYYY-MM", not in the future.
        progress: optional ``progress(done, total, text)``.

    Returns:
        The MonthReport (masked texts, the audit chain head at collection time).

    Raises:
        ValidationError: a malformed month or one that has not begun.
    """
    first, last = month_bounds(month)
    month = first[:7]
    street = core_org.get_street(store)
    domains, omitted = [], []
    specs = list(DOMAINS)
    memo: dict = {}  # what two tables share is collected once per report
    with settings_mod.read_once(store):  # the builders ask per record; one read serves all
        for i, spec in enumerate(specs):
            if progress:
                progress(i, len(specs), f"正在统计：{spec.title}")
            if not auth.can(actor, spec.permission):
                omitted.append(spec.title)
                continue
            data = _BUILDERS[spec.key](store, actor, month, first, last, memo)
            data.rows = [[mask_text(v) for v in row] for row in data.rows]
            domains.append(data)
    if progress:
        progress(len(specs), len(specs), "统计完成")
    # the exchange package (cryptography) loads with the first report, not with the app
    from jiedao_desk.core.exchange.enrol import data_complete_to

    count, head = audit_store.head(store)
    return MonthReport(month, first, last, min(last, clock.today().isoformat()),
                       street.name if street else "（未设置街道）", actor.name,
                       clock.now().isoformat(sep=" "), count, head, domains, omitted,
                       data_complete_to(store))


def exchange_text(report: MonthReport) -> str:
    """How complete the communities' records received by exchange are ("" without sites):
    each community's data counts up to when its PC wrote the newest package read here."""
    if not report.complete_to:
        return ""
    parts = [f"{name}数据完整至{at[:16].replace('T', ' ')}" if at else f"{name}尚未收到交换包"
             for name, at in report.complete_to]
    return ("数据交换：" + "；".join(parts) + "（以社区电脑写出最新交换包的时间为准，此后在社区"
            "电脑上登记的不在本报表中）。")


def with_previous(store: Store, actor: Actor, month: str,
                  progress: Callable[..., None] | None = None) -> tuple[MonthReport,
                                                                        MonthReport]:
    """``month``'s report and the previous month's (for "compared with last month")."""
    report = collect(store, actor, month, progress)
    return report, collect(store, actor, previous_month(report.month))


def change(value, previous) -> int | float | None:
    """``value - previous`` when both are numbers, else None."""
    if isinstance(value, (int, float)) and isinstance(previous, (int, float)):
        diff = value - previous
        return round(diff, 2) if isinstance(diff, float) else diff
    return None


def fmt(value) -> str:
    """A figure as printed: "—" for none, no trailing ".0"."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if not value.is_integer() \
            else f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int) else str(value)
