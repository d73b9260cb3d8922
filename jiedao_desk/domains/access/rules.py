# SPDX-License-Identifier: MIT
"""The states of an access request (社区工作准入), what may happen in each, and its gates.

The 社区工作准入管理办法 (2019, text not public: access-lists.md §0) puts every task sent down
to a community through access review. The steps follow the 西城 2018 precedent (申请 → 审批 →
准入 → 撤销, access-lists.md §2.2): a request is registered (登记), triaged against the duty
list in force, which puts it under review (审核), decided by the street (准入 / 不予准入) and
followed to completion (执行中 → 完成) or revoked (撤销); revoking an admitted task is itself a
decision. 北京市街道办事处条例 第三十二条 (no tasks outside the list for residents' committees)
is cited for this work, but the research file could not see that clause (access-lists.md §2.1,
U), so no guard and no printed text cites it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jiedao_desk.base.states import Action, Guard, StateMachine

if TYPE_CHECKING:
    from jiedao_desk.domains.access.model import AccessRequest

ENTITY = "access_request"

STATES = {"registered": "登记", "review": "审核", "admitted": "准入", "refused": "不予准入",
          "in_progress": "执行中", "done": "完成", "revoked": "撤销"}
INITIAL = "registered"  # a request is registered in this state (history: None → 登记)
UNDECIDED = ("registered", "review")
_ADMITTED = ("admitted", "in_progress", "done")

# What the triage against the duty list found (access-lists.md §3 item 2); the guards of the
# decision read it.
OUTCOMES = {"own": "依法履行事项·可准入", "assist_ok": "依法协助事项·可准入",
            "assist_flagged": "依法协助事项·有缺项", "needs_approval": "清单外·需审批",
            "no_list": "职责清单未导入·需审批", "unconfirmed": "待确认比对"}
NOT_TRIAGED = "未比对"
NO_LIST_MESSAGE = "职责清单未导入，无法比对，需审批"
ADMITTED_OUTCOMES = ("own", "assist_ok")


def outcome_label(outcome: str | None) -> str:
    """Chinese name of a triage outcome ("未比对" before triage)."""
    return OUTCOMES.get(outcome or "", NOT_TRIAGED)


def community_may_refuse(state: str, triage_outcome: str | None) -> bool:
    """Not on the own/assist list as triaged and not approved: the community may refuse.

    西城 precedent: "对未经批准擅自进入社区的工作事项，社区有权拒绝" (access-lists.md §2.2).
    """
    if state in (*_ADMITTED, "revoked"):
        return False
    return state == "refused" or triage_outcome not in ADMITTED_OUTCOMES


@dataclass(frozen=True)
class Subject:
    """What the guards look at.

    Attributes:
        request: the request as it is now.
        locked_by: core's sentence naming the issued documents that freeze the request
            ("" when none).
        reason: the reason or approval opinion typed with a decision.
    """

    request: AccessRequest
    locked_by: str = ""
    reason: str = ""


# -- guards ----------------------------------------------------------------------------------
_LIST = "下派事项先与现行社区职责清单比对（access-lists.md §3 第2条；准入管理办法原文未公开）"

# A document issued from a request (审批表, 告知书) is frozen; a correction is a new document.
UNLOCKED = Guard(
    "unlocked", "已签发的文书不再改动：据以签发的记录随之冻结（本程序规则，core/documents.py）",
    lambda s: s.locked_by or None)


def _triaged(then: str) -> Guard:
    # The duty list is consulted before anything is decided or printed about the request.
    return Guard("triaged", _LIST, lambda s: None if s.request.triage_outcome
                 else f"请先比对职责清单，再{then}。")


# The program only suggests list items by text similarity; a person confirms the match.
MATCH_CONFIRMED = Guard(
    "match_confirmed", _LIST + "；程序按文字相似度提示，须由工作人员确认（本程序规则）",
    lambda s: "比对结果尚待人工确认：请确认匹配的清单条目，或确认“清单内无此事项”。"
    if s.request.triage_outcome == "unconfirmed" else None)

# Only the list in force counts; with no items there is nothing to confirm (the request then
# needs approval).
LIST_LOADED = Guard(
    "list_loaded", _LIST + "；清单未导入则无从比对，须经审批",
    lambda s: NO_LIST_MESSAGE + "：没有可确认的条目。"
    if s.request.triage_detail.get("list_empty") else None)

# A task not found on the own/assist list (or with missing roles or conditions) is admitted
# only by an approval decision, whose opinion is recorded (西城: 申请 → 审批 → 准入).
APPROVAL_OPINION = Guard(
    "approval_opinion", "西城区2018年准入做法：清单外事项须经审批方可准入（access-lists.md §2.2）",
    lambda s: "该事项不在职责清单内或有缺项，准入须填写审批意见。"
    if s.request.triage_outcome not in ADMITTED_OUTCOMES and not s.reason else None,
    field="reason")

# The reason is printed on the 不予准入告知书.
REFUSAL_REASON = Guard(
    "refusal_reason", "不予准入告知书载明理由（access_refusal 文书，本程序规则）",
    lambda s: None if s.reason else "不予准入须写明理由（将印在不予准入告知书上）。",
    field="reason")

_ADMITTED_NOTICE = "该事项已准入（或已撤销），不属于未经准入的事项，无需登记反映。"
# Only a task that was not admitted may be refused by the community and reported onwards.
NOT_ADMITTED = Guard(
    "not_admitted",
    "西城区2018年准入做法：未经批准擅自进入社区的工作事项，社区有权拒绝（access-lists.md §2.2）",
    lambda s: None if community_may_refuse(s.request.state, s.request.triage_outcome)
    else _ADMITTED_NOTICE)


def _state(s: Subject) -> str:
    return STATES[s.request.state]


def _decided(_s: Subject) -> str:
    return "已作出准入决定：比对结果按当时的清单版本保留，不再重新比对。"


def _not_under_review(s: Subject) -> str:
    return f"只有“{STATES['review']}”中的申请可以作出决定（当前：{_state(s)}）；请先比对职责清单。"


# -- the machine -----------------------------------------------------------------------------
MACHINE = StateMachine(ENTITY, STATES, (
    # a past triage is never rewritten: the list version used stays with the decision
    Action("triage", "比对清单", UNDECIDED, "review", (UNLOCKED,), not_now=_decided),
    Action("confirm_match", "确认匹配", UNDECIDED, "review",
           (UNLOCKED, _triaged("确认匹配条目"), LIST_LOADED), not_now=_decided),
    Action("admit", STATES["admitted"], ("review",), "admitted",
           (_triaged("作决定"), MATCH_CONFIRMED, APPROVAL_OPINION), not_now=_not_under_review),
    Action("refuse", STATES["refused"], ("review",), "refused",
           (_triaged("作决定"), MATCH_CONFIRMED, REFUSAL_REASON), not_now=_not_under_review),
    Action("review", "转入审核", ("registered",), "review"),
    Action("start", "开始执行", ("admitted",), "in_progress"),
    Action("finish", "办结", ("in_progress",), "done"),
    Action("withdraw", STATES["revoked"], UNDECIDED, "revoked"),
    # 西城: 准入 → 撤销 — revoking an admitted task is a decision of the street
    Action("revoke", "撤销准入", ("admitted", "in_progress"), "revoked"),
    Action("update", "修改", UNDECIDED, None, (UNLOCKED,),
           not_now=lambda s: f"准入申请已处于“{_state(s)}”状态，不能再修改。"),
    Action("void", "作废", UNDECIDED, None, (UNLOCKED,),
           not_now=lambda s: "已作出准入决定的申请不能作废；如事项取消，请改为“撤销”。"),
    Action("complaint", "登记反映", (*UNDECIDED, "refused"), None, (NOT_ADMITTED,),
           not_now=lambda s: _ADMITTED_NOTICE),
    Action("print_approval", "打印审批表", (), None, (_triaged("打印审批表"),)),
    Action("print_refusal", "出具不予准入告知书", ("refused",), None,
           not_now=lambda s: f"只有“{STATES['refused']}”的申请可以出具告知书"
                             f"（当前：{_state(s)}）。"),
))

# 准入 / 不予准入 are decisions (with a reason); the other state changes are moves.
DECISIONS = ("admit", "refuse")
MOVES = ("review", "start", "finish", "withdraw", "revoke")

PERMISSIONS = {"triage": "access.edit", "confirm_match": "access.edit",
               "admit": "access.decide", "refuse": "access.decide",
               "review": "access.edit", "start": "access.edit", "finish": "access.edit",
               "withdraw": "access.edit", "revoke": "access.decide",
               "update": "access.edit", "void": "access.edit", "complaint": "access.edit",
               "print_approval": "access.view", "print_refusal": "access.view"}


def target(key: str) -> str:
    """The state the action ``key`` leads to (ValueError for an action that keeps the state)."""
    found = MACHINE.action(key).target
    if found is None:
        raise ValueError(f"{ENTITY}: action {key!r} does not change the state")
    return found


def targets(state: str) -> list[str]:
    """The states a request in ``state`` may move to, in the order of ``STATES``."""
    found = {a.target for a in MACHINE.available(state) if a.target not in (None, state)}
    return [s for s in STATES if s in found]


def moves(state: str) -> list[Action]:
    """The moves (not decisions) a request in ``state`` may take."""
    return [a for a in MACHINE.available(state) if a.key in MOVES]


def leading_to(state: str, target: str) -> Action | None:
    """The move or decision that takes a request from ``state`` to ``target``, if any."""
    return next((a for a in MACHINE.available(state)
                 if a.key in (*MOVES, *DECISIONS) and a.target == target), None)
