# SPDX-License-Identifier: MIT
"""Investigation of an enforcement case: 笔录 (inspection, inquiry), evidence files and the
photos of a lead, 先行登记保存 and its disposal, 回避, and the reviews (调查终结, 法制审核,
集体讨论).

Evidence and lead photos are kept by core.attachments (SHA-256, EXIF time/GPS). A lead may
carry the photos that reported it before 立案; they are marked as lead material, so the
investigation evidence (only after 立案) stays apart.
"""

from __future__ import annotations

import re

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import attachments, auth, validate
from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import add_event, case_for, officers
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    LEAD_STAGE,
    RECORD_KINDS,
    REVIEW_STEPS,
)
from jiedao_desk.store import Store

_HHMM = re.compile(r"([01]?\d|2[0-3])[:：]([0-5]\d)")


def _clock_time(value: str, label: str) -> str:
    """"9:05" / "09：05" → "09:05"; a Chinese ValidationError for anything else."""
    m = _HHMM.fullmatch(str(value or "").strip())
    if not m:
        field = "start" if "起" in label else "end"
        raise ValidationError(f"{label}须为“时:分”，如 09:30。", field)
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def record_times(start: str, end: str) -> dict:
    """The 笔录's start and end times (printed "09:30至10:15"; a 笔录 records when it was
    made, reference enforcement.md §2.2: "time, place, officers …"). Both or neither: a
    record entered without them prints blanks to be filled in by hand."""
    if not str(start or "").strip() and not str(end or "").strip():
        return {}
    begin, finish = _clock_time(start, "起始时间"), _clock_time(end, "结束时间")
    if finish <= begin:
        raise ValidationError(f"结束时间（{finish}）须晚于起始时间（{begin}）。", "end")
    return {"start": begin, "end": finish}


def record_investigation(store: Store, actor: Actor, case_id: int, kind: str, day,  # noqa: PLR0913
                         officer_list, summary: str, interviewee: str = "", *,
                         start: str = "", end: str = "") -> int:
    """Record an inspection (现场检查) or inquiry (询问) by ≥2 officers with their IDs, from
    ``start`` to ``end`` (HH:MM on ``day``; the CLI and the case page ask for both)."""
    auth.require(actor, "enforcement.edit")  # before checking the input
    if kind not in RECORD_KINDS:
        raise ValidationError("笔录类型须为现场检查或询问。", "kind")
    case = case_for(store, actor, case_id, kind)
    day = validate.date(day, "笔录日期", not_after_today=True)
    people = officers(officer_list)
    details = {"summary": validate.required_text(summary, "笔录内容", 5000),
               **record_times(start, end)}
    if kind == "inquiry":
        details["interviewee"] = validate.required_text(interviewee, "被询问人", 50)
    rules.require(kind, Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, kind, day, "enforcement.record", officers=people,
                         details=details)


def add_evidence(store: Store, actor: Actor, case_id: int, path, description: str,
                 day=None) -> int:
    """Add an evidence file (photo, scan, audio/video) via core.attachments (SHA-256, EXIF)."""
    case = case_for(store, actor, case_id, "evidence")
    desc = validate.required_text(description, "证据说明", 200)
    day = validate.date(day or clock.today(), "取证日期", not_after_today=True)
    rules.require("evidence", Facts(store, case, day))
    with store.atomic():
        att = attachments.add_attachment(store, actor, path, ENTITY, case_id, desc)
        return add_event(store, actor, case, "evidence", day, "enforcement.evidence",
                         details={"description": desc, "sha256": att.sha256,
                                  "filename": att.filename},
                         attachment_id=att.id)


def add_lead_photo(store: Store, actor: Actor, case_id: int, path, description: str,
                   day=None) -> int:
    """Attach a photo (or other file) to a lead before 立案.

    Args:
        store: a file store (attachments live beside the database file).
        actor: needs ``enforcement.edit``.
        case_id: a case still in the 线索 state.
        path: the file.
        description: what it shows.
        day: when it was taken or received (default today, not in the future).

    Returns:
        The id of the evidence record (``details["stage"] == "lead"``).
    """
    case = case_for(store, actor, case_id, "lead_photo")
    desc = validate.required_text(description, "照片说明", 200)
    day = validate.date(day or clock.today(), "拍摄（收到）日期", not_after_today=True)
    rules.require("lead_photo", Facts(store, case, day))
    with store.atomic():
        att = attachments.add_attachment(store, actor, path, ENTITY, case_id, desc)
        return add_event(store, actor, case, "evidence", day, "enforcement.lead_photo",
                         details={"description": desc, "sha256": att.sha256,
                                  "filename": att.filename, "stage": LEAD_STAGE},
                         attachment_id=att.id)


def register_preservation(store: Store, actor: Actor, case_id: int, day, items: str,
                          approved_by: str, officer_list) -> int:
    """先行登记保存 with the 负责人's approval; the 7-working-day disposal clock starts
    (行政处罚法 第五十六条)."""
    case = case_for(store, actor, case_id, "preserve")
    day = validate.date(day, "登记保存日期", not_after_today=True)
    people = officers(officer_list)
    details = {"items": validate.required_text(items, "登记保存物品", 1000),
               "approved_by": validate.required_text(approved_by, "批准人", 30)}
    rules.require("preserve", Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, "preservation", day, "enforcement.preservation",
                         officers=people, details=details)


def dispose_preservation(store: Store, actor: Actor, case_id: int, preservation_id: int,
                         day, outcome: str) -> int:
    """Record the disposal decision on preserved items (stops the 7-working-day clock)."""
    case = case_for(store, actor, case_id, "dispose")
    if not any(e.id == preservation_id for e in es.events(store, case_id, "preservation")):
        raise NotFound(f"本案没有编号为 {preservation_id} 的先行登记保存记录。")
    if any(e.details.get("preservation_id") == preservation_id
           for e in es.events(store, case_id, "preservation_disposal")):
        raise Conflict("该先行登记保存已作出处理决定。")
    day = validate.date(day, "处理决定日期", not_after_today=True)
    outcome = validate.required_text(outcome, "处理决定", 500)
    rules.require("dispose", Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, "preservation_disposal", day,
                         "enforcement.dispose",
                         details={"preservation_id": preservation_id, "outcome": outcome})


def note_withdrawal(store: Store, actor: Actor, case_id: int, day, officer: str,
                    reason: str) -> int:
    """Note an officer's withdrawal (回避) because of a direct interest."""
    case = case_for(store, actor, case_id, "withdrawal")
    day = validate.date(day, "回避日期", not_after_today=True)
    details = {"officer": validate.required_text(officer, "回避人员", 30),
               "reason": validate.required_text(reason, "回避理由", 300)}
    rules.require("withdrawal", Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, "withdrawal", day, "enforcement.withdrawal",
                         details=details)


def review(store: Store, actor: Actor, case_id: int, step: str, day, by: str,
           opinion: str) -> int:
    """Record 调查终结 / 法制审核 (Art. 58) / 集体讨论 (Art. 57 ¶2) with who, when, opinion."""
    case = case_for(store, actor, case_id, "review")
    if step not in REVIEW_STEPS:
        raise ValidationError("审查环节须为调查终结、法制审核或集体讨论。", "step")
    day = validate.date(day, "日期", not_after_today=True)
    details = {"by": validate.required_text(by, "审核（讨论）人", 100),
               "opinion": validate.required_text(opinion, "意见", 2000)}
    rules.require("review", Facts(store, case, day))
    with store.atomic():
        return add_event(store, actor, case, step, day, "enforcement.review", details=details)
