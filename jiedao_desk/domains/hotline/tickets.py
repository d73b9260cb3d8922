# SPDX-License-Identifier: MIT
"""接诉即办 (12345 hotline) tickets on the street's side: entry, clocks, todo, list.

The street is the hub answering citizens' 12345 claims (《北京市接诉即办工作条例》, 2021-09-24).
The city platform is the system of record; this is the street's offline view of its tickets.
Actions on a ticket (dispatch, 吹哨, 退单, extension, contact, reply, return visit, flags,
links) are in ``hotline_actions``; the import in ``hotline_import``; 三率 in ``hotline_rates``.

Time limits are SETTINGS, not law in this app: the defaults are the levels reported for
DB11/T 2021—2022《12345市民服务热线服务与管理规范》 by 北京日报 (2021-12-28 draft, 2022-11-16
final; reference mediation-hotline.md §5, confidence P = paraphrase in the press). Whether
7/15 days are calendar or working days is unknown (U), so that is a setting too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.core import auth, catalog
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.spec import SearchSource
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.core.workdays import WorkCalendar, load_calendar
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store import search as search_store
from jiedao_desk.store.lists import ListSource

ENTITY = hotline_store.ENTITY
CLAIM_CLASSES = {
    "urgent": "紧急（突发事件、可能危及生命财产）",
    "livelihood": "水电气热等基本民生、极端天气",
    "general": "一般诉求",
    "complex": "复杂疑难诉求",
}
NATURES = ("主办", "协办", "转办")
SATISFACTION = ("满意", "基本满意", "不满意")
STATUS_LABELS = {"received": "待派单", "dispatched": "已派单", "returned": "已退单",
                 "replied": "已反馈", "closed": "已办结"}
EVENT_LABELS = {"create": "登记", "import": "导入", "reimport": "重新导入更新", "dispatch": "派单",
                "return": "退单", "extend": "延期", "contact": "先行联系", "handling": "办理记录",
                "reply": "答复/办结", "visit": "回访", "flags": "标记", "summon": "吹哨",
                "arrival": "部门报到", "link": "关联", "void": "作废"}
RED, YELLOW, GREEN = "red", "yellow", "green"
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


@dataclass
class Clock:
    """A ticket's clock: the next deadline and its colour."""

    label: str
    due: dt.datetime
    colour: str
    met: bool = False


def _parse_dt(value: Any, field: str) -> dt.datetime:
    """Parse a date-time as typed or read from Excel ('2026-10-05 09:30', '2026/10/5 9:30')."""
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
    """Public: a date-time text in the stored form 'YYYY-MM-DD HH:MM'."""
    return _parse_dt(value, field).strftime(_DT)


def claim_types(store: Store) -> list[str]:
    """Claim types (诉求类型) of the hotline_claim_type catalog in force ([] if not loaded)."""
    try:
        version = catalog.current_version(store, "hotline_claim_type", on=clock.today())
    except NotFound:  # the catalog was never loaded into this database
        return []
    if version is None:
        return []
    return [i.text for i in catalog.items(store, version.id)]


def check_claim_type(store: Store, value: str) -> str:
    """A claim type must be in the catalog in force; free text only while none is loaded."""
    value = (value or "").strip()
    known = claim_types(store)
    if value and known and value not in known:
        raise ValidationError(f"诉求类型“{value}”不在现行目录（{'、'.join(known)}）中。",
                              "claim_type")
    return value


def deadlines(store: Store, received_at: str, claim_class: str, extension_days: int = 0,
              cal: WorkCalendar | None = None) -> tuple[str, str]:
    """(dispatch due, feedback due) for a ticket received at ``received_at``.

    Hour limits run on the clock; 7/15-day limits on calendar or working days (setting),
    plus granted extension days.
    """
    if claim_class not in CLAIM_CLASSES:
        raise ValidationError(f"时限类别“{claim_class}”未知。", "claim_class")
    start = _parse_dt(received_at, "受理时间")
    key = "urgent" if claim_class == "urgent" else (
        "livelihood" if claim_class == "livelihood" else "general")
    dispatch = start + dt.timedelta(hours=int(settings_mod.get(store,
                                                               SETTINGS[f"hotline.dispatch_hours.{key}"])))
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


