# SPDX-License-Identifier: MIT
"""三率 over months (trend) and the Excel exports of the rates and of the hot spots.

The trend is nothing but ``rates.month_rates`` for each month, so the chart, the export and
the monthly table can never disagree. The formulas and weights are the unofficial defaults
described in ``rates`` (reference mediation-hotline.md §6); every export carries a 说明 sheet
saying so, with the weights actually used.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.hotline import rates as hotline_rates
from jiedao_desk.domains.hotline.model import Trend
from jiedao_desk.domains.hotline.rates import STREET
from jiedao_desk.store import Store

MAX_MONTHS = 36
RATE_HEADERS = ("月份", "单位", "受理量", "办结量", "有效回访", "联系数", "解决数", "满意数",
                "基本满意", "不纳入考核", "响应率(%)", "解决率(%)", "满意率(%)", "综合成绩")
HOTSPOT_HEADERS = ("次数", "问题分类", "地点", "首次受理", "最近受理", "工单编号")


def _setting(store: Store, key: str) -> object:
    return settings_mod.get(store, hotline_rates.SETTINGS[key])


def month_span(last: str, count: int) -> list[str]:
    """``count`` months ending with ``last`` (YYYY-MM), oldest first."""
    hotline_rates.check_month(last)
    if not isinstance(count, int) or not 1 <= count <= MAX_MONTHS:
        raise ValidationError(f"月数应为1到{MAX_MONTHS}之间的整数。", "months")
    y, m = int(last[:4]), int(last[5:])
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def trend(store: Store, actor: Actor, last: str | None = None, count: int = 12) -> Trend:
    """三率 of the last ``count`` months up to ``last`` (default: this month).

    Units are the communities that had tickets in any of the months, then 全街道 (a community
    worker sees only the own community).
    """
    auth.require(actor, "hotline.view")
    months = month_span(last or clock.today().isoformat()[:7], count)
    result = Trend(months)
    for i, month in enumerate(months):
        for row in hotline_rates.month_rates(store, actor, month):
            if row.unit not in result.rows:
                result.rows[row.unit] = [None] * len(months)
                result.units.append(row.unit)
            result.rows[row.unit][i] = row
    if STREET in result.units:  # the street total last, whatever month it first appeared
        result.units.remove(STREET)
        result.units.append(STREET)
    return result


def _note_sheet(wb, store: Store, lines: list[str]) -> None:
    ws = wb.create_sheet("说明")
    weights = "、".join(f"{label} {_setting(store, f'hotline.weight.{k}')}"
                        for k, label in (("response", "响应率"), ("resolution", "解决率"),
                                         ("satisfaction", "满意率")))
    for line in (*lines,
                 "响应率=联系数/有效回访；解决率=解决数/有效回访；"
                 "满意率=(满意数+系数×基本满意数)/有效回访。",
                 f"综合成绩权重（设置“接诉即办”）：{weights}；基本满意系数 "
                 f"{_setting(store, 'hotline.basic_satisfied_coef')}。",
                 "默认公式与权重取自北京某区的统计代码，非官方口径（参考资料 §6）；"
                 "北京市官方权重未公开。",
                 "不纳入考核的工单单列，不计入有效回访。工单按受理月份归月。",
                 f"导出时间：{clock.now():%Y-%m-%d %H:%M}"):
        ws.append([line])


def write_rates_xlsx(store: Store, actor: Actor, months: list[str], path: str | Path) -> Path:
    """Export the 三率 of ``months`` (one block of rows per month) with a 说明 sheet."""
    from openpyxl import Workbook  # deferred: a heavy library only this export needs
    from openpyxl.styles import Font

    from jiedao_desk.exports import printing

    auth.require(actor, "hotline.view")
    if not months:
        raise ValidationError("请至少选择一个月份。", "months")
    wb = Workbook()
    ws = wb.active
    ws.title = "三率"
    ws.append(list(RATE_HEADERS))
    for c in ws[1]:
        c.font = Font(bold=True)
    for month in months:
        for r in hotline_rates.month_rates(store, actor, hotline_rates.check_month(month)):
            ws.append([month, r.unit, r.received, r.closed, r.valid_visits, r.contacted,
                       r.solved, r.satisfied, r.basic, r.excluded, r.response_rate,
                       r.resolution_rate, r.satisfaction_rate, r.score])
    ws.freeze_panes = "C2"
    _note_sheet(wb, store, [f"接诉即办三率（{months[0]} 至 {months[-1]}）"])
    month = months[0] if len(months) == 1 else ""
    printing.prepare_workbook(wb, printing.street_name(store), month, header_rows={"说明": None},
                              titles={"三率": f"接诉即办三率（{months[0]} 至 {months[-1]}）"})
    path = Path(path)
    wb.save(path)
    return path


def write_hotspots_xlsx(store: Store, actor: Actor, first: str, last: str, path: str | Path,
                        min_count: int = 2, by_place: bool = True) -> Path:
    """Export the recurring claims (主动治理) of a period."""
    from openpyxl import Workbook  # deferred: a heavy library only this export needs
    from openpyxl.styles import Font

    from jiedao_desk.exports import printing

    rows = hotline_rates.hot_spots(store, actor, first, last, min_count, by_place)
    wb = Workbook()
    ws = wb.active
    ws.title = "高频诉求"
    ws.append(list(HOTSPOT_HEADERS))
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([r.count, r.category or "（未分类）", r.place if by_place else "（不分地点）",
                   r.first_at, r.last_at, r.ticket_numbers])
    ws.freeze_panes = "A2"
    note = wb.create_sheet("说明")
    for line in (f"高频诉求（{first} 至 {last}，同一问题分类{'和地点' if by_place else ''}"
                 f"出现至少 {min_count} 次）",
                 "依据：条例要求街道对诉求集中的问题主动治理（参考资料 §7）；归并规则为本地做法，"
                 "非官方口径。", f"导出时间：{clock.now():%Y-%m-%d %H:%M}"):
        note.append([line])
    printing.prepare_workbook(wb, printing.street_name(store), header_rows={"说明": None},
                              titles={"高频诉求": f"高频诉求（{first} 至 {last}）"})
    path = Path(path)
    wb.save(path)
    return path


def default_span(today: dt.date | None = None, count: int = 3) -> tuple[str, str]:
    """(first, last) month of the ``count`` months ending this month (hot-spot default)."""
    months = month_span((today or clock.today()).isoformat()[:7], count)
    return months[0], months[-1]
