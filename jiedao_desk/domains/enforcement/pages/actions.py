# SPDX-License-Identifier: MIT
"""Every step of an enforcement case as data: its menu, when it applies, its form fields and
the one core function it calls. The case page builds its menus and dialogs from ``STEPS``.

The statuses listed per step mirror the ones core accepts (core checks again; this only
greys out steps that cannot apply). A step's ``call`` returns a message for the page (or "")
and lets ``JiedaoError`` through to ``widgets.call_core``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import lists as elists
from jiedao_desk.domains.enforcement.numbers import label
from jiedao_desk.domains.enforcement.pages.step_dialog import Field
from jiedao_desk.store import Store

GROUPS = ("立案与当事人", "调查取证", "审查与告知", "送达", "决定与执行", "结案归档")
LIVE = ("lead", "not_opened", "filed", "notified", "decided", "closed")


class Context(Protocol):
    """What a step needs from the page."""

    store: Store
    actor: Actor
    case_id: int | None
    last_officers: list[tuple[str, str]]


@dataclass(frozen=True)
class Step:
    """One action of the case page."""

    key: str
    label: str
    group: str
    statuses: tuple[str, ...]
    fields: Callable[[Context], list[Field]]
    call: Callable[[Context, dict[str, Any]], str]
    note: str = ""


def _today() -> str:
    return clock.today().isoformat()


def _day(label: str = "日期") -> Field:
    return Field("day", label, "date", default=_today())


def _officers(ctx: Context) -> Field:
    return Field("officers", "执法人员", "officers", default=list(ctx.last_officers))


# Version labels are file-name-like keys; the shipped sample is not an official list.
VERSION_LABELS = {"reference-sample": "参考样例·非官方"}


def power_choices(ctx: Context) -> dict:
    """Powers-catalogue items as choices: "[version] text" (the version a case records)."""
    try:
        items, _warning = enf.power_choices(ctx.store)
    except Exception:  # catalog not loaded: the page shows the warning; nothing to choose
        items = []
    return {p["item_id"]: f"[{VERSION_LABELS.get(p['version'], p['version'])}] {p['text']}"
            for p in items}


def _args(ctx: Context) -> tuple:
    return ctx.store, ctx.actor, ctx.case_id


def _remember(ctx: Context, v: dict) -> list[tuple[str, str]]:
    if len(v.get("officers", [])) >= 2:
        ctx.last_officers = list(v["officers"])
    return v.get("officers", [])


# -- calls -----------------------------------------------------------------------------------
def _file(ctx, v):
    row = enf.file_case(*_args(ctx), v["day"], v["approved_by"], v["power"])
    return f"已立案，案件编号 {row['case_no']}：{row['power_text']}"


def _not_open(ctx, v):
    enf.not_open(*_args(ctx), v["reason"])
    return "已登记不予立案。"


def _party(ctx, v):
    p = enf.add_party(*_args(ctx), v["kind"], v["name"], v["id_number"], v["address"],
                      v["phone"], v["legal_rep"])
    if p["repeat"]:
        earlier = "、".join(f"案件 {label(r)}（{r['found_on']}）" for r in p["repeat"])
        return f"已登记当事人{p['name']}。提示：同一当事人或地址有既往案件：{earlier}"
    return f"已登记当事人{p['name']}。"


def _record(kind):
    def call(ctx, v):
        enf.record_investigation(*_args(ctx), kind, v["day"], _remember(ctx, v), v["summary"],
                                 v.get("interviewee", ""))
        return f"已登记{enf.RECORD_KINDS[kind]}。"
    return call


def _evidence(ctx, v):
    if not v["path"]:
        from jiedao_desk.base.errors import ValidationError

        raise ValidationError("请选择证据文件。", "path")
    enf.add_evidence(*_args(ctx), v["path"], v["description"], v["day"])
    return "已添加证据（已记录 SHA-256 校验值和照片拍摄时间、位置）。"


def _preserve(ctx, v):
    enf.register_preservation(*_args(ctx), v["day"], v["items"], v["approved_by"],
                              _remember(ctx, v))
    return "已登记先行登记保存：须在七个工作日内作出处理决定。"


def _preservations(ctx):
    rows = elists.open_preservations(ctx.store, ctx.actor, ctx.case_id)
    choices = {r["id"]: f"{r['day']}　{r['items']}" for r in rows}
    return choices or {None: "（没有待处理的登记保存）"}


def _dispose(ctx, v):
    if v["preservation"] is None:
        from jiedao_desk.base.errors import ValidationError

        raise ValidationError("本案没有待作出处理决定的先行登记保存。", "preservation")
    enf.dispose_preservation(*_args(ctx), v["preservation"], v["day"], v["outcome"])
    return "已登记登记保存物品的处理决定。"


def _withdrawal(ctx, v):
    enf.note_withdrawal(*_args(ctx), v["day"], v["officer"], v["reason"])
    return "已登记回避。"


def _review(ctx, v):
    enf.review(*_args(ctx), v["step"], v["day"], v["by"], v["opinion"])
    return f"已登记{enf.REVIEW_STEPS[v['step']]}。"


_HEARING = {"": "按听证门槛设置判断", "yes": "告知听证权利", "no": "不告知听证权利"}


def _notice(ctx, v):
    hearing = {"yes": True, "no": False}.get(v["hearing"])
    d = ed.prior_notice(*_args(ctx), v["day"], v["fine"] or "0", v["facts"], v["basis"], hearing)
    return "已登记事先告知" + ("（含听证权利）。" if d["hearing"] else "。")


def _serve(ctx, v):
    witnesses = [w for w in v["witnesses"].replace(",", "、").replace("，", "、").split("、") if w]
    ed.serve(*_args(ctx), v["what"], v["method"], v["day"], v["receiver"], witnesses,
             v["receipt"], v["consent"])
    return f"已登记送达：{ed.SERVED_WHAT[v['what']]}（{ed.SERVICE_METHODS[v['method']]}）。"


def _hearing_request(ctx, v):
    r = ed.request_hearing(*_args(ctx), v["day"])
    timing = "在期限内" if r["in_time"] else "已超过期限"
    return f"已登记听证申请：申请期限 {r['due'].isoformat()}，{timing}。"


def _hearing_schedule(ctx, v):
    ed.schedule_hearing(*_args(ctx), v["day"], v["hearing_on"], v["place"])
    return "已登记听证通知。"


def _hearing_record(ctx, v):
    ed.record_hearing(*_args(ctx), v["day"], v["summary"])
    return "已登记听证情况。"


def _decide(ctx, v):
    ed.decide(*_args(ctx), v["day"], v["fine"] or "0", v["text"], not v["absent"],
              v["legal_review"], v["serious"], v["late_reason"])
    return "已作出处罚决定。" + ("当事人不在场：须在七日内送达决定书。" if v["absent"] else "")


def _pay(ctx, v):
    r = ed.record_payment(*_args(ctx), v["day"], v["amount"])
    if r["days_late"]:
        return f"已登记缴款；逾期 {r['days_late']} 日，应加处罚款 {r['surcharge']:.2f} 元。"
    return "已登记缴款（未逾期）。"


def _demand(ctx, v):
    ed.demand(*_args(ctx), v["day"])
    return "已登记催告：催告书送达满十日后仍未履行的，可申请法院强制执行。"


def _court(ctx, v):
    ed.court_application(*_args(ctx), v["day"])
    return "已登记申请人民法院强制执行。"


def _close(ctx, v):
    ed.close_case(*_args(ctx), v["day"], v["approved_by"], v["result"])
    return "已结案。"


def _archive(ctx, v):
    number = ed.archive_case(*_args(ctx))
    return f"已归档，归档号 {number}。"


def _void(ctx, v):
    enf.void_case(*_args(ctx), v["reason"])
    return "案件已作废（记录保留）。"


# -- the steps -------------------------------------------------------------------------------
_G0, _G1, _G2, _G3, _G4, _G5 = GROUPS
STEPS: tuple[Step, ...] = (
    Step("file", "立案…", _G0, ("lead",), lambda c: [
        _day("立案日期"), Field("approved_by", "立案审批负责人"),
        Field("power", "职权事项", "choice", power_choices(c))], _file,
        "立案时核对追责时效（行政处罚法 第三十六条），并记录所用职权目录版本。"),
    Step("not_open", "不予立案…", _G0, ("lead",), lambda c: [
        Field("reason", "不予立案理由", "long")], _not_open),
    Step("party", "登记当事人…", _G0, ("lead", "filed", "notified"), lambda c: [
        Field("kind", "当事人类型", "choice", enf.PARTY_KINDS),
        Field("name", "姓名或名称"),
        Field("id_number", "证件号码", placeholder="身份证号或统一社会信用代码（自动校验）"),
        Field("legal_rep", "法定代表人（负责人）", placeholder="组织必填"),
        Field("address", "地址"), Field("phone", "电话")], _party,
        "同一证件号码或地址有既往案件时会提示（供裁量参考，不是认定）。"),
    Step("withdrawal", "登记回避…", _G0, ("lead", "filed", "notified"), lambda c: [
        _day("回避日期"), Field("officer", "回避人员"), Field("reason", "回避理由", "long")],
        _withdrawal),
    Step("inspection", "现场检查笔录…", _G1, ("filed", "notified"), lambda c: [
        _day("检查日期"), _officers(c), Field("summary", "检查情况", "long")],
        _record("inspection"), "须两名以上执法人员并记录执法证号（行政处罚法 第四十二条）。"),
    Step("inquiry", "询问笔录…", _G1, ("filed", "notified"), lambda c: [
        _day("询问日期"), _officers(c), Field("interviewee", "被询问人"),
        Field("summary", "询问内容", "long")], _record("inquiry"),
        "须两名以上执法人员并记录执法证号（行政处罚法 第四十二条）。"),
    Step("evidence", "添加证据文件…", _G1, ("filed", "notified", "decided"), lambda c: [
        Field("path", "证据文件", "file"), Field("description", "证据说明"),
        _day("取证日期")], _evidence,
        "文件按 SHA-256 保存，照片的拍摄时间和位置（EXIF）一并保留。"),
    Step("preserve", "先行登记保存…", _G1, ("filed", "notified"), lambda c: [
        _day("登记保存日期"), Field("items", "登记保存物品", "long"),
        Field("approved_by", "批准负责人"), _officers(c)], _preserve,
        "证据可能灭失或以后难以取得时，经负责人批准先行登记保存，七个工作日内作出处理决定。"),
    Step("dispose", "登记保存处理决定…", _G1, ("filed", "notified", "decided"), lambda c: [
        Field("preservation", "登记保存记录", "choice", _preservations(c)),
        _day("处理决定日期"), Field("outcome", "处理决定", "long")], _dispose),
    Step("review", "调查终结／法制审核／集体讨论…", _G2, ("filed", "notified"), lambda c: [
        Field("step", "环节", "choice", enf.REVIEW_STEPS), _day(),
        Field("by", "审核（讨论）人"), Field("opinion", "意见", "long")], _review,
        "法制审核：行政处罚法 第五十八条情形及经过听证的案件；集体讨论：情节复杂或重大违法行为。"),
    Step("notice", "事先告知…", _G2, ("filed",), lambda c: [
        _day("告知日期"), Field("fine", "拟罚款（元）"), Field("facts", "违法事实", "long"),
        Field("basis", "处罚依据"), Field("hearing", "听证权利", "choice", _HEARING)], _notice,
        "听证门槛（较大数额罚款）未设置时，须明确选择是否告知听证权利。"),
    Step("hearing_request", "登记听证申请…", _G2, ("notified",), lambda c: [
        _day("申请日期")], _hearing_request,
        "当事人应在告知书送达后五个工作日内提出（行政处罚法 第六十四条、第八十五条）。"),
    Step("hearing_schedule", "听证通知…", _G2, ("notified",), lambda c: [
        _day("通知日期"), Field("hearing_on", "听证日期", "date"), Field("place", "听证地点")],
        _hearing_schedule, "应在听证七个工作日前通知当事人时间、地点（行政处罚法 第六十四条）。"),
    Step("hearing_record", "听证笔录…", _G2, ("notified",), lambda c: [
        _day("听证日期"), Field("summary", "听证情况", "long")], _hearing_record),
    Step("serve", "登记送达…", _G3, ("notified", "decided", "closed"), lambda c: [
        Field("what", "送达文书", "choice", ed.SERVED_WHAT),
        Field("method", "送达方式", "choice", ed.SERVICE_METHODS), _day("送达日期"),
        Field("receiver", "签收人"),
        Field("witnesses", "见证人", placeholder="留置送达必填，多人用顿号分隔"),
        Field("receipt", "回执或邮件号"),
        Field("consent", "当事人已同意电子送达（电子送达必选）", "check", default=False)], _serve,
        "当事人不在场的，决定书应在七日内送达（行政处罚法 第六十一条）。"),
    Step("decide", "处罚决定…", _G4, ("notified",), lambda c: [
        _day("决定日期"), Field("fine", "罚款（元）"), Field("text", "处罚内容", "long"),
        Field("absent", "当事人不在场（七日内送达）", "check"),
        Field("legal_review", "属第五十八条须法制审核的案件", "check"),
        Field("serious", "情节复杂或重大，须集体讨论", "check"),
        Field("late_reason", "超过九十日的原因", placeholder="超期时必填")], _decide,
        "立案后九十日内作出决定（行政处罚法 第六十条）。"),
    Step("pay", "登记缴款…", _G4, ("decided",), lambda c: [
        _day("缴款日期"), Field("amount", "金额（元）")], _pay,
        "决定书送达后十五日内缴纳；逾期每日加处罚款百分之三，不超过罚款数额（第六十七、七十二条）。"),
    Step("demand", "催告…", _G4, ("decided",), lambda c: [_day("催告日期")], _demand,
         "逾期未缴罚款时先催告（行政强制法 第五十四条）。"),
    Step("court", "申请法院强制执行…", _G4, ("decided",), lambda c: [_day("申请日期")], _court,
         "催告书送达满十日后、复议诉讼期限届满后三个月内（行政强制法 第五十三、五十四条）。"),
    Step("close", "结案…", _G5, ("decided",), lambda c: [
        _day("结案日期"), Field("approved_by", "结案审批负责人"),
        Field("result", "执行情况", "long")], _close, "缺少必备文书的一般程序案件不能结案。"),
    Step("archive", "归档…", _G5, ("closed",), lambda c: [], _archive,
         "归档号＝年份＋四位序号；案卷必备文书（含结案审批表）齐全才能归档。归档后不能再修改。"),
    Step("void", "作废案件…", _G5, LIVE, lambda c: [
        Field("reason", "作废原因", "long")], _void, "误登记的案件作废后记录仍保留，不能删除。"),
)
STEP_BY_KEY = {s.key: s for s in STEPS}


# -- steps that create a case (not bound to the selected one) -------------------------------
def _lead(ctx, v):
    r = enf.register_lead(ctx.store, ctx.actor, v["source"], v["found_on"], v["place"],
                          v["description"], v["act_on"] or None, v["act_ended_on"] or None,
                          v["serious"])
    ctx.case_id = r.case_id
    return "；".join([f"已登记线索（线索）#{r.case_id}，立案时编立案编号。", *r.warnings])


def _simple(ctx, v):
    party = {"kind": v["kind"], "name": v["name"], "id_number": v["id_number"],
             "legal_rep": v["legal_rep"], "address": v["address"]}
    ctx.case_id = ed.simple_penalty(ctx.store, ctx.actor, v["source"], v["day"], v["place"],
                                    v["facts"], party, v["fine"] or "0", v["power"],
                                    v["paper_number"], _remember(ctx, v))
    number = label(enf.get_case(ctx.store, ctx.actor, ctx.case_id))
    return f"已登记当场处罚，案件编号 {number}；缴款后请登记缴款并结案。"


LEAD = Step("lead", "登记线索…", _G0, (), lambda c: [
    Field("source", "案件来源", "choice", enf.SOURCES),
    Field("found_on", "发现日期", "date", default=_today()),
    Field("act_on", "违法行为发生日期", "date", placeholder="YYYY-MM-DD（核对追责时效）"),
    Field("act_ended_on", "连续或继续行为终了日期", "date", placeholder="YYYY-MM-DD，可不填"),
    Field("serious", "涉及公民生命健康安全、金融安全且有危害后果（时效五年）", "check"),
    Field("place", "地点"), Field("description", "线索描述", "long")], _lead,
    "追责时效：二年；涉及生命健康安全、金融安全且有危害后果的五年（行政处罚法 第三十六条）。")
SIMPLE = Step("simple", "简易程序（当场处罚）…", _G4, (), lambda c: [
    _day("处罚日期"), Field("source", "案件来源", "choice", enf.SOURCES),
    Field("place", "地点"), Field("facts", "违法事实", "long"),
    Field("kind", "当事人类型", "choice", enf.PARTY_KINDS), Field("name", "当事人姓名或名称"),
    Field("id_number", "证件号码", placeholder="身份证号或统一社会信用代码"),
    Field("legal_rep", "法定代表人（负责人）", placeholder="组织必填"), Field("address", "地址"),
    Field("fine", "罚款（元）"), Field("power", "职权事项", "choice", power_choices(c)),
    Field("paper_number", "当场处罚决定书编号", placeholder="预印纸质决定书上的编号"),
    _officers(c)], _simple,
    "违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告的，"
    "可以当场作出行政处罚决定（行政处罚法 第五十一条）；决定书须报所属行政机关备案。")
