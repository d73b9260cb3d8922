# SPDX-License-Identifier: MIT
"""Community work access (社区工作准入): registering tasks sent down to communities.

Issue 5 cites 北京市街道办事处条例 第三十二条 (no tasks outside the list for residents'
committees); the research file could not see that clause (access-lists.md §2.1, U), so no
printed text cites it. The 社区工作准入管理办法 (2019, text not public: access-lists.md §0) puts
every task sent down to a community through access review. A request (下派事项/准入申请)
is registered here, triaged against the duty list in force (core/access_triage.py), decided
by the street (准入 / 不予准入) and followed to completion or revocation. Every state change is
kept with who, when and why. Time limits are the 西城 2018 precedent (access-lists.md §2.2),
kept as settings because the city rule is unknown.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.base.transition import Transition, from_rows
from jiedao_desk.core import auth, documents, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.access import store as access_store
from jiedao_desk.domains.access.store import (
    OUTCOME_LABELS,
    STATE_LABELS,
)  # noqa: F401 (re-exported)
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store.lists import ListSource

ENTITY = access_store.ENTITY
LEVELS = ("市", "区", "街道")
CONDITIONS = ("经费", "人员", "培训", "设备")  # 必要工作条件 (access-lists.md §2.3)
UNDECIDED = ("registered", "review")
ADMITTED_OUTCOMES = ("own", "assist_ok")

# Allowed moves → permission needed. 准入/不予准入 go only through ``decide``; revoking an
# admitted task is itself a decision (西城: 申请 → 审批 → 准入 → 撤销, access-lists.md §2.2).
TRANSITIONS: dict[str, dict[str, str]] = {
    "registered": {"review": "access.edit", "revoked": "access.edit"},
    "review": {"admitted": "access.decide", "refused": "access.decide",
               "revoked": "access.edit"},
    "admitted": {"in_progress": "access.edit", "revoked": "access.decide"},
    "in_progress": {"done": "access.edit", "revoked": "access.decide"},
    "refused": {},
    "done": {},
    "revoked": {},
}

SETTINGS = settings_mod.declare(
    Setting("access.task_types", "下派事项类型",
            "工作机构、挂牌、台账、报表/系统、调查统计、检查、考核评比、创建、证明事项、"
            "协助事项、其他",
            "可编辑的类型列表（用顿号分隔）。默认取自西城区2018年准入做法及外地审批表的事项类型"
            "（参考资料 access-lists.md §2.2、§3 第4条），非北京市正式文件。", "社区工作准入"),
    Setting("access.apply_ahead_working_days", "申请单位应提前多少个工作日提出准入申请", 30,
            "默认值来自西城区2018年做法“提前30个工作日书面申请”（参考资料 access-lists.md"
            " §2.2，人民日报报道），非法定；北京市办法的时限未见。", "社区工作准入"),
    Setting("access.decide_within_working_days", "登记后多少个工作日内作出准入决定", 15,
            "默认值来自西城区2018年做法“15个工作日内完成审批”（参考资料 access-lists.md"
            " §2.2），非法定；北京市办法的时限未见。", "社区工作准入"),
    Setting("access.assist_required_conditions", "依法协助事项必须提供的工作条件（顿号分隔）",
            "经费",
            "“费随事转”：依法应由社区协助的事项，政府部门应当提供必要的经费和工作条件（参考资料"
            " access-lists.md §2.3，二手资料）。北京办法原文未见，本地设置；登记时勾选“需要”的"
            "条件也计入。", "社区工作准入"),
    Setting("access.start_soon_working_days", "未准入事项开始前多少个工作日提醒", 10,
            "本地习惯，非法定：首页待办提示即将开始但未获准入的事项。", "社区工作准入"),
    Setting("access.complaint_channels", "反映渠道（可选项）",
            "12345市民服务热线、区社会建设工作领导小组办公室、上级民政部门、街道办事处",
            "12345作为反映渠道只见于产品说明，公开资料未见（参考资料 access-lists.md §2.1，B）；"
            "可按本地实际修改。", "社区工作准入"),
)


def setting_list(store: Store, key: str) -> list[str]:
    """A list-valued setting typed as text separated by 、 (or commas, semicolons)."""
    raw = settings_mod.get(store, SETTINGS[key])
    parts = raw if isinstance(raw, list) else re.split(r"[、,，;；\n]+", str(raw))
    return [p.strip() for p in (str(x) for x in parts) if p.strip()]


@dataclass(frozen=True)
class AccessRequest:
    """A registered request (下派事项) with its triage and decision."""

    id: int
    applicant_unit: str
    applicant_level: str
    title: str
    content: str
    doc_ref: str
    task_type: str
    legal_basis: str
    period_from: dt.date | None
    period_to: dt.date | None
    planned_start: dt.date
    received_on: dt.date
    conditions: dict[str, dict]
    role_verbs: tuple[str, ...]
    role_verb_version_id: int | None
    notes: str
    state: str
    communities: tuple[tuple[int, str], ...]
    decide_by: dt.date
    apply_by: dt.date
    deadline_confirmed: bool
    duty_version_id: int | None
    triage_outcome: str | None
    triage_detail: dict
    triage_at: str | None
    triage_by: str | None
    matched_item_id: int | None
    match_confirmed: bool
    match_confirmed_by: str | None
    decision: str | None
    decision_reason: str
    decided_on: dt.date | None
    decided_by: str | None
    created_by: str
    voided: bool
    history: tuple[Transition, ...] = field(default=())

    @property
    def state_label(self) -> str:
        """Chinese name of the state."""
        return STATE_LABELS.get(self.state, self.state)

    @property
    def outcome_label(self) -> str:
        """Chinese name of the triage outcome ("未比对" before triage)."""
        return OUTCOME_LABELS.get(self.triage_outcome or "", "未比对")

    @property
    def community_names(self) -> str:
        """Names of the communities concerned, joined with 、."""
        return "、".join(name for _, name in self.communities)

    @property
    def late_application(self) -> bool:
        """Registered later than the apply-ahead limit before the planned start."""
        return self.received_on > self.apply_by

    def overdue(self, today: dt.date | None = None) -> bool:
        """Still undecided after the decision deadline."""
        return self.state in UNDECIDED and (today or clock.today()) > self.decide_by

    @property
    def community_may_refuse(self) -> bool:
        """Not on the own/assist list as triaged and not approved: the community may refuse.

        西城 precedent: "对未经批准擅自进入社区的工作事项，社区有权拒绝" (access-lists.md §2.2).
        """
        if self.state in ("admitted", "in_progress", "done", "revoked"):
            return False
        return self.state == "refused" or self.triage_outcome not in ADMITTED_OUTCOMES


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _request(store: Store, row: dict) -> AccessRequest:
    return AccessRequest(
        id=row["id"], applicant_unit=row["applicant_unit"],
        applicant_level=row["applicant_level"], title=row["title"], content=row["content"],
        doc_ref=row["doc_ref"], task_type=row["task_type"], legal_basis=row["legal_basis"],
        period_from=_day(row["period_from"]), period_to=_day(row["period_to"]),
        planned_start=dt.date.fromisoformat(row["planned_start"]),
        received_on=dt.date.fromisoformat(row["received_on"]),
        conditions=json.loads(row["conditions"]), role_verbs=tuple(json.loads(row["role_verbs"])),
        role_verb_version_id=row["role_verb_version_id"], notes=row["notes"], state=row["state"],
        communities=tuple((c["id"], c["name"]) for c in access_store.communities(store, row["id"])),
        decide_by=dt.date.fromisoformat(row["decide_by"]),
        apply_by=dt.date.fromisoformat(row["apply_by"]),
        deadline_confirmed=bool(row["deadline_confirmed"]),
        duty_version_id=row["duty_version_id"], triage_outcome=row["triage_outcome"],
        triage_detail=json.loads(row["triage_detail"]), triage_at=row["triage_at"],
        triage_by=row["triage_by"], matched_item_id=row["matched_item_id"],
        match_confirmed=bool(row["match_confirmed"]),
        match_confirmed_by=row["match_confirmed_by"], decision=row["decision"],
        decision_reason=row["decision_reason"], decided_on=_day(row["decided_on"]),
        decided_by=row["decided_by"], created_by=row["created_by"],
        voided=row["voided_at"] is not None,
        history=from_rows(access_store.transitions(store, row["id"])))


# -- permissions ----------------------------------------------------------------------------
def require_on(store: Store, actor: Actor, permission: str, request_id: int) -> dict:
    """The live row of a request the actor may act on with ``permission`` (else raise).

    A community worker acts only on requests that concern their own community.
    """
    auth.require(actor, permission)
    row = access_store.get(store, request_id)
    if row is None or row["voided_at"]:
        raise NotFound(f"没有编号为 {request_id} 的准入申请（或已作废）。")
    scope = auth.community_scope(actor)
    if scope is not None and scope not in access_store.community_ids(store, request_id):
        raise PermissionDenied(f"社区工作者“{actor.name}”只能查看和处理本社区的准入申请。")
    return row


def get_request(store: Store, actor: Actor, request_id: int) -> AccessRequest:
    """One request with its communities and state history."""
    return _request(store, require_on(store, actor, "access.view", request_id))


def list_source(store: Store, actor: Actor, community_id: int | None = None) -> ListSource:
    """The ledger (台账) list: all live requests, or those of one community.

    A community worker always gets their own community's list.
    """
    auth.require(actor, "access.view")
    scope = auth.community_scope(actor)
    if scope is not None:
        if community_id not in (None, scope):
            raise PermissionDenied(f"社区工作者“{actor.name}”只能查看本社区的准入申请。")
        community_id = scope
    return access_store.list_source(store, community_id)


def applicant_units(store: Store, actor: Actor) -> list[str]:
    """Applying units seen so far (for filters), within the actor's scope."""
    auth.require(actor, "access.view")
    return access_store.applicant_units(store, auth.community_scope(actor))


