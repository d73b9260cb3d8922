# SPDX-License-Identifier: MIT
"""`hotline`: 接诉即办 (12345) tickets — import, rates, add, list, show, dispatch."""

from __future__ import annotations

from dataclasses import asdict

from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.domains import mediation
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import history as hotline_history
from jiedao_desk.domains.hotline import importing as hotline_import
from jiedao_desk.domains.hotline import links as hotline_links
from jiedao_desk.domains.hotline import rates as hotline_rates
from jiedao_desk.domains.hotline import reports as hotline_reports
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.model import CLAIM_CLASSES, NATURES
from jiedao_desk.domains.hotline.rules import MACHINE
from jiedao_desk.store import org as org_store


def register(sub) -> None:
    """Add the ``hotline`` command group."""
    p = sub.add_parser("hotline", help="接诉即办（12345）工单：导入、三率、登记、列表、详情、派单")
    hsub = p.add_subparsers(dest="hotline_command", metavar="操作", required=True)
    _add_import_and_reports(hsub)
    _add_ticket_commands(hsub)
    _add_history_and_links(hsub)


def _add_import_and_reports(hsub) -> None:
    """``import``, ``rates``, ``trend`` and ``hotspots``."""
    i = hsub.add_parser("import", help="导入市平台导出的工单 xlsx（有一行错误则全部不导入）")
    i.add_argument("file", metavar="FILE.xlsx", help="市平台导出的 Excel 文件")
    i.add_argument("--mapping", metavar="NAME", help="已保存的列对应关系名称（默认：内置“默认”）")
    i.set_defaults(handler=run_import)

    r = hsub.add_parser("rates", help="某月三率（响应、解决、满意率）及综合成绩，按社区和全街道")
    r.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-10")
    r.add_argument("--xlsx", metavar="FILE", help="同时导出为 Excel 文件")
    r.set_defaults(handler=run_rates)

    tr = hsub.add_parser("trend", help="最近若干个月的三率趋势（按社区和全街道），可导出 Excel")
    tr.add_argument("--to", dest="last", metavar="YYYY-MM", help="最后一个月（默认本月）")
    tr.add_argument("--months", type=int, default=12, help="月数（默认12，最多36）")
    tr.add_argument("--xlsx", metavar="FILE", help="导出每月三率为 Excel 文件")
    tr.set_defaults(handler=run_trend)

    h = hsub.add_parser("hotspots", help="高频诉求：按问题分类和地点归并工单（主动治理）")
    h.add_argument("--from", dest="first", required=True, metavar="YYYY-MM", help="起始月份")
    h.add_argument("--to", dest="last", required=True, metavar="YYYY-MM", help="结束月份")
    h.add_argument("--min", type=int, default=2, help="至少出现几次（默认2）")
    h.add_argument("--category-only", action="store_true", help="只按问题分类归并，不分地点")
    h.add_argument("--xlsx", metavar="FILE", help="导出为 Excel 文件")
    h.set_defaults(handler=run_hotspots)


def _add_ticket_commands(hsub) -> None:
    """``add``, ``list``, ``show`` and ``dispatch``."""
    a = hsub.add_parser("add", help="手工登记一张工单")
    a.add_argument("--no", required=True, help="工单编号")
    a.add_argument("--received", required=True, metavar="TIME",
                   help="受理时间，如 2026-11-20 09:30")
    a.add_argument("--type", default="", help="诉求类型（咨询、求助、投诉、举报、建议）")
    a.add_argument("--class", dest="claim_class", default="general",
                   **labelled_choice(CLAIM_CLASSES, "时限类别"))
    a.add_argument("--category", default="", help="问题分类，多级用 -> 连接")
    a.add_argument("--title", default="", help="标题")
    a.add_argument("--content", default="", help="主要内容")
    a.add_argument("--name", default="", help="诉求人（不填为“保密”）")
    a.add_argument("--phone", default="", help="诉求人电话")
    a.add_argument("--community", metavar="CODE", help="社区代码")
    a.add_argument("--place", default="", help="地点")
    a.add_argument("--nature", default="主办", choices=NATURES, help="工单性质")
    a.set_defaults(handler=run_add)

    ls = hsub.add_parser("list", help="工单列表（电话只显示后四位），可按社区、月份、状态筛选")
    ls.add_argument("--community", metavar="CODE", help="社区代码")
    ls.add_argument("--month", metavar="YYYY-MM", help="受理月份")
    ls.add_argument("--status", dest="state", **labelled_choice(MACHINE.states, "状态"))
    ls.set_defaults(handler=run_list)

    s = hsub.add_parser("show", help="一张工单的详情、办理记录、吹哨和关联")
    s.add_argument("no", help="工单编号")
    s.set_defaults(handler=run_show)

    d = hsub.add_parser("dispatch", help="派单给社区或街道科室")
    d.add_argument("no", help="工单编号")
    d.add_argument("--community", metavar="CODE", help="社区代码")
    d.add_argument("--office", default="", help="街道科室名称")
    d.add_argument("--note", default="", help="派单说明")
    d.set_defaults(handler=run_dispatch)


