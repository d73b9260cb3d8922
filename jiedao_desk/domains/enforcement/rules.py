# SPDX-License-Identifier: MIT
"""The enforcement case as a state machine: its states, every action a case can take, and
the legal gates (guards) each action must pass — in one table.

A 一般程序 case runs lead (线索) → filed (立案) → notified (事先告知) → decided (处罚决定) →
closed (结案) → archived (归档); a lead may instead be not opened (不予立案), and a 简易程序 case
starts decided (当场处罚). A case registered by mistake is voided; nothing happens to it any
more. Core functions ask ``require_state`` before they validate what the officer entered and
``require`` (state and guards) before they write; the case page and the command line read
the states, labels and available actions from ``MACHINE``. A new legal gate is one more
``Guard`` in the action's tuple below (with its basis); nothing else has to change.

A guard gets the ``Facts`` of the action — the case, its live records (read on demand) and
the values the officer entered — and returns None, or one Chinese sentence saying why not.
An ``InputGuard`` is about a value entered for the action (a date, an amount, a choice): it
fails as a ``ValidationError`` naming that field, so the form keeps what was typed; any other
guard fails as a ``Conflict`` with the case as it is.

Article numbers are those of the 2021 行政处罚法 (reference §1.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.base.states import Action, Guard, StateMachine
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.workdays import WorkCalendar, load_calendar
from jiedao_desk.domains.enforcement import court_paper, tiers
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import (
    CourtWindow,
    Instalment,
    court_window,
    first_unpaid,
    hearing_notice_latest,
    limitation_end,
    payment_schedule,
    payments,
    period_due,
)
from jiedao_desk.domains.enforcement.model import (
    APPEALS,
    ENTITY,
    PARTY_KINDS,
    PENALTY_KINDS,
    SERVED_WHAT,
    Case,
    Event,
    case_label,
    notice_served_on,
    told_penalties,
)
from jiedao_desk.domains.enforcement.required_documents import missing_documents
from jiedao_desk.store import Store

VOIDED = "voided"
STATES = {"lead": "线索", "not_opened": "不予立案", "filed": "已立案（调查中）",
          "notified": "已事先告知", "decided": "已决定", "closed": "已结案", "archived": "已归档",
          VOIDED: "已作废"}
# States kept in the case's state column (a void case keeps the state it was in).
RECORDED_STATES = tuple(s for s in STATES if s != VOIDED)
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


def cn_day(day: dt.date, ref: dt.date | None = None) -> str:
    """A date as refusals say it: "12月9日", with the year when it is not ``ref``'s."""
    same_year = ref is not None and ref.year == day.year
    return f"{'' if same_year else f'{day.year}年'}{day.month}月{day.day}日"


def hearing_threshold(store: Store, party_kind: str) -> Decimal | None:
    """The configured 较大数额 threshold for a party type, or None while UNSET."""
    value = settings_mod.get(store, SETTINGS[f"enforcement.hearing_threshold.{party_kind}"])
    return None if value in (None, "") else Decimal(str(value))


@dataclass(frozen=True)
class InputGuard(Guard):
    """A guard on a value entered for the action; it fails as a ValidationError on ``field``."""

    field: str = ""


