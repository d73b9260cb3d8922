# SPDX-License-Identifier: MIT
"""`enforcement`: 综合行政执法 case files — lead to archive, documents, clocks, statistics."""

from __future__ import annotations

from pathlib import Path


def _officers(values: list[str]) -> list[tuple[str, str]]:
    from jiedao_desk.base.errors import ValidationError

    out = []
    for v in values:
        name, _, cert = v.partition(":")
        if not cert:
            raise ValidationError(f"执法人员“{v}”应写成 姓名:执法证号。", "officer")
        out.append((name, cert))
    return out


def _add(csub, name: str, help_text: str, handler, *args: tuple) -> None:
    p = csub.add_parser(name, help=help_text)
    for flags, kw in args:
        p.add_argument(*flags, **kw)
    p.set_defaults(handler=handler)


def _case():
    return (("id",), {"type": int, "help": "案件记录号（enforcement list 第一列，不是立案编号）"})


def _label(ctx, case_id: int) -> str:
    from jiedao_desk.domains.enforcement import cases as enf
    from jiedao_desk.domains.enforcement.numbers import label

    return label(enf.get_case(ctx.store, ctx.actor, case_id))


def _day(label="日期"):
    return (("--day",), {"required": True, "help": f"{label}（YYYY-MM-DD）"})


_OFFICER = (("--officer",), {"action": "append", "default": [], "required": True,
                             "metavar": "姓名:执法证号", "help": "执法人员，至少两名，可重复"})


