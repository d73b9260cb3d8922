# SPDX-License-Identifier: MIT
"""`calendar`: working-day arithmetic and local overrides."""

from __future__ import annotations

from jiedao_desk import registry
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import validate, workdays
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.store import calendar as calendar_store


def register(sub) -> None:
    p = sub.add_parser("calendar", help="工作日计算与本地节假日设定")
    csub = p.add_subparsers(dest="calendar_command", metavar="操作", required=True)

    a = csub.add_parser("add-working-days", help="DATE 之后第 N 个工作日（起算日不计）")
    a.add_argument("date", help="起算日，如 2026-09-30")
    a.add_argument("n", type=int, help="工作日数（可为负数：之前第 N 个工作日）")
    a.set_defaults(handler=run_add)

    w = csub.add_parser("is-workday", help="DATE 是否工作日")
    w.add_argument("date")
    w.set_defaults(handler=run_is_workday)

    s = csub.add_parser("set", help="本地设定某天为工作日或休息日（写入数据库）")
    s.add_argument("date")
    s.add_argument("kind", **labelled_choice({"workday": "工作日", "restday": "休息日"}, "设为"))
    s.add_argument("--note", default="", help="依据，如 国务院办公厅通知文号")
    s.set_defaults(handler=run_set)

    ls = csub.add_parser("list", help="列出本地设定")
    ls.set_defaults(handler=run_list)


def _calendar(ctx):
    # Without --db and without an existing default DB, use the library calendar alone.
    if ctx.args.db or ctx.db_path.exists():
        return workdays.load_calendar(ctx.store)
    return workdays.load_calendar(None)


def run_add(ctx) -> int:
    start = validate.date(ctx.args.date, "起算日")
    due = add_working_days(start, ctx.args.n, _calendar(ctx))
    mark = "" if due.confirmed else "（未确认：" + due.note + "）"
    ctx.out({"start": start.isoformat(), "n": ctx.args.n, "date": due.date.isoformat(),
             "confirmed": due.confirmed, "note": due.note}, due.date.isoformat() + mark)
    return 0


def run_is_workday(ctx) -> int:
    day = validate.date(ctx.args.date)
    info = _calendar(ctx).day_info(day)
    text = f"{day.isoformat()} {'工作日' if info.workday else '休息日'}（{info.reason}）"
    if not info.confirmed:
        text += " [未确认]"
    ctx.out({"date": day.isoformat(), "workday": info.workday, "confirmed": info.confirmed,
             "reason": info.reason}, text)
    return 0


def run_set(ctx) -> int:
    workdays.set_override(ctx.store, ctx.actor, ctx.args.date, ctx.args.kind == "workday",
                          ctx.args.note, on_calendar_change=registry.calendar_changed)
    ctx.out({"ok": True}, "已保存。")
    return 0


def run_list(ctx) -> int:
    rows = calendar_store.list_overrides(ctx.store)
    lines = [f"{r['day']} {'工作日' if r['is_workday'] else '休息日'} {r['note']}" for r in rows]
    ctx.out(rows, "\n".join(lines) or "（无本地设定）")
    return 0