def _add_history_and_links(hsub) -> None:
    """``history``, ``to-mediation`` and ``to-enforcement``."""
    hi = hsub.add_parser("history", help="来电人或地址的历史：工单、调解、执法（按角色可见范围）")
    hi.add_argument("--ticket", metavar="NO", help="以这张工单的来电人（或 --address-of 地点）查找")
    hi.add_argument("--address-of", action="store_true", help="与 --ticket 合用：查工单地点的历史")
    hi.add_argument("--phone", default="", help="电话")
    hi.add_argument("--id", dest="id_number", default="", help="身份证号")
    hi.add_argument("--name", default="", help="姓名")
    hi.add_argument("--address", default="", help="地址（去掉区、街道后至少5个字）")
    hi.set_defaults(handler=run_history)

    tm = hsub.add_parser("to-mediation", help="工单转人民调解：登记调解案件（委托移送）并关联")
    tm.add_argument("no", help="工单编号")
    tm.add_argument("--type", dest="dispute_type", required=True,
                    help="纠纷类型（现行目录中的一项）")
    tm.add_argument("--respondent", required=True, help="被申请人姓名或名称")
    tm.add_argument("--applicant", default="", help="申请人真实姓名（来电人保密时必填）")
    tm.add_argument("--summary", default="", help="纠纷简要情况（默认：工单内容）")
    tm.set_defaults(handler=run_to_mediation)

    te = hsub.add_parser("to-enforcement", help="工单转执法线索（来源：12345转办）并关联")
    te.add_argument("no", help="工单编号")
    te.add_argument("--description", default="", help="线索描述（默认：工单内容）")
    te.add_argument("--place", default="", help="地点（默认：工单地点）")
    te.set_defaults(handler=run_to_enforcement)


# ``hotline list --json`` keys as the command has always printed them.
_LIST_JSON_KEYS = {"state_label": "status_text", "state": "status"}


def _community_id(ctx, code: str | None) -> int | None:
    if not code:
        return None
    row = org_store.find_live_community(ctx.store, code=code)
    if row is None:
        raise NotFound(f"没有代码为“{code}”的社区（org list 可查看）。")
    return row["id"]


def run_import(ctx) -> int:
    """Import a city-platform export."""
    s = hotline_import.import_file(ctx.store, ctx.actor, ctx.args.file, ctx.args.mapping)
    ctx.out(asdict(s), f"已导入 {s.rows} 行：新增 {s.created} 张，更新 {s.updated} 张"
            f"（批次 {s.batch_id}）")
    return 0


def _pct(v) -> str:
    return "—" if v is None else f"{v:.2f}"


def run_rates(ctx) -> int:
    """Print the month's 三率 table."""
    rows = hotline_rates.month_rates(ctx.store, ctx.actor, ctx.args.month)
    lines = [f"{ctx.args.month} 三率（公式与权重见设置“接诉即办”，默认值非官方）",
             "单位        受理 办结 有效回访 联系 解决 满意 基本满意 不纳入考核 "
             "响应率 解决率 满意率 综合成绩"]
    for r in rows:
        lines.append(f"{r.unit:<10}{r.received:>5}{r.closed:>5}{r.valid_visits:>8}"
                     f"{r.contacted:>5}{r.solved:>5}{r.satisfied:>5}{r.basic:>8}{r.excluded:>10} "
                     f"{_pct(r.response_rate):>6} {_pct(r.resolution_rate):>6} "
                     f"{_pct(r.satisfaction_rate):>6} {_pct(r.score):>8}")
    if ctx.args.xlsx:
        path = hotline_reports.write_rates_xlsx(ctx.store, ctx.actor, [ctx.args.month],
                                                ctx.args.xlsx)
        lines.append(f"已导出：{path}")
    ctx.out({"month": ctx.args.month, "rows": [r.as_dict() for r in rows]}, "\n".join(lines))
    return 0


