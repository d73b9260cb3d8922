# SPDX-License-Identifier: MIT
"""`mediation`: people's mediation cases (人民调解) — intake to archive, corrections, documents,
statistics. Each command is one call of the domain's public face; --json prints the case with
ID numbers masked."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from pathlib import Path

from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import documents
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains import mediation
from jiedao_desk.domains.mediation.model import SOURCES, mask_id
from jiedao_desk.store import org as org_store


def _kv(items: list[str], what: str) -> dict:
    """Parse "key=value,key=value" (one --party) or repeated "key=value" (--field)."""
    out: dict = {}
    for item in items:
        for part in item.split(","):
            key, sep, value = part.partition("=")
            if not sep:
                raise ValidationError(f"{what}应写成 键=值（“{part}”）。")
            out[key.strip()] = value.strip()
    return out


_PARTY_KEYS = {"id": "id_number", "uscc": "credit_code", "agent": "agent_name"}


def register(sub) -> None:
    """Add the ``mediation`` command group."""
    p = sub.add_parser("mediation",
                       help="人民调解：登记、受理、调解、协议、回访、司法确认、归档、统计")
    m = p.add_subparsers(dest="mediation_command", metavar="操作", required=True)
    _add_register(m)
    ls = m.add_parser("list", help="调解案件列表（不显示证件号码）")
    ls.add_argument("--state", help="状态代码，如 accepted、agreed")
    ls.set_defaults(handler=run_list)
    _add_case_work(m)
    _add_documents(m)
    _add_corrections(m)
    s = m.add_parser("stats",
                     help="某月各调委会统计：受理、成功率、金额、类型、来源、回访、司法确认")
    s.add_argument("--month", required=True, metavar="YYYY-MM")
    s.add_argument("--xlsx", metavar="FILE.xlsx", help="同时写出 Excel 统计表")
    s.set_defaults(handler=run_stats)


def _case_cmd(m, name: str, help_text: str, handler):
    """A command on one case (its id is the first argument)."""
    c = m.add_parser(name, help=help_text)
    c.add_argument("id", type=int, help="案件编号（mediation list 可查）")
    c.set_defaults(handler=handler)
    return c


def _add_register(m) -> None:
    """``register``: a new dispute."""
    r = m.add_parser("register", help="登记纠纷（待受理），按年度生成卷号")
    r.add_argument("--committee", required=True, metavar="CODE",
                   help="社区代码，或 street 表示街道人民调解委员会")
    r.add_argument("--source", required=True, **labelled_choice(SOURCES, "案件来源"))
    r.add_argument("--form", default="",
                   **labelled_choice({"written": "书面", "oral": "口头"}, "当事人申请的形式"))
    r.add_argument("--referred-by", default="", help="委托移送单位")
    r.add_argument("--type", required=True, help="纠纷类型（现行纠纷类型目录中的一项）")
    r.add_argument("--summary", required=True, help="纠纷简要情况")
    r.add_argument("--claim", action="append", default=[], help="申请事项，可重复")
    r.add_argument("--party", action="append", default=[], required=True,
                   help="当事人：role=applicant|respondent,kind=person|org,name=…,id=…,uscc=…,"
                        "phone=…,address=…,agent=…（可重复）")
    r.add_argument("--received", help="登记日期（默认今天）")
    r.set_defaults(handler=run_register)


def _add_case_work(m) -> None:
    """From acceptance to archive: ``show``, ``accept`` … ``void``."""
    case_cmd = partial(_case_cmd, m)
    case_cmd("show", "一件案件：当事人（证件号码打码）、记录、期限和历史", run_show)
    case_cmd("accept", "受理", run_accept).add_argument("--on", help="受理日期（默认今天）")
    c = case_cmd("refuse", "不予受理，记录理由和告知的途径", run_refuse)
    c.add_argument("--reason", required=True)
    c.add_argument("--route", required=True, help="告知当事人的解决途径")
    c = case_cmd("assign", "指定人民调解员", run_assign)
    c.add_argument("--mediator", action="append", required=True, help="调解员姓名，可重复")
    c = case_cmd("notify", "登记已告知当事人权利义务", run_notify)
    c.add_argument("--on")
    c.add_argument("--manner", default="书面", choices=["书面", "口头"])
    c = case_cmd("record", "添加调查记录、调解记录、风险情况或回访记录", run_record)
    c.add_argument("--kind", required=True, **labelled_choice(mediation.RECORD_KINDS, "记录种类"))
    c.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                   help="如 place=调解室 matter=… content=…；风险：sign、measure、escalation=1、"
                        "reported_to、prevented=criminal|petition、persons；回访：party、"
                        "performance、satisfaction、risks、measures")
    c.add_argument("--on")
    c = case_cmd("agree", "登记达成的书面或口头调解协议", run_agree)
    c.add_argument("--oral", action="store_true", help="口头协议（默认书面）")
    c.add_argument("--facts", required=True, help="主要事实、争议事项及各方责任")
    c.add_argument("--term", action="append", required=True, help="协议内容，可重复")
    c.add_argument("--amount", default="0", help="协议涉及金额（元）")
    c.add_argument("--manner", default="", help="履行方式")
    c.add_argument("--place", default="", help="履行地点")
    c.add_argument("--deadline", help="履行期限")
    c.add_argument("--effective", help="生效日期（默认今天）")
    c = case_cmd("terminate", "调解不成，终止调解并记录告知的途径", run_terminate)
    c.add_argument("--reason", required=True)
    c.add_argument("--routes", required=True, help="告知当事人的仲裁、行政、司法途径")
    c = case_cmd("jc-apply", "登记司法确认申请（协议生效起30日内）", run_jc_apply)
    c.add_argument("--court", required=True)
    c.add_argument("--on")
    c.add_argument("--late-ok", action="store_true", help="已过30日仍登记（会被记录）")
    c = case_cmd("jc-result", "登记司法确认结果", run_jc_result)
    c.add_argument("--rejected", action="store_true", help="法院不予确认（默认为确认有效）")
    c.add_argument("--on")
    c.add_argument("--note", default="")
    c = case_cmd("transfer", "社区案件移交街道人民调解委员会（保留原卷号和历史）", run_transfer)
    c.add_argument("--reason", required=True)
    case_cmd("close", "结案", run_close).add_argument("--on")
    case_cmd("archive", "立卷归档（卷宗必备材料齐全才可归档）", run_archive).add_argument("--on")
    c = case_cmd("void", "作废误登记的案件（卷号保留不再使用）", run_void)
    c.add_argument("--reason", required=True)


def _add_documents(m) -> None:
    """``doc``, ``attach`` and ``dossier``."""
    case_cmd = partial(_case_cmd, m)
    c = case_cmd("doc", "出具调解文书并冻结 PDF", run_doc)
    c.add_argument("kind", help="文书种类，如 mediation_application、mediation_agreement、"
                   "mediation_case_note；mediation_judicial_confirmation 按当事人自动选"
                   "个人与个人或个人与单位式")
    c.add_argument("--event", type=int, help="记录编号（调查、调解、回访记录）")
    c.add_argument("--court", default="", help="司法确认申请书的受理法院")
    c.add_argument("--note", default="", help="卷宗情况说明中需要说明的情况")
    c.add_argument("-o", "--output", metavar="FILE.pdf")

    c = case_cmd("attach", "添加附件（身份证明、证据、履行凭证等扫描件），标签决定卷内位置",
                 run_attach)
    c.add_argument("file", help="文件（JPEG/PNG/PDF）")
    c.add_argument("--label", required=True,
                   help="application、party_identity、power_of_attorney、evidence、"
                        "performance_receipt、judicial_confirmation、case_note")
    c = case_cmd("dossier", "组卷：卷宗封面、卷内目录（13项顺序）、文书和附件、封底", run_dossier)
    c.add_argument("-o", "--output", required=True, metavar="FILE.pdf")


def _add_corrections(m) -> None:
    """Corrections: nothing is deleted, the old values stay in the audit log."""
    case_cmd = partial(_case_cmd, m)
    c = case_cmd("edit", "修改案件情况（纠纷类型、简要情况、申请事项、移送单位），留审计记录",
                 run_edit)
    c.add_argument("--type", help="纠纷类型（现行目录中的一项）")
    c.add_argument("--summary", help="纠纷简要情况")
    c.add_argument("--claim", action="append", help="申请事项，可重复（给出即整体替换）")
    c.add_argument("--referred-by", help="委托移送单位（仅委托移送的案件）")
    c = case_cmd("party-edit", "修改一名当事人的具体情况（民族、职业、证件号码等）", run_party_edit)
    c.add_argument("--party", type=int, required=True,
                   help="当事人编号（mediation show --json 可查）")
    c.add_argument("--set", action="append", required=True, metavar="KEY=VALUE",
                   help="如 ethnicity=汉族 occupation=教师 id_number=… phone=… address=…")
    c = case_cmd("record-edit", "修改一条调查记录、调解记录、风险情况或回访记录", run_record_edit)
    c.add_argument("--event", type=int, required=True, help="记录编号")
    c.add_argument("--field", action="append", default=[], metavar="KEY=VALUE")
    c.add_argument("--on", help="记录日期")
    c = case_cmd("record-void", "作废一条记录（保留原记录和原因，不删除）", run_record_void)
    c.add_argument("--event", type=int, required=True, help="记录编号")
    c.add_argument("--reason", required=True)


def _case_text(case) -> str:
    return f"{case.id} {case.case_number} {case.state_label} {case.committee} {case.dispute_type}"


def _done(ctx, case, what: str) -> int:
    data = asdict(case)
    for p in data["parties"]:
        p["id_number"], p["credit_code"] = mask_id(p["id_number"]), mask_id(p["credit_code"])
    ctx.out(data, f"{what}：{_case_text(case)}")
    return 0


def _committee(ctx, code: str) -> int | None:
    if code == "street":
        return None
    row = org_store.find_live_community(ctx.store, code=code)
    if row is None:
        raise NotFound(f"没有代码为“{code}”的社区（org list 可查看）。")
    return row["id"]


def run_register(ctx) -> int:
    """Register one dispute."""
    a = ctx.args
    parties = []
    for raw in a.party:
        d = _kv([raw], "--party")
        parties.append({_PARTY_KEYS.get(k, k): v for k, v in d.items()})
    case = mediation.register_case(
        ctx.store, ctx.actor, community_id=_committee(ctx, a.committee), source=a.source,
        application_form=a.form, referred_by=a.referred_by, dispute_type=a.type,
        summary=a.summary, claims=a.claim, parties=parties, received_on=a.received)
    return _done(ctx, case, "已登记")


def run_list(ctx) -> int:
    """Print the case list."""
    source = mediation.list_source(ctx.store, ctx.actor)
    if ctx.args.state:
        source.set_filter("state", ctx.args.state)
    keys = [c.key for c in source.columns]
    rows = [dict(zip(["id", *keys], r, strict=True)) for r in source.page(0, 100_000)]
    for r in rows:
        r.pop("party_ids", None)  # the list never shows ID numbers (only the ledger export)
    lines = [f"{r['id']:>5} {r['received_on']} {r['case_number']} {r['state_text']} "
             f"{r['committee']} {r['dispute_type']} {r['parties']}" for r in rows]
    ctx.out({"rows": rows}, "\n".join(lines) or "（没有调解案件）")
    return 0


def run_show(ctx) -> int:
    """Print one case."""
    case = mediation.get_case(ctx.store, ctx.actor, ctx.args.id)
    lines = [_case_text(case), f"来源：{mediation.SOURCES[case.source]} 登记：{case.received_on}"
             f" 受理：{case.accepted_on or '—'} 调解员：{'、'.join(case.mediators) or '—'}"]
    lines += [f"  {mediation.ROLES[p.role]} {p.name} {p.masked_id}" for p in case.parties]
    lines += [f"  [{mediation.RECORD_KINDS[e.kind]}] {e.on_date} {e.detail}" for e in case.events]
    if case.advisory_due() and case.state == "accepted":
        lines.append(f"一般应在 {case.advisory_due()} 前调结（若干规定第三十三条，建议性）")
    window = case.jc_window(load_calendar(ctx.store))
    if window:
        lines.append(f"司法确认申请期限：{window}（人民调解法第三十三条）"
                     f" 已申请：{case.jc_applied_on or '否'} 结果：{case.jc_result or '—'}")
    lines += [f"  {h.at} {h.actor_name} {h.from_state or ''}→{h.to_state} {h.reason}"
              for h in case.history]
    ctx.out({"id": case.id, "case_number": case.case_number, "state": case.state,
             "jc_window": window.isoformat() if window else None}, "\n".join(lines))
    return 0


def run_accept(ctx) -> int:
    """Accept a case."""
    a = ctx.args
    return _done(ctx, mediation.accept(ctx.store, ctx.actor, a.id, a.on), "已受理")


def run_refuse(ctx) -> int:
    """Refuse a case."""
    a = ctx.args
    case = mediation.refuse(ctx.store, ctx.actor, a.id, a.reason, a.route)
    return _done(ctx, case, case.state_label)


def run_assign(ctx) -> int:
    """Assign mediators."""
    a = ctx.args
    return _done(ctx, mediation.assign_mediators(ctx.store, ctx.actor, a.id, a.mediator),
                 "已指定")


def run_notify(ctx) -> int:
    """Record the rights notice."""
    a = ctx.args
    return _done(ctx, mediation.notify_rights(ctx.store, ctx.actor, a.id, a.on, a.manner),
                 "已告知")


def _escalation(detail: dict) -> dict:
    """A risk record's ``escalation=…`` as a yes/no flag."""
    if "escalation" in detail:
        detail["escalation"] = detail["escalation"] not in ("", "0", "no", "否")
    return detail


