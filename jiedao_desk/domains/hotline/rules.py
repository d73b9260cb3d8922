# SPDX-License-Identifier: MIT
"""The life of a 12345 ticket on the street's side, as one table (``base.states``).

A ticket comes from the city platform (or is entered by hand) 待派单; the street dispatches it
(派单) to a community or an office, or sends it back (退单); the answer to the caller is
反馈 (已反馈) and, usually at the same time, 办结 (已办结). The return visit (回访), the
flags (不合理诉求 / 考核申诉 / 不纳入考核), 吹哨 and 报到, contact and handling notes, 延期 and
the links to cases record facts and keep the state. The city platform stays the system of
record (《北京市接诉即办工作条例》); its own rules for 退单 and 延期 are not public
(reference mediation-hotline.md §5, §7: U), so they are recorded, not enforced.

The time limits (DB11/T 2021—2022 levels, as settings in ``clocks``) are no guard: an overdue
ticket is shown red on the list and the todo page, never blocked. The guards below are the
street's local rules. Voiding (作废) is not a state: a ticket entered by mistake keeps its
state, is hidden from lists and searches, and is worked no more.

Core functions ask ``MACHINE.require``; the page and the CLI read labels and actions here.
"""

from __future__ import annotations

from jiedao_desk.base.states import Action, Guard, StateMachine

ENTITY = "hotline_ticket"

RECEIVED, DISPATCHED, RETURNED, REPLIED, CLOSED = (
    "received", "dispatched", "returned", "replied", "closed")
STATES = {RECEIVED: "待派单", DISPATCHED: "已派单", RETURNED: "已退单", REPLIED: "已反馈",
          CLOSED: "已办结"}
VOIDED_LABEL = "已作废"  # shown instead of the state once a ticket is voided

# The street still works the ticket: it may (re)dispatch it or send it back.
OPEN = (RECEIVED, DISPATCHED, RETURNED)
# The street's clock runs until the ticket is answered or handed back to the city (退单).
CLOCK_STOPPED = (RETURNED, REPLIED, CLOSED)

LOCAL = "本地规则"


def _live(ticket) -> str | None:
    return "工单已作废，不能再办理。" if ticket.voided else None


def _live_for_transfer(ticket) -> str | None:
    return "工单已作废，不能再转办。" if ticket.voided else None


def _not_transferred(domain: str, what: str):
    def check(ticket) -> str | None:
        if ticket.transferred_to(domain):
            return f"工单 {ticket.ticket_no} 已转为{what}，不能重复转办。"
        return None
    return check


# Records are never deleted: a ticket entered by mistake is voided and kept, not worked on.
LIVE = Guard("live", f"{LOCAL}：登记错误的工单作废留档，不再办理", _live)
LIVE_FOR_TRANSFER = Guard("live_for_transfer", f"{LOCAL}：作废的工单不再转办", _live_for_transfer)
# One case per ticket and domain; a wrong one is undone by voiding the link (links.void_link).
NOT_IN_MEDIATION = Guard(
    "not_in_mediation", f"{LOCAL}：一张工单只转一次人民调解案件，转错须先作废关联",
    _not_transferred("mediation", "人民调解案件"))
NOT_IN_ENFORCEMENT = Guard(
    "not_in_enforcement", f"{LOCAL}：一张工单只转一次执法线索，转错须先作废关联",
    _not_transferred("enforcement", "执法线索"))

MACHINE = StateMachine(
    entity=ENTITY,
    states=STATES,
    actions=(
        # 派单 and 退单 only while the street still works the ticket (local rule: once
        # answered, a ticket is neither dispatched again nor sent back).
        Action("dispatch", "派单", OPEN, DISPATCHED, (LIVE,)),
        Action("summon", "吹哨"),  # 街乡吹哨、部门报到: recorded as facts in any state
        Action("arrival", "部门报到"),
        Action("contact", "先行联系", guards=(LIVE,)),
        Action("handling", "办理记录", guards=(LIVE,)),
        # 反馈 (answered, the ticket stays open for the city) or 办结; nothing after 办结.
        Action("reply", "答复", (*OPEN, REPLIED), REPLIED, (LIVE,)),
        Action("close", "办结", (*OPEN, REPLIED), CLOSED, (LIVE,)),
        Action("visit", "回访", guards=(LIVE,)),
        Action("return", "退单", OPEN, RETURNED, (LIVE,)),
        Action("extend", "延期", guards=(LIVE,)),
        # The official rule for excluding a claim from the 三率 is not public (reference §6:
        # U): the flags record what the city decided and decide nothing here.
        Action("flags", "标记", guards=(LIVE,)),
        Action("void", "作废"),
        # 人民调解法 第十七条: a committee may mediate on referral (接受委托移送).
        Action("to_mediation", "转人民调解", guards=(LIVE_FOR_TRANSFER, NOT_IN_MEDIATION)),
        # A reported violation becomes an enforcement lead (线索, source 12345转办).
        Action("to_enforcement", "转执法线索", guards=(LIVE_FOR_TRANSFER, NOT_IN_ENFORCEMENT)),
        Action("link", "关联"),
    ),
)

# Who may take an action: ``hotline.edit``, except that a ticket becomes a case with the other
# domain's own permission (mediation files are confidential, 人民调解法 第十五条).
PERMISSIONS = {"to_mediation": "mediation.edit", "to_enforcement": "enforcement.edit"}


def permission(action: str) -> str:
    """The ``core.auth`` permission needed for ``action``."""
    return PERMISSIONS.get(action, "hotline.edit")


# Names of the history rows: the actions, one row "答复/办结" for both ways of answering (the
# event keeps the kind "reply"), and the rows written by entry and import.
EVENT_LABELS = {
    "create": "登记", "import": "导入", "reimport": "重新导入更新",
    **{a.key: a.label for a in MACHINE.actions
       if a.key not in ("reply", "close", "to_mediation", "to_enforcement")},
    "reply": f"{MACHINE.action('reply').label}/{MACHINE.action('close').label}",
}
