# SPDX-License-Identifier: MIT
"""Time limits of 12345 tickets: dispatch and feedback deadlines, the running clock and its
colour, and the open tickets on the home todo list.

Time limits are SETTINGS, not law in this app: the defaults are the levels reported for
DB11/T 2021—2022《12345市民服务热线服务与管理规范》 by 北京日报 (2021-12-28 draft, 2022-11-16
final; reference mediation-hotline.md §5, confidence P = paraphrase in the press). Whether
7/15 days are calendar or working days is unknown (U), so that is a setting too. A clock
only warns (red / yellow / green); no action is refused because a limit has passed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.core.workdays import Moved, WorkCalendar, load_calendar
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.model import (
    CLAIM_CLASSES,
    GREEN,
    RED,
    YELLOW,
    Clock,
    Timing,
)
from jiedao_desk.domains.hotline.rules import CLOCK_STOPPED, ENTITY, RECEIVED
from jiedao_desk.store import Store

_DT = "%Y-%m-%d %H:%M"
_G = "接诉即办"
_SRC = ("默认值：DB11/T 2021—2022 的时限，据北京日报 2021-12-28（征求意见稿）"
        "与 2022-11-16（正式版）"
        "报道转述，非标准原文（参考资料 §5，置信度 P）。")

SETTINGS = settings_mod.declare(
    Setting("hotline.dispatch_hours.urgent", "派单时限：紧急诉求（小时）", 1, _SRC, _G),
    Setting("hotline.dispatch_hours.livelihood", "派单时限：水电气热等（小时）", 2, _SRC, _G),
    Setting("hotline.dispatch_hours.general", "派单时限：一般/复杂诉求（小时）", 24,
            "报道原文在“24”处截断，推测为24小时，未核实（参考资料 §5）。", _G),
    Setting("hotline.feedback_hours.urgent", "反馈时限：紧急诉求（小时）", 2, _SRC, _G),
    Setting("hotline.feedback_hours.livelihood", "反馈时限：水电气热等（小时）", 24, _SRC, _G),
    Setting("hotline.feedback_days.general", "反馈时限：一般诉求（天）", 7,
            _SRC + "正式版中一般诉求的反馈时限未见报道，沿用征求意见稿。", _G),
    Setting("hotline.feedback_days.complex", "反馈时限：复杂疑难诉求（天）", 15,
            "北京日报 2022-11-16：“复杂疑难诉求15日内反馈结果”（P）。", _G),
    Setting("hotline.feedback_day_kind", "7天/15天时限按“自然日”还是“工作日”计算", "自然日",
            "公开资料未说明是自然日还是工作日（参考资料 §5，U）；默认按自然日，"
            "如区里明确为工作日请改为“工作日”。", _G),
    Setting("hotline.yellow_share", "剩余时间少于时限的多少比例时标黄", 0.25,
            "本地习惯，非规定：例如7天时限剩余不足1.75天时在待办中标黄。", _G),
)


def parse_datetime(value: Any, field: str) -> dt.datetime:
    """A date-time as typed or read from Excel ('2026-10-05 09:30', '2026/10/5 9:30')."""
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})"
                     r"(?:[:：]\d{2})?)?", text)
    if not m:
        raise ValidationError(f"{field}“{text}”不是有效的时间，应写成 2026-10-05 09:30。", field)
    y, mo, d, h, mi = (int(g) if g else 0 for g in m.groups())
    try:
        return dt.datetime(y, mo, d, h, mi)
    except ValueError:
        raise ValidationError(f"{field}“{text}”不是有效的时间。", field) from None


def parse_time(value: Any, field: str = "时间") -> str:
    """A date-time text in the stored form 'YYYY-MM-DD HH:MM'."""
    return parse_datetime(value, field).strftime(_DT)


def deadlines(store: Store, received_at: str, claim_class: str, extension_days: int = 0,
              cal: WorkCalendar | None = None) -> tuple[str, str]:
    """(dispatch due, feedback due) for a ticket received at ``received_at``.

    Hour limits run on the clock; 7/15-day limits on calendar or working days (setting),
    plus granted extension days.
    """
    if claim_class not in CLAIM_CLASSES:
        raise ValidationError(f"时限类别“{claim_class}”未知。", "claim_class")
    start = parse_datetime(received_at, "受理时间")
    key = "urgent" if claim_class == "urgent" else (
        "livelihood" if claim_class == "livelihood" else "general")
    dispatch = start + dt.timedelta(
        hours=int(settings_mod.get(store, SETTINGS[f"hotline.dispatch_hours.{key}"])))
    if claim_class in ("urgent", "livelihood"):
        hours = int(settings_mod.get(store, SETTINGS[f"hotline.feedback_hours.{claim_class}"]))
        feedback = start + dt.timedelta(hours=hours) + dt.timedelta(days=extension_days)
    else:
        days = int(settings_mod.get(store, SETTINGS[f"hotline.feedback_days.{claim_class}"])) \
            + extension_days
        kind = str(settings_mod.get(store, SETTINGS["hotline.feedback_day_kind"])).strip()
        if kind not in ("自然日", "工作日"):
            raise ValidationError(f"设置“7天/15天时限按……计算”的值“{kind}”应为“自然日”或“工作日”。",
                                  "hotline.feedback_day_kind")
        if kind == "工作日":
            day = add_working_days(start.date(), days, cal or load_calendar(store)).date
            feedback = dt.datetime.combine(day, start.time())
        else:
            feedback = start + dt.timedelta(days=days)
    return dispatch.strftime(_DT), feedback.strftime(_DT)


def recompute_feedback_due(store: Store, cal: WorkCalendar) -> list[Moved]:
    """Recount on ``cal`` the feedback deadline of every open 7/15-day ticket while those
    limits count working days (setting); hour limits and calendar days do not move."""
    kind = str(settings_mod.get(store, SETTINGS["hotline.feedback_day_kind"])).strip()
    if kind != "工作日":
        return []
    moved = []
    for row in hotline_store.day_limit_open(store, ("general", "complex"), CLOCK_STOPPED):
        _, feedback = deadlines(store, row["received_at"], row["claim_class"],
                                row["extension_days"], cal)
        if feedback != row["feedback_due"]:
            hotline_store.set_feedback_due(store, row["id"], feedback)
            moved.append(Moved(row["id"], {"feedback_due": row["feedback_due"]},
                               {"feedback_due": feedback}))
    return moved


def yellow_share(store: Store) -> float:
    """The share of a time limit left below which a clock turns yellow (setting)."""
    return float(settings_mod.get(store, SETTINGS["hotline.yellow_share"]))


def clock_of(store: Store, timing: Timing, now: dt.datetime | None = None,
             share: float | None = None) -> Clock | None:
    """The running clock of a ticket (None once replied, closed or sent back by 退单).

    Red: overdue. Yellow: less than ``hotline.yellow_share`` of the limit left. Green: else.
    """
    if timing.voided or timing.state in CLOCK_STOPPED or timing.closed_at:
        return None
    now = now or clock.now()
    start = parse_datetime(timing.received_at, "受理时间")
    if timing.state == RECEIVED:
        label, due = "派单", parse_datetime(timing.dispatch_due, "派单期限")
    else:
        label, due = "反馈", parse_datetime(timing.feedback_due, "反馈期限")
    if share is None:  # lists pass it in, so painting a row reads no setting
        share = yellow_share(store)
    total = max((due - start).total_seconds(), 1.0)
    left = (due - now).total_seconds()
    colour = RED if left < 0 else (YELLOW if left < total * share else GREEN)
    return Clock(label, due, colour)


def todo_items(store: Store, actor: Actor, today: dt.date, cal: WorkCalendar) -> Iterable[TodoItem]:
    """Open tickets with their next deadline (派单 or 反馈) on the home todo list.

    Only for those who dispatch and reply (``hotline.edit``): mediators and enforcement
    officers read tickets but cannot act on their deadlines. The deadline goes to the todo
    list with its time of day, so the list calls a ticket overdue from that moment on, and
    amber when the ticket's own clock is yellow (little of its time left)."""
    if not auth.can(actor, "hotline.edit"):
        return []
    now = clock.now()
    share = yellow_share(store)
    items = []
    for t in hotline_store.open_tickets(store, auth.community_scope(actor)):
        c = clock_of(store, t.timing, now, share)
        if c is None:
            continue
        items.append(TodoItem("hotline", f"12345工单 {t.ticket_no} {c.label}期限 "
                              f"{c.due:%m-%d %H:%M}：{t.title or '（无标题）'}",
                              c.due.date(), ENTITY, t.id,
                              basis="接诉即办时限（本地设置）",
                              due_at=c.due, near=c.colour == YELLOW))
    return items