@dataclass
class Facts:
    """What the guards of one action look at.

    Attributes:
        store: read only (guards never write).
        case: the case (None for the actions that create one).
        day: the date entered for the action (decision date, service date …).
        values: the other values entered (``fine`` as Decimal, ``what``, ``method`` …).
    """

    store: Store
    case: Case | None
    day: dt.date | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def events(self) -> list[Event]:
        """The case's live records in date order."""
        return es.events(self.store, self.case.id) if self.case else []

    @cached_property
    def kinds(self) -> set[str]:
        """Kinds of the live records."""
        return {e.kind for e in self.events}

    @cached_property
    def calendar(self) -> WorkCalendar:
        """The working-day calendar."""
        return load_calendar(self.store)

    def served(self, what: str) -> dt.date | None:
        """When document ``what`` (prior_notice, decision, demand …) was first served (the
        latest 事先告知书, when the party was told again)."""
        if what == "prior_notice":
            return notice_served_on(self.events)
        return next((e.day for e in self.events if e.kind == "service"
                     and e.details.get("what") == what), None)

    @property
    def notice(self) -> dict:
        """What the latest 事先告知 said ({} before it)."""
        return next((e.details for e in reversed(self.events) if e.kind == "prior_notice"), {})

    @cached_property
    def schedule(self) -> list[Instalment]:
        """What the party owes by when (the approved 延期／分期 plan, Art. 66, or Art. 67)."""
        return payment_schedule(self.the_case, self.events, self.calendar)

    @property
    def unpaid(self) -> Instalment | None:
        """The earliest instalment of the fine not yet paid in full."""
        return first_unpaid(self.schedule, payments(self.events))

    def get(self, key: str, default: Any = None) -> Any:
        """An entered value."""
        return self.values.get(key, default)

    @property
    def the_case(self) -> Case:
        """The case of an action on a case (only the actions that create one have none)."""
        if self.case is None:
            raise Conflict("此操作须先选定一个案件。")
        return self.case

    @property
    def the_day(self) -> dt.date:
        """The date entered, for the actions whose guards compare it."""
        if self.day is None:
            raise ValidationError("请填写日期。", "day")
        return self.day

    def served_day(self, what: str) -> dt.date:
        """When ``what`` was first served, for a guard placed after the one requiring it."""
        day = self.served(what)
        if day is None:
            raise Conflict(f"{SERVED_WHAT[what]}尚未送达。")
        return day


def _decision_served(c: Case) -> dt.date:
    """When the decision was served, for a guard that runs once it was."""
    if c.served_on is None:
        raise Conflict("行政处罚决定书尚未送达。")
    return c.served_on


def legal_review_required(f: Facts) -> bool:
    """Whether the decision needs 法制审核 (行政处罚法 第五十八条): the officer marked the case as
    one of its cases, or it went through a hearing (第五十八条第一款第二项)."""
    return bool(f.get("legal_review_required")) or "hearing_held" in f.kinds


# -- guards -----------------------------------------------------------------------------------
def _limitation(f: Facts) -> str | None:
    # Art. 36: not pursued once the act was discovered after the limitation (the lead is kept).
    c = f.the_case
    start = c.act_on or c.act_ended_on
    if start is None:
        return None
    limit = limitation_end(start, c.act_ended_on, c.serious_harm, f.calendar)
    return "已超过追责时效，不予立案（行政处罚法 第三十六条）。" if c.found_on > limit else None


def _party_registered(f: Facts) -> str | None:
    # The notice is addressed to the party (Art. 44): who it is must be on record.
    return None if es.parties(f.store, f.the_case.id) else "请先登记当事人。"


def _hearing_rights_decided(f: Facts) -> str | None:
    # While the 较大数额 threshold is unset, the officer says whether hearing rights are told.
    if f.get("hearing") is not None:
        return None
    parties = es.parties(f.store, f.the_case.id)
    if parties and hearing_threshold(f.store, parties[0].kind) is None:
        return ("听证门槛（较大数额罚款）尚未设置：请在设置页填写，或在本次告知中明确"
                "是否告知听证权利。")
    return None


def _discretion_recorded(f: Facts) -> str | None:
    # A power with known tiers needs the tier chosen before any amount is set.
    return tiers.choice_missing(f.store, f.the_case, f.day)


def _fine_in_tier(f: Facts) -> str | None:
    # The amount lies in the chosen tier's range (裁量基准).
    return tiers.outside_range(f.store, f.the_case.id, f.get("fine"))


def _hearing_rights_told(f: Facts) -> str | None:
    # A hearing is requested after the 告知书 telling hearing rights was served (Art. 63/64).
    if not f.notice.get("hearing") or f.served("prior_notice") is None:
        return "本案未告知听证权利或告知书尚未送达。"
    return None


def _hearing_requested(f: Facts) -> str | None:
    return None if "hearing_request" in f.kinds else "当事人未申请听证。"


def _hearing_notified_in_time(f: Facts) -> str | None:
    # Art. 64 (三): the party is told the time and place 7 (working, Art. 85) days before.
    hearing_on = f.get("hearing_on")
    latest = hearing_notice_latest(hearing_on, f.calendar)
    if f.the_day > latest.date:
        return (f"听证应在举行七个工作日前通知当事人：{hearing_on.isoformat()} 举行的听证，"
                f"最迟应在 {latest.date.isoformat()} 通知。")
    return None