def run_trend(ctx) -> int:
    """Print the rates of the last months (street and communities); optionally export."""
    a = ctx.args
    t = hotline_reports.trend(ctx.store, ctx.actor, a.last, a.months)
    lines = ["单位        月份     受理 有效回访 响应率 解决率 满意率 综合成绩"]
    for unit in t.units:
        for month, r in zip(t.months, t.rows[unit], strict=True):
            if r is not None:
                lines.append(f"{unit:<10}{month} {r.received:>5}{r.valid_visits:>8} "
                             f"{_pct(r.response_rate):>6} {_pct(r.resolution_rate):>6} "
                             f"{_pct(r.satisfaction_rate):>6} {_pct(r.score):>8}")
    if a.xlsx:
        path = hotline_reports.write_rates_xlsx(ctx.store, ctx.actor, t.months, a.xlsx)
        lines.append(f"已导出：{path}")
    ctx.out({"months": t.months, "units": {u: [r.as_dict() if r else None for r in t.rows[u]]
                                           for u in t.units}}, "\n".join(lines))
    return 0


def run_hotspots(ctx) -> int:
    """Print recurring claims grouped by category and place."""
    a = ctx.args
    rows = hotline_rates.hot_spots(ctx.store, ctx.actor, a.first, a.last, a.min,
                                   not a.category_only)
    lines = [f"{r.count:>4} 次  {r.category or '（未分类）'}  {r.place or ''}  "
             f"{r.first_at[:10]}—{r.last_at[:10]}" for r in rows]
    text = "\n".join(lines) or "（没有达到次数的诉求）"
    if a.xlsx:
        path = hotline_reports.write_hotspots_xlsx(ctx.store, ctx.actor, a.first, a.last,
                                                   a.xlsx, a.min, not a.category_only)
        text += f"\n已导出：{path}"
    ctx.out({"rows": [r.as_json() for r in rows]}, text)
    return 0


def run_add(ctx) -> int:
    """Enter a ticket by hand."""
    a = ctx.args
    tid = hotline.add_ticket(ctx.store, ctx.actor, {
        "ticket_no": a.no, "received_at": a.received, "claim_type": a.type,
        "claim_class": a.claim_class, "category": a.category, "title": a.title,
        "content": a.content, "claimant_name": a.name, "claimant_phone": a.phone,
        "community_id": _community_id(ctx, a.community), "place": a.place, "nature": a.nature})
    t = hotline.get_ticket(ctx.store, ctx.actor, tid)
    ctx.out({"id": tid, "ticket_no": t.ticket_no, "dispatch_due": t.dispatch_due,
             "feedback_due": t.feedback_due},
            f"已登记工单 {t.ticket_no}：派单期限 {t.dispatch_due}，反馈期限 {t.feedback_due}")
    return 0


def run_list(ctx) -> int:
    """Print the tickets (phones masked)."""
    a = ctx.args
    source = hotline.list_source(ctx.store, ctx.actor, _community_id(ctx, a.community))
    if a.month:
        source.set_filter("month", a.month)
    if a.state:
        source.set_filter("state", a.state)
    source.set_sort("received_at", descending=True)
    keys = ["id", *(c.key for c in source.columns)]
    rows = [dict(zip(keys, r, strict=True)) for r in source.page(0, 100_000)]
    lines = [f"{r['ticket_no']:<14} {r['received_at']} {r['state_label']:<4} "
             f"{r['claim_type'] or '—':<3} {r['claimant']:<4} {r['phone']:<12} "
             f"{r['community'] or '—':<8} {r['title']}" for r in rows]
    # The JSON rows keep the keys the command has always printed.
    ctx.out({"rows": [{_LIST_JSON_KEYS.get(k, k): v for k, v in r.items()} for r in rows]},
            "\n".join(lines) or "（没有工单）")
    return 0