def register(sub) -> None:
    """Add the ``enforcement`` command group."""
    p = sub.add_parser(
        "enforcement", help="综合行政执法：线索、立案、调查、告知、决定、送达、执行、结案、统计")
    c = p.add_subparsers(dest="enforcement_command", metavar="ACTION", required=True)
    _add(c, "powers", "职权目录事项（所有未作废版本；现行版本为空时给出提示）", run_powers)
    _add(c, "lead", "登记线索并核对追责时效（行政处罚法第三十六条）", run_lead,
         (("--source",), {"required": True, "help": "patrol/report/hotline/assigned/transfer/"
                                                    "jurisdiction"}),
         (("--found",), {"required": True, "help": "发现日期"}),
         (("--place",), {"required": True, "help": "地点"}),
         (("--description",), {"required": True, "help": "线索描述"}),
         (("--act-on",), {"help": "违法行为发生日期"}),
         (("--act-ended",), {"help": "连续或继续状态的违法行为终了日期"}),
         (("--serious",), {"action": "store_true",
                           "help": "涉及生命健康安全、金融安全且有危害后果（五年）"}))
    _add(c, "file", "立案（审批人、所用职权目录事项）", run_file, _case(), _day("立案日期"),
         (("--approved-by",), {"required": True, "help": "审批负责人"}),
         (("--power",), {"required": True, "type": int, "help": "职权事项编号（powers 列出）"}))
    _add(c, "not-open", "不予立案并写明理由", run_not_open, _case(),
         (("--reason",), {"required": True, "help": "理由"}))
    _add(c, "party", "登记当事人（身份证号或统一社会信用代码校验；提示同一当事人或地址的既往案件）",
         run_party, _case(),
         (("--kind",), {"required": True, "choices": ["person", "org"], "help": "person/org"}),
         (("--name",), {"required": True, "help": "姓名或名称"}),
         (("--id-number",), {"required": True, "help": "身份证号或统一社会信用代码"}),
         (("--legal-rep",), {"default": "", "help": "法定代表人（组织必填）"}),
         (("--address",), {"default": "", "help": "地址"}),
         (("--phone",), {"default": "", "help": "电话"}))
    _add(c, "record", "登记现场检查或询问笔录（两名以上执法人员及执法证号）", run_record, _case(),
         (("--kind",), {"required": True, "choices": ["inspection", "inquiry"],
                        "help": "笔录类型"}),
         _day("笔录日期"), _OFFICER,
         (("--summary",), {"required": True, "help": "笔录内容"}),
         (("--interviewee",), {"default": "", "help": "被询问人（询问笔录）"}))
    _add(c, "evidence", "添加证据文件（SHA-256、EXIF 时间和位置保留）", run_evidence, _case(),
         (("file",), {"help": "文件"}),
         (("--description",), {"required": True, "help": "证据说明"}))
    _add(c, "preserve", "先行登记保存（七个工作日内作出处理决定）", run_preserve, _case(),
         _day(), _OFFICER, (("--items",), {"required": True, "help": "物品"}),
         (("--approved-by",), {"required": True, "help": "批准负责人"}))
    _add(c, "dispose", "先行登记保存物品的处理决定", run_dispose, _case(), _day(),
         (("--preservation",), {"required": True, "type": int, "help": "登记保存记录编号"}),
         (("--outcome",), {"required": True, "help": "处理决定"}))
    _add(c, "review", "调查终结、法制审核或集体讨论（谁、何时、意见）", run_review, _case(), _day(),
         (("--step",), {"required": True, "choices": ["investigation_end", "legal_review",
                                                      "collective_discussion"], "help": "环节"}),
         (("--by",), {"required": True, "help": "审核（讨论）人"}),
         (("--opinion",), {"required": True, "help": "意见"}))
    _add(c, "notice", "事先告知（拟处罚、事实、依据；陈述申辩及听证权利）", run_notice,
         _case(), _day(),
         (("--fine",), {"required": True, "help": "拟罚款金额（元）"}),
         (("--facts",), {"required": True, "help": "违法事实"}),
         (("--basis",), {"required": True, "help": "处罚依据"}),
         (("--hearing",), {"choices": ["yes", "no"],
                           "help": "是否告知听证权利（门槛未设置时必填）"}))
    _add(c, "serve", "登记送达（直接/留置/邮寄/公告/电子）", run_serve, _case(), _day("送达日期"),
         (("--what",), {"required": True, "choices": ["prior_notice", "decision", "demand",
                                                      "rectification", "other"], "help": "文书"}),
         (("--method",), {"required": True, "choices": ["direct", "left", "post", "notice",
                                                        "electronic"], "help": "方式"}),
         (("--receiver",), {"default": "", "help": "签收人"}),
         (("--witness",), {"action": "append", "default": [],
                           "help": "见证人（留置送达），可重复"}),
         (("--receipt",), {"default": "", "help": "回执或邮件号"}),
         (("--consent",), {"action": "store_true", "help": "当事人同意电子送达"}))
    _add(c, "hearing-request", "登记听证申请（五个工作日内）", run_hearing_request, _case(), _day())
    _add(c, "hearing-schedule", "通知听证时间地点（七个工作日前）", run_hearing_schedule, _case(),
         _day("通知日期"), (("--hearing-on",), {"required": True, "help": "听证日期"}),
         (("--place",), {"required": True, "help": "地点"}))
    _add(c, "hearing-record", "登记听证举行情况", run_hearing_record, _case(), _day(),
         (("--summary",), {"required": True, "help": "听证情况"}))
    _add(c, "decide", "作出处罚决定（九十日期限、法制审核、集体讨论检查）", run_decide,
         _case(), _day(),
         (("--fine",), {"required": True, "help": "罚款金额（元）"}),
         (("--text",), {"required": True, "help": "处罚内容"}),
         (("--absent",), {"action": "store_true", "help": "当事人不在场（七日内送达）"}),
         (("--legal-review",), {"action": "store_true", "help": "属第五十八条须法制审核的案件"}),
         (("--serious",), {"action": "store_true", "help": "情节复杂或重大，须集体讨论"}),
         (("--late-reason",), {"default": "", "help": "超过九十日的原因"}))
    _add(c, "pay", "登记缴纳罚款（显示当日应加处罚款）", run_pay, _case(), _day(),
         (("--amount",), {"required": True, "help": "金额（元）"}))
    _add(c, "demand", "逾期未缴时催告", run_demand, _case(), _day())
    _add(c, "court", "申请人民法院强制执行（催告送达十日后、期限内）", run_court, _case(), _day())
    _add(c, "simple", "简易程序当场处罚（个人≤200元、组织≤3000元；纸质决定书编号）", run_simple,
         _day(), _OFFICER,
         (("--source",), {"default": "patrol", "help": "来源"}),
         (("--place",), {"required": True, "help": "地点"}),
         (("--facts",), {"required": True, "help": "违法事实"}),
         (("--kind",), {"required": True, "choices": ["person", "org"], "help": "当事人类型"}),
         (("--name",), {"required": True, "help": "当事人"}),
         (("--id-number",), {"required": True, "help": "证件号码"}),
         (("--legal-rep",), {"default": "", "help": "法定代表人"}),
         (("--fine",), {"required": True, "help": "罚款（元）"}),
         (("--power",), {"required": True, "type": int, "help": "职权事项编号"}),
         (("--paper-number",), {"required": True, "help": "预印决定书编号"}))
    _add(c, "close", "结案（缺少必备文书时拒绝）", run_close, _case(), _day(),
         (("--approved-by",), {"required": True, "help": "审批负责人"}),
         (("--result",), {"required": True, "help": "执行情况"}))
    _add(c, "archive", "归档（归档号=年份+四位序号）", run_archive, _case())
    _add(c, "doc", "出具本案文书（冻结 PDF）", run_doc, _case(),
         (("kind",), {"help": "文书种类（core/enforcement_docs.py KINDS），如 "
                              "enforcement_penalty_decision"}),
         (("--set",), {"action": "append", "default": [], "metavar": "KEY=VALUE",
                       "help": "补充字段，可重复"}),
         (("--paper-number",), {"help": "预印纸质文书编号"}),
         (("-o", "--output"), {"help": "写出 PDF"}))
    _add(c, "dossier", "组卷：封面、卷内目录、文书和证据合成一个 PDF（报告缺少的必备文书）",
         run_dossier, _case(), (("-o", "--output"), {"required": True, "help": "写出 PDF"}))
    _add(c, "void", "作废误登记的案件（记录保留）", run_void, _case(),
         (("--reason",), {"required": True, "help": "作废原因"}))
    _add(c, "show", "案件详情：当事人、时钟（绿/黄/红）、办案记录、文书、缺少文书", run_show,
         _case())
    _add(c, "list", "案件列表", run_list, (("--status",), {"help": "状态"}))
    _add(c, "stats", "统计：来源、职权、状态、罚款决定/收缴、超期时钟", run_stats,
         (("--from",), {"dest": "date_from", "required": True, "help": "起始日期"}),
         (("--to",), {"dest": "date_to", "required": True, "help": "截止日期"}))
    from jiedao_desk.domains.enforcement.cli_steps import register_actions, register_records

    register_actions(c)  # 陈述申辩, 裁量, 公示 (kept in their own module)
    register_records(c)  # photos on a lead, voiding one record


