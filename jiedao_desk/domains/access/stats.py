# SPDX-License-Identifier: MIT
"""Access requests: monthly statistics and the home page's todo items.

Monthly figures are stable once a month is over: decisions count in the month they were made,
and "pending" / "overdue" are the state as of the month's last day (or today, for the current
month), read from the transition history, not from today's state.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.core.workdays import WorkCalendar
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access import store as access_store
from jiedao_desk.domains.access.model import MonthStats, StatRow
from jiedao_desk.store import Store

_BASIS = "西城区2018年准入做法（本地设置，非法定）"


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", (month or "").strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise ValidationError(f"月份“{month}”格式不对，请写成 2026-10 的形式。", "month")
    year, mon = int(m[1]), int(m[2])
    return dt.date(year, mon, 1), dt.date(year, mon, _cal.monthrange(year, mon)[1])


def month_stats(store: Store, actor: Actor, month: str) -> MonthStats:
    """Received, admitted, refused, pending and overdue decisions of a month.

    Args:
        store: the store.
        actor: who asks (``access.view``; a community worker sees only their community).
        month: "YYYY-MM".

    Returns:
        Totals and rows by applying unit (department) and by task type.

    Raises:
        ValidationError: bad month, or a month that has not begun yet.
    """
    auth.require(actor, "access.view")
    first, last = _month_bounds(month)
    today = clock.today()
    if first > today:
        raise ValidationError(f"{first.year}年{first.month}月还没有开始。", "month")
    as_of = min(last, today)
    rows = access_store.stats_rows(store, as_of.isoformat(), auth.community_scope(actor))
    state_on: dict[int, str] = {}
    for t in access_store.transitions_until(store, [r["id"] for r in rows], as_of.isoformat()):
        state_on[t["request_id"]] = t["to_state"]
    total = StatRow("合计")
    by_unit: dict[str, StatRow] = {}
    by_type: dict[str, StatRow] = {}
    lo, hi = first.isoformat(), last.isoformat()
    for r in rows:
        counts = {
            "received": lo <= r["received_on"] <= hi,
            "admitted": r["decision"] == "admit" and lo <= (r["decided_on"] or "") <= hi,
            "refused": r["decision"] == "refuse" and lo <= (r["decided_on"] or "") <= hi,
            "pending": state_on.get(r["id"]) in rules.UNDECIDED,
        }
        counts["overdue"] = counts["pending"] and r["decide_by"] < as_of.isoformat()
        for target in (total,
                       by_unit.setdefault(r["applicant_unit"], StatRow(r["applicant_unit"])),
                       by_type.setdefault(r["task_type"], StatRow(r["task_type"]))):
            for name, hit in counts.items():
                setattr(target, name, getattr(target, name) + int(hit))

    def keep(rows_: dict[str, StatRow]) -> list[StatRow]:
        return [s for _, s in sorted(rows_.items())
                if s.received or s.admitted or s.refused or s.pending]

    return MonthStats(f"{first.year}-{first.month:02d}", as_of, total, keep(by_unit),
                      keep(by_type))


STAT_HEADERS = ("收到", rules.STATES["admitted"], rules.STATES["refused"], "待决定", "超期未决定")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cells(name: str, values: Iterable[object]) -> str:
    name = name if _width(name) <= 24 else name[:11] + "…"
    return name + " " * (26 - _width(name)) + "".join(
        " " * (12 - _width(str(v))) + str(v) for v in values)


def stats_table(stats: MonthStats) -> str:
    """Plain-text table of the statistics (for the CLI)."""
    def block(title: str, rows: list[StatRow]) -> list[str]:
        return [title, _cells("", STAT_HEADERS),
                *[_cells(r.key, (r.received, r.admitted, r.refused, r.pending, r.overdue))
                  for r in [*rows, stats.total]]]

    return "\n".join([f"社区工作准入 {stats.month} 月度统计（截至 {stats.as_of.isoformat()}）", "",
                      *block("按申请单位：", stats.by_unit), "",
                      *block("按事项类型：", stats.by_type)])


def todo_items(store: Store, actor: Actor, today: dt.date,
               cal: WorkCalendar) -> Iterable[TodoItem]:
    """Undecided requests (for deciders) and unapproved tasks about to start (for those who
    register and check requests; a read-only reader cannot act on either)."""
    if not auth.can(actor, "access.edit"):
        return []
    scope = auth.community_scope(actor)
    items: list[TodoItem] = []
    soon = int(settings_mod.get(
        store, access.SETTINGS["access.start_soon_working_days"]))
    horizon = add_working_days(today, soon, cal).date
    for rid in access_store.live_ids(store, scope, rules.UNDECIDED):
        req = access.get_request(store, actor, rid)
        if req.state in rules.UNDECIDED and auth.can(actor, "access.decide"):
            items.append(TodoItem(
                "access", f"准入申请待决定：{req.title}（{req.applicant_unit}）", req.decide_by,
                access.ENTITY, req.id, req.deadline_confirmed,
                "西城区2018年做法：" + str(settings_mod.get(
                    store, access.SETTINGS["access.decide_within_working_days"]))
                + "个工作日内决定"))
        if req.community_may_refuse and req.state in rules.UNDECIDED \
                and req.planned_start <= horizon:
            items.append(TodoItem(
                "access", f"未经准入即将开始：{req.title}（{req.community_names}，社区可拒绝）",
                req.planned_start, access.ENTITY, req.id, True, _BASIS))
    return items