# -- registering ----------------------------------------------------------------------------
def _optional_date(value: Any, label: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return validate.date(value, label).isoformat()


def _clean_conditions(raw: Any) -> dict[str, dict]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationError("工作条件应写成 {条件: {provided, needed, amount, note}}。",
                              "conditions")
    out = {}
    for name, spec in raw.items():
        if name not in CONDITIONS:
            raise ValidationError(f"未知的工作条件“{name}”，可选：{'、'.join(CONDITIONS)}。",
                                  "conditions")
        spec = spec if isinstance(spec, dict) else {"provided": bool(spec)}
        out[name] = {"provided": bool(spec.get("provided")), "needed": bool(spec.get("needed")),
                     "amount": str(spec.get("amount") or "").strip()[:100],
                     "note": str(spec.get("note") or "").strip()[:200]}
    return out


def _clean(store: Store, actor: Actor, v: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """Validate every field; return the row values and the community ids."""
    level = (v.get("applicant_level") or "").strip()
    if level not in LEVELS:
        raise ValidationError(f"申请单位层级应为{'、'.join(LEVELS)}之一。", "applicant_level")
    task_type = (v.get("task_type") or "").strip()
    types = setting_list(store, "access.task_types")
    if task_type not in types:
        raise ValidationError(f"事项类型“{task_type}”不在类型列表中（{'、'.join(types)}）；"
                              "管理员可在“设置”中修改类型列表。", "task_type")
    received = validate.date(v.get("received_on") or clock.today(), "登记日期",
                             not_after_today=True)
    start = validate.date(v.get("planned_start"), "计划开始日期")
    period_from = _optional_date(v.get("period_from"), "起始日期")
    period_to = _optional_date(v.get("period_to"), "截止日期")
    if period_from and period_to and period_to < period_from:
        raise ValidationError("截止日期早于起始日期。", "period_to")
    ids = sorted({int(c) for c in (v.get("community_ids") or [])})
    if not ids:
        raise ValidationError("请至少选择一个涉及的社区。", "community_ids")
    for cid in ids:
        row = org_store.get_community(store, cid)
        if row is None or row["voided_at"]:
            raise ValidationError(f"社区（编号 {cid}）不存在或已作废。", "community_ids")
        auth.require(actor, "access.edit", cid)
    verbs = [str(x).strip() for x in (v.get("role_verbs") or []) if str(x).strip()]
    cal = load_calendar(store)
    # 西城 precedent (access-lists.md §2.2): apply ≥N working days ahead, decide within M.
    ahead = int(settings_mod.get(store, SETTINGS["access.apply_ahead_working_days"]))
    within = int(settings_mod.get(store, SETTINGS["access.decide_within_working_days"]))
    apply_by = add_working_days(start, -ahead, cal)
    decide_by = add_working_days(received, within, cal)
    role_version = _role_verb_version(store, received)
    values = {
        "applicant_unit": validate.required_text(v.get("applicant_unit"), "申请单位", 100),
        "applicant_level": level,
        "title": validate.required_text(v.get("title"), "事项名称", 200),
        "content": (v.get("content") or "").strip()[:4000], "task_type": task_type,
        "doc_ref": (v.get("doc_ref") or "").strip()[:100],
        "legal_basis": (v.get("legal_basis") or "").strip()[:1000],
        "period_from": period_from, "period_to": period_to, "planned_start": start.isoformat(),
        "received_on": received.isoformat(),
        "conditions": json.dumps(_clean_conditions(v.get("conditions")), ensure_ascii=False),
        "role_verbs": json.dumps(list(dict.fromkeys(verbs)), ensure_ascii=False),
        "role_verb_version_id": role_version,
        "notes": (v.get("notes") or "").strip()[:2000],
        "decide_by": decide_by.date.isoformat(), "apply_by": apply_by.date.isoformat(),
        "deadline_confirmed": int(apply_by.confirmed and decide_by.confirmed),
    }
    return values, ids


def _role_verb_version(store: Store, day: dt.date) -> int | None:
    from jiedao_desk.core import catalog

    try:
        found = catalog.current_version(store, "role_verb", on=day)
    except NotFound:  # no role_verb catalog loaded at all
        return None
    return found.id if found else None


def register_request(store: Store, actor: Actor, **values: Any) -> AccessRequest:
    """Register a request (登记): one transaction with its first state row and audit row.

    Args:
        store: the store.
        actor: who registers (``access.edit``; a community worker only for their community).
        **values: applicant_unit, applicant_level (市/区/街道), title, content, doc_ref,
            task_type, legal_basis, community_ids, period_from, period_to, planned_start,
            received_on (default today), conditions, role_verbs, notes.

    Returns:
        The registered request (state 登记).

    Raises:
        ValidationError: a field is missing or wrong (nothing is written).
        PermissionDenied: the actor may not register for one of the communities.
    """
    auth.require(actor, "access.edit")
    row, ids = _clean(store, actor, values)
    with store.atomic():
        rid = access_store.insert(store, row, "registered", actor.name)
        access_store.set_communities(store, rid, ids)
        access_store.add_transition(store, rid, None, "registered", actor.name, "登记")
        audit_store.record(store, actor, "access.register", ENTITY, rid, None,
                           {**row, "community_ids": ids})
    return get_request(store, actor, rid)


def update_request(store: Store, actor: Actor, request_id: int, **values: Any) -> AccessRequest:
    """Correct a request before the decision; the triage must then be run again.

    Raises:
        Conflict: already decided, or a document issued from it locks it.
    """
    before = require_on(store, actor, "access.edit", request_id)
    if before["state"] not in UNDECIDED:
        raise Conflict(f"准入申请已处于“{STATE_LABELS[before['state']]}”状态，不能再修改。")
    documents.require_unlocked(store, ENTITY, request_id)
    row, ids = _clean(store, actor, values)
    with store.atomic():
        access_store.update(store, request_id, {
            **row, "duty_version_id": None, "triage_outcome": None, "triage_detail": "{}",
            "triage_at": None, "triage_by": None, "matched_item_id": None,
            "match_confirmed": 0, "match_confirmed_by": None, "match_confirmed_at": None})
        access_store.set_communities(store, request_id, ids)
        audit_store.record(store, actor, "access.update", ENTITY, request_id,
                           {k: before[k] for k in row}, {**row, "community_ids": ids})
    return get_request(store, actor, request_id)


def void_request(store: Store, actor: Actor, request_id: int, reason: str) -> None:
    """Void a mistaken registration (作废) before any decision; the row stays on record."""
    before = require_on(store, actor, "access.edit", request_id)
    reason = validate.required_text(reason, "作废原因", 200)
    if before["state"] not in UNDECIDED:
        raise Conflict("已作出准入决定的申请不能作废；如事项取消，请改为“撤销”。")
    documents.require_unlocked(store, ENTITY, request_id)
    with store.atomic():
        access_store.void(store, request_id, reason)
        audit_store.record(store, actor, "access.void", ENTITY, request_id,
                           {"state": before["state"]}, {"reason": reason})


# -- state changes --------------------------------------------------------------------------
def _move(store: Store, actor: Actor, row: dict, to_state: str, reason: str,
          extra: dict[str, Any] | None = None) -> None:
    access_store.update(store, row["id"], {"state": to_state, **(extra or {})})
    access_store.add_transition(store, row["id"], row["state"], to_state, actor.name, reason)
    audit_store.record(store, actor, "access.transition", ENTITY, row["id"],
                       {"state": row["state"]}, {"state": to_state, "reason": reason,
                                                 **(extra or {})})


def check_transition(actor: Actor, from_state: str, to_state: str) -> str:
    """The permission a move needs; Conflict with a Chinese message if it is not allowed."""
    if to_state not in STATE_LABELS:
        raise ValidationError(f"未知状态“{to_state}”，可选："
                              f"{'、'.join(f'{k}（{v}）' for k, v in STATE_LABELS.items())}。",
                              "state")
    allowed = TRANSITIONS.get(from_state, {})
    if to_state not in allowed:
        options = "、".join(STATE_LABELS[s] for s in allowed) or "无（已办结）"
        raise Conflict(f"不能从“{STATE_LABELS[from_state]}”转为“{STATE_LABELS[to_state]}”；"
                       f"当前可转为：{options}。")
    return allowed[to_state]


def transition(store: Store, actor: Actor, request_id: int, to_state: str,
               reason: str) -> AccessRequest:
    """Move a request to another state (审核/执行中/完成/撤销) with a reason.

    准入 / 不予准入 are decisions: use ``decide``.

    Raises:
        Conflict: the move is not in the transition table.
        PermissionDenied: the move needs a permission the actor lacks.
    """
    row = require_on(store, actor, "access.view", request_id)
    permission = check_transition(actor, row["state"], to_state)
    if to_state in ("admitted", "refused"):
        raise Conflict("“准入/不予准入”须通过“作出决定”办理（需写明理由），不能直接改状态。")
    require_on(store, actor, permission, request_id)
    reason = validate.required_text(reason, "原因", 500)
    with store.atomic():
        _move(store, actor, row, to_state, reason)
    return get_request(store, actor, request_id)


def decide(store: Store, actor: Actor, request_id: int, decision: str,
           reason: str = "") -> AccessRequest:
    """Decide a request under review: ``admit`` (准入) or ``refuse`` (不予准入).

    Raises:
        ValidationError: unknown decision; no reason for a refusal, or for admitting a task
            that the triage did not find on the list (the approval opinion).
        Conflict: not under review, triage missing or its match not yet confirmed.
    """
    if decision not in ("admit", "refuse"):
        raise ValidationError("决定只能是 admit（准入）或 refuse（不予准入）。", "decision")
    row = require_on(store, actor, "access.decide", request_id)
    if row["state"] != "review":
        raise Conflict(f"只有“审核”中的申请可以作出决定（当前：{STATE_LABELS[row['state']]}）；"
                       "请先比对职责清单。")
    if not row["triage_outcome"]:
        raise Conflict("请先比对职责清单，再作决定。")
    if row["triage_outcome"] == "unconfirmed":
        raise Conflict("比对结果尚待人工确认：请确认匹配的清单条目，或确认“清单内无此事项”。")
    reason = (reason or "").strip()
    if decision == "refuse" and not reason:
        raise ValidationError("不予准入须写明理由（将印在不予准入告知书上）。", "reason")
    if decision == "admit" and row["triage_outcome"] not in ADMITTED_OUTCOMES and not reason:
        raise ValidationError("该事项不在职责清单内或有缺项，准入须填写审批意见。", "reason")
    to_state = "admitted" if decision == "admit" else "refused"
    with store.atomic():
        _move(store, actor, row, to_state, reason or "符合职责清单，准入", {
            "decision": decision, "decision_reason": reason,
            "decided_on": clock.today().isoformat(), "decided_by": actor.name})
    return get_request(store, actor, request_id)


# The todo provider, statistics and documents live beside this module; importing them here
# registers the provider whenever the domain is loaded.
from jiedao_desk.domains.access import stats as _access_stats  # noqa: E402, F401