def _ok(ctx, data, text: str) -> int:
    ctx.out(data, text)
    return 0


def run_powers(ctx) -> int:
    """List powers-catalogue items."""
    from jiedao_desk.domains.enforcement import cases as enf

    items, warning = enf.power_choices(ctx.store)
    lines = [f"{p['item_id']:>5}  [{p['version']}{'·现行' if p['in_force'] else ''}] {p['text']}"
             for p in items]
    if warning:
        lines.insert(0, "注意：" + warning)
    return _ok(ctx, {"items": items, "warning": warning}, "\n".join(lines) or "（无条目）")


def run_lead(ctx) -> int:
    """Register a lead."""
    from dataclasses import asdict

    from jiedao_desk.domains.enforcement import cases as enf

    a = ctx.args
    r = enf.register_lead(ctx.store, ctx.actor, a.source, a.found, a.place, a.description,
                          a.act_on, a.act_ended, a.serious)
    text = (f"已登记线索（线索）#{r.case_id}（立案时编立案编号）"
            + "".join("\n注意：" + w for w in r.warnings))
    return _ok(ctx, asdict(r), text)


def run_file(ctx) -> int:
    """立案."""
    from jiedao_desk.domains.enforcement import cases as enf

    a = ctx.args
    row = enf.file_case(ctx.store, ctx.actor, a.id, a.day, a.approved_by, a.power)
    return _ok(ctx, row,
               f"已立案，案件编号 {row['case_no']}（记录号 {a.id}）：{row['power_text']}")


