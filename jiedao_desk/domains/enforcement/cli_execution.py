# SPDX-License-Identifier: MIT
"""`enforcement` commands after the decision: 送达, 缴款, 催告, 申请法院强制执行, 公示 of the
decision, 结案 and 归档."""

from __future__ import annotations

from dataclasses import asdict

from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.domains.enforcement.cli_args import Command, case_arg, day_arg, done
from jiedao_desk.domains.enforcement.closing import archive_case, close_case
from jiedao_desk.domains.enforcement.execution import (
    approve_payment_plan,
    court_application,
    demand,
    record_appeal,
    record_payment,
    serve,
)
from jiedao_desk.domains.enforcement.model import APPEALS, SERVED_WHAT, SERVICE_METHODS
from jiedao_desk.domains.enforcement.publication import (
    record_publication,
    set_required,
    summary,
    void_publication,
    withdraw_publication,
)


def run_serve(ctx) -> int:
    """Service."""
    a = ctx.args
    eid = serve(ctx.store, ctx.actor, a.id, a.what, a.method, a.day, receiver=a.receiver,
                witnesses=a.witness, receipt=a.receipt, consent=a.consent)
    return done(ctx, {"event_id": eid}, f"已登记送达：{SERVED_WHAT[a.what]}")


def run_pay(ctx) -> int:
    """Payment."""
    r = record_payment(ctx.store, ctx.actor, ctx.args.id, ctx.args.day, ctx.args.amount)
    return done(ctx, asdict(r), f"已登记缴款；逾期 {r.days_late} 日，加处罚款 {r.surcharge:.2f} 元")


def run_appeal(ctx) -> int:
    """The party's 复议 or 诉讼."""
    a = ctx.args
    eid = record_appeal(ctx.store, ctx.actor, a.id, a.day, a.what, a.reference)
    return done(ctx, {"event_id": eid}, f"已登记：当事人{APPEALS[a.what]}")


def run_payment_plan(ctx) -> int:
    """Approve a deferral or instalments."""
    a = ctx.args
    rows = []
    for text in a.instalment:
        due, _, amount = text.partition(":")
        rows.append((due.strip(), amount.strip()))
    eid = approve_payment_plan(ctx.store, ctx.actor, a.id, a.day, rows, a.reason)
    kind = "延期缴纳" if len(rows) == 1 else f"分{len(rows)}期缴纳"
    return done(ctx, {"event_id": eid}, f"已批准{kind}，记录编号 {eid}")


def run_demand(ctx) -> int:
    """催告."""
    eid = demand(ctx.store, ctx.actor, ctx.args.id, ctx.args.day)
    return done(ctx, {"event_id": eid}, "已登记催告")


def run_court(ctx) -> int:
    """Court application."""
    a = ctx.args
    res = court_application(ctx.store, ctx.actor, a.id, a.day, a.court, a.opinion)
    return done(ctx, {"event_id": res.event_id, "document_id": res.document.id,
                      "doc_number": res.document.doc_number},
                f"已登记申请法院强制执行，出具强制执行申请书 {res.document.doc_number}")


def run_publish(ctx) -> int:
    """Record a publication."""
    a = ctx.args
    pid = record_publication(ctx.store, ctx.actor, a.id, a.day, a.channel, a.reference,
                             a.document)
    return done(ctx, {"publication_id": pid}, f"已登记公示，记录编号 {pid}")


def run_publish_withdraw(ctx) -> int:
    """Record a withdrawal."""
    a = ctx.args
    withdraw_publication(ctx.store, ctx.actor, a.id, a.publication, a.day, a.reason)
    return done(ctx, {"publication_id": a.publication}, "已登记撤回公示")


def run_publish_void(ctx) -> int:
    """Void a publication record."""
    a = ctx.args
    void_publication(ctx.store, ctx.actor, a.id, a.publication, a.reason)
    return done(ctx, {"publication_id": a.publication}, "已作废公示记录")


def run_publish_rule(ctx) -> int:
    """Mark whether the case must be published."""
    a = ctx.args
    value = {"yes": True, "no": False, "default": None}[a.required]
    set_required(ctx.store, ctx.actor, a.id, value, a.note)
    return done(ctx, {"case_id": a.id, "required": value}, "已更新本案公示要求")


def run_publication(ctx) -> int:
    """Publication of a case."""
    st = summary(ctx.store, ctx.actor, ctx.args.id)
    lines = [f"{'须公示' if st.required else '不须公示'}（{st.why}）"]
    for r in st.records:
        line = f"{r.id}: {r.published_on} {r.channel} {r.reference}".rstrip()
        if r.withdrawn_on:
            line += f"（{r.withdrawn_on} 撤回：{r.withdraw_reason}）"
        lines.append(line)
    data = {"required": st.required, "why": st.why, "records": [asdict(r) for r in st.records]}
    return done(ctx, data, "\n".join(lines))