def _host_not_investigator(f: Facts) -> str | None:
    # Art. 64 (4): the hearing is chaired by a person the authority names who did not
    # investigate the case — no officer on any of its records.
    host = (f.get("host") or "").strip()
    if any(o.name == host for e in f.events for o in e.officers):
        return (f"听证主持人须为非本案调查人员（行政处罚法 第六十四条第（四）项）：{host}"
                "是本案办案记录上的执法人员，请另行指定主持人。")
    return None


def _hearing_scheduled(f: Facts) -> str | None:
    return None if "hearing_scheduled" in f.kinds else "尚未通知听证时间地点。"


def _witnesses(f: Facts) -> str | None:
    if f.get("method") == "left" and not f.get("witnesses"):
        return "留置送达须有见证人（民事诉讼法 第八十九条），请填写见证人。"
    return None


def _consent(f: Facts) -> str | None:
    if f.get("method") == "electronic" and not f.get("consent"):
        return "电子送达须经当事人同意并签订确认书（行政处罚法 第六十一条）。"
    return None


def _decision_made(f: Facts) -> str | None:
    if f.get("what") == "decision" and not f.the_case.decided_on:
        return "尚未作出处罚决定，不能送达决定书。"
    return None


def _notice_served(f: Facts) -> str | None:
    if f.served("prior_notice") is None:
        return "事先告知书尚未送达，不能作出处罚决定（行政处罚法 第六十二条）。"
    return None


def _after_notice_served(f: Facts) -> str | None:
    if f.the_day < f.served_day("prior_notice"):
        return "决定日期不能早于事先告知书送达日期。"
    return None


def penalty_words(kinds: tuple[str, ...] | list[str], fine: Decimal) -> str:
    """A penalty as refusals name it: "警告、罚款200元"."""
    return "、".join(f"罚款{fine.normalize():f}元" if k == "fine" else PENALTY_KINDS[k]
                    for k in kinds)


def _within_told(f: Facts) -> str | None:
    # Art. 44/62: a penalty not told may not be decided; Art. 45 ¶2: never heavier because the
    # party spoke; a heavier one is told again (its 陈述申辩 and hearing periods run again,
    # and Art. 63's hearing threshold is judged on it).
    told = told_penalties(f.notice)
    told_fine = Decimal(str(f.notice.get("intended_fine") or 0))
    kinds = tuple(f.get("penalties") or ())
    fine = f.get("fine") or Decimal(0)
    extra = [PENALTY_KINDS[k] for k in kinds if k not in told]
    if not extra and fine <= told_fine:
        return None
    why = (f"增加了未告知的{'、'.join(extra)}" if extra
           else f"罚款{fine.normalize():f}元高于告知的{told_fine.normalize():f}元")
    return (f"处罚决定不能重于事先告知的处罚：已告知“{penalty_words(told, told_fine) or '无'}”，"
            f"本次决定{why}（行政处罚法 第四十四条、第六十二条；不得因陈述、申辩而加重处罚，"
            "第四十五条第二款）。如确需加重，请重新事先告知并送达，陈述申辩期限重新起算。")


def _reconsideration_set(f: Facts) -> str | None:
    # 行政处罚法 第五十九条第一款第（五）项: the decision names where to apply for 复议 — the
    # district government (行政复议法 第二十四条), a setting; a decision that cannot be
    # printed with it is not made.
    if str(settings_mod.get(f.store, RECONSIDERATION) or "").strip():
        return None
    return ("尚未设置行政复议机关，不能作出处罚决定：请管理员在“设置—综合执法—行政复议机关"
            "（本区人民政府全称）”中填写本区人民政府全称（如“北京市××区人民政府”，"
            "行政复议法 第二十四条），决定书须载明申请行政复议的途径（行政处罚法 第五十九条）。")


def _payment_bank_set(f: Facts) -> str | None:
    # Art. 67: a paper asking for a fine names the designated bank; a warning alone, or a fine
    # collected on the spot (Art. 68, recorded at 当场处罚), asks for no payment at a bank.
    paper = PAYING_PAPERS.get(str(f.get("kind") or ""))
    if paper is None or not f.the_case.fine_fen \
            or str(settings_mod.get(f.store, PAYMENT_BANK) or "").strip():
        return None
    if any(e.kind == "simple_decision" and e.details.get("collected_on_spot")
           for e in f.events):
        return None
    return payment_bank_refusal(paper)


