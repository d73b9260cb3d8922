# SPDX-License-Identifier: MIT
"""The amounts, periods and names the enforcement gates read: statutory limits as constants,
what the street must confirm or fill in as settings (each with its article and why)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.store import Store

if TYPE_CHECKING:
    from jiedao_desk.core.workdays import WorkCalendar

# 行政处罚法 第五十一条: on-the-spot penalties up to 200 yuan (citizen) / 3,000 yuan (organisation).
SIMPLE_LIMIT = {"person": Decimal(200), "org": Decimal(3000)}

# The hearing threshold (较大数额罚款) is set by each municipal authority (北京市行政处罚听证程序
# 实施办法 第二条第二款); the 城管 amount was not found (reference §6 item 3), so it is UNSET until
# the street confirms it, and the UI warns while it is unset.
SETTINGS = settings_mod.declare(
    Setting("enforcement.hearing_threshold.person", "听证门槛：对公民罚款（元，含本数以上）", None,
            "北京市行政处罚听证程序实施办法第二条：较大数额罚款由市级行政机关确定。城管数额未查到，"
            "未设置时每次事先告知须由办案人员明确是否告知听证权利。", "综合执法"),
    Setting("enforcement.hearing_threshold.org", "听证门槛：对法人或其他组织罚款（元，含本数以上）",
            None, "同上；未设置时每次事先告知须明确是否告知听证权利。", "综合执法"),
    Setting("enforcement.statement_period_days",
            "陈述申辩期限（事先告知书送达后的工作日数）", 3,
            "本地做法，不是法律规定：法律未规定陈述申辩的天数（行政处罚法 第四十四、四十五条），"
            "各地告知书常写“收到本告知书之日起三日内”，北京市告知书样式中的期限未查到。"
            "此期限印在事先告知书上；期限届满前（当事人明确放弃陈述申辩的除外）不能作出处罚决定"
            "（行政处罚法 第六十二条）。", "综合执法"),
)
STATEMENT_DAYS = SETTINGS["enforcement.statement_period_days"]
# 行政处罚法（2021）第六十八条: a fine decided on the spot may be collected on the spot when it
# is up to this amount, or when it would be hard to enforce afterwards. The reference gives the
# 2021 amount as believed 100 yuan, not re-verified (enforcement.md §1 and §6 item 9), so it
# is a setting the street checks against the statute.
ON_SPOT_LIMIT = Setting(
    "enforcement.on_the_spot_collection_limit", "当场收缴罚款的限额（元，含本数）", 100,
    "行政处罚法第六十八条第（一）项：依法给予一百元以下罚款的，执法人员可以当场收缴罚款（参考资料"
    "未复核该数额，请对照法条确认）；超过限额的，只有“不当场收缴事后难以执行”（第（二）项）时"
    "才可当场收缴，其余到银行或通过电子支付系统缴纳（第六十七条）。", "综合执法")
SETTINGS = {**SETTINGS, ON_SPOT_LIMIT.key: ON_SPOT_LIMIT}
RECONSIDERATION = Setting(
    "enforcement.reconsideration_body", "行政复议机关（本区人民政府全称）", "",
    "街道办事处以自己名义执法，是区人民政府的派出机关，行政复议机关为区人民政府（行政复议法"
    "第二十四条）。请填写全称，如“北京市××区人民政府”；未填写时不能作出处罚决定，也不能出具"
    "处罚决定书。", "综合执法")
# 行政处罚法 第六十七条: the authority deciding a fine does not collect it (罚缴分离); the party
# pays "到指定的银行或者通过电子支付系统" within 15 days, so every paper asking for payment names
# the bank. Declared with the rules because it gates issuing those papers.
PAYMENT_BANK = Setting(
    "enforcement.payment_bank", "罚款缴款银行", "",
    "决定书、当场决定书（事后缴纳）和催告书载明的代收罚款银行（行政处罚法 第六十七条：罚缴分离，"
    "当事人到指定的银行或者通过电子支付系统缴纳）；未填写时不能出具这三种文书。", "综合执法")
# Papers that ask the party to pay a fine (kind → name in refusals).
PAYING_PAPERS = {"enforcement_penalty_decision": "行政处罚决定书",
                 "enforcement_on_the_spot_decision": "当场行政处罚决定书",
                 "enforcement_demand": "催告书"}


def payment_bank_refusal(paper: str) -> str:
    """Why ``paper`` is not issued while the bank setting is empty (Art. 67)."""
    return (f"尚未设置罚款缴款银行，不能出具{paper}：罚款由当事人到指定的银行或者通过电子支付"
            "系统缴纳，作出罚款决定的机关不自行收缴（行政处罚法 第六十七条）。请管理员在“设置—"
            "综合执法—罚款缴款银行”中填写代收银行（及户名、账号）。")


def statement_days(store: Store) -> int:
    """The 陈述申辩 period in working days (a local-practice setting, never below one day)."""
    return max(1, int(settings_mod.get(store, STATEMENT_DAYS)))


def statement_due(store: Store, served_on: dt.date, cal: WorkCalendar) -> dt.date:
    """Last day of the 陈述申辩 period for a 事先告知书 served on ``served_on``."""
    return cal.add_working_days(served_on, statement_days(store))[0]


def hearing_threshold(store: Store, party_kind: str) -> Decimal | None:
    """The configured 较大数额 threshold for a party type, or None while UNSET."""
    value = settings_mod.get(store, SETTINGS[f"enforcement.hearing_threshold.{party_kind}"])
    return None if value in (None, "") else Decimal(str(value))


# The 公示 clock's settings (publication.py reads them; the stored clocks' basis names them,
# which must not load the publication module at every commit).
PUBLICATION_SETTINGS = settings_mod.declare(
    Setting("enforcement.publication.scope",
            "须公示的处罚决定范围（一般程序 / 全部 / 仅标记）", "一般程序",
            "行政处罚法第四十八条：具有一定社会影响的行政处罚决定应当依法公开。哪些决定属于此类由"
            "本地规定（北京城管公示期规定京城管发〔2020〕93号内容未见），默认一般程序决定均公示；"
            "个案可标记“须公示/不公示”并写明理由。", "综合执法"),
    Setting("enforcement.publication.working_days", "处罚决定公示期限（作出决定后工作日数）", 20,
            "本地规则，不是法律规定：默认20个工作日取自国家基层政务公开标准目录（城市综合执法领域）"
            "“处罚决定：20个工作日内”（非北京示例）；住建部门规章为7日；北京城管公示期规定未见，"
            "请按区城管执法局要求修改。", "综合执法"),
)
