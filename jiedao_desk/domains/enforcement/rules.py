# SPDX-License-Identifier: MIT
"""The enforcement case as a state machine: its states, every action a case can take, and
the legal gates (guards) each action must pass — in one table. The gates themselves are
functions in ``guards.py``; what they read (the case's facts, the amounts and settings) is in
``facts.py`` and ``parameters.py``.

A 一般程序 case runs lead (线索) → filed (立案) → notified (事先告知) → decided (处罚决定) →
closed (结案) → archived (归档); a lead may instead be not opened (不予立案), and a 简易程序 case
starts decided (当场处罚). A case registered by mistake is voided; nothing happens to it any
more. Core functions ask ``require_state`` before they validate what the officer entered and
``require`` (state and guards) before they write; the case page and the command line read
the states, labels and available actions from ``MACHINE``. A new legal gate is one more
``Guard`` in the action's tuple below (with its basis) and its function in ``guards.py``.

A guard gets the ``Facts`` of the action — the case, its live records (read on demand) and
the values the officer entered — and returns None, or one Chinese sentence saying why not.
An ``InputGuard`` is about a value entered for the action (a date, an amount, a choice): it
fails as a ``ValidationError`` naming that field, so the form keeps what was typed; any other
guard fails as a ``Conflict`` with the case as it is.

Article numbers are those of the 2021 行政处罚法 (reference §1.1).
"""

from __future__ import annotations

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.base.states import Action, Guard, StateMachine
from jiedao_desk.domains.enforcement import guards
from jiedao_desk.domains.enforcement.facts import Facts, InputGuard
from jiedao_desk.domains.enforcement.model import ENTITY, Case

VOIDED = "voided"
STATES = {"lead": "线索", "not_opened": "不予立案", "filed": "已立案（调查中）",
          "notified": "已事先告知", "decided": "已决定", "closed": "已结案", "archived": "已归档",
          VOIDED: "已作废"}
# States kept in the case's state column (a void case keeps the state it was in).
RECORDED_STATES = tuple(s for s in STATES if s != VOIDED)

# -- the table --------------------------------------------------------------------------------
ART36 = InputGuard("limitation",
                   "行政处罚法 第三十六条（追责时效二年，涉及生命健康、金融安全五年）",
                   guards.limitation, "filed_on")
DISCRETION = InputGuard("discretion_recorded", "北京市城市管理综合行政执法行政裁量权基准",
                        guards.discretion_recorded, "discretion")
