# SPDX-License-Identifier: MIT
"""Community work access (社区工作准入): registering tasks sent down to communities.

A request (下派事项/准入申请) is registered here, triaged against the duty list in force
(triage.py), decided by the street (准入 / 不予准入) and followed to completion or revocation;
which step may follow which, and the gates of each, are the table in rules.py. Every state
change is kept with who, when and why. Time limits are the 西城 2018 precedent
(access-lists.md §2.2), kept as settings because the city rule is unknown.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.base.transition import from_rows
from jiedao_desk.core import auth, catalog, documents, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.core.exchange import ownership
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.workdays import Moved, WorkCalendar, load_calendar
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access import store as access_store
from jiedao_desk.domains.access.model import AccessRequest
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store.lists import ListSource

ENTITY = rules.ENTITY
LEVELS = ("市", "区", "街道")
CONDITIONS = ("经费", "人员", "培训", "设备")  # 必要工作条件 (access-lists.md §2.3)

SETTINGS = settings_mod.declare(
    Setting("access.task_types", "下派事项类型",
            "工作机构、挂牌、台账、报表/系统、调查统计、检查、考核评比、创建、证明事项、"
            "协助事项、其他",
            "可编辑的类型列表（用顿号分隔）。默认取自西城区2018年准入做法及外地审批表的事项类型，"
            "非北京市正式文件。", "社区工作准入"),
    Setting("access.apply_ahead_working_days", "申请单位应提前多少个工作日提出准入申请", 30,
            "默认值来自西城区2018年做法“提前30个工作日书面申请”（人民日报报道）"
            "，非法定；北京市办法的时限未见。", "社区工作准入"),
    Setting("access.decide_within_working_days", "登记后多少个工作日内作出准入决定", 15,
            "默认值来自西城区2018年做法“15个工作日内完成审批”"
            "，非法定；北京市办法的时限未见。", "社区工作准入"),
    Setting("access.assist_required_conditions", "依法协助事项必须提供的工作条件（顿号分隔）",
            "经费",
            "“费随事转”：依法应由社区协助的事项，政府部门应当提供必要的经费和工作条件（二手资料）。"
            "北京办法原文未见，本地设置；登记时勾选“需要”的"
            "条件也计入。", "社区工作准入"),
    Setting("access.start_soon_working_days", "未准入事项开始前多少个工作日提醒", 10,
            "本地习惯，非法定：首页待办提示即将开始但未获准入的事项。", "社区工作准入"),
    Setting("access.complaint_channels", "反映渠道（可选项）",
            "12345市民服务热线、区社会建设工作领导小组办公室、上级民政部门、街道办事处",
            "12345作为反映渠道只见于产品说明，公开资料未见；"
            "可按本地实际修改。", "社区工作准入"),
)


def setting_list(store: Store, key: str) -> list[str]:
    """A list-valued setting typed as text separated by 、 (or commas, semicolons)."""
    raw = settings_mod.get(store, SETTINGS[key])
    parts = raw if isinstance(raw, list) else re.split(r"[、,，;；\n]+", str(raw))
    return [p.strip() for p in (str(x) for x in parts) if p.strip()]


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def request_of(store: Store, row: dict) -> AccessRequest:
    """The request of a stored row, with its communities and state history."""
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
    return request_of(store, require_on(store, actor, "access.view", request_id))


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
    start = validate.date(v.get("planned_start") or "", "计划开始日期")
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
        **_deadlines(store, load_calendar(store), received, start),
    }
    return values, ids


def _deadlines(store: Store, cal: WorkCalendar, received: dt.date,
               start: dt.date) -> dict[str, Any]:
    """The stored deadlines of a request received on ``received`` for a task starting on
    ``start``, counted on ``cal``."""
    # 西城 precedent (access-lists.md §2.2): apply ≥N working days ahead, decide within M.
    ahead = int(settings_mod.get(store, SETTINGS["access.apply_ahead_working_days"]))
    within = int(settings_mod.get(store, SETTINGS["access.decide_within_working_days"]))
    apply_by = add_working_days(start, -ahead, cal)
    decide_by = add_working_days(received, within, cal)
    return {"decide_by": decide_by.date.isoformat(), "apply_by": apply_by.date.isoformat(),
            "deadline_confirmed": int(apply_by.confirmed and decide_by.confirmed)}


def recompute_deadlines(store: Store, cal: WorkCalendar) -> list[Moved]:
    """Recount the deadlines of every undecided request on ``cal`` (after a change of the
    working-day calendar) and store the ones that moved; decided requests keep theirs."""
    moved = []
    for row in access_store.undecided_deadlines(store, rules.UNDECIDED):
        new = _deadlines(store, cal, dt.date.fromisoformat(row["received_on"]),
                         dt.date.fromisoformat(row["planned_start"]))
        changed = {k: v for k, v in new.items() if row[k] != v}
        if changed:
            access_store.update(store, row["id"], changed)
            moved.append(Moved(row["id"], {k: row[k] for k in changed}, changed))
    return moved


def _role_verb_version(store: Store, day: dt.date) -> int | None:
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
        rid = access_store.insert(store, row, rules.INITIAL, actor.name)
        access_store.set_communities(store, rid, ids)
        access_store.add_transition(store, rid, None, rules.INITIAL, actor.name,
                                    rules.STATES[rules.INITIAL])
        audit_store.record(store, actor, "access.register", ENTITY, rid, None,
                           {**row, "community_ids": ids})
    return get_request(store, actor, rid)


def update_request(store: Store, actor: Actor, request_id: int, **values: Any) -> AccessRequest:
    """Correct a request before the decision; the triage must then be run again.

    Raises:
        Conflict: already decided, or a document issued from it locks it.
    """
    before = require_on(store, actor, rules.PERMISSIONS["update"], request_id)
    require(store, "update", before)
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
    before = require_on(store, actor, rules.PERMISSIONS["void"], request_id)
    reason = validate.required_text(reason, "作废原因", 200)
    require(store, "void", before)
    with store.atomic():
        access_store.void(store, request_id, reason)
        audit_store.record(store, actor, "access.void", ENTITY, request_id,
                           {"state": before["state"]}, {"reason": reason})


# -- asking the rules ------------------------------------------------------------------------
def locked_by(store: Store, request_id: int) -> str:
    """Core's sentence naming the issued documents that freeze a request ("" when none)."""
    try:
        documents.require_unlocked(store, ENTITY, request_id)
    except Conflict as e:
        return e.message
    return ""