def run_show(ctx) -> int:
    """Print one ticket with its history."""
    t = hotline.find_ticket(ctx.store, ctx.actor, ctx.args.no)
    lines = [f"工单 {t.ticket_no}（{t.state_label}）受理 {t.received_at}",
             f"诉求类型：{t.claim_type or '—'}  时限类别：{CLAIM_CLASSES[t.claim_class]}",
             f"问题分类：{t.category or '—'}  性质：{t.nature}",
             f"诉求人：{t.claimant_name} {hotline.mask_phone(t.claimant_phone)}",
             f"社区：{t.community_name or '—'}  地点：{t.place or '—'}",
             f"承办：{t.assignee or '未派单'}  派单期限 {t.dispatch_due}  "
             f"反馈期限 {t.feedback_due}（延期 {t.extension_days} 天）",
             f"标题：{t.title}", f"内容：{t.content}"]
    if t.contacted_at:
        lines.append(f"先行联系：{t.contacted_at} {t.contact_person}")
    if t.handling:
        lines.append("办理情况：\n" + t.handling)
    if t.reply:
        lines.append(f"答复：{t.reply}  办结：{t.closed_at or '—'}")
    for s in t.summons:
        lines.append(f"吹哨 {s.summoned_on} {s.department}：{s.issue}；报到 "
                     f"{s.arrived_at or '未报到'} {s.result}")
    for x in hotline_links.links_of(ctx.store, ctx.actor, t.id):
        lines.append(f"关联：{x.label}")
    lines += [f"  {e.at} {e.actor_name} {e.kind_label}" for e in t.events]
    ctx.out(hotline.as_json(t), "\n".join(lines))
    return 0


def run_dispatch(ctx) -> int:
    """Dispatch a ticket to a community or an office."""
    t = hotline.find_ticket(ctx.store, ctx.actor, ctx.args.no)
    t = hotline_actions.dispatch(ctx.store, ctx.actor, t.id,
                                 community_id=_community_id(ctx, ctx.args.community),
                                 office=ctx.args.office, note=ctx.args.note)
    ctx.out({"ticket_no": t.ticket_no, "assignee": t.assignee},
            f"工单 {t.ticket_no} 已派给 {t.assignee}")
    return 0


def run_history(ctx) -> int:
    """Print a person's or an address's history across the domains this user may see."""
    a = ctx.args
    if a.ticket:
        t = hotline.find_ticket(ctx.store, ctx.actor, a.ticket)
        h = hotline_history.ticket_history(ctx.store, ctx.actor, t.id,
                                           "address" if a.address_of else "person")
    elif a.address:
        h = hotline_history.address_history(ctx.store, ctx.actor, a.address)
    elif a.phone or a.id_number or a.name:
        h = hotline_history.person_history(ctx.store, ctx.actor, phone=a.phone,
                                           id_number=a.id_number, name=a.name)
    else:
        raise ValidationError("请给出 --ticket、--address 或 --phone/--id/--name 之一。")
    lines = [h.subject] + [f"{e.date[:10]} {e.domain_label:<6} {e.number:<16} {e.state_label:<6} "
                           f"{e.title}（按{e.matched_on}匹配）" for e in h.entries]
    if not h.entries:
        lines.append("（没有找到记录）")
    if h.hidden:
        lines.append(f"无权查看，未列出：{'、'.join(h.hidden)}")
    ctx.out(h.as_json(), "\n".join(lines))
    return 0


def run_to_mediation(ctx) -> int:
    """Turn a ticket into a mediation case."""
    a = ctx.args
    t = hotline.find_ticket(ctx.store, ctx.actor, a.no)
    case_id, link_id = hotline_links.to_mediation(
        ctx.store, ctx.actor, t.id, dispute_type=a.dispute_type, respondent=a.respondent,
        applicant=a.applicant, summary=a.summary)
    number = mediation.get_case(ctx.store, ctx.actor, case_id).case_number
    ctx.out({"ticket_no": a.no, "case_id": case_id, "case_number": number,
             "link_id": link_id}, f"工单 {a.no} 已转人民调解：案件 {number}")
    return 0


def run_to_enforcement(ctx) -> int:
    """Turn a ticket into an enforcement lead."""
    a = ctx.args
    t = hotline.find_ticket(ctx.store, ctx.actor, a.no)
    case_id, link_id = hotline_links.to_enforcement(ctx.store, ctx.actor, t.id,
                                                    description=a.description, place=a.place)
    ctx.out({"ticket_no": a.no, "case_id": case_id, "link_id": link_id},
            f"工单 {a.no} 已转执法线索 #{case_id}（来源：12345转办）")
    return 0