def _investigation_recorded(f: Facts) -> str | None:
    # Art. 54-55 / Art. 40: facts are established by investigation; a decision rests on at
    # least one 现场检查笔录 or 询问笔录 in the file.
    if f.kinds & {"inspection", "inquiry"}:
        return None
    return "案卷中没有现场检查笔录或询问笔录，不能作出处罚决定（行政处罚法 第四十条、第五十五条）。"


def _notice_served_before_waiver(f: Facts) -> str | None:
    # A right is waived once it was told: the 事先告知书 has been served.
    if f.served("prior_notice") is None:
        return "事先告知书尚未送达，不能登记放弃陈述申辩。"
    return None


def _statement_waived(f: Facts) -> bool:
    return "statement_waiver" in f.kinds


def _statement_period_over(f: Facts) -> str | None:
    # Art. 62 (with 44, 45): no decision before the party could be heard, unless they
    # expressly waived 陈述申辩. The period's length is a local-practice setting.
    if _statement_waived(f):
        return None
    due = statement_due(f.store, f.served_day("prior_notice"), f.calendar)
    if f.the_day <= due:
        return (f"陈述申辩期限至 {cn_day(due, f.the_day)}，届满前不能作出决定"
                "（行政处罚法 第六十二条；当事人明确放弃陈述申辩的，请先登记放弃）。")
    return None


def _waiver_evidenced(f: Facts) -> str | None:
    # The waiver must be on record: a 笔录 of this case, or a signed statement's reference.
    record_id = f.get("record_id")
    if record_id is not None:
        ok = any(e.id == record_id and e.kind in ("statement", "inquiry") for e in f.events)
        return None if ok else "所引笔录不是本案有效的陈述申辩笔录或询问笔录。"
    if (f.get("signed_statement") or "").strip():
        return None
    return "放弃陈述申辩须有记录：请引用记载放弃意思的笔录，或填写当事人签名的书面声明。"


def _hearing_held(f: Facts) -> str | None:
    if f.notice.get("hearing") and "hearing_request" in f.kinds \
            and "hearing_held" not in f.kinds:
        return "当事人已申请听证，听证尚未举行。"
    return None


def _hearing_window_closed(f: Facts) -> str | None:
    # Art. 64 (一): the party may ask within 5 working days of the notice; no decision before.
    if f.notice.get("hearing") and "hearing_request" not in f.kinds \
            and f.the_day <= period_due("hearing_request", f.served_day("prior_notice"),
                                        f.calendar).date:
        return "听证申请期（五个工作日）尚未届满。"
    return None


def _legal_review(f: Facts) -> str | None:
    if legal_review_required(f) and "legal_review" not in f.kinds:
        return "本案须经法制审核后才能作出决定（行政处罚法 第五十八条）。"
    return None


def _collective_discussion(f: Facts) -> str | None:
    if f.get("serious") and "collective_discussion" not in f.kinds:
        return "情节复杂或重大违法行为须经集体讨论决定（行政处罚法 第五十七条）。"
    return None


def decision_due(f: Facts) -> dt.date:
    """The last day for the decision: 90 days after 立案 (Art. 60)."""
    filed_on = f.the_case.filed_on
    if filed_on is None:
        raise Conflict("案件尚未立案，没有决定期限。")
    return period_due("penalty_decision", filed_on, f.calendar).date


def _decision_in_time(f: Facts) -> str | None:
    # Art. 60: a later decision states the reason (the law, regulation or rule allowing it).
    due = decision_due(f)
    if f.the_day > due and not (f.get("late_reason") or "").strip():
        return (f"已超过立案后九十日的决定期限（{due.isoformat()}，行政处罚法 第六十条），"
                "请写明超期原因（依据的法律、法规、规章）。")
    return None


def _not_paid(f: Facts) -> str | None:
    return "本案已登记缴款。" if f.the_case.paid_on else None


def _fine_overdue(f: Facts) -> str | None:
    c = f.the_case
    return "本案没有逾期未缴的罚款。" if c.paid_on or not c.served_on or not c.fine_fen else None


