# SPDX-License-Identifier: MIT
"""Steps of the case page for the case file: 立案 or not, parties, 回避, lead photos, the
investigation (笔录, evidence, 先行登记保存 and its disposal), reviews and voiding — and
registering a lead (``LEAD``, not bound to a selected case)."""

from __future__ import annotations

from jiedao_desk.domains.enforcement import cases, investigation, lists, rules
from jiedao_desk.domains.enforcement.model import (
    PARTY_KINDS,
    RECORD_KINDS,
    REVIEW_STEPS,
    SOURCES,
    lead_label,
)
from jiedao_desk.domains.enforcement.pages.step import (
    GROUPS,
    Step,
    args,
    chosen,
    day,
    officers,
    power_items,
    remember,
    step,
    today,
)
from jiedao_desk.domains.enforcement.pages.step_dialog import Field

_FILING, _INVESTIGATION, _REVIEW, _SERVICE, _DECISION, _CLOSING = GROUPS


def _file(ctx, v):
    case = cases.file_case(*args(ctx), v["day"], v["approved_by"], v["power"])
    return f"已立案，案件编号 {case.case_number}：{case.power_text}"


def _not_open(ctx, v):
    cases.not_open(*args(ctx), v["reason"])
    return "已登记不予立案。"


def _party(ctx, v):
    new = cases.add_party(*args(ctx), v["kind"], v["name"], v["id_number"], address=v["address"],
                          phone=v["phone"], legal_rep=v["legal_rep"])
    if new.repeat:
        earlier = "、".join(f"案件 {r.label}（{r.found_on.isoformat()}）" for r in new.repeat)
        return f"已登记当事人{new.party.name}。提示：同一当事人或地址有既往案件：{earlier}"
    return f"已登记当事人{new.party.name}。"


def _withdrawal(ctx, v):
    investigation.note_withdrawal(*args(ctx), v["day"], v["officer"], v["reason"])
    return "已登记回避。"


def _lead_photo(ctx, v):
    investigation.add_lead_photo(*args(ctx), chosen(v["path"], "请选择照片文件。", "path"),
                                 v["description"], v["day"])
    return "已为线索添加照片（已记录校验值和拍摄时间、位置）。"


def _record(kind):
    def call(ctx, v):
        investigation.record_investigation(*args(ctx), kind, v["day"], remember(ctx, v),
                                           v["summary"], v.get("interviewee", ""),
                                           start=v["start"], end=v["end"])
        return f"已登记{RECORD_KINDS[kind]}。"
    return call


def _times() -> list[Field]:
    """起始、结束时间 of a 笔录 (HH:MM; core refuses an end not after the start)."""
    return [Field("start", "起始时间", placeholder="时:分，如 09:30"),
            Field("end", "结束时间", placeholder="时:分，如 10:15")]


def _evidence(ctx, v):
    investigation.add_evidence(*args(ctx), chosen(v["path"], "请选择证据文件。", "path"),
                               v["description"], v["day"])
    return "已添加证据（已记录校验值和照片拍摄时间、位置）。"


def _preserve(ctx, v):
    investigation.register_preservation(*args(ctx), v["day"], v["items"], v["approved_by"],
                                        remember(ctx, v))
    return "已登记先行登记保存：须在七个工作日内作出处理决定。"


def _preservations(ctx):
    rows = lists.open_preservations(ctx.store, ctx.actor, ctx.case_id)
    choices = {r.id: f"{r.day.isoformat()}　{r.items}" for r in rows}
    return choices or {None: "（没有待处理的登记保存）"}


def _dispose(ctx, v):
    preservation = chosen(v["preservation"], "本案没有待作出处理决定的先行登记保存。",
                          "preservation")
    investigation.dispose_preservation(*args(ctx), preservation, v["day"], v["outcome"])
    return "已登记登记保存物品的处理决定。"


def _review(ctx, v):
    investigation.review(*args(ctx), v["step"], v["day"], v["by"], v["opinion"])
    return f"已登记{REVIEW_STEPS[v['step']]}。"


def _void(ctx, v):
    cases.void_case(*args(ctx), v["reason"])
    return "案件已作废（记录保留）。"


