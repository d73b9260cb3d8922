# SPDX-License-Identifier: MIT
"""Steps of the case page after the decision: 送达, 缴款, 催告, 申请法院强制执行, 公示 (record,
withdraw, void a record, whether the case is published), 结案 and 归档."""

from __future__ import annotations

from jiedao_desk.domains.enforcement import closing, execution, publication
from jiedao_desk.domains.enforcement.model import APPEALS, SERVED_WHAT, SERVICE_METHODS
from jiedao_desk.domains.enforcement.pages.step import GROUPS, Step, args, chosen, day, step
from jiedao_desk.domains.enforcement.pages.step_dialog import Field

_FILING, _INVESTIGATION, _REVIEW, _SERVICE, _DECISION, _CLOSING = GROUPS
RULES = {"default": "按设置判断", "yes": "本案须公示", "no": "本案不公示"}


def _serve(ctx, v):
    witnesses = [w for w in v["witnesses"].replace(",", "、").replace("，", "、").split("、") if w]
    execution.serve(*args(ctx), v["what"], v["method"], v["day"], receiver=v["receiver"],
                    witnesses=witnesses, receipt=v["receipt"], consent=v["consent"])
    return f"已登记送达：{SERVED_WHAT[v['what']]}（{SERVICE_METHODS[v['method']]}）。"


def _pay(ctx, v):
    r = execution.record_payment(*args(ctx), v["day"], v["amount"])
    if r.days_late:
        return f"已登记缴款；逾期 {r.days_late} 日，应加处罚款 {r.surcharge:.2f} 元。"
    return "已登记缴款（未逾期）。"


def _appeal(ctx, v):
    execution.record_appeal(*args(ctx), v["day"], v["what"], v["reference"])
    return f"已登记：当事人{APPEALS[v['what']]}。"


def _plan(ctx, v):
    rows = []
    for line in v["instalments"].splitlines():
        due, _, amount = line.replace("：", ":").partition(":")
        if due.strip():
            rows.append((due.strip(), amount.strip()))
    execution.approve_payment_plan(*args(ctx), v["day"], rows, v["reason"])
    return "已批准延期缴纳。" if len(rows) == 1 else f"已批准分{len(rows)}期缴纳。"


def _demand(ctx, v):
    execution.demand(*args(ctx), v["day"])
    return ("已登记催告：催告书送达后十个工作日仍未履行的，复议、诉讼期限届满后可申请法院"
            "强制执行。")


def _court(ctx, v):
    res = execution.court_application(*args(ctx), v["day"], v["court"], v["opinion"])
    return f"已登记申请人民法院强制执行，出具强制执行申请书 {res.document.doc_number}。"


def _publication(ctx, v):
    publication.record_publication(*args(ctx), v["day"], v["channel"], v["reference"])
    return "已登记公示。"


def _publications(ctx, open_only: bool = True) -> dict:
    rows = publication.summary(ctx.store, ctx.actor, ctx.case_id).records
    choices = {r.id: f"{r.published_on.isoformat()}　{r.channel}　{r.reference}".rstrip()
               + (f"（{r.withdrawn_on.isoformat()} 已撤回）" if r.withdrawn_on else "")
               for r in rows if not (open_only and r.withdrawn_on)}
    return choices or {None: "（没有可选的公示记录）"}


def _withdraw(ctx, v):
    publication.withdraw_publication(
        *args(ctx), chosen(v["publication"], "本案没有可选的公示记录。", "publication"),
        v["day"], v["reason"])
    return "已登记撤回公示。"


def _void_publication(ctx, v):
    publication.void_publication(
        *args(ctx), chosen(v["publication"], "本案没有可选的公示记录。", "publication"),
        v["reason"])
    return "已作废误登记的公示记录（记录保留）。"


def _rule_fields(ctx):
    try:
        st = publication.summary(ctx.store, ctx.actor, ctx.case_id)
        now = f"目前：{'须公示' if st.required else '不须公示'}（{st.why}）"
    except Exception:  # noqa: BLE001 - the dialog still opens; core reports on 确定
        now = ""
    return [Field("rule", "公示要求", "choice", RULES),
            Field("note", "理由", "long", placeholder=now or "须公示或不公示时必填")]


def _rule(ctx, v):
    value = {"yes": True, "no": False}.get(v["rule"])
    publication.set_required(*args(ctx), value, v["note"])
    return "已更新本案公示要求：" + RULES[v["rule"]] + "。"