def require(store: Store, action: str, row: dict, reason: str = "") -> None:
    """Raise unless the rules allow ``action`` on the request of ``row`` now.

    Raises:
        Conflict: the state or a gate does not allow it (the rules say why).
        ValidationError: a reason the gate needs was not given.
    """
    subject = rules.Subject(request_of(store, row), locked_by(store, row["id"]), reason)
    rules.MACHINE.require(action, row["state"], subject)


# -- state changes --------------------------------------------------------------------------
def move(store: Store, actor: Actor, row: dict, to_state: str, reason: str,
         extra: dict[str, Any] | None = None) -> None:
    """Write a state change: the request's state, its history row and the audit row."""
    access_store.update(store, row["id"], {"state": to_state, **(extra or {})})
    access_store.add_transition(store, row["id"], row["state"], to_state, actor.name, reason)
    audit_store.record(store, actor, "access.transition", ENTITY, row["id"],
                       {"state": row["state"]}, {"state": to_state, "reason": reason,
                                                 **(extra or {})})
    travel(store, actor, row["id"], row["state"], to_state, bool((extra or {}).get("decision")))


def travel(store: Store, actor: Actor, request_id: int, from_state: str, to_state: str,
           decided: bool) -> None:
    """On a community's own PC the decision is the street's (access.decide): a request going
    to review travels to the street's site, and comes back with the decision (inside the
    state change's transaction; nothing happens on the street's PC or a PC on its own)."""
    if to_state == "review" and from_state != "review":
        ownership.hand_to_street_site(store, actor, ENTITY, request_id, "送街道审核决定")
    elif decided:
        ownership.hand_back(store, actor, ENTITY, request_id, "街道已作出决定，交回社区")


def transition(store: Store, actor: Actor, request_id: int, to_state: str,
               reason: str) -> AccessRequest:
    """Move a request to another state (审核/执行中/完成/撤销) with a reason.

    准入 / 不予准入 are decisions: use ``decide``.

    Raises:
        ValidationError: unknown state, or no reason.
        Conflict: the rules have no such move from the current state.
        PermissionDenied: the move needs a permission the actor lacks.
    """
    row = require_on(store, actor, "access.view", request_id)
    label = rules.MACHINE.label
    if to_state not in rules.STATES:
        raise ValidationError(f"未知状态“{to_state}”，可选："
                              f"{'、'.join(f'{k}（{v}）' for k, v in rules.STATES.items())}。",
                              "state")
    action = rules.leading_to(row["state"], to_state)
    if action is None:
        options = "、".join(label(s) for s in rules.targets(row["state"])) or "无（已办结）"
        raise Conflict(f"不能从“{label(row['state'])}”转为“{label(to_state)}”；"
                       f"当前可转为：{options}。")
    if action.key in rules.DECISIONS:
        decisions = "/".join(rules.MACHINE.action(k).label for k in rules.DECISIONS)
        raise Conflict(f"“{decisions}”须通过“作出决定”办理（需写明理由），不能直接改状态。")
    require_on(store, actor, rules.PERMISSIONS[action.key], request_id)
    reason = validate.required_text(reason, "原因", 500)
    require(store, action.key, row)
    with store.atomic():
        move(store, actor, row, to_state, reason)
    return get_request(store, actor, request_id)


def decide(store: Store, actor: Actor, request_id: int, decision: str,
           reason: str = "") -> AccessRequest:
    """Decide a request under review: ``admit`` (准入) or ``refuse`` (不予准入).

    Raises:
        ValidationError: unknown decision; no reason for a refusal, or for admitting a task
            that the triage did not find on the list (the approval opinion).
        Conflict: not under review, triage missing or its match not yet confirmed.
    """
    auth.require(actor, "access.decide")  # before checking the input
    if decision not in rules.DECISIONS:
        choices = "或".join(f" {k}（{rules.MACHINE.action(k).label}）" for k in rules.DECISIONS)
        raise ValidationError(f"决定只能是{choices}。", "decision")
    row = require_on(store, actor, rules.PERMISSIONS[decision], request_id)
    reason = (reason or "").strip()
    require(store, decision, row, reason)
    with store.atomic():
        move(store, actor, row, rules.target(decision), reason or "符合职责清单，准入", {
            "decision": decision, "decision_reason": reason,
            "decided_on": clock.today().isoformat(), "decided_by": actor.name})
    return get_request(store, actor, request_id)
