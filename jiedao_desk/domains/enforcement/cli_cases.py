# SPDX-License-Identifier: MIT
"""`enforcement` commands of the case file: powers, lead, 立案, parties, investigation
records, evidence, 先行登记保存, reviews, voiding, documents and the dossier, and reading
(show, list, stats)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import documents
from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement.cases import (
    add_party,
    file_case,
    not_open,
    power_choices,
    register_lead,
    void_case,
)
from jiedao_desk.domains.enforcement.cli_args import (
    OFFICER,
    Command,
    case_arg,
    day_arg,
    done,
    officer_pairs,
)
from jiedao_desk.domains.enforcement.clocks import COLOUR_LABELS
from jiedao_desk.domains.enforcement.documents import issue_document
from jiedao_desk.domains.enforcement.dossier import dossier_pdf
from jiedao_desk.domains.enforcement.investigation import (
    add_evidence,
    add_lead_photo,
    dispose_preservation,
    record_investigation,
    register_preservation,
    review,
)
from jiedao_desk.domains.enforcement.model import (
    PARTY_KINDS,
    RECORD_KINDS,
    REVIEW_STEPS,
    SOURCES,
    lead_label,
)
from jiedao_desk.domains.enforcement.records import void_record, voidable_label
from jiedao_desk.domains.enforcement.store import case_columns, earlier_case_columns
from jiedao_desk.domains.enforcement.view import case_detail, list_cases, statistics


def run_powers(ctx) -> int:
    """List powers-catalogue items."""
    items, warning = power_choices(ctx.store)
    lines = [f"{p.item_id:>5}  [{p.version}{'·现行' if p.in_force else ''}] {p.text}"
             for p in items]
    if warning:
        lines.insert(0, "注意：" + warning)
    return done(ctx, {"items": [asdict(p) for p in items], "warning": warning},
                "\n".join(lines) or "（无条目）")


def run_lead(ctx) -> int:
    """Register a lead."""
    a = ctx.args
    r = register_lead(ctx.store, ctx.actor, a.source, a.found, a.place, a.description,
                      act_on=a.act_on, act_ended_on=a.act_ended, serious_harm=a.serious)
    text = (f"已登记{lead_label(r.case_id)}（立案时编立案编号）"
            + "".join("\n注意：" + w for w in r.warnings))
    return done(ctx, asdict(r), text)


def run_file(ctx) -> int:
    """立案."""
    a = ctx.args
    case = file_case(ctx.store, ctx.actor, a.id, a.day, a.approved_by, a.power)
    return done(ctx, case_columns(case),
                f"已立案，案件编号 {case.case_number}（记录号 {a.id}）：{case.power_text}")


def run_not_open(ctx) -> int:
    """不予立案."""
    case = not_open(ctx.store, ctx.actor, ctx.args.id, ctx.args.reason)
    return done(ctx, case_columns(case), f"案件 {case.label} 不予立案")


def run_party(ctx) -> int:
    """Add a party."""
    a = ctx.args
    new = add_party(ctx.store, ctx.actor, a.id, a.kind, a.name, a.id_number, address=a.address,
                    phone=a.phone, legal_rep=a.legal_rep)
    p = new.party
    data = {"kind": p.kind, "name": p.name, "id_number": p.id_number, "legal_rep": p.legal_rep,
            "address": p.address, "phone": p.phone, "id": p.id,
            "repeat": [earlier_case_columns(r) for r in new.repeat]}
    text = f"已登记当事人 {p.name}"
    if new.repeat:
        text += f"\n提示：同一当事人或地址有既往案件：{'、'.join(str(r.id) for r in new.repeat)}"
    return done(ctx, data, text)


def run_record(ctx) -> int:
    """Add an investigation record."""
    a = ctx.args
    eid = record_investigation(ctx.store, ctx.actor, a.id, a.kind, a.day,
                               officer_pairs(a.officer), a.summary, a.interviewee,
                               start=a.start, end=a.end)
    return done(ctx, {"event_id": eid}, f"已登记笔录，记录编号 {eid}")


def run_evidence(ctx) -> int:
    """Add evidence."""
    eid = add_evidence(ctx.store, ctx.actor, ctx.args.id, ctx.args.file, ctx.args.description)
    return done(ctx, {"event_id": eid}, f"已添加证据，记录编号 {eid}")


def run_preserve(ctx) -> int:
    """先行登记保存."""
    a = ctx.args
    eid = register_preservation(ctx.store, ctx.actor, a.id, a.day, a.items, a.approved_by,
                                officer_pairs(a.officer))
    return done(ctx, {"event_id": eid}, f"已登记先行登记保存，记录编号 {eid}")


def run_dispose(ctx) -> int:
    """Disposal decision."""
    a = ctx.args
    eid = dispose_preservation(ctx.store, ctx.actor, a.id, a.preservation, a.day, a.outcome)
    return done(ctx, {"event_id": eid}, "已登记处理决定")


def run_review(ctx) -> int:
    """Review step."""
    a = ctx.args
    eid = review(ctx.store, ctx.actor, a.id, a.step, a.day, a.by, a.opinion)
    return done(ctx, {"event_id": eid}, f"已登记{REVIEW_STEPS[a.step]}")


def run_lead_photo(ctx) -> int:
    """Attach a photo to a lead."""
    a = ctx.args
    eid = add_lead_photo(ctx.store, ctx.actor, a.id, a.file, a.description, a.day)
    return done(ctx, {"event_id": eid}, f"已为线索添加照片，记录编号 {eid}")


def run_void_record(ctx) -> int:
    """Void one record of a case."""
    a = ctx.args
    ev = void_record(ctx.store, ctx.actor, a.id, a.record, a.reason)
    label = voidable_label(ev.kind) or ev.kind
    return done(ctx, {"event_id": a.record, "kind": ev.kind},
                f"已作废记录 {a.record}（{label}，{ev.day.isoformat()}）")


def run_void(ctx) -> int:
    """Void a case."""
    case = void_case(ctx.store, ctx.actor, ctx.args.id, ctx.args.reason)
    return done(ctx, {"case_id": ctx.args.id}, f"案件 {case.label} 已作废")


def run_doc(ctx) -> int:
    """Issue a document."""
    a = ctx.args
    extra = dict(s.split("=", 1) for s in a.set if "=" in s)
    doc = issue_document(ctx.store, ctx.actor, a.id, a.kind, extra, a.paper_number)
    note = ""
    if a.output:
        Path(a.output).write_bytes(documents.reprint(ctx.store, doc.id, ctx.actor))
        note = f"，已写入 {a.output}"
    return done(ctx, {"document_id": doc.id, "doc_number": doc.doc_number},
                f"已出具{doc.title} {doc.doc_number}{note}")


def run_dossier(ctx) -> int:
    """Assemble the dossier PDF."""
    pdf, missing = dossier_pdf(ctx.store, ctx.actor, ctx.args.id)
    Path(ctx.args.output).write_bytes(pdf)
    text = f"已写入 {ctx.args.output}"
    if missing:
        text += "\n缺少必备文书：" + "、".join(missing)
    return done(ctx, {"output": ctx.args.output, "missing": missing}, text)


def run_show(ctx) -> int:
    """Case detail."""
    d = case_detail(ctx.store, ctx.actor, ctx.args.id)
    c = d.case
    lines = [f"案件 {c.label}（记录号 {c.id}，{rules.label(c.state)}）{c.place}：{c.description}",
             f"职权事项：{c.power_text or '—'}"]
    lines += [f"当事人：{p.name} {p.id_number}" for p in d.parties]
    lines += [f"时钟：{k.label} 期限 {k.due} [{COLOUR_LABELS[col]}]（{k.basis}）"
              for k, col in d.clocks]
    lines += [f"记录 {e.id}：{e.day} {e.kind}" for e in d.events]
    lines += [f"文书：{x.title} {x.doc_number}" for x in d.documents]
    if d.missing:
        lines.append("缺少必备文书：" + "、".join(d.missing))
    lines.append("现可办理：" + ("、".join(a.label for a in rules.available(c)) or "无"))
    lines += ["注意：" + w for w in d.warnings]
    data = {"case": case_columns(c), "parties": [asdict(p) for p in d.parties], "clocks": [
        {"key": k.key, "label": k.label, "due": k.due, "colour": col} for k, col in d.clocks],
        "events": [{"id": e.id, "kind": e.kind, "day": e.day} for e in d.events],
        "missing": d.missing}
    return done(ctx, data, "\n".join(lines))


def run_list(ctx) -> int:
    """Case list."""
    rows = list_cases(ctx.store, ctx.actor, ctx.args.status)
    lines = [f"{r.case.id:>5}  {r.case.label}  {rules.label(r.case.state):<8} "
             f"{r.case.found_on}  {r.parties}  {r.case.place}" for r in rows]
    data = [{**case_columns(r.case), "parties": r.parties, "clock": r.clock} for r in rows]
    return done(ctx, data, "\n".join(lines) or "（无案件）")


def run_stats(ctx) -> int:
    """Statistics."""
    st = statistics(ctx.store, ctx.actor, ctx.args.date_from, ctx.args.date_to)
    lines = [f"统计期间 {st.date_from} 至 {st.date_to}"]
    for counts, title in ((st.by_source, "按来源"), (st.by_power, "按职权事项"),
                          (st.by_state, "按状态"), (st.overdue_clocks, "超期时钟")):
        lines.append(title + "：" + ("；".join(f"{k} {v}" for k, v in counts.items()) or "无"))
    lines.append(f"决定罚款 {st.fines_decided:.2f} 元，收缴 {st.fines_collected:.2f} 元")
    data = {"from": st.date_from, "to": st.date_to, "by_source": st.by_source,
            "by_power": st.by_power, "by_status": st.by_state,
            "fines_decided": st.fines_decided, "fines_collected": st.fines_collected,
            "overdue_clocks": st.overdue_clocks, "colour_labels": st.colour_labels}
    return done(ctx, data, "\n".join(lines))


COMMANDS = {
    "powers": Command("职权目录事项（所有未作废版本；现行版本为空时给出提示）", run_powers),
    "lead": Command("登记线索并核对追责时效（行政处罚法第三十六条）", run_lead, (
        (("--source",), {"required": True, **labelled_choice(SOURCES, "来源")}),
        (("--found",), {"required": True, "help": "发现日期"}),
        (("--place",), {"required": True, "help": "地点"}),
        (("--description",), {"required": True, "help": "线索描述"}),
        (("--act-on",), {"help": "违法行为发生日期"}),
        (("--act-ended",), {"help": "连续或继续状态的违法行为终了日期"}),
        (("--serious",), {"action": "store_true",
                          "help": "涉及生命健康安全、金融安全且有危害后果（五年）"}))),
    "file": Command("立案（审批人、所用职权目录事项）", run_file, (
        case_arg(), day_arg("立案日期"),
        (("--approved-by",), {"required": True, "help": "审批负责人"}),
        (("--power",), {"required": True, "type": int, "help": "职权事项编号（powers 列出）"}))),
    "not-open": Command("不予立案并写明理由", run_not_open, (
        case_arg(), (("--reason",), {"required": True, "help": "理由"}))),
    "party": Command(
        "登记当事人（身份证号或统一社会信用代码校验；提示同一当事人或地址的既往案件）", run_party, (
            case_arg(),
            (("--kind",), {"required": True, **labelled_choice(PARTY_KINDS, "当事人类型")}),
            (("--name",), {"required": True, "help": "姓名或名称"}),
            (("--id-number",), {"required": True, "help": "身份证号或统一社会信用代码"}),
            (("--legal-rep",), {"default": "", "help": "法定代表人（组织必填）"}),
            (("--address",), {"default": "", "help": "地址"}),
            (("--phone",), {"default": "", "help": "电话"}))),
    "record": Command("登记现场检查或询问笔录（两名以上执法人员及执法证号）", run_record, (
        case_arg(),
        (("--kind",), {"required": True, **labelled_choice(RECORD_KINDS, "笔录类型")}),
        day_arg("笔录日期"), OFFICER,
        (("--start",), {"required": True, "metavar": "时:分", "help": "起始时间，如 09:30"}),
        (("--end",), {"required": True, "metavar": "时:分",
                      "help": "结束时间，须晚于起始时间，如 10:15"}),
        (("--summary",), {"required": True, "help": "笔录内容"}),
        (("--interviewee",), {"default": "", "help": "被询问人（询问笔录）"}))),
    "evidence": Command("添加证据文件（SHA-256、EXIF 时间和位置保留）", run_evidence, (
        case_arg(), (("file",), {"help": "文件"}),
        (("--description",), {"required": True, "help": "证据说明"}))),
    "preserve": Command("先行登记保存（七个工作日内作出处理决定）", run_preserve, (
        case_arg(), day_arg(), OFFICER, (("--items",), {"required": True, "help": "物品"}),
        (("--approved-by",), {"required": True, "help": "批准负责人"}))),
    "dispose": Command("先行登记保存物品的处理决定", run_dispose, (
        case_arg(), day_arg(),
        (("--preservation",), {"required": True, "type": int, "help": "登记保存记录编号"}),
        (("--outcome",), {"required": True, "help": "处理决定"}))),
    "review": Command("调查终结、法制审核或集体讨论（谁、何时、意见）", run_review, (
        case_arg(), day_arg(),
        (("--step",), {"required": True, **labelled_choice(REVIEW_STEPS, "环节")}),
        (("--by",), {"required": True, "help": "审核（讨论）人"}),
        (("--opinion",), {"required": True, "help": "意见"}))),
    "lead-photo": Command(
        "为线索（立案前）添加照片或其他文件（SHA-256、EXIF 时间和位置保留）", run_lead_photo, (
            case_arg(), (("file",), {"help": "文件"}),
            (("--description",), {"required": True, "help": "照片说明"}),
            (("--day",), {"help": "拍摄或收到日期（默认今天）"}))),
    "void-record": Command("作废误登记的一条办案记录（笔录、证据、送达等；记录保留）",
                           run_void_record, (
                               case_arg(),
                               (("--record",), {"required": True, "type": int,
                                                "help": "记录编号（show 列出）"}),
                               (("--reason",), {"required": True, "help": "作废原因"}))),
    "void": Command("作废误登记的案件（记录保留）", run_void, (
        case_arg(), (("--reason",), {"required": True, "help": "作废原因"}))),
    "doc": Command("出具本案文书（冻结 PDF）", run_doc, (
        case_arg(),
        (("kind",), {"help": "文书种类代码，如 "
                             "enforcement_penalty_decision"}),
        (("--set",), {"action": "append", "default": [], "metavar": "KEY=VALUE",
                      "help": "补充字段，可重复"}),
        (("--paper-number",), {"help": "预印纸质文书编号"}),
        (("-o", "--output"), {"help": "写出 PDF"}))),
    "dossier": Command("组卷：封面、卷内目录、文书和证据合成一个 PDF（报告缺少的必备文书）",
                       run_dossier, (
                           case_arg(),
                           (("-o", "--output"), {"required": True, "help": "写出 PDF"}))),
    "show": Command("案件详情：当事人、时钟（绿/黄/红）、办案记录、文书、缺少文书", run_show,
                    (case_arg(),)),
    "list": Command("案件列表", run_list, ((("--status",), {"help": "状态"}),)),
    "stats": Command("统计：来源、职权、状态、罚款决定/收缴、超期时钟", run_stats, (
        (("--from",), {"dest": "date_from", "required": True, "help": "起始日期"}),
        (("--to",), {"dest": "date_to", "required": True, "help": "截止日期"}))),
}