def _fine_open(f: Facts) -> str | None:
    # Art. 66: a deferral or instalments are approved for a fine decided, served and unpaid.
    c = f.the_case
    if not c.fine_fen or c.paid_on:
        return "本案没有待缴的罚款。"
    return None if c.served_on else "行政处罚决定书尚未送达。"


def _payment_period_over(f: Facts) -> str | None:
    # 行政强制法 第五十四条: 催告 only once the payment period has passed (the last day is
    # still the party's); after a deferral or instalments, the unpaid one's due day.
    _decision_served(f.the_case)
    unpaid = f.unpaid
    if unpaid is not None and f.the_day <= unpaid.due:
        return (f"缴款期限至 {cn_day(unpaid.due, f.the_day)}，届满前不能催告"
                "（行政处罚法 第六十七条；行政强制法 第五十四条）。")
    return None


def _demand_served(f: Facts) -> str | None:
    if f.served("demand") is None:
        return "催告书尚未送达，不能申请法院强制执行（行政强制法 第五十四条）。"
    return None


def _court_window(f: Facts) -> CourtWindow:
    unpaid = f.unpaid
    return court_window(_decision_served(f.the_case), f.served_day("demand"), f.calendar,
                        unpaid.due if unpaid else None)


def _demand_wait_over(f: Facts) -> str | None:
    # 行政强制法 第五十四条、第六十九条: ten working days after the 催告书 is served.
    w = _court_window(f)
    if f.the_day <= w.demand_end:
        return (f"催告书送达后十个工作日的履行期限至 {cn_day(w.demand_end, f.the_day)}，"
                "届满前不能申请法院强制执行（行政强制法 第五十四条、第六十九条）。")
    return None


def _appeal_periods_over(f: Facts) -> str | None:
    # 行政强制法 第五十三条: the three months run once the 复议 (60 days) and 诉讼 (6 months)
    # periods have passed (行政处罚法 第七十二条第二款: or the deferral / instalment ended).
    w = _court_window(f)
    if f.the_day <= w.period_start:
        what = "复议、诉讼期限" if w.period_start == w.appeal_end else "延期（分期）缴纳期限"
        return (f"{what}至 {cn_day(w.period_start, f.the_day)}，届满前不能申请法院强制执行"
                "（行政强制法 第五十三条；行政处罚法 第七十二条第二款）。")
    return None


def _not_appealed(f: Facts) -> str | None:
    # 行政强制法 第五十三条 is for a party who "在法定期限内不申请行政复议或者提起行政诉讼":
    # once they did, the application waits for the review or the judgment.
    appeal = next((e for e in f.events if e.kind == "appeal"), None)
    if appeal is None:
        return None
    what = APPEALS.get(str(appeal.details.get("what", "")), "申请行政复议或提起行政诉讼")
    return (f"当事人已于 {cn_day(appeal.day, f.the_day)} {what}，不能依行政强制法第五十三条"
            "申请法院强制执行；请待复议决定或裁判生效后依法处理。")


def _court_in_time(f: Facts) -> str | None:
    latest = _court_window(f).latest
    if f.the_day > latest:
        return (f"申请法院强制执行的期限已于 {cn_day(latest, f.the_day)} 届满，不能再申请"
                "（行政强制法 第五十三条）。")
    return None


def _application_papers(f: Facts) -> str | None:
    # 行政强制法 第五十五条: the application attaches the decision (二) and the 催告 (三).
    return court_paper.attachments_missing(f.store, f.the_case)


def _fine_settled(f: Facts) -> str | None:
    c = f.the_case
    if c.fine_fen and not c.paid_on and "court_application" not in f.kinds:
        return "罚款未缴纳，也未申请法院强制执行，不能结案。"
    return None


def _documents_for_closing(f: Facts) -> str | None:
    # 全过程记录 (Art. 47): a 一般程序 file closes only with the documents its steps require.
    if f.the_case.procedure != "general":
        return None
    missing = missing_documents(f.store, f.the_case.id)
    return "案卷缺少必备文书，不能结案：" + "、".join(r.name for r in missing) if missing else None


def _documents_for_archive(f: Facts) -> str | None:
    if f.the_case.procedure != "general":
        return None
    missing = missing_documents(f.store, f.the_case.id, for_archive=True)
    return "案卷缺少必备文书，不能归档：" + "、".join(r.name for r in missing) if missing else None