def _close(ctx, v):
    closing.close_case(*args(ctx), v["day"], v["approved_by"], v["result"])
    return "已结案。"


def _archive(ctx, v):
    number = closing.archive_case(*args(ctx))
    return f"已归档，归档号 {number}。"


STEPS: tuple[Step, ...] = (
    step("serve", _SERVICE, lambda c: [
        Field("what", "送达文书", "choice", SERVED_WHAT),
        Field("method", "送达方式", "choice", SERVICE_METHODS), day("送达日期"),
        Field("receiver", "签收人"),
        Field("witnesses", "见证人", placeholder="留置送达必填，多人用顿号分隔"),
        Field("receipt", "回执或邮件号"),
        Field("consent", "当事人已同意电子送达（电子送达必选）", "check", default=False)], _serve,
        "当事人不在场的，决定书应在七日内送达（行政处罚法 第六十一条）。"),
    step("pay", _DECISION, lambda c: [day("缴款日期"), Field("amount", "金额（元）")], _pay,
         "决定书送达后十五日内缴纳；逾期每日加处罚款百分之三，不超过罚款数额（第六十七、七十二条）。"),
    step("appeal", _DECISION, lambda c: [
        day("申请（起诉）日期"), Field("what", "当事人", "choice", APPEALS),
        Field("reference", "案号或受理文书")], _appeal,
        "当事人申请复议或提起诉讼的，不依行政强制法第五十三条申请法院强制执行。"),
    step("payment_plan", _DECISION, lambda c: [
        day("批准日期"),
        Field("instalments", "缴纳日期和金额", "long",
              placeholder="每行一期：日期:金额，如 2026-12-31:500；延期只填一行"),
        Field("reason", "当事人申请及经济困难情况", "long", required=True)], _plan,
        "当事人确有经济困难的，经申请和批准，可以暂缓或者分期缴纳（行政处罚法 第六十六条）；"
        "加处罚款和申请法院强制执行的期限自暂缓或分期缴纳期限结束之日起计算（第七十二条）。"),
    step("demand", _DECISION, lambda c: [day("催告日期")], _demand,
         "缴款期限届满后仍未缴纳的先催告，期限最后一日不能催告（行政强制法 第五十四条）。"),
    step("court", _DECISION, lambda c: [
        day("申请日期"),
        Field("court", "受理法院", placeholder="所在地有管辖权的人民法院", required=True),
        Field("opinion", "当事人的意见", "long",
              placeholder="收到催告书后的陈述、申辩；未提出的写“未提出陈述、申辩”",
              required=True)], _court,
         "催告书送达满十个工作日后，且复议、诉讼期限届满后三个月内（行政强制法 第五十三、"
         "五十四、六十九条）；须已出具决定书和催告书，同时出具强制执行申请书（第五十五条）。"),
    step("publication", _DECISION, lambda c: [
        day("公示日期"),
        Field("channel", "公示途径", placeholder="如街道网站、公示栏", required=True),
        Field("reference", "网址或备注")], _publication,
        "具有一定社会影响的行政处罚决定应当依法公开（行政处罚法 第四十八条）。"),
    step("publish_withdraw", _DECISION, lambda c: [
        Field("publication", "公示记录", "choice", _publications(c)),
        day("撤回日期"), Field("reason", "撤回原因", "long", required=True)], _withdraw,
        "处罚决定被依法变更、撤销、确认违法或者确认无效的，应当在三日内撤回公示"
        "（行政处罚法 第四十八条第二款）。"),
    step("publish_void", _DECISION, lambda c: [
        Field("publication", "公示记录", "choice", _publications(c, open_only=False)),
        Field("reason", "作废原因", "long", required=True)], _void_publication,
        "只用于登记错误；已公示后撤下的，请用“撤回公示”。"),
    step("publish_rule", _DECISION, _rule_fields, _rule,
         "涉及国家秘密、商业秘密或者个人隐私等不公示的，写明理由；“按设置判断”恢复街道设置。"),
    step("close", _CLOSING, lambda c: [
        day("结案日期"), Field("approved_by", "结案审批负责人", required=True),
        Field("result", "执行情况", "long", required=True)], _close,
        "缺少必备文书的一般程序案件不能结案。"),
    step("archive", _CLOSING, lambda c: [], _archive,
         "归档号＝年份＋四位序号；案卷必备文书（含结案审批表）齐全才能归档。归档后不能再修改。"),
)