def run_not_open(ctx) -> int:
    """不予立案."""
    from jiedao_desk.domains.enforcement import cases as enf

    row = enf.not_open(ctx.store, ctx.actor, ctx.args.id, ctx.args.reason)
    return _ok(ctx, row, f"案件 {_label(ctx, ctx.args.id)} 不予立案")


def run_party(ctx) -> int:
    """Add a party."""
    from jiedao_desk.domains.enforcement import cases as enf

    a = ctx.args
    p = enf.add_party(ctx.store, ctx.actor, a.id, a.kind, a.name, a.id_number, a.address,
                      a.phone, a.legal_rep)
    text = f"已登记当事人 {p['name']}"
    if p["repeat"]:
        earlier = "、".join(str(r["id"]) for r in p["repeat"])
        text += f"\n提示：同一当事人或地址有既往案件：{earlier}"
    return _ok(ctx, p, text)


def run_record(ctx) -> int:
    """Add an investigation record."""
    from jiedao_desk.domains.enforcement import cases as enf

    a = ctx.args
    eid = enf.record_investigation(ctx.store, ctx.actor, a.id, a.kind, a.day,
                                   _officers(a.officer), a.summary, a.interviewee)
    return _ok(ctx, {"event_id": eid}, f"已登记笔录，记录编号 {eid}")


def run_evidence(ctx) -> int:
    """Add evidence."""
    from jiedao_desk.domains.enforcement import cases as enf

    eid = enf.add_evidence(ctx.store, ctx.actor, ctx.args.id, ctx.args.file,
                           ctx.args.description)
    return _ok(ctx, {"event_id": eid}, f"已添加证据，记录编号 {eid}")


def run_preserve(ctx) -> int:
    """先行登记保存."""
    from jiedao_desk.domains.enforcement import cases as enf

    a = ctx.args
    eid = enf.register_preservation(ctx.store, ctx.actor, a.id, a.day, a.items, a.approved_by,
                                    _officers(a.officer))
    return _ok(ctx, {"event_id": eid}, f"已登记先行登记保存，记录编号 {eid}")


def run_dispose(ctx) -> int:
    """Disposal decision."""
    from jiedao_desk.domains.enforcement import cases as enf

    a = ctx.args
    eid = enf.dispose_preservation(ctx.store, ctx.actor, a.id, a.preservation, a.day, a.outcome)
    return _ok(ctx, {"event_id": eid}, "已登记处理决定")


def run_review(ctx) -> int:
    """Review step."""
    from jiedao_desk.domains.enforcement import cases as enf

    a = ctx.args
    eid = enf.review(ctx.store, ctx.actor, a.id, a.step, a.day, a.by, a.opinion)
    return _ok(ctx, {"event_id": eid}, f"已登记{enf.REVIEW_STEPS[a.step]}")


def run_notice(ctx) -> int:
    """事先告知."""
    from jiedao_desk.domains.enforcement import decision as ed

    a = ctx.args
    hearing = None if a.hearing is None else a.hearing == "yes"
    d = ed.prior_notice(ctx.store, ctx.actor, a.id, a.day, a.fine, a.facts, a.basis, hearing)
    return _ok(ctx, d, f"已事先告知{'（含听证权利）' if d['hearing'] else ''}")


def run_serve(ctx) -> int:
    """Service."""
    from jiedao_desk.domains.enforcement import decision as ed

    a = ctx.args
    eid = ed.serve(ctx.store, ctx.actor, a.id, a.what, a.method, a.day, a.receiver, a.witness,
                   a.receipt, a.consent)
    return _ok(ctx, {"event_id": eid}, f"已登记送达：{ed.SERVED_WHAT[a.what]}")