def _simple_limit(f: Facts) -> str | None:
    kind = f.get("kind")
    if f.get("fine") > SIMPLE_LIMIT[kind]:
        return (f"当场处罚的罚款上限为{PARTY_KINDS[kind]} {SIMPLE_LIMIT[kind]} 元"
                "（行政处罚法 第五十一条），请按一般程序办理。")
    return None


def _on_spot_collection(f: Facts) -> str | None:
    # Art. 68: collected on the spot only up to the limit or when hard to enforce afterwards;
    # otherwise paid at the bank or electronically (Art. 67).
    if not f.get("collect_on_spot"):
        return None
    limit = Decimal(str(settings_mod.get(f.store, ON_SPOT_LIMIT)))
    if f.get("fine") <= limit or (f.get("collection_reason") or "").strip():
        return None
    return (f"罚款超过{limit.normalize():f}元，不能当场收缴（行政处罚法 第六十八条）：请由当事人"
            "到银行或通过电子支付系统缴纳（第六十七条）；确属不当场收缴事后难以执行的，请写明原因。")


def _paper_number_unused(f: Facts) -> str | None:
    number = f.get("paper_number")
    used = es.case_with_paper_number(f.store, number)
    if used is None:
        return None
    other = es.get_case(f.store, used)
    label = other.label if other else case_label(None, used)
    return f"当场处罚决定书编号“{number}”已用于案件 {label}。"


# -- the table --------------------------------------------------------------------------------
ART36 = InputGuard("limitation",
                   "行政处罚法 第三十六条（追责时效二年，涉及生命健康、金融安全五年）",
                   _limitation, "filed_on")
DISCRETION = InputGuard("discretion_recorded", "北京市城市管理综合行政执法行政裁量权基准",
                        _discretion_recorded, "discretion")
FINE_IN_TIER = InputGuard("fine_in_tier",
                          "北京市城市管理综合行政执法行政裁量权基准（所选档次的幅度）",
                          _fine_in_tier, "fine")
LEAD, FILED, NOTIFIED, DECIDED, CLOSED, ARCHIVED = (
    "lead", "filed", "notified", "decided", "closed", "archived")
_AFTER_DECISION = (DECIDED, CLOSED, ARCHIVED)

