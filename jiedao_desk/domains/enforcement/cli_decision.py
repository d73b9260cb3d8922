# SPDX-License-Identifier: MIT
"""`enforcement` commands towards the decision: 事先告知, 陈述申辩, 听证, 裁量 (tiers and the
choice), the decision, and the 简易程序 (当场处罚)."""

from __future__ import annotations

from dataclasses import asdict

from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import validate
from jiedao_desk.domains.enforcement.cases import get_case
from jiedao_desk.domains.enforcement.cli_args import (
    OFFICER,
    STANDARD,
    Command,
    case_arg,
    case_name,
    day_arg,
    done,
    officer_pairs,
)
from jiedao_desk.domains.enforcement.decision import (
    decide,
    prior_notice,
    record_hearing,
    record_statement,
    request_hearing,
    schedule_hearing,
    simple_penalty,
    waive_statement,
)
from jiedao_desk.domains.enforcement.discretion import choose
from jiedao_desk.domains.enforcement.model import PARTY_KINDS, SOURCES
from jiedao_desk.domains.enforcement.store import case_columns
from jiedao_desk.domains.enforcement.tiers import problems, tiers_for


def run_notice(ctx) -> int:
    """事先告知."""
    a = ctx.args
    hearing = None if a.hearing is None else a.hearing == "yes"
    notice = prior_notice(ctx.store, ctx.actor, a.id, a.day, a.fine, a.facts, a.basis, hearing,
                          penalty_basis=a.penalty_basis)
    return done(ctx, asdict(notice), f"已事先告知{'（含听证权利）' if notice.hearing else ''}")


def run_statement(ctx) -> int:
    """陈述申辩."""
    a = ctx.args
    eid = record_statement(ctx.store, ctx.actor, a.id, a.day, officer_pairs(a.officer),
                           a.statement, a.person, place=a.place, review=a.review)
    return done(ctx, {"event_id": eid}, f"已登记陈述申辩，记录编号 {eid}")


def run_statement_waiver(ctx) -> int:
    """The party's express waiver of 陈述申辩."""
    a = ctx.args
    eid = waive_statement(ctx.store, ctx.actor, a.id, a.day, record_id=a.record,
                          signed_statement=a.signed)
    return done(ctx, {"event_id": eid}, f"已登记放弃陈述申辩，记录编号 {eid}")


def run_hearing_request(ctx) -> int:
    """Hearing request."""
    r = request_hearing(ctx.store, ctx.actor, ctx.args.id, ctx.args.day)
    timing = "期限内" if r.in_time else "已逾期"
    return done(ctx, asdict(r), f"已登记听证申请（期限 {r.due}，{timing}）")


def run_hearing_schedule(ctx) -> int:
    """Hearing notice."""
    a = ctx.args
    eid = schedule_hearing(ctx.store, ctx.actor, a.id, a.day, a.hearing_on, a.place)
    return done(ctx, {"event_id": eid}, "已登记听证通知")


def run_hearing_record(ctx) -> int:
    """Hearing held."""
    eid = record_hearing(ctx.store, ctx.actor, ctx.args.id, ctx.args.day, ctx.args.summary)
    return done(ctx, {"event_id": eid}, "已登记听证情况")


def run_tiers(ctx) -> int:
    """List the tiers of the case's power."""
    a = ctx.args
    case = get_case(ctx.store, ctx.actor, a.id)
    day = validate.date(a.day, "日期") if a.day else None
    tiers, version, warning = tiers_for(ctx.store, case, day, a.standard)
    issues = problems(tiers)
    lines = [f"裁量基准：{version.label} {version.doc_number}" if version
             else "裁量基准：无现行版本"]
    lines += [f"{t.label}　[{t.source}]" for t in tiers]
    lines += ["注意：" + w for w in [warning, *issues] if w]
    data = {"standard": version.label if version else None, "warning": warning,
            "problems": issues, "tiers": [
                {"code": t.code, "tier": t.tier, "text": t.text, "source": t.source,
                 "fine_min": None if t.fine_min is None else str(t.fine_min),
                 "fine_max": None if t.fine_max is None else str(t.fine_max)} for t in tiers]}
    return done(ctx, data, "\n".join(lines))


def run_discretion(ctx) -> int:
    """Record the discretion choice."""
    a = ctx.args
    d = choose(ctx.store, ctx.actor, a.id, a.day, a.reasons, a.tier, a.standard)
    data = {"standard_version_id": d.standard_version_id, "standard_label": d.standard_label,
            "tier_code": d.tier_code, "tier": d.tier, "tier_text": d.tier_text,
            "fine_min_fen": d.fine_min_fen, "fine_max_fen": d.fine_max_fen,
            "reasons": d.reasons, "chosen_on": d.chosen_on, "id": d.id, "warning": d.warning}
    text = f"已记录裁量：{d.tier_code or '档次未知'}（基准 {d.standard_label or '无'}）"
    if d.warning:
        text += "\n注意：" + d.warning
    return done(ctx, data, text)


def run_decide(ctx) -> int:
    """Decision."""
    a = ctx.args
    case = decide(ctx.store, ctx.actor, a.id, a.day, a.fine, a.text, party_present=not a.absent,
                  legal_review_required=a.legal_review, serious=a.serious,
                  late_reason=a.late_reason)
    return done(ctx, case_columns(case), f"案件 {case.label} 已作出处罚决定")