FINE_IN_TIER = InputGuard("fine_in_tier",
                          "北京市城市管理综合行政执法行政裁量权基准（所选档次的幅度）",
                          guards.fine_in_tier, "fine")
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
                       guards.party_registered, "party"),
            InputGuard("hearing_rights_decided",
                       "北京市行政处罚听证程序实施办法 第二条；行政处罚法 第六十三条",
                       guards.hearing_rights_decided, "hearing"))),
        Action("statement", "陈述申辩笔录", (NOTIFIED,)),
        Action("statement_waiver", "登记放弃陈述申辩", (NOTIFIED,), None, (
            InputGuard("notice_served_before_waiver", "行政处罚法 第四十四条",
                       guards.notice_served_before_waiver, "notice"),
            InputGuard("waiver_evidenced", "行政处罚法 第四十五条、第六十二条（放弃须有笔录或"
                       "签名声明）", guards.waiver_evidenced, "record_id"))),
        Action("hearing_request", "登记听证申请", (NOTIFIED,), None, (
            Guard("hearing_rights_told", "行政处罚法 第六十三条、第六十四条",
                  guards.hearing_rights_told),)),
        Action("hearing_schedule", "听证通知", (NOTIFIED,), None, (
            Guard("hearing_requested", "行政处罚法 第六十四条", guards.hearing_requested),
            InputGuard("hearing_notified_in_time", "行政处罚法 第六十四条第二项、第八十五条",
                       guards.hearing_notified_in_time, "hearing_on"),
            InputGuard("host_not_investigator", "行政处罚法 第六十四条第（四）项",
                       guards.host_not_investigator, "host"))),
        Action("hearing_record", "听证笔录", (NOTIFIED,), None, (
            Guard("hearing_scheduled", "行政处罚法 第六十四条", guards.hearing_scheduled),)),
        # service
        Action("serve", "登记送达", (NOTIFIED, DECIDED, CLOSED), None, (
            InputGuard("witnesses", "民事诉讼法 第八十九条（留置送达）", guards.witnesses,
                       "witnesses"),
            InputGuard("consent", "行政处罚法 第六十一条第二款（电子送达）", guards.consent,
                       "consent"),
            Guard("decision_made", "行政处罚法 第六十一条", guards.decision_made))),
        # decision and execution
        Action("decide", "处罚决定", (NOTIFIED,), DECIDED, (
            InputGuard("reconsideration_body_set",
                       "行政处罚法 第五十九条第一款第（五）项；行政复议法 第二十四条",
                       guards.reconsideration_set, "reconsideration_body"),
            InputGuard("notice_served", "行政处罚法 第六十二条", guards.notice_served, "notice"),
            InputGuard("after_notice_served", "行政处罚法 第六十二条", guards.after_notice_served,
                       "day"),
            InputGuard("investigation_recorded", "行政处罚法 第四十条、第五十五条（笔录）",
                       guards.investigation_recorded, "records"),
            InputGuard("statement_period_over",
                       "行政处罚法 第四十四条、第四十五条、第六十二条；期限为本地做法设置",
                       guards.statement_period_over, "day"),
            InputGuard("hearing_held", "行政处罚法 第六十四条、第六十五条", guards.hearing_held,
                       "hearing"),
            InputGuard("hearing_window_closed", "行政处罚法 第六十四条第一项、第八十五条",
                       guards.hearing_window_closed, "hearing"),
            InputGuard("legal_review", "行政处罚法 第五十八条", guards.legal_review,
                       "legal_review"),
            InputGuard("collective_discussion", "行政处罚法 第五十七条第二款",
                       guards.collective_discussion, "collective"),
            DISCRETION, FINE_IN_TIER,
            InputGuard("within_told", "行政处罚法 第四十四条、第四十五条第二款、第六十二条",
                       guards.within_told, "fine"),
            InputGuard("decision_in_time", "行政处罚法 第六十条", guards.decision_in_time,
                       "late_reason"))),
        Action("pay", "登记缴款", (DECIDED,), None, (
            Guard("not_paid", "行政处罚法 第六十七条", guards.not_paid),)),
        Action("appeal", "登记当事人申请复议或提起诉讼", (DECIDED, CLOSED)),
        Action("payment_plan", "批准延期或分期缴纳", (DECIDED,), None, (
            Guard("fine_open", "行政处罚法 第六十六条第二款", guards.fine_open),)),
        Action("demand", "催告", (DECIDED,), None, (
            Guard("fine_overdue", "行政强制法 第五十四条", guards.fine_overdue),
            InputGuard("payment_period_over", "行政处罚法 第六十七条；行政强制法 第五十四条",
                       guards.payment_period_over, "day"))),
        Action("court", "申请法院强制执行", (DECIDED,), None, (
            InputGuard("demand_served", "行政强制法 第五十四条", guards.demand_served, "demand"),
            Guard("not_appealed", "行政强制法 第五十三条（未申请复议、未提起诉讼）",
                  guards.not_appealed),
            InputGuard("demand_wait_over", "行政强制法 第五十四条、第六十九条",
                       guards.demand_wait_over, "day"),
            InputGuard("appeal_periods_over", "行政强制法 第五十三条；行政处罚法 第七十二条第二款",
                       guards.appeal_periods_over, "day"),
            InputGuard("court_in_time", "行政强制法 第五十三条；行政处罚法 第七十二条第二款",
                       guards.court_in_time, "day"),
            Guard("application_papers", "行政强制法 第五十五条（附行政决定书、催告情况）",
                  guards.application_papers))),
        # publication (Art. 48)
        Action("publication", "登记公示", _AFTER_DECISION),
        Action("publish_withdraw", "撤回公示", _AFTER_DECISION),
        Action("publish_void", "作废误登记的公示记录", _AFTER_DECISION),
        Action("publish_rule", "本案是否公示"),
        # closing
        Action("close", "结案", (DECIDED,), CLOSED, (
            InputGuard("fine_settled", "行政处罚法 第六十七条、第七十二条；行政强制法 第五十三条",
                       guards.fine_settled, "payment"),
            InputGuard("documents_for_closing", "行政处罚法 第四十七条；案卷目录 enforcement",
                       guards.documents_for_closing, "documents"))),
        Action("archive", "归档", (CLOSED,), ARCHIVED, (
            InputGuard("documents_for_archive", "行政处罚法 第四十七条；案卷目录 enforcement",
                       guards.documents_for_archive, "documents"),)),
        # corrections: records are never deleted, they are voided with a reason
        Action("void_record", "作废办案记录", (LEAD, FILED, NOTIFIED, DECIDED)),
        Action("issue_document", "出具文书", (), None, (
            InputGuard("payment_bank_set", "行政处罚法 第六十七条（罚缴分离，到指定银行缴纳）",
                       guards.payment_bank_set, "payment_bank"),)),
        Action("void", "作废案件", (LEAD, "not_opened", FILED, NOTIFIED, DECIDED, CLOSED), VOIDED),
    ),
    final=(VOIDED,))

# Actions that create a case (they start from no state).
REGISTER_LEAD = Action("lead", "登记线索", (), LEAD)
SIMPLE_PENALTY = Action("simple", "简易程序（当场处罚）", (), DECIDED, (
    InputGuard("simple_limit", "行政处罚法 第五十一条", guards.simple_limit, "fine"),
    InputGuard("on_spot_collection", "行政处罚法 第六十七条、第六十八条", guards.on_spot_collection,
               "collection_reason"),
    # pre-printed decision numbers are used once (reference §2)
    Guard("paper_number_unused", "当场处罚决定书（预印编号）", guards.paper_number_unused)))

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
