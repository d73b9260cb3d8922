# SPDX-License-Identifier: MIT
"""`access`: community work access requests (社区工作准入)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.domains import access
from jiedao_desk.domains.access import rules
from jiedao_desk.store import org as org_store


def _moves_help() -> str:
    labels = dict.fromkeys(rules.STATES[rules.target(k)] for k in rules.MOVES)
    return f"改变状态（{'/'.join(labels)}）"


def register(sub) -> None:
    p = sub.add_parser("access", help="社区工作准入：下派事项登记、比对、决定、统计")
    asub = p.add_subparsers(dest="access_command", metavar="操作", required=True)
    a = asub.add_parser("add", help="登记准入申请（--from-json 文件，或用参数）")
    a.add_argument("--from-json", dest="json_file", metavar="FILE",
                   help="JSON 文件：applicant_unit, applicant_level, title, task_type, "
                        "community_codes, planned_start, …")
    a.add_argument("--unit", help="申请单位")
    a.add_argument("--level", choices=("市", "区", "街道"), help="申请单位层级")
    a.add_argument("--title", help="事项名称")
    a.add_argument("--type", dest="task_type", help="事项类型")
    a.add_argument("--community", action="append", default=[], metavar="CODE",
                   help="涉及社区代码（可重复）")
    a.add_argument("--start", help="计划开始日期")
    a.add_argument("--content", default="")
    a.add_argument("--doc-ref", default="")
    a.add_argument("--basis", default="", help="法律政策依据")
    a.add_argument("--role", action="append", default=[], help="请求社区承担的协助角色（可重复）")
    a.set_defaults(handler=run_add)
    ls = asub.add_parser("list", help="列出准入申请")
    ls.add_argument("--community", metavar="CODE")
    ls.add_argument("--state", **labelled_choice(rules.STATES, "状态"))
    ls.add_argument("--month", metavar="YYYY-MM", help="登记月份")
    ls.set_defaults(handler=run_list)
    s = asub.add_parser("show", help="查看一件准入申请（含比对结果和状态记录）")
    s.add_argument("id", type=int)
    s.set_defaults(handler=run_show)
    t = asub.add_parser("triage", help="与生效的社区职责清单比对")
    t.add_argument("id", type=int)
    t.set_defaults(handler=run_triage)
    c = asub.add_parser("confirm-match", help="人工确认匹配的清单条目（none：清单内无此事项）")
    c.add_argument("id", type=int)
    c.add_argument("item_seq", help="条目序号，或 none")
    c.set_defaults(handler=run_confirm)
    decisions = " / ".join(f"{k} {rules.MACHINE.action(k).label}" for k in rules.DECISIONS)
    d = asub.add_parser("decide", help=f"作出决定：{decisions}")
    d.add_argument("id", type=int)
    d.add_argument("decision", **labelled_choice(
        {k: rules.MACHINE.action(k).label for k in rules.DECISIONS}, "决定"))
    d.add_argument("--reason", default="", help="理由或审批意见")
    d.set_defaults(handler=run_decide)
    tr = asub.add_parser("transition", help=_moves_help())
    tr.add_argument("id", type=int)
    tr.add_argument("state", **labelled_choice(rules.STATES, "新状态"))
    tr.add_argument("--reason", required=True)
    tr.set_defaults(handler=run_transition)
    cp = asub.add_parser("complaint", help="登记对未准入事项的反映（如12345）")
    cp.add_argument("id", type=int)
    cp.add_argument("--channel", required=True)
    cp.add_argument("--outcome", default="")
    cp.add_argument("--date", default=None, help="反映日期（默认今天）")
    cp.set_defaults(handler=run_complaint)
    st = asub.add_parser("stats", help="月度统计（按申请单位、事项类型）")
    st.add_argument("--month", required=True, metavar="YYYY-MM")
    st.set_defaults(handler=run_stats)


def _community_id(ctx, code: str) -> int:
    row = org_store.find_live_community(ctx.store, code=code)
    if row is None:
        raise NotFound(f"没有代码为“{code}”的社区。")
    return row["id"]


def _show(req) -> dict:
    data = asdict(req)
    data["state_label"], data["outcome_label"] = req.state_label, req.outcome_label
    data["community_may_refuse"] = req.community_may_refuse
    return data


def run_add(ctx) -> int:
    a = ctx.args
    if a.json_file:
        try:
            values = json.loads(Path(a.json_file).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise ValidationError(f"无法读取 JSON 文件：{e}") from None
        if not isinstance(values, dict):
            raise ValidationError("JSON 文件应为一个对象。")
        codes = values.pop("community_codes", [])
    else:
        values = {"applicant_unit": a.unit, "applicant_level": a.level, "title": a.title,
                  "task_type": a.task_type, "planned_start": a.start, "content": a.content,
                  "doc_ref": a.doc_ref, "legal_basis": a.basis, "role_verbs": a.role}
        codes = a.community
    values.setdefault("community_ids", [])
    values["community_ids"] = [*values["community_ids"], *(_community_id(ctx, c) for c in codes)]
    req = access.register_request(ctx.store, ctx.actor, **values)
    ctx.out(_show(req), f"已登记准入申请 {req.id}：{req.title}（决定期限 {req.decide_by}）")
    return 0


def run_list(ctx) -> int:
    cid = _community_id(ctx, ctx.args.community) if ctx.args.community else None
    source = access.list_source(ctx.store, ctx.actor, cid)
    if ctx.args.state:
        source.set_filter("state", ctx.args.state)
    if ctx.args.month:
        source.set_filter("received_on", ctx.args.month)
    keys = [c.key for c in source.columns]
    rows = [dict(zip(["id", *keys], r, strict=True)) for r in source.page(0, source.count())]
    lines = [f"{r['id']:>5} {r['received_on']} {r['state_label']:<5} {r['applicant_unit']}："
             f"{r['title']}（{r['communities']}；{r['outcome_label']}）" for r in rows]
    ctx.out(rows, "\n".join(lines) or "（没有准入申请）")
    return 0


def _triage_text(res) -> str:
    lines = [f"比对结果：{res.label}", res.message, f"所用清单：{res.version_text}"]
    lines += [f"  候选 第{s.seq}项 {s.text}（{s.kind_label}，相似度 {s.score:.2f}）"
              for s in res.suggestions]
    if res.match_confirmed:
        lines.append(f"确认人：{res.match_confirmed_by}")
    return "\n".join(lines)


def run_show(ctx) -> int:
    req = access.get_request(ctx.store, ctx.actor, ctx.args.id)
    res = access.triage_result(ctx.store, ctx.actor, req.id)
    lines = [f"准入申请 {req.id}：{req.title}",
             f"申请单位：{req.applicant_unit}（{req.applicant_level}）",
             f"类型：{req.task_type}　涉及社区：{req.community_names}",
             f"状态：{req.state_label}　计划开始：{req.planned_start}　决定期限：{req.decide_by}"]
    if req.community_may_refuse:
        lines.append("未经准入：社区可拒绝")
    lines.append(_triage_text(res) if res else "尚未比对职责清单")
    label = rules.MACHINE.label
    lines += [f"  {t.at} {t.actor_name}：{label(t.from_state) if t.from_state else '—'} → "
              f"{label(t.to_state)}（{t.reason}）" for t in req.history]
    data = _show(req)
    data["triage"] = asdict(res) if res else None
    ctx.out(data, "\n".join(lines))
    return 0


def run_triage(ctx) -> int:
    res = access.triage_request(ctx.store, ctx.actor, ctx.args.id)
    ctx.out(asdict(res), _triage_text(res))
    return 0


def run_confirm(ctx) -> int:
    raw = ctx.args.item_seq.strip().lower()
    if raw != "none" and not raw.isdigit():
        raise ValidationError("条目序号应为数字，或 none（清单内无此事项）。")
    res = access.confirm_match(ctx.store, ctx.actor, ctx.args.id,
                               None if raw == "none" else int(raw))
    ctx.out(asdict(res), _triage_text(res))
    return 0


def run_decide(ctx) -> int:
    req = access.decide(ctx.store, ctx.actor, ctx.args.id, ctx.args.decision, ctx.args.reason)
    ctx.out(_show(req), f"准入申请 {req.id}：{req.state_label}")
    return 0


def run_transition(ctx) -> int:
    req = access.transition(ctx.store, ctx.actor, ctx.args.id, ctx.args.state, ctx.args.reason)
    ctx.out(_show(req), f"准入申请 {req.id}：{req.state_label}")
    return 0


def run_complaint(ctx) -> int:
    c = access.add_complaint(ctx.store, ctx.actor, ctx.args.id, ctx.args.channel,
                             ctx.args.outcome, ctx.args.date)
    ctx.out(asdict(c), f"已登记反映：{c.channel}（{c.reported_on}）")
    return 0


def run_stats(ctx) -> int:
    stats = access.month_stats(ctx.store, ctx.actor, ctx.args.month)
    ctx.out(asdict(stats), access.stats_table(stats))
    return 0