def run_close(ctx) -> int:
    """结案."""
    a = ctx.args
    case = close_case(ctx.store, ctx.actor, a.id, a.day, a.approved_by, a.result)
    return done(ctx, {"case_id": a.id}, f"案件 {case.label} 已结案")


def run_archive(ctx) -> int:
    """归档."""
    number = archive_case(ctx.store, ctx.actor, ctx.args.id)
    return done(ctx, {"archive_no": number}, f"已归档，归档号 {number}")


COMMANDS = {
    "serve": Command("登记送达（直接/留置/邮寄/公告/电子）", run_serve, (
        case_arg(), day_arg("送达日期"),
        (("--what",), {"required": True, **labelled_choice(SERVED_WHAT, "送达的文书")}),
        (("--method",), {"required": True, **labelled_choice(SERVICE_METHODS, "送达方式")}),
        (("--receiver",), {"default": "", "help": "签收人"}),
        (("--witness",), {"action": "append", "default": [],
                          "help": "见证人（留置送达），可重复"}),
        (("--receipt",), {"default": "", "help": "回执或邮件号"}),
        (("--consent",), {"action": "store_true", "help": "当事人同意电子送达"}))),
    "pay": Command("登记缴纳罚款（显示当日应加处罚款）", run_pay, (
        case_arg(), day_arg(), (("--amount",), {"required": True, "help": "金额（元）"}))),
    "appeal": Command("登记当事人申请行政复议或提起行政诉讼（此后不依第五十三条申请强制执行）",
                      run_appeal, (
                          case_arg(), day_arg("申请（起诉）日期"),
                          (("--what",), {"required": True,
                                         **labelled_choice(APPEALS, "复议或诉讼")}),
                          (("--reference",), {"default": "", "help": "案号或受理文书"}))),
    "payment-plan": Command(
        "批准延期或分期缴纳罚款（行政处罚法 第六十六条；缴款、加处罚款和申请法院强制执行的期限随之"
        "改变）", run_payment_plan, (
            case_arg(), day_arg("批准日期"),
            (("--instalment",), {"action": "append", "default": [], "required": True,
                                 "metavar": "YYYY-MM-DD:金额",
                                 "help": "缴纳日期和金额；延期填一次，分期每期一次"}),
            (("--reason",), {"required": True, "help": "当事人申请及经济困难情况"}))),
    "demand": Command("逾期未缴时催告（缴款期限最后一日不能催告）", run_demand,
                      (case_arg(), day_arg())),
    "court": Command(
        "申请人民法院强制执行并出具强制执行申请书（催告送达十个工作日后，复议、诉讼期限届满后"
        "三个月内；须已出具决定书和催告书，行政强制法 第五十三至五十五条）", run_court, (
            case_arg(), day_arg(),
            (("--court",), {"required": True, "metavar": "法院",
                            "help": "受理法院（所在地有管辖权的人民法院）"}),
            (("--opinion",), {"required": True, "metavar": "意见",
                              "help": "当事人的意见（收到催告书后的陈述、申辩，或未提出）"}))),
    "publish": Command("登记处罚决定公示（日期、途径、链接或编号）", run_publish, (
        case_arg(), day_arg("公示日期"),
        (("--channel",), {"required": True, "help": "公示途径，如网站、公示栏"}),
        (("--reference",), {"default": "", "help": "链接或公示编号"}),
        (("--document",), {"type": int, "help": "公示的文书编号（默认本案决定书）"}))),
    "publish-withdraw": Command("登记撤回公示（决定被变更、撤销等）", run_publish_withdraw, (
        case_arg(), day_arg("撤回日期"),
        (("--publication",), {"required": True, "type": int, "help": "公示记录编号"}),
        (("--reason",), {"required": True, "help": "撤回原因"}))),
    "publish-void": Command("作废误登记的公示记录（记录保留）", run_publish_void, (
        case_arg(),
        (("--publication",), {"required": True, "type": int, "help": "公示记录编号"}),
        (("--reason",), {"required": True, "help": "作废原因"}))),
    "publish-rule": Command(
        "标记本案决定须公示/不公示（写明理由），或恢复按设置", run_publish_rule, (
            case_arg(), (("--required",), {"required": True, **labelled_choice(
                {"yes": "须公示", "no": "不公示", "default": "按设置"}, "是否公示")}),
            (("--note",), {"default": "", "help": "理由"}))),
    "publication": Command("本案公示情况（是否须公示、理由、公示和撤回记录）", run_publication,
                           (case_arg(),)),
    "close": Command("结案（缺少必备文书时拒绝）", run_close, (
        case_arg(), day_arg(),
        (("--approved-by",), {"required": True, "help": "审批负责人"}),
        (("--result",), {"required": True, "help": "执行情况"}))),
    "archive": Command("归档（归档号=年份+四位序号）", run_archive, (case_arg(),)),
}