MACHINE = StateMachine(
    ENTITY, STATES,
    (
        # 立案 and parties
        Action("file", "立案", (LEAD,), FILED, (ART36,)),
        Action("not_open", "不予立案", (LEAD,), "not_opened"),
        Action("party", "登记当事人", (LEAD, FILED, NOTIFIED)),
        Action("withdrawal", "登记回避", (LEAD, FILED, NOTIFIED)),
        Action("lead_photo", "添加线索照片", (LEAD,)),
        # investigation (Art. 42: two officers with their IDs, checked on the record itself)
        Action("inspection", "现场检查笔录", (FILED, NOTIFIED)),
        Action("inquiry", "询问笔录", (FILED, NOTIFIED)),
        Action("evidence", "添加证据文件", (FILED, NOTIFIED, DECIDED)),
        Action("preserve", "先行登记保存", (FILED, NOTIFIED)),
        Action("dispose", "登记保存处理决定", (FILED, NOTIFIED, DECIDED)),
        # reviews, discretion, 事先告知, 陈述申辩, hearing
        Action("review", "调查终结／法制审核／集体讨论", (FILED, NOTIFIED)),
        Action("discretion", "裁量档次与理由", (FILED, NOTIFIED)),
        # told again (NOTIFIED) when a heavier penalty is intended (Art. 44, 62)
        Action("notice", "事先告知", (FILED, NOTIFIED), NOTIFIED, (
            DISCRETION, FINE_IN_TIER,
            InputGuard("party_registered", "行政处罚法 第四十四条（告知当事人）",
                       _party_registered, "party"),
            InputGuard("hearing_rights_decided",
                       "北京市行政处罚听证程序实施办法 第二条；行政处罚法 第六十三条",
                       _hearing_rights_decided, "hearing"))),
        Action("statement", "陈述申辩笔录", (NOTIFIED,)),
        Action("statement_waiver", "登记放弃陈述申辩", (NOTIFIED,), None, (
            InputGuard("notice_served_before_waiver", "行政处罚法 第四十四条",
                       _notice_served_before_waiver, "notice"),
            InputGuard("waiver_evidenced", "行政处罚法 第四十五条、第六十二条（放弃须有笔录或"
                       "签名声明）", _waiver_evidenced, "record_id"))),
        Action("hearing_request", "登记听证申请", (NOTIFIED,), None, (
            Guard("hearing_rights_told", "行政处罚法 第六十三条、第六十四条",
                  _hearing_rights_told),)),
        Action("hearing_schedule", "听证通知", (NOTIFIED,), None, (
            Guard("hearing_requested", "行政处罚法 第六十四条", _hearing_requested),
            InputGuard("hearing_notified_in_time", "行政处罚法 第六十四条第二项、第八十五条",
                       _hearing_notified_in_time, "hearing_on"),
            InputGuard("host_not_investigator", "行政处罚法 第六十四条第（四）项",
                       _host_not_investigator, "host"))),
        Action("hearing_record", "听证笔录", (NOTIFIED,), None, (
            Guard("hearing_scheduled", "行政处罚法 第六十四条", _hearing_scheduled),)),
        # service
        Action("serve", "登记送达", (NOTIFIED, DECIDED, CLOSED), None, (
            InputGuard("witnesses", "民事诉讼法 第八十九条（留置送达）", _witnesses, "witnesses"),
            InputGuard("consent", "行政处罚法 第六十一条第二款（电子送达）", _consent, "consent"),
            Guard("decision_made", "行政处罚法 第六十一条", _decision_made))),
        # decision and execution
        Action("decide", "处罚决定", (NOTIFIED,), DECIDED, (
            InputGuard("reconsideration_body_set",
                       "行政处罚法 第五十九条第一款第（五）项；行政复议法 第二十四条",
                       _reconsideration_set, "reconsideration_body"),
            InputGuard("notice_served", "行政处罚法 第六十二条", _notice_served, "notice"),
            InputGuard("after_notice_served", "行政处罚法 第六十二条", _after_notice_served,
                       "day"),
            InputGuard("investigation_recorded", "行政处罚法 第四十条、第五十五条（笔录）",
                       _investigation_recorded, "records"),
            InputGuard("statement_period_over",
                       "行政处罚法 第四十四条、第四十五条、第六十二条；期限为本地做法设置",
                       _statement_period_over, "day"),
            InputGuard("hearing_held", "行政处罚法 第六十四条、第六十五条", _hearing_held,
                       "hearing"),
            InputGuard("hearing_window_closed", "行政处罚法 第六十四条第一项、第八十五条",
                       _hearing_window_closed, "hearing"),
            InputGuard("legal_review", "行政处罚法 第五十八条", _legal_review, "legal_review"),
            InputGuard("collective_discussion", "行政处罚法 第五十七条第二款",
                       _collective_discussion, "collective"),
            DISCRETION, FINE_IN_TIER,
            InputGuard("within_told", "行政处罚法 第四十四条、第四十五条第二款、第六十二条",
                       _within_told, "fine"),
            InputGuard("decision_in_time", "行政处罚法 第六十条", _decision_in_time,
                       "late_reason"))),
        Action("pay", "登记缴款", (DECIDED,), None, (
            Guard("not_paid", "行政处罚法 第六十七条", _not_paid),)),
        Action("appeal", "登记当事人申请复议或提起诉讼", (DECIDED, CLOSED)),
        Action("payment_plan", "批准延期或分期缴纳", (DECIDED,), None, (
            Guard("fine_open", "行政处罚法 第六十六条第二款", _fine_open),)),
        Action("demand", "催告", (DECIDED,), None, (
            Guard("fine_overdue", "行政强制法 第五十四条", _fine_overdue),
            InputGuard("payment_period_over", "行政处罚法 第六十七条；行政强制法 第五十四条",
                       _payment_period_over, "day"))),
        Action("court", "申请法院强制执行", (DECIDED,), None, (
            InputGuard("demand_served", "行政强制法 第五十四条", _demand_served, "demand"),
            Guard("not_appealed", "行政强制法 第五十三条（未申请复议、未提起诉讼）",
                  _not_appealed),
            InputGuard("demand_wait_over", "行政强制法 第五十四条、第六十九条",
                       _demand_wait_over, "day"),
            InputGuard("appeal_periods_over", "行政强制法 第五十三条；行政处罚法 第七十二条第二款",
                       _appeal_periods_over, "day"),
            InputGuard("court_in_time", "行政强制法 第五十三条；行政处罚法 第七十二条第二款",
                       _court_in_time, "day"),
            Guard("application_papers", "行政强制法 第五十五条（附行政决定书、催告情况）",
                  _application_papers))),
        # publication (Art. 48)
        Action("publication", "登记公示", _AFTER_DECISION),
        Action("publish_withdraw", "撤回公示", _AFTER_DECISION),
        Action("publish_void", "作废误登记的公示记录", _AFTER_DECISION),
        Action("publish_rule", "本案是否公示"),
        # closing
        Action("close", "结案", (DECIDED,), CLOSED, (
            InputGuard("fine_settled", "行政处罚法 第六十七条、第七十二条；行政强制法 第五十三条",
                       _fine_settled, "payment"),
            InputGuard("documents_for_closing", "行政处罚法 第四十七条；案卷目录 enforcement",
                       _documents_for_closing, "documents"))),
        Action("archive", "归档", (CLOSED,), ARCHIVED, (
            InputGuard("documents_for_archive", "行政处罚法 第四十七条；案卷目录 enforcement",
                       _documents_for_archive, "documents"),)),
        # corrections: records are never deleted, they are voided with a reason
        Action("void_record", "作废办案记录", (LEAD, FILED, NOTIFIED, DECIDED)),
        Action("issue_document", "出具文书", (), None, (
            InputGuard("payment_bank_set", "行政处罚法 第六十七条（罚缴分离，到指定银行缴纳）",
                       _payment_bank_set, "payment_bank"),)),
        Action("void", "作废案件", (LEAD, "not_opened", FILED, NOTIFIED, DECIDED, CLOSED), VOIDED),
    ),
    final=(VOIDED,))