def clock_of(store: Store, ticket: dict, now: dt.datetime | None = None,
             share: float | None = None) -> Clock | None:
    """The running clock of a ticket (None once replied, closed or sent back by 退单).

    Red: overdue. Yellow: less than ``hotline.yellow_share`` of the limit left. Green: else.
    """
    if ticket.get("voided_at") or ticket["status"] in ("replied", "closed", "returned") \
            or ticket.get("closed_at"):
        return None
    now = now or clock.now()
    start = _parse_dt(ticket["received_at"], "受理时间")
    if ticket["status"] == "received":
        label, due = "派单", _parse_dt(ticket["dispatch_due"], "派单期限")
    else:
        label, due = "反馈", _parse_dt(ticket["feedback_due"], "反馈期限")
    if share is None:  # lists pass it in, so painting a row reads no setting
        share = float(settings_mod.get(store, SETTINGS["hotline.yellow_share"]))
    total = max((due - start).total_seconds(), 1.0)
    left = (due - now).total_seconds()
    colour = RED if left < 0 else (YELLOW if left < total * share else GREEN)
    return Clock(label, due, colour)


# -- tickets --------------------------------------------------------------------------------
def _community_ok(store: Store, community_id: int | None) -> None:
    if community_id is None:
        return
    row = org_store.get_community(store, community_id)
    if row is None or row["voided_at"]:
        raise ValidationError("所选社区不存在或已作废。", "community_id")


