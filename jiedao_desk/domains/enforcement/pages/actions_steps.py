# SPDX-License-Identifier: MIT
"""Case steps built on the newer core modules: photos on a lead, 陈述申辩笔录, 裁量
(discretion tier and reasons) and 公示 (publication of the decision, its withdrawal and whether
a decision must be published).
"""

from __future__ import annotations

from jiedao_desk.base import clock
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import (
    decision as enforcement_decision,
)
from jiedao_desk.domains.enforcement import (
    discretion as enforcement_discretion,
)
from jiedao_desk.domains.enforcement import (
    publication as enforcement_publication,
)
from jiedao_desk.domains.enforcement import (
    records as enforcement_records,
)
from jiedao_desk.domains.enforcement.pages.actions import GROUPS, Step
from jiedao_desk.domains.enforcement.pages.step_dialog import Field


def _day(label: str) -> Field:
    return Field("day", label, "date", default=clock.today().isoformat())


# -- photos on a lead -------------------------------------------------------------------------
def _lead_photo(ctx, v):
    if not v["path"]:
        from jiedao_desk.base.errors import ValidationError

        raise ValidationError("请选择照片文件。", "path")
    enforcement_records.add_lead_photo(ctx.store, ctx.actor, ctx.case_id, v["path"],
                                       v["description"], v["day"])
    return "已为线索添加照片（已记录 SHA-256 校验值和拍摄时间、位置）。"


# -- 陈述申辩 (行政处罚法 第四十五条) -------------------------------------------------------------
def _statement(ctx, v):
    enforcement_decision.record_statement(
        ctx.store, ctx.actor, ctx.case_id, v["day"], v["officers"], v["statement"],
        v["person"], v["place"], v["review"])
    if len(v["officers"]) >= 2:
        ctx.last_officers = list(v["officers"])
    return "已登记陈述申辩。"


def _statement_fields(ctx):
    return [_day("陈述申辩日期"), Field("person", "陈述申辩人"), Field("place", "地点"),
            Field("officers", "执法人员", "officers", default=list(ctx.last_officers)),
            Field("statement", "陈述申辩内容", "long"),
            Field("review", "复核意见", "long", placeholder="可以以后另行登记")]


# -- 裁量 -------------------------------------------------------------------------------------
def _tiers(ctx) -> tuple[dict, str]:
    try:
        case = enf.get_case(ctx.store, ctx.actor, ctx.case_id)
        tiers, _version, warning = enforcement_discretion.tiers_for(ctx.store, case)
    except Exception as exc:  # noqa: BLE001 - e.g. no power chosen: the choice says why
        return {"": "（无法确定裁量档次）"}, str(exc)
    if not tiers:
        return {"": "（本事项裁量档次未知，只记录理由）"}, warning
    return {t.code: t.label for t in tiers}, warning


def _discretion_fields(ctx):
    choices, _warning = _tiers(ctx)
    return [_day("裁量日期"), Field("tier", "裁量档次", "choice", choices),
            Field("reasons", "裁量理由", "long", placeholder="支持所选档次的事实和情节")]


def _discretion(ctx, v):
    r = enforcement_discretion.choose(ctx.store, ctx.actor, ctx.case_id, v["day"],
                                      v["reasons"], v["tier"] or "")
    return "已记录裁量" + (f"：{r['tier_code']}" if r.get("tier_code") else "") + (
        f"。{r['warning']}" if r.get("warning") else "。")


# -- 公示 -------------------------------------------------------------------------------------
def _publication(ctx, v):
    enforcement_publication.record_publication(
        ctx.store, ctx.actor, ctx.case_id, v["day"], v["channel"], v["reference"])
    return "已登记公示。"


def _publications(ctx, open_only: bool = True) -> dict:
    rows = enforcement_publication.status(ctx.store, ctx.actor, ctx.case_id)["records"]
    choices = {r["id"]: f"{r['published_on']}　{r['channel']}　{r['reference']}".rstrip()
               + (f"（{r['withdrawn_on']} 已撤回）" if r["withdrawn_on"] else "")
               for r in rows if not (open_only and r["withdrawn_on"])}
    return choices or {None: "（没有可选的公示记录）"}