STEPS: tuple[Step, ...] = (
    step("file", _FILING, lambda c: [
        day("立案日期"), Field("approved_by", "立案审批负责人", required=True),
        Field("power", "职权事项", "choice", power_items(c))], _file,
        "立案时核对追责时效（行政处罚法 第三十六条），并记录所用职权目录版本。"),
    step("not_open", _FILING, lambda c: [Field("reason", "不予立案理由", "long",
                                               required=True)], _not_open),
    step("party", _FILING, lambda c: [
        Field("kind", "当事人类型", "choice", PARTY_KINDS),
        Field("name", "姓名或名称", required=True),
        Field("id_number", "证件号码", placeholder="身份证号或统一社会信用代码（自动校验）"),
        Field("legal_rep", "法定代表人（负责人）", placeholder="组织必填"),
        Field("address", "地址"), Field("phone", "电话")], _party,
        "同一证件号码或地址有既往案件时会提示（供裁量参考，不是认定）。"),
    step("withdrawal", _FILING, lambda c: [
        day("回避日期"), Field("officer", "回避人员", required=True),
        Field("reason", "回避理由", "long", required=True)],
        _withdrawal),
    step("lead_photo", _FILING, lambda c: [
        Field("path", "照片文件", "file", required=True),
        Field("description", "照片说明", required=True),
        day("拍摄（收到）日期")], _lead_photo,
        "立案前可为线索附照片；立案后的调查取证请用“调查取证 → 添加证据文件”。"),
    step("inspection", _INVESTIGATION, lambda c: [
        day("检查日期"), *_times(), officers(c),
        Field("summary", "检查情况", "long", required=True)],
        _record("inspection"), "须两名以上执法人员并记录执法证号（行政处罚法 第四十二条）。"),
    step("inquiry", _INVESTIGATION, lambda c: [
        day("询问日期"), *_times(), officers(c), Field("interviewee", "被询问人", required=True),
        Field("summary", "询问内容", "long", required=True)], _record("inquiry"),
        "须两名以上执法人员并记录执法证号（行政处罚法 第四十二条）。"),
    step("evidence", _INVESTIGATION, lambda c: [
        Field("path", "证据文件", "file", required=True),
        Field("description", "证据说明", required=True),
        day("取证日期")], _evidence,
        "文件连同校验值保存，照片的拍摄时间和位置一并保留。"),
    step("preserve", _INVESTIGATION, lambda c: [
        day("登记保存日期"), Field("items", "登记保存物品", "long", required=True),
        Field("approved_by", "批准负责人", required=True), officers(c)], _preserve,
        "证据可能灭失或以后难以取得时，经负责人批准先行登记保存，七个工作日内作出处理决定。"),
    step("dispose", _INVESTIGATION, lambda c: [
        Field("preservation", "登记保存记录", "choice", _preservations(c)),
        day("处理决定日期"), Field("outcome", "处理决定", "long", required=True)], _dispose),
    step("review", _REVIEW, lambda c: [
        Field("step", "环节", "choice", REVIEW_STEPS), day(),
        Field("by", "审核（讨论）人", required=True),
        Field("opinion", "意见", "long", required=True)], _review,
        "法制审核：行政处罚法 第五十八条情形及经过听证的案件；集体讨论：情节复杂或重大违法行为。"),
    step("void", _CLOSING, lambda c: [Field("reason", "作废原因", "long", required=True)], _void,
         "误登记的案件作废后记录仍保留，不能删除。"),
)


def _lead(ctx, v):
    r = cases.register_lead(ctx.store, ctx.actor, v["source"], v["found_on"], v["place"],
                            v["description"], act_on=v["act_on"] or None,
                            act_ended_on=v["act_ended_on"] or None, serious_harm=v["serious"])
    ctx.case_id = r.case_id
    return "；".join([f"已登记{lead_label(r.case_id)}，立案时编立案编号。", *r.warnings])


LEAD = Step(rules.REGISTER_LEAD, _FILING, lambda c: [
    Field("source", "案件来源", "choice", SOURCES),
    Field("found_on", "发现日期", "date", default=today(), required=True),
    Field("act_on", "违法行为发生日期", "date", placeholder="如 2026-11-23（核对追责时效）"),
    Field("act_ended_on", "连续或继续行为终了日期", "date", placeholder="如 2026-11-23，可不填"),
    Field("serious", "涉及公民生命健康安全、金融安全且有危害后果（时效五年）", "check"),
    Field("place", "地点", required=True),
    Field("description", "线索描述", "long", required=True)], _lead,
    "追责时效：二年；涉及生命健康安全、金融安全且有危害后果的五年（行政处罚法 第三十六条）。")