def normalize(store: Store, values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the city-owned fields of a ticket (manual entry and import)."""
    v = dict(values)
    no = str(v.get("ticket_no") or "").strip()
    if not no or len(no) > 40:
        raise ValidationError("工单编号不能为空（最多40字符）。", "ticket_no")
    v["ticket_no"] = no
    received = _parse_dt(v.get("received_at"), "受理时间")
    v["received_at"] = received.strftime(_DT)
    v["month"] = v["received_at"][:7]
    v["claim_type"] = check_claim_type(store, v.get("claim_type") or "")
    v["claim_class"] = v.get("claim_class") or "general"
    if v["claim_class"] not in CLAIM_CLASSES:
        raise ValidationError(f"时限类别“{v['claim_class']}”未知。", "claim_class")
    v["nature"] = v.get("nature") or "主办"
    if v["nature"] not in NATURES:
        raise ValidationError(f"工单性质“{v['nature']}”应为主办、协办或转办。", "nature")
    if isinstance(v.get("category"), (list, tuple)):
        v["category"] = "->".join(str(x).strip() for x in v["category"] if str(x).strip())
    for key, limit in (("title", 200), ("content", 5000), ("claimant_name", 30),
                       ("claimant_phone", 30), ("place", 200), ("category", 200)):
        text = str(v.get(key) or "").strip()
        if len(text) > limit:
            raise ValidationError(f"“{key}”过长（最多{limit}字）。", key)
        v[key] = text
    if not v["claimant_name"]:
        v["claimant_name"] = "保密"  # withheld by the caller (诉求人 privacy, 条例)
    _community_ok(store, v.get("community_id"))
    return v


def index_ticket(store: Store, ticket_id: int) -> None:
    """(Re)index a ticket for search: number, title, content, category, place, name.

    The phone is left out (lists and search never show full numbers).
    """
    t = hotline_store.get(store, ticket_id)
    if t is None:
        return
    search_store.index(store, ENTITY, ticket_id, " ".join(
        str(t[k] or "") for k in ("ticket_no", "title", "content", "category", "place",
                                  "claimant_name", "community_name")))


def add_ticket(store: Store, actor: Actor, values: dict[str, Any]) -> int:
    """Enter a ticket by hand (手工登记); returns its id.

    Args:
        values: ticket_no, received_at, claim_type, claim_class, category, title, content,
            claimant_name, claimant_phone, community_id, place, nature.
    """
    auth.require(actor, "hotline.edit", values.get("community_id"))
    if auth.community_scope(actor) is not None and values.get("community_id") is None:
        values = {**values, "community_id": actor.community_id}
    v = normalize(store, values)
    v["dispatch_due"], v["feedback_due"] = deadlines(store, v["received_at"], v["claim_class"])
    v["status"], v["source"] = "received", "manual"
    with store.atomic():
        if hotline_store.find_by_number(store, v["ticket_no"]):
            raise ValidationError(f"工单编号“{v['ticket_no']}”已登记。", "ticket_no")
        tid = hotline_store.insert(store, v, actor.name)
        hotline_store.add_event(store, tid, "create", actor.name, to_status="received")
        index_ticket(store, tid)
        audit_store.record(store, actor, "hotline.add", ENTITY, tid, None,
                           {k: v[k] for k in ("ticket_no", "received_at", "claim_type")})
    return tid


def _visible(actor: Actor, row: dict | None, ticket_id: Any) -> dict:
    if row is None:
        raise NotFound(f"没有编号为 {ticket_id} 的工单。")
    scope = auth.community_scope(actor)
    if scope is not None and row["community_id"] != scope:
        raise NotFound(f"没有编号为 {ticket_id} 的工单。")  # other communities' are invisible
    return row


def get_ticket(store: Store, actor: Actor, ticket_id: int) -> dict:
    """One ticket (a dict, ``extra`` decoded) with its events, summons and links."""
    auth.require(actor, "hotline.view")
    row = _visible(actor, hotline_store.get(store, ticket_id), ticket_id)
    row["extra"] = json.loads(row["extra"] or "{}")
    row["status_text"] = STATUS_LABELS.get(row["status"], row["status"])
    row["events"] = hotline_store.events(store, ticket_id)
    for e in row["events"]:
        e["kind_text"] = EVENT_LABELS.get(e["kind"], e["kind"])
    row["summons"] = hotline_store.summons(store, ticket_id)
    row["links"] = hotline_store.links_of_ticket(store, ticket_id)
    return row


def find_ticket(store: Store, actor: Actor, ticket_no: str) -> dict:
    """A ticket by its city number."""
    auth.require(actor, "hotline.view")
    row = _visible(actor, hotline_store.find_by_number(store, ticket_no), ticket_no)
    return get_ticket(store, actor, row["id"])


def mask_phone(phone: str) -> str:
    """Only the last 4 digits of a phone (lists and exports show no full numbers)."""
    phone = phone or ""
    return phone if len(phone) <= 4 else "*" * 7 + phone[-4:]


def list_source(store: Store, actor: Actor, community_id: int | None = None) -> ListSource:
    """The tickets this actor may see; filters ``community_id``, ``month``, ``status``."""
    auth.require(actor, "hotline.view", community_id)
    return hotline_store.list_source(store, auth.community_scope(actor) or community_id)


def void_ticket(store: Store, actor: Actor, ticket_id: int, reason: str) -> None:
    """Void a ticket entered by mistake (records are never deleted)."""
    auth.require(actor, "hotline.edit")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因。", "reason")
    with store.atomic():
        row = _visible(actor, hotline_store.get(store, ticket_id), ticket_id)
        auth.require(actor, "hotline.edit", row["community_id"])
        hotline_store.void(store, ticket_id, reason)
        search_store.unindex(store, ENTITY, ticket_id)
        hotline_store.add_event(store, ticket_id, "void", actor.name, {"reason": reason})
        audit_store.record(store, actor, "hotline.void", ENTITY, ticket_id,
                           {"voided": False}, {"voided": True, "reason": reason})


def todo_items(store: Store, actor: Actor, today: dt.date, cal: WorkCalendar) -> Iterable[TodoItem]:
    """Open tickets with their next deadline (派单 or 反馈) on the home todo list."""
    if not auth.can(actor, "hotline.view"):
        return []
    items = []
    for t in hotline_store.open_tickets(store, auth.community_scope(actor)):
        c = clock_of(store, t)
        if c is None:
            continue
        mark = {RED: "【超时】", YELLOW: "【临近】", GREEN: ""}[c.colour]
        items.append(TodoItem("hotline", f"{mark}12345工单 {t['ticket_no']} {c.label}期限 "
                              f"{c.due:%m-%d %H:%M}：{t['title'] or '（无标题）'}",
                              c.due.date(), ENTITY, t["id"],
                              basis="接诉即办时限（设置，默认值据 DB11/T 2021—2022 报道）"))
    return items


def count_tickets(store: Store) -> int:
    """How many tickets the database holds, voided ones included (the demo and the benchmarks
    ask before they generate any)."""
    return hotline_store.count_all(store)


def describe(store: Store, actor: Actor, ticket_id: int) -> tuple[str, str] | None:
    """Search hit of a ticket, hidden from roles and communities that may not see it."""
    if not auth.can(actor, "hotline.view"):
        return None
    t = hotline_store.get(store, ticket_id)
    scope = auth.community_scope(actor)
    if t is None or t["voided_at"] or (scope is not None and t["community_id"] != scope):
        return None
    return (f"12345工单 {t['ticket_no']} {t['title']}",
            f"{t['received_at']} {t['community_name'] or ''} {t['category']}".strip())


SOURCE = SearchSource(ENTITY, "12345工单", describe)