def run_record(ctx) -> int:
    """Add a work record."""
    a = ctx.args
    detail = {}
    for item in a.field:
        key, _, value = item.partition("=")
        detail[key.strip()] = value.strip()
    case = mediation.add_record(ctx.store, ctx.actor, a.id, a.kind, _escalation(detail), a.on)
    return _done(ctx, case, "已记录")


def run_agree(ctx) -> int:
    """Register the agreement."""
    a = ctx.args
    case = mediation.record_agreement(
        ctx.store, ctx.actor, a.id, written=not a.oral, facts=a.facts, terms=a.term,
        amount_yuan=a.amount, manner=a.manner, place=a.place, deadline=a.deadline,
        effective_on=a.effective)
    return _done(ctx, case, "已登记协议")


def run_terminate(ctx) -> int:
    """Terminate the mediation."""
    a = ctx.args
    return _done(ctx, mediation.terminate(ctx.store, ctx.actor, a.id, a.reason, a.routes),
                 "已终止")


def run_jc_apply(ctx) -> int:
    """Record the judicial-confirmation application."""
    a = ctx.args
    case = mediation.apply_judicial_confirmation(ctx.store, ctx.actor, a.id, a.court, a.on,
                                                 a.late_ok)
    return _done(ctx, case, "已登记司法确认申请")


