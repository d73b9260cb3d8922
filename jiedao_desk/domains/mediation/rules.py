# SPDX-License-Identifier: MIT
"""People's mediation (人民调解): the states of a case, the actions the core offers and the legal
gates they must pass — the one table core, command line and page read.

A case is registered (人民调解法 第二十七条), accepted or refused (若干规定), mediated, ends in
a written or oral agreement (第二十八、二十九条) or is terminated, may go to 司法确认
(第三十三条), is closed and finally archived (第二十七条: 立卷归档). A community case may be
handed to the street committee; a case registered by mistake is voided and keeps its number.

Every core function loads its case through ``cases.live_case(store, id, action)``, which
asks ``require`` with the case's ``Facts`` (built here, by ``facts``, from the stored row and
the live work records); where an action brings facts of its own (the date entered, the
documents that printed what is being corrected, the dossier items still missing) it asks again
once it knows them. A new legal gate is therefore a new ``Guard`` added to an action below,
with the fact it reads added to ``Facts`` and ``facts`` — a change of this file only.
Sources: /work/shared/reference/mediation-hotline.md §1–2.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.base.states import Action, Guard, StateMachine

ENTITY = "mediation_case"

# A voided case keeps its last state in the database (its number and history stay); the
# machine sees it as "voided", as the case list does.
STATES = {"registered": "待受理", "accepted": "调解中", "refused": "不予受理",
          "agreed": "已达成协议", "terminated": "已终止调解", "closed": "已结案",
          "archived": "已归档", "voided": "已作废"}
# Everything but an archived file may still be corrected or voided.
NOT_ARCHIVED = ("registered", "accepted", "refused", "agreed", "terminated", "closed")
RECORD_KINDS = {"investigation": "调查记录", "session": "调解记录", "risk": "风险情况",
                "follow_up": "回访记录"}


@dataclass(frozen=True)
class Facts:
    """What the guards read about a case; core builds it from the record before an action.

    Attributes:
        state: the case's state ("voided" for a voided case).
        level: "street" or "community" (the committee holding the case).
        outcome: "written", "oral", "terminated" or None.
        rights_notified: the parties were told their rights and duties.
        records: the number of live work records by kind (``RECORD_KINDS``).
        jc_applied: a 司法确认 application is registered.
        jc_result: the court's ruling ("confirmed"/"rejected") or None.
        applied_on: the date entered for a 司法确认 application.
        jc_window: last day of the 司法确认 window; late_ok: the clerk confirmed a late one.
        dossier_missing: dossier items still missing (names).
        changing: what a correction changes (e.g. "案件情况"), for the refusal sentence.
        printed: (title, issued date) of live documents that print what is being changed.
        record_kind: the kind of the work record being voided.
        mediators: the number of mediators assigned.
    """

    state: str
    level: str = "community"
    outcome: str | None = None
    rights_notified: bool = False
    records: Mapping[str, int] = field(default_factory=dict)
    jc_applied: bool = False
    jc_result: str | None = None
    applied_on: dt.date | None = None
    jc_window: dt.date | None = None
    late_ok: bool = False
    dossier_missing: tuple[str, ...] = ()
    changing: str = ""
    printed: tuple[tuple[str, str], ...] = ()
    record_kind: str = ""
    mediators: int = 0

    @property
    def sessions(self) -> int:
        """Live session records (调解记录)."""
        return self.records.get("session", 0)


def facts(row: Mapping[str, Any], records: Mapping[str, int], **context: Any) -> Facts:
    """The facts of a case from its stored row (database column names) and the number of its
    live work records by kind; ``context``: the facts an action brings (fields of ``Facts``)."""
    return Facts(state=state_of(row["state"], row["voided_at"] is not None), level=row["level"],
                 outcome=row["outcome"], rights_notified=bool(row["rights_notified_on"]),
                 records=dict(records), jc_applied=bool(row["jc_applied_on"]),
                 jc_result=row["jc_result"],
                 mediators=len(json.loads(row["mediators"] or "[]")), **context)


@dataclass(frozen=True)
class EntryGuard(Guard):
    """A guard the user meets by completing the file or correcting an entry: its refusal is a
    ValidationError on ``field`` (other guards refuse with a Conflict)."""

    field: str = ""


# -- guards --------------------------------------------------------------------------------
# Parties are told their rights and duties before mediation starts, so an agreement needs
# the notice on record.
RIGHTS_NOTIFIED = Guard(
    "rights_notified", "人民调解工作若干规定 第三十条",
    lambda f: None if f.rights_notified else
    "尚未登记权利义务告知（若干规定第三十条：调解前应当告知）。")
# Parties are told the nature, principles and effect of mediation and their rights and duties
# before it starts ("在调解前应当…告知"), so no session is recorded before that notice.
RIGHTS_NOTIFIED_FIRST = Guard(
    "rights_notified_first", "人民调解工作若干规定 第三十条",
    lambda f: None if f.rights_notified else
    "尚未登记权利义务告知，不能添加调解记录（若干规定第三十条：调解前应当以口头或者书面形式告知当事人"
    "人民调解的性质、原则和效力以及当事人的权利义务）。请先登记权利义务告知。")
# A mediation is conducted by mediators the committee appoints or the parties choose
# (人民调解法 第十九条), and a written agreement takes effect only with the mediator's signature
# (第二十九条); an oral one is recorded by the mediator (第二十八条). No agreement without one.
MEDIATOR_ASSIGNED = Guard(
    "mediator_assigned", "人民调解法 第十九条、第二十八条、第二十九条",
    lambda f: None if f.mediators else
    "尚未指定人民调解员，不能登记调解协议（人民调解法第十九条：由调委会指定或当事人选择人民调解员"
    "进行调解；第二十九条：调解协议书须经人民调解员签名方能生效）。请先指定调解员。")
# The mediator records how the mediation went; an agreement rests on at least one record.
SESSION_RECORDED = Guard(
    "session_recorded", "人民调解法 第二十七条",
    lambda f: None if f.sessions else
    "尚无调解记录（人民调解法第二十七条：调解员应当记录调解情况）。")
# The court confirms a written agreement only (an oral one has nothing to submit).
WRITTEN_AGREEMENT = Guard(
    "written_agreement", "人民调解法 第三十三条；法释〔2011〕5号",
    lambda f: None if f.outcome == "written" else
    "司法确认需提交书面调解协议（法释〔2011〕5号），口头协议不能申请。")
# The parties apply jointly, once.
JC_NOT_APPLIED = Guard("jc_not_applied", "人民调解法 第三十三条",
                       lambda f: "已登记过司法确认申请。" if f.jc_applied else None)


def _within_jc_window(f: Facts) -> str | None:
    if f.applied_on is None or f.jc_window is None or f.late_ok or f.applied_on <= f.jc_window:
        return None
    return (f"已超过司法确认申请期限（{f.jc_window.isoformat()}，人民调解法第三十三条）；"
            "如确已提交，请确认后登记。")


# Thirty days from the agreement's effect; an application the parties did file late can be
# registered once the clerk confirms it (late_ok), so it stays on record.
JC_WINDOW = EntryGuard("jc_window", "人民调解法 第三十三条（生效之日起三十日内共同申请）",
                       _within_jc_window, field="jc_applied_on")
# A ruling answers an application, once.
JC_APPLIED = Guard("jc_applied", "人民调解法 第三十三条",
                   lambda f: None if f.jc_applied else "尚未登记司法确认申请。")
JC_NO_RESULT = Guard("jc_no_result", "人民调解法 第三十三条",
                     lambda f: "已登记过司法确认结果。" if f.jc_result else None)
# 小事不出社区、大事不出街道: what a community committee cannot settle goes to the street
# committee; the street committee has nobody to hand it to.
COMMUNITY_CASE = Guard(
    "community_case", "人民调解工作若干规定（社区调解不了的纠纷由街道调委会调解）",
    lambda f: "该案件已由街道人民调解委员会办理。" if f.level == "street" else None)
# A case file is archived only with the dossier's required items (卷内目录,
# resources/dossiers/mediation.toml).
DOSSIER_COMPLETE = EntryGuard(
    "dossier_complete", "人民调解法 第二十七条（立卷归档）",
    lambda f: "卷宗不完整，缺少：" + "、".join(f.dossier_missing) + "。"
    if f.dossier_missing else None, field="dossier")


def _not_printed(f: Facts) -> str | None:
    if not f.printed:
        return None
    title, issued = f.printed[0]
    return (f"{f.changing}已印在{title}（{issued}出具）上，不能再修改；请先作废该文书，修改后"
            "重新出具。")


# What a live issued document printed is frozen (core/documents.py): a correction voids the
# document and issues a new one, so paper and record never disagree.
NOT_PRINTED = Guard("not_printed", "出具的文书冻结存档（core/documents.py）", _not_printed)
# An agreement rests on a session record; its only one cannot go.
AGREEMENT_KEEPS_SESSION = Guard(
    "agreement_keeps_session", "人民调解法 第二十七条",
    lambda f: "这是达成协议所依据的唯一一份调解记录，不能作废（人民调解法第二十七条：调解员应当"
    "记录调解情况）。" if f.record_kind == "session" and f.outcome in ("written", "oral")
    and f.sessions == 1 else None)

# -- the machine ---------------------------------------------------------------------------
MACHINE = StateMachine(
    ENTITY, STATES,
    (
        Action("accept", "受理", ("registered",), "accepted"),
        # the route told to the party is recorded with the refusal (若干规定)
        Action("refuse", "不予受理", ("registered",), "refused"),
        # one or more mediators, or chosen by the parties (人民调解法 第十九条)
        Action("assign", "指定调解员", ("accepted",)),
        Action("notify", "登记权利义务告知", ("accepted",)),
        Action("record_investigation", f"添加{RECORD_KINDS['investigation']}", ("accepted",)),
        Action("record_session", f"添加{RECORD_KINDS['session']}", ("accepted",),
               None, (RIGHTS_NOTIFIED_FIRST,)),
        Action("record_risk", f"添加{RECORD_KINDS['risk']}", ("accepted",)),
        # follow-ups check the performance of a reached agreement (人民调解法 第三十一条)
        Action("record_follow_up", f"添加{RECORD_KINDS['follow_up']}", ("agreed", "closed")),
        # written or oral (人民调解法 第二十八、二十九条)
        Action("agree", "登记调解协议", ("accepted",), "agreed",
               (RIGHTS_NOTIFIED, SESSION_RECORDED, MEDIATOR_ASSIGNED)),
        # the routes told to the parties are recorded (§1 "Mediation fails")
        Action("terminate", "终止调解", ("accepted",), "terminated"),
        Action("jc_apply", "登记司法确认申请", ("agreed", "closed"), None,
               (WRITTEN_AGREEMENT, JC_NOT_APPLIED, JC_WINDOW)),
        Action("jc_result", "登记司法确认结果", ("agreed", "closed"), None,
               (JC_APPLIED, JC_NO_RESULT)),
        Action("transfer", "移交街道调委会", ("registered", "accepted"), None, (COMMUNITY_CASE,)),
        Action("close", "结案", ("agreed", "terminated"), "closed"),
        Action("archive", "归档", ("closed",), "archived", (DOSSIER_COMPLETE,)),
        Action("edit_case", "修改案件", NOT_ARCHIVED, None, (NOT_PRINTED,)),
        Action("edit_party", "修改当事人", NOT_ARCHIVED, None, (NOT_PRINTED,)),
        Action("edit_record", "修改记录", NOT_ARCHIVED, None, (NOT_PRINTED,)),
        Action("void_record", "作废记录", NOT_ARCHIVED, None,
               (AGREEMENT_KEEPS_SESSION, NOT_PRINTED)),
        Action("attach", "添加附件"),
        # a case registered by mistake; an archived file is closed for good
        Action("void_case", "作废案件", NOT_ARCHIVED, "voided"),
        Action("issue", "出具文书"),
    ),
    final=("voided",),
)


def state_of(state: str, voided: bool) -> str:
    """The machine state of a case: its stored state, or "voided"."""
    return "voided" if voided else state


def label(state: str) -> str:
    """The Chinese label of a state."""
    return MACHINE.label(state)


def available(state: str) -> list[Action]:
    """The actions a case in ``state`` offers (their guards are checked when taken)."""
    return MACHINE.available(state)


def require(key: str, case: Facts) -> Action:
    """The action ``key`` if the case may take it now: its state, then each guard in order.

    Raises:
        Conflict: the state does not allow it (the sentence names the state), or a guard
            refuses.
        ValidationError: an ``EntryGuard`` refuses (the file or the entry must be completed).
    """
    action = MACHINE.action(key)
    if case.state in MACHINE.final:
        raise Conflict("该案件已作废，不能再操作。")
    if not MACHINE.starts_from(action, case.state):
        raise Conflict(f"案件当前为“{label(case.state)}”，不能{action.label}。")
    for guard in action.guards:
        reason = guard.check(case)
        if reason:
            if isinstance(guard, EntryGuard):
                raise ValidationError(reason, guard.field)
            raise Conflict(reason)
    return action
