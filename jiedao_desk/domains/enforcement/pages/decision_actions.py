# SPDX-License-Identifier: MIT
"""Steps of the case page towards the decision: 裁量 (tier and reasons), 事先告知, 陈述申辩,
听证, the decision — and the 简易程序 (``SIMPLE``, a new case decided on the spot)."""

from __future__ import annotations

import re

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.enforcement import cases, decision, discretion, rules, tiers
from jiedao_desk.domains.enforcement.model import PARTY_KINDS, SOURCES
from jiedao_desk.domains.enforcement.pages.step import (
    GROUPS,
    Step,
    args,
    day,
    officers,
    power_items,
    remember,
    step,
)
from jiedao_desk.domains.enforcement.pages.step_dialog import Field

_FILING, _INVESTIGATION, _REVIEW, _SERVICE, _DECISION, _CLOSING = GROUPS
_HEARING = {"": "按听证门槛设置判断", "yes": "告知听证权利", "no": "不告知听证权利"}


def _tiers(ctx) -> tuple[dict, str]:
    try:
        case = cases.get_case(ctx.store, ctx.actor, ctx.case_id)
        known, _version, warning = tiers.tiers_for(ctx.store, case)
    except Exception as exc:  # noqa: BLE001 - e.g. no power chosen: the choice says why
        return {"": "（无法确定裁量档次）"}, str(exc)
    if not known:
        return {"": "（本事项裁量档次未知，只记录理由）"}, warning
    return {t.code: t.label for t in known}, warning


def _discretion_fields(ctx):
    choices, _warning = _tiers(ctx)
    return [day("裁量日期"), Field("tier", "裁量档次", "choice", choices),
            Field("reasons", "裁量理由", "long", placeholder="支持所选档次的事实和情节",
                  required=True)]


def _discretion(ctx, v):
    d = discretion.choose(*args(ctx), v["day"], v["reasons"], v["tier"] or "")
    return "已记录裁量" + (f"：{d.tier_code}" if d.tier_code else "") + (
        f"。{d.warning}" if d.warning else "。")


def _kinds(text: str) -> list[str] | None:
    """The penalty kinds typed ("警告、罚款"); None (a fine) when left empty."""
    named = [k for k in re.split(r"[、，,；;\s]+", text or "") if k]
    return named or None


def _notice(ctx, v):
    hearing = {"yes": True, "no": False}.get(v["hearing"])
    notice = decision.prior_notice(*args(ctx), v["day"], v["fine"] or "0", v["facts"],
                                   v["basis"], hearing, penalty_basis=v["penalty_basis"],
                                   penalties=_kinds(v["kinds"]))
    return "已登记事先告知" + ("（含听证权利）。" if notice.hearing else "。")


def _statement(ctx, v):
    decision.record_statement(*args(ctx), v["day"], remember(ctx, v), v["statement"],
                              v["person"], place=v["place"], review=v["review"])
    return "已登记陈述申辩。"


def _waiver(ctx, v):
    record = (v["record"] or "").strip()
    if record and not record.isdigit():
        raise ValidationError("笔录记录号须为数字。", "record")
    decision.waive_statement(*args(ctx), v["day"], record_id=int(record) if record else None,
                             signed_statement=v["signed"])
    return "已登记放弃陈述申辩。"


def _hearing_request(ctx, v):
    r = decision.request_hearing(*args(ctx), v["day"])
    timing = "在期限内" if r.in_time else "已超过期限"
    return f"已登记听证申请：申请期限 {r.due.isoformat()}，{timing}。"


def _hearing_schedule(ctx, v):
    decision.schedule_hearing(*args(ctx), v["day"], v["hearing_on"], v["place"], v["host"])
    return "已登记听证通知。"


def _hearing_record(ctx, v):
    decision.record_hearing(*args(ctx), v["day"], v["summary"])
    return "已登记听证情况。"


def _decide(ctx, v):
    decision.decide(*args(ctx), v["day"], v["fine"] or "0", v["text"],
                    party_present=not v["absent"], legal_review_required=v["legal_review"],
                    serious=v["serious"], late_reason=v["late_reason"])
    return "已作出处罚决定。" + ("当事人不在场：须在七日内送达决定书。" if v["absent"] else "")


