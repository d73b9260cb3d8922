# SPDX-License-Identifier: MIT
"""三率 (响应率、解决率、满意率) per month, per community and for the street.

The 条例 makes 响应率、解决率、满意率 the content of 考评, but the official formulas and
weights are NOT public (reference mediation-hotline.md §6: official weights U; the 2026
人大 survey says weights differ by unit type and have changed). The formulas below are the
ones seen in one Beijing district's analytics code (§6, confidence S = secondary, district
not named); the weights and the 基本满意 coefficient are settings with those values as
visible defaults, marked unofficial:

    有效回访数 V = tickets with a return-visit answer, not excluded from assessment
    响应率 = 联系数 / V        (联系数: caller confirms being contacted)
    解决率 = 解决数 / V        (解决数: caller says solved)
    满意率 = (满意数 + k × 基本满意数) / V,  k = 0.9 by default
    综合成绩 = (响应率 × 0.10 + 解决率 × 0.50 + 满意率 × 0.40) × 100

Tickets flagged 不纳入考核 are counted apart (``excluded``) and left out of V. The month of a
ticket is the month it was received (受理); the city's own cut-off rule is unknown.
"""

from __future__ import annotations

import re

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.model import HotSpot, RateRow
from jiedao_desk.store import Store

_G = "接诉即办"
_NOTE = ("非官方默认值：取自北京某区三率统计代码（参考资料 §6，置信度 S）；北京市官方权重未公开，"
         "且按单位类型不同。请按区里通知修改。")
SETTINGS = settings_mod.declare(
    Setting("hotline.weight.response", "综合成绩权重：响应率", 0.10, _NOTE, _G),
    Setting("hotline.weight.resolution", "综合成绩权重：解决率", 0.50, _NOTE, _G),
    Setting("hotline.weight.satisfaction", "综合成绩权重：满意率", 0.40, _NOTE, _G),
    Setting("hotline.basic_satisfied_coef", "满意率中“基本满意”的折算系数", 0.9, _NOTE, _G),
)
STREET = "全街道"


def check_month(month: str) -> str:
    """``month`` if it is a month written YYYY-MM (ValidationError otherwise)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month or ""):
        raise ValidationError(f"月份“{month}”格式不对，请写成 2026-10。", "month")
    return month


def compute(row: RateRow, weights: tuple[float, float, float], coef: float) -> RateRow:
    """Fill the rates and the combined score of a row from its counts (None without visits)."""
    v = row.valid_visits
    if not v:
        return row
    row.response_rate = round(100 * row.contacted / v, 2)
    row.resolution_rate = round(100 * row.solved / v, 2)
    row.satisfaction_rate = round(100 * (row.satisfied + coef * row.basic) / v, 2)
    w_r, w_s, w_m = weights
    # Score from the unrounded ratios, so rounding the shown rates does not move it.
    row.score = round(100 * (w_r * row.contacted / v + w_s * row.solved / v
                             + w_m * (row.satisfied + coef * row.basic) / v), 2)
    return row


_COUNTS = ("received", "closed", "excluded", "valid_visits", "contacted", "solved",
           "satisfied", "basic")


def month_rates(store: Store, actor: Actor, month: str) -> list[RateRow]:
    """三率 of a month (YYYY-MM): one row per community, then the street total.

    A community worker gets only the own community's row (no street total).
    """
    auth.require(actor, "hotline.view")  # before checking the input
    check_month(month)
    auth.require(actor, "hotline.view")
    scope = auth.community_scope(actor)
    weights = tuple(float(settings_mod.get(store, SETTINGS[f"hotline.weight.{k}"]))
                    for k in ("response", "resolution", "satisfaction"))
    coef = float(settings_mod.get(store, SETTINGS["hotline.basic_satisfied_coef"]))
    by_unit: dict[int | None, RateRow] = {}
    order: dict[int | None, int] = {}
    street = RateRow(STREET, None)
    for t in hotline_store.month_counts(store, month):  # counted per community in SQL
        cid = t["community_id"]
        if scope is not None and cid != scope:
            continue
        row = by_unit[cid] = RateRow(t["community_name"] or "（未分社区）", cid)
        order[cid] = t["sort_order"] if t["sort_order"] is not None else 1 << 30
        for name in _COUNTS:
            setattr(row, name, t[name] or 0)
            setattr(street, name, getattr(street, name) + (t[name] or 0))
    rows = [compute(r, weights, coef) for r in sorted(  # type: ignore[arg-type]
        by_unit.values(), key=lambda r: (order[r.community_id], r.unit))]
    if scope is None:
        rows.append(compute(street, weights, coef))  # type: ignore[arg-type]
    return rows


def hot_spots(store: Store, actor: Actor, first_month: str, last_month: str,
              min_count: int = 2, by_place: bool = True) -> list[HotSpot]:
    """Recurring claims (主动治理, 每月一题 candidates): tickets grouped by category and place.

    The 条例 asks streets to govern proactively where claims concentrate (reference §7, P);
    the grouping rule itself is local, not official.
    """
    auth.require(actor, "hotline.view")  # before checking the input
    for m in (first_month, last_month):
        check_month(m)
    if first_month > last_month:
        raise ValidationError("起始月份不能晚于结束月份。", "month")
    if min_count < 1:
        raise ValidationError("最少次数应至少为1。", "min_count")
    auth.require(actor, "hotline.view")
    return hotline_store.hot_spots(store, first_month, last_month, min_count,
                                   auth.community_scope(actor), by_place)