def run_jc_result(ctx) -> int:
    """Record the court's ruling."""
    a = ctx.args
    case = mediation.record_judicial_result(ctx.store, ctx.actor, a.id, not a.rejected, a.on,
                                            a.note)
    return _done(ctx, case, "已登记司法确认结果")


def run_transfer(ctx) -> int:
    """Transfer to the street committee."""
    a = ctx.args
    return _done(ctx, mediation.transfer_to_street(ctx.store, ctx.actor, a.id, a.reason),
                 "已移交")


def run_close(ctx) -> int:
    """Close a case."""
    a = ctx.args
    case = mediation.close_case(ctx.store, ctx.actor, a.id, a.on)
    return _done(ctx, case, case.state_label)


def run_archive(ctx) -> int:
    """Archive a case."""
    a = ctx.args
    case = mediation.archive(ctx.store, ctx.actor, a.id, a.on)
    return _done(ctx, case, case.state_label)


def run_void(ctx) -> int:
    """Void a case."""
    a = ctx.args
    case = mediation.void_case(ctx.store, ctx.actor, a.id, a.reason)
    return _done(ctx, case, case.state_label)


def _pairs(items: list[str], what: str) -> dict:
    """Parse repeated "key=value" (--set, --field of the corrections); a missing "=" is an
    error."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValidationError(f"{what}应写成 键=值（“{item}”）。")
        out[key.strip()] = value.strip()
    return out


def run_edit(ctx) -> int:
    """Correct the case particulars."""
    a = ctx.args
    case = mediation.edit_case(ctx.store, ctx.actor, a.id, dispute_type=a.type,
                               summary=a.summary, claims=a.claim, referred_by=a.referred_by)
    return _done(ctx, case, "已修改")


def run_party_edit(ctx) -> int:
    """Correct one party."""
    a = ctx.args
    case = mediation.edit_party(ctx.store, ctx.actor, a.id, a.party, _pairs(a.set, "--set"))
    return _done(ctx, case, "已修改当事人")


def run_record_edit(ctx) -> int:
    """Correct one work record."""
    a = ctx.args
    detail = _escalation(_pairs(a.field, "--field"))
    return _done(ctx, mediation.edit_record(ctx.store, ctx.actor, a.id, a.event, detail, a.on),
                 "已修改记录")


def run_record_void(ctx) -> int:
    """Void one work record."""
    a = ctx.args
    return _done(ctx, mediation.void_record(ctx.store, ctx.actor, a.id, a.event, a.reason),
                 "已作废记录")


def run_doc(ctx) -> int:
    """Issue a document."""
    a = ctx.args
    doc = mediation.issue_document(ctx.store, ctx.actor, a.id, a.kind, a.event, a.court, a.note)
    where = ""
    if a.output:
        Path(a.output).write_bytes(documents.reprint(ctx.store, doc.id, ctx.actor))
        where = f"，已写入 {a.output}"
    ctx.out({"document_id": doc.id, "kind": doc.kind, "pages": doc.pages},
            f"已出具{doc.title}（文书编号 {doc.id}）{where}")
    return 0


def run_attach(ctx) -> int:
    """Attach a file to a case."""
    a = ctx.args
    att = mediation.attach(ctx.store, ctx.actor, a.id, a.file, a.label)
    ctx.out({"attachment_id": att.id, "sha256": att.sha256},
            f"已添加附件 {att.filename}（{a.label}）")
    return 0


def run_dossier(ctx) -> int:
    """Write the assembled case file."""
    pdf = mediation.dossier_pdf(ctx.store, ctx.actor, ctx.args.id)
    Path(ctx.args.output).write_bytes(pdf)
    ctx.out({"output": ctx.args.output, "bytes": len(pdf)}, f"已写入卷宗 {ctx.args.output}")
    return 0


def run_stats(ctx) -> int:
    """Print the month's statistics per committee."""
    rows = mediation.monthly_stats(ctx.store, ctx.actor, ctx.args.month)
    lines = [f"{r.committee}：受理 {r.accepted}，成功 {r.succeeded}"
             f"（{'—' if r.success_rate is None else f'{r.success_rate}%'}），书面 {r.written}，"
             f"口头 {r.oral}，终止 {r.terminated}，金额 {r.amount_fen / 100:.2f} 元，"
             f"回访 {r.follow_ups}，司法确认 申请 {r.jc_applied}/确认 {r.jc_confirmed}"
             f"/不予确认 {r.jc_rejected}" for r in rows]
    if ctx.args.xlsx:
        mediation.write_stats_xlsx(rows, ctx.args.month, ctx.args.xlsx)
        lines.append(f"已写入 {ctx.args.xlsx}")
    ctx.out([r.as_dict() for r in rows], "\n".join(lines))
    return 0