def run_hearing_request(ctx) -> int:
    """Hearing request."""
    from jiedao_desk.domains.enforcement import decision as ed

    r = ed.request_hearing(ctx.store, ctx.actor, ctx.args.id, ctx.args.day)
    timing = "期限内" if r["in_time"] else "已逾期"
    return _ok(ctx, r, f"已登记听证申请（期限 {r['due']}，{timing}）")


def run_hearing_schedule(ctx) -> int:
    """Hearing notice."""
    from jiedao_desk.domains.enforcement import decision as ed

    a = ctx.args
    eid = ed.schedule_hearing(ctx.store, ctx.actor, a.id, a.day, a.hearing_on, a.place)
    return _ok(ctx, {"event_id": eid}, "已登记听证通知")


def run_hearing_record(ctx) -> int:
    """Hearing held."""
    from jiedao_desk.domains.enforcement import decision as ed

    eid = ed.record_hearing(ctx.store, ctx.actor, ctx.args.id, ctx.args.day, ctx.args.summary)
    return _ok(ctx, {"event_id": eid}, "已登记听证情况")


def run_decide(ctx) -> int:
    """Decision."""
    from jiedao_desk.domains.enforcement import decision as ed

    a = ctx.args
    row = ed.decide(ctx.store, ctx.actor, a.id, a.day, a.fine, a.text, not a.absent,
                    a.legal_review, a.serious, a.late_reason)
    return _ok(ctx, row, f"案件 {_label(ctx, a.id)} 已作出处罚决定")


def run_pay(ctx) -> int:
    """Payment."""
    from jiedao_desk.domains.enforcement import decision as ed

    r = ed.record_payment(ctx.store, ctx.actor, ctx.args.id, ctx.args.day, ctx.args.amount)
    return _ok(ctx, r, f"已登记缴款；逾期 {r['days_late']} 日，加处罚款 {r['surcharge']:.2f} 元")


def run_demand(ctx) -> int:
    """催告."""
    from jiedao_desk.domains.enforcement import decision as ed

    eid = ed.demand(ctx.store, ctx.actor, ctx.args.id, ctx.args.day)
    return _ok(ctx, {"event_id": eid}, "已登记催告")


def run_court(ctx) -> int:
    """Court application."""
    from jiedao_desk.domains.enforcement import decision as ed

    eid = ed.court_application(ctx.store, ctx.actor, ctx.args.id, ctx.args.day)
    return _ok(ctx, {"event_id": eid}, "已登记申请法院强制执行")


def run_simple(ctx) -> int:
    """简易程序."""
    from jiedao_desk.domains.enforcement import decision as ed

    a = ctx.args
    party = {"kind": a.kind, "name": a.name, "id_number": a.id_number, "legal_rep": a.legal_rep}
    cid = ed.simple_penalty(ctx.store, ctx.actor, a.source, a.day, a.place, a.facts, party,
                            a.fine, a.power, a.paper_number, _officers(a.officer))
    case_no = _label(ctx, cid)
    return _ok(ctx, {"case_id": cid, "case_no": case_no},
               f"已登记当场处罚，案件编号 {case_no}（记录号 {cid}）")


def run_close(ctx) -> int:
    """结案."""
    from jiedao_desk.domains.enforcement import decision as ed

    a = ctx.args
    ed.close_case(ctx.store, ctx.actor, a.id, a.day, a.approved_by, a.result)
    return _ok(ctx, {"case_id": a.id}, f"案件 {_label(ctx, a.id)} 已结案")


def run_archive(ctx) -> int:
    """归档."""
    from jiedao_desk.domains.enforcement import decision as ed

    number = ed.archive_case(ctx.store, ctx.actor, ctx.args.id)
    return _ok(ctx, {"archive_no": number}, f"已归档，归档号 {number}")


def run_doc(ctx) -> int:
    """Issue a document."""
    from jiedao_desk.core import documents
    from jiedao_desk.domains.enforcement import documents as edocs

    a = ctx.args
    extra = dict(s.split("=", 1) for s in a.set if "=" in s)
    doc = edocs.issue_document(ctx.store, ctx.actor, a.id, a.kind, extra, a.paper_number)
    note = ""
    if a.output:
        Path(a.output).write_bytes(documents.reprint(ctx.store, doc.id, ctx.actor))
        note = f"，已写入 {a.output}"
    return _ok(ctx, {"document_id": doc.id, "doc_number": doc.doc_number},
               f"已出具{doc.title} {doc.doc_number}{note}")