STEPS: tuple[Step, ...] = (
    step("discretion", _REVIEW, _discretion_fields, _discretion,
         "按现行裁量基准选择档次；基准未导入时只记录裁量理由，不编造档次。"),
    step("notice", _REVIEW, lambda c: [
        day("告知日期"), Field("fine", "拟罚款（元）"),
        Field("kinds", "拟处罚种类", placeholder="如“警告”或“警告、罚款”；只罚款可留空"),
        Field("facts", "违法事实", "long", required=True),
        Field("basis", "违反的规定", required=True),
        Field("penalty_basis", "处罚依据（罚则）", required=True),
        Field("hearing", "听证权利", "choice", _HEARING)], _notice,
        "听证门槛（较大数额罚款）未设置时，须明确选择是否告知听证权利。"),
    step("statement", _REVIEW, lambda c: [
        day("陈述申辩日期"), Field("person", "陈述申辩人", required=True), Field("place", "地点"),
        officers(c), Field("statement", "陈述申辩内容", "long", required=True),
        Field("review", "复核意见", "long", placeholder="可以以后另行登记")], _statement,
        "当事人陈述、申辩的，应当充分听取并复核；不得因陈述申辩而加重处罚"
        "（行政处罚法 第四十五条）。"),
    step("statement_waiver", _REVIEW, lambda c: [
        day("放弃日期"),
        Field("record", "笔录记录号", placeholder="记载放弃意思的陈述申辩或询问笔录"),
        Field("signed", "或：签名的书面声明", placeholder="如：当事人签名的放弃声明（附件3）")],
        _waiver, "当事人明确放弃陈述申辩的，须有笔录或签名的书面声明；登记后可在陈述申辩期限届满"
        "前作出决定（行政处罚法 第六十二条）。"),
    step("hearing_request", _REVIEW, lambda c: [day("申请日期")], _hearing_request,
         "当事人应在告知书送达后五个工作日内提出（行政处罚法 第六十四条、第八十五条）。"),
    step("hearing_schedule", _REVIEW, lambda c: [
        day("通知日期"), Field("hearing_on", "听证日期", "date", required=True),
        Field("place", "听证地点", required=True),
        Field("host", "听证主持人", placeholder="非本案调查人员", required=True)],
        _hearing_schedule, "应在听证七个工作日前通知当事人时间、地点（行政处罚法 第六十四条）。"),
    step("hearing_record", _REVIEW, lambda c: [
        day("听证日期"), Field("summary", "听证情况", "long", required=True)], _hearing_record),
    step("decide", _DECISION, lambda c: [
        day("决定日期"), Field("fine", "罚款（元）"),
        Field("text", "处罚内容", "long", required=True),
        Field("absent", "当事人不在场（七日内送达）", "check"),
        Field("legal_review", "属第五十八条须法制审核的案件", "check"),
        Field("serious", "情节复杂或重大，须集体讨论", "check"),
        Field("late_reason", "超过九十日的原因", placeholder="超期时必填")], _decide,
        "立案后九十日内作出决定（行政处罚法 第六十条）。"),
)


def _simple(ctx, v):
    party = {"kind": v["kind"], "name": v["name"], "id_number": v["id_number"],
             "legal_rep": v["legal_rep"], "address": v["address"]}
    ctx.case_id = decision.simple_penalty(ctx.store, ctx.actor, source=v["source"], day=v["day"],
                                          place=v["place"], facts=v["facts"], party=party,
                                          fine=v["fine"] or "0", power_item_id=v["power"],
                                          paper_number=v["paper_number"],
                                          officer_list=remember(ctx, v), basis=v["basis"],
                                          penalty_basis=v["penalty_basis"],
                                          penalties=_kinds(v["kinds"]),
                                          collect_on_spot=bool(v["collect"]),
                                          collection_reason=v["collection_reason"])
    number = cases.get_case(ctx.store, ctx.actor, ctx.case_id).label
    return f"已登记当场处罚，案件编号 {number}；缴款后请登记缴款并结案。"


SIMPLE = Step(rules.SIMPLE_PENALTY, _DECISION, lambda c: [
    day("处罚日期"), Field("source", "案件来源", "choice", SOURCES),
    Field("place", "地点"), Field("facts", "违法事实", "long", required=True),
    Field("kind", "当事人类型", "choice", PARTY_KINDS),
    Field("name", "当事人姓名或名称", required=True),
    Field("id_number", "证件号码", placeholder="身份证号或统一社会信用代码"),
    Field("legal_rep", "法定代表人（负责人）", placeholder="组织必填"),
    Field("address", "地址", required=True),
    Field("fine", "罚款（元）"),
    Field("kinds", "处罚种类", placeholder="只警告的填“警告”，罚款金额填0；只罚款可留空"),
    Field("power", "职权事项", "choice", power_items(c)),
    Field("basis", "违反的规定", placeholder="如《××条例》第×条", required=True),
    Field("penalty_basis", "处罚依据（罚则）", placeholder="如《××条例》第×条第×款", required=True),
    Field("collect", "当场收缴罚款（第六十八条）", "check"),
    Field("collection_reason", "超过限额当场收缴的原因",
          placeholder="不当场收缴事后难以执行的情形"),
    Field("paper_number", "当场处罚决定书编号", placeholder="预印纸质决定书上的编号",
          required=True),
    officers(c)], _simple,
    "违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告的，"
    "可以当场作出行政处罚决定（行政处罚法 第五十一条）；决定书须报所属行政机关备案。")