def run_simple(ctx) -> int:
    """简易程序."""
    a = ctx.args
    party = {"kind": a.kind, "name": a.name, "id_number": a.id_number, "legal_rep": a.legal_rep}
    cid = simple_penalty(ctx.store, ctx.actor, source=a.source, day=a.day, place=a.place,
                         facts=a.facts, party=party, fine=a.fine, power_item_id=a.power,
                         paper_number=a.paper_number, officer_list=officer_pairs(a.officer))
    case_no = case_name(ctx, cid)
    return done(ctx, {"case_id": cid, "case_no": case_no},
                f"已登记当场处罚，案件编号 {case_no}（记录号 {cid}）")


COMMANDS = {
    "notice": Command("事先告知（拟处罚、事实、依据；陈述申辩及听证权利）", run_notice, (
        case_arg(), day_arg(),
        (("--fine",), {"required": True, "help": "拟罚款金额（元）"}),
        (("--facts",), {"required": True, "help": "违法事实"}),
        (("--basis",), {"required": True, "help": "违反的规定（如《××条例》第×条）"}),
        (("--penalty-basis",), {"required": True,
                                "help": "处罚依据（罚则，如《××条例》第×条第×款）"}),
        (("--hearing",), {**labelled_choice({"yes": "是", "no": "否"}, "是否告知听证权利"),
                          "help": "是否告知听证权利（门槛未设置时必填）：yes（是）/no（否）"}))),
    "statement": Command(
        "登记当事人陈述、申辩（两名以上执法人员及执法证号；可附复核意见）", run_statement, (
            case_arg(), day_arg(), OFFICER,
            (("--person",), {"required": True, "help": "陈述申辩人"}),
            (("--statement",), {"required": True, "help": "陈述申辩内容"}),
            (("--place",), {"default": "", "help": "地点"}),
            (("--review",), {"default": "", "help": "复核意见"}))),
    "statement-waiver": Command(
        "登记当事人明确放弃陈述申辩（须引用笔录或签名的书面声明；此后可在期限届满前决定）",
        run_statement_waiver, (
            case_arg(), day_arg("放弃日期"),
            (("--record",), {"type": int, "help": "记载放弃意思的陈述申辩笔录或询问笔录的记录号"}),
            (("--signed",), {"default": "", "help": "当事人签名的书面声明（名称、附件号等）"}))),
    "hearing-request": Command("登记听证申请（五个工作日内）", run_hearing_request,
                               (case_arg(), day_arg())),
    "hearing-schedule": Command("通知听证时间地点（七个工作日前）", run_hearing_schedule, (
        case_arg(), day_arg("通知日期"),
        (("--hearing-on",), {"required": True, "help": "听证日期"}),
        (("--place",), {"required": True, "help": "地点"}))),
    "hearing-record": Command("登记听证举行情况", run_hearing_record, (
        case_arg(), day_arg(), (("--summary",), {"required": True, "help": "听证情况"}))),
    "tiers": Command(
        "本案职权事项的裁量档次（职权目录或现行裁量基准；未知时明确提示）", run_tiers, (
            case_arg(), (("--day",), {"help": "按哪一日的现行基准（默认今天）"}), STANDARD)),
    "discretion": Command("记录本案适用的裁量基准版本、档次和裁量理由", run_discretion, (
        case_arg(), day_arg("裁量日期"),
        (("--reasons",), {"required": True, "help": "裁量理由（支持所选档次的事实和情节）"}),
        (("--tier",), {"default": "", "help": "裁量编码（档次已知时必填）"}), STANDARD)),
    "decide": Command(
        "作出处罚决定（须有笔录、陈述申辩期限届满、九十日期限、法制审核、集体讨论检查）",
        run_decide, (
        case_arg(), day_arg(),
        (("--fine",), {"required": True, "help": "罚款金额（元）"}),
        (("--text",), {"required": True, "help": "处罚内容"}),
        (("--absent",), {"action": "store_true", "help": "当事人不在场（七日内送达）"}),
        (("--legal-review",), {"action": "store_true", "help": "属第五十八条须法制审核的案件"}),
        (("--serious",), {"action": "store_true", "help": "情节复杂或重大，须集体讨论"}),
        (("--late-reason",), {"default": "", "help": "超过九十日的原因"}))),
    "simple": Command("简易程序当场处罚（个人≤200元、组织≤3000元；纸质决定书编号）", run_simple, (
        day_arg(), OFFICER,
        (("--source",), {"default": "patrol", **labelled_choice(SOURCES, "来源")}),
        (("--place",), {"required": True, "help": "地点"}),
        (("--facts",), {"required": True, "help": "违法事实"}),
        (("--kind",), {"required": True, **labelled_choice(PARTY_KINDS, "当事人类型")}),
        (("--name",), {"required": True, "help": "当事人"}),
        (("--id-number",), {"required": True, "help": "证件号码"}),
        (("--legal-rep",), {"default": "", "help": "法定代表人"}),
        (("--fine",), {"required": True, "help": "罚款（元）"}),
        (("--power",), {"required": True, "type": int, "help": "职权事项编号"}),
        (("--paper-number",), {"required": True, "help": "预印决定书编号"}))),
}