def _publication_id(v) -> int:
    if v["publication"] is None:
        from jiedao_desk.base.errors import ValidationError

        raise ValidationError("本案没有可选的公示记录。", "publication")
    return v["publication"]


def _withdraw(ctx, v):
    enforcement_publication.withdraw_publication(
        ctx.store, ctx.actor, ctx.case_id, _publication_id(v), v["day"], v["reason"])
    return "已登记撤回公示。"


def _void_publication(ctx, v):
    enforcement_publication.void_publication(ctx.store, ctx.actor, ctx.case_id,
                                             _publication_id(v), v["reason"])
    return "已作废误登记的公示记录（记录保留）。"


RULES = {"default": "按设置判断", "yes": "本案须公示", "no": "本案不公示"}


def _rule_fields(ctx):
    try:
        st = enforcement_publication.status(ctx.store, ctx.actor, ctx.case_id)
        now = f"目前：{'须公示' if st['required'] else '不须公示'}（{st['why']}）"
    except Exception:  # noqa: BLE001 - the dialog still opens; core reports on 确定
        now = ""
    return [Field("rule", "公示要求", "choice", RULES),
            Field("note", "理由", "long", placeholder=now or "须公示或不公示时必填")]


def _rule(ctx, v):
    value = {"yes": True, "no": False}.get(v["rule"])
    enforcement_publication.set_required(ctx.store, ctx.actor, ctx.case_id, value, v["note"])
    return "已更新本案公示要求：" + RULES[v["rule"]] + "。"


_G0, _G2, _G4 = GROUPS[0], GROUPS[2], GROUPS[4]
_AFTER_DECISION = ("decided", "closed", "archived")
EXTRA_STEPS: tuple[Step, ...] = (
    Step("lead_photo", "添加线索照片…", _G0, ("lead",), lambda c: [
         Field("path", "照片文件", "file"), Field("description", "照片说明"),
         _day("拍摄（收到）日期")], _lead_photo,
         "立案前可为线索附照片；立案后的调查取证请用“调查取证 → 添加证据文件”。"),
    Step("statement", "陈述申辩笔录…", _G2, ("notified",), _statement_fields, _statement,
          "当事人陈述、申辩的，应当充分听取并复核；不得因陈述申辩而加重处罚"
          "（行政处罚法 第四十五条）。"),
    Step("discretion", "裁量档次与理由…", _G2, ("filed", "notified"), _discretion_fields,
          _discretion, "按现行裁量基准选择档次；基准未导入时只记录裁量理由，不编造档次。"),
    Step("publication", "登记公示…", _G4, ("decided", "closed", "archived"), lambda c: [
         _day("公示日期"), Field("channel", "公示途径", placeholder="如街道网站、公示栏"),
         Field("reference", "网址或备注")], _publication,
          "具有一定社会影响的行政处罚决定应当依法公开（行政处罚法 第四十八条）。"),
    Step("publish_withdraw", "撤回公示…", _G4, _AFTER_DECISION, lambda c: [
         Field("publication", "公示记录", "choice", _publications(c)),
         _day("撤回日期"), Field("reason", "撤回原因", "long")], _withdraw,
         "处罚决定被依法变更、撤销、确认违法或者确认无效的，应当在三日内撤回公示"
         "（行政处罚法 第四十八条第二款）。"),
    Step("publish_void", "作废误登记的公示记录…", _G4, _AFTER_DECISION, lambda c: [
         Field("publication", "公示记录", "choice", _publications(c, open_only=False)),
         Field("reason", "作废原因", "long")], _void_publication,
         "只用于登记错误；已公示后撤下的，请用“撤回公示”。"),
    Step("publish_rule", "本案是否公示…", _G4,
         ("filed", "notified", "decided", "closed", "archived"), _rule_fields, _rule,
         "涉及国家秘密、商业秘密或者个人隐私等不公示的，写明理由；“按设置判断”恢复街道设置。"),
)