def run_show(ctx) -> int:
    """Case detail."""
    from jiedao_desk.domains.enforcement import cases as enf
    from jiedao_desk.domains.enforcement.clocks import COLOUR_LABELS
    from jiedao_desk.domains.enforcement.numbers import label
    from jiedao_desk.domains.enforcement.view import case_detail

    d = case_detail(ctx.store, ctx.actor, ctx.args.id)
    c = d.case
    lines = [f"案件 {label(c)}（记录号 {c['id']}，{enf.STATUSES[c['status']]}）{c['place']}："
             f"{c['description']}",
             f"职权事项：{c['power_text'] or '—'}"]
    lines += [f"当事人：{p['name']} {p['id_number']}" for p in d.parties]
    lines += [f"时钟：{k.label} 期限 {k.due} [{COLOUR_LABELS[col]}]（{k.basis}）"
              for k, col in d.clocks]
    lines += [f"记录 {e['id']}：{e['day']} {e['kind']}" for e in d.events]
    lines += [f"文书：{x.title} {x.doc_number}" for x in d.documents]
    if d.missing:
        lines.append("缺少必备文书：" + "、".join(d.missing))
    lines += ["注意：" + w for w in d.warnings]
    data = {"case": c, "parties": d.parties, "clocks": [
        {"key": k.key, "label": k.label, "due": k.due, "colour": col} for k, col in d.clocks],
        "events": [{"id": e["id"], "kind": e["kind"], "day": e["day"]} for e in d.events],
        "missing": d.missing}
    return _ok(ctx, data, "\n".join(lines))


def run_list(ctx) -> int:
    """Case list."""
    from jiedao_desk.domains.enforcement import cases as enf
    from jiedao_desk.domains.enforcement.numbers import label
    from jiedao_desk.domains.enforcement.view import list_cases

    rows = list_cases(ctx.store, ctx.actor, ctx.args.status)
    lines = [f"{r['id']:>5}  {label(r)}  {enf.STATUSES[r['status']]:<8} {r['found_on']}  "
             f"{r['parties']}  {r['place']}" for r in rows]
    return _ok(ctx, rows, "\n".join(lines) or "（无案件）")


def run_stats(ctx) -> int:
    """Statistics."""
    from jiedao_desk.domains.enforcement.view import statistics

    st = statistics(ctx.store, ctx.actor, ctx.args.date_from, ctx.args.date_to)
    lines = [f"统计期间 {st['from']} 至 {st['to']}"]
    for key, title in (("by_source", "按来源"), ("by_power", "按职权事项"), ("by_status", "按状态"),
                       ("overdue_clocks", "超期时钟")):
        lines.append(title + "：" + ("；".join(f"{k} {v}" for k, v in st[key].items()) or "无"))
    lines.append(f"决定罚款 {st['fines_decided']:.2f} 元，收缴 {st['fines_collected']:.2f} 元")
    return _ok(ctx, st, "\n".join(lines))


def run_dossier(ctx) -> int:
    """Assemble the dossier PDF."""
    from jiedao_desk.domains.enforcement import documents as edocs

    pdf, missing = edocs.dossier_pdf(ctx.store, ctx.actor, ctx.args.id)
    Path(ctx.args.output).write_bytes(pdf)
    text = f"已写入 {ctx.args.output}"
    if missing:
        text += "\n缺少必备文书：" + "、".join(missing)
    return _ok(ctx, {"output": ctx.args.output, "missing": missing}, text)


def run_void(ctx) -> int:
    """Void a case."""
    from jiedao_desk.domains.enforcement import cases as enf

    enf.void_case(ctx.store, ctx.actor, ctx.args.id, ctx.args.reason)
    return _ok(ctx, {"case_id": ctx.args.id}, f"案件 {_label(ctx, ctx.args.id)} 已作废")