# Actions that create a case (they start from no state).
REGISTER_LEAD = Action("lead", "登记线索", (), LEAD)
SIMPLE_PENALTY = Action("simple", "简易程序（当场处罚）", (), DECIDED, (
    InputGuard("simple_limit", "行政处罚法 第五十一条", _simple_limit, "fine"),
    InputGuard("on_spot_collection", "行政处罚法 第六十七条、第六十八条", _on_spot_collection,
               "collection_reason"),
    # pre-printed decision numbers are used once (reference §2)
    Guard("paper_number_unused", "当场处罚决定书（预印编号）", _paper_number_unused)))

# Refusals worded for one state, where the general "只能在…时进行" would not say what to do.
HINTS = {
    ("evidence", LEAD): "案件尚未立案：线索的照片请用“添加线索照片”（命令 enforcement lead-photo）"
                        "登记，立案后再添加调查取证的证据。",
    ("void", ARCHIVED): "已归档的案件不能作废。",
}


def label(state: str) -> str:
    """The Chinese label of a state."""
    return MACHINE.label(state)


def available(case: Case | None) -> list[Action]:
    """The actions ``case`` may take now (none without a case)."""
    return MACHINE.available(case.current_state) if case else []


def require_state(key: str, case: Case) -> Action:
    """The action ``key`` if the case's state allows it, else Conflict saying why (guards are
    checked later by ``require``, once the entered values are known)."""
    state = case.current_state
    action = MACHINE.action(key)
    if MACHINE.starts_from(action, state):
        return action
    raise Conflict(HINTS.get((key, state))
                   or f"案件 {case.label} {MACHINE.refusal(key, state)}")


def _check(action: Action, facts: Facts) -> Action:
    for guard in action.guards:
        reason = guard.check(facts)
        if reason:
            if isinstance(guard, InputGuard):
                raise ValidationError(reason, guard.field)
            raise Conflict(reason)
    return action


def require(key: str, facts: Facts) -> Action:
    """The action ``key`` if the case's state allows it and every guard passes; else the
    first refusal (Conflict, or ValidationError for an ``InputGuard``)."""
    return _check(require_state(key, facts.the_case), facts)


def require_start(action: Action, facts: Facts) -> Action:
    """Check the guards of an action that creates a case (``SIMPLE_PENALTY`` …)."""
    return _check(action, facts)
