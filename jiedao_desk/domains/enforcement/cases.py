# SPDX-License-Identifier: MIT
"""Comprehensive administrative enforcement (综合行政执法) case files: lead to investigation.

Since 2020-07-01 the street exercises devolved penalty powers in its own name (京政发〔2020〕9号).
This module holds the first half of a 一般程序 case — lead (线索), 立案 or not, parties,
investigation records, evidence, 先行登记保存, reviews — and the shared helpers; the second half
(notice, hearing, decision, service, execution, closing) is in ``enforcement_decision``; the
clocks are in ``enforcement_clocks``; statistics, todo and the case view in
``enforcement_view``. Every function checks ``enforcement.*`` permissions (only enforcement
officers and administrators see case files) and is one audited transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import auth, catalog, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains.enforcement import numbers
from jiedao_desk.domains.enforcement import search as esearch
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import limitation_end
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

ENTITY = "enforcement_case"
POWER_CATALOG = "enforcement_power"
SOURCES = {"patrol": "巡查发现", "report": "投诉举报", "hotline": "12345转办",
           "assigned": "上级交办", "transfer": "部门移送", "jurisdiction": "指定管辖"}
STATUSES = {"lead": "线索", "not_opened": "不予立案", "filed": "已立案（调查中）",
            "notified": "已事先告知", "decided": "已决定", "closed": "已结案", "archived": "已归档"}
PARTY_KINDS = {"person": "自然人", "org": "法人或其他组织"}
RECORD_KINDS = {"inspection": "现场检查笔录", "inquiry": "询问笔录"}
REVIEW_STEPS = {"investigation_end": "调查终结报告", "legal_review": "法制审核",
                "collective_discussion": "集体讨论"}

# The hearing threshold (较大数额罚款) is set by each municipal authority (北京市行政处罚听证程序
# 实施办法 第二条第二款); the 城管 amount was not found (reference §6 item 3), so it is UNSET until
# the street confirms it, and the UI warns while it is unset.
SETTINGS = settings_mod.declare(
    Setting("enforcement.hearing_threshold.person", "听证门槛：对公民罚款（元，含本数以上）", None,
            "北京市行政处罚听证程序实施办法第二条：较大数额罚款由市级行政机关确定。城管数额未查到，"
            "未设置时每次事先告知须由办案人员明确是否告知听证权利。", "综合执法"),
    Setting("enforcement.hearing_threshold.org", "听证门槛：对法人或其他组织罚款（元，含本数以上）",
            None, "同上；未设置时每次事先告知须明确是否告知听证权利。", "综合执法"),
    Setting("enforcement.archive_retention", "执法案卷默认保管期限", "定期30年",
            "一般程序案卷常见为“定期30年”或“永久”（参考资料§4，非北京专门规定，待核实）。",
            "综合执法"),
)


@dataclass(frozen=True)
class Officer:
    """An enforcement officer on a record (姓名 + 执法证号)."""

    name: str
    cert_no: str


@dataclass
class LeadResult:
    """A registered lead and its limitation check (Art. 36)."""

    case_id: int
    limitation_end: dt.date | None
    limitation_expired: bool
    warnings: list[str] = field(default_factory=list)


# -- helpers --------------------------------------------------------------------------------
def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def get_case(store: Store, actor: Actor, case_id: int) -> dict:
    """One case row (NotFound / PermissionDenied)."""
    auth.require(actor, "enforcement.view")
    row = es.get_case(store, case_id)
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的执法案件。")
    return row


def _live_case(store: Store, actor: Actor, case_id: int, *allowed: str) -> dict:
    auth.require(actor, "enforcement.edit")
    row = get_case(store, actor, case_id)
    if row["voided_at"]:
        raise Conflict(f"案件 {numbers.label(row)} 已作废。")
    if allowed and row["status"] not in allowed:
        wanted = "、".join(STATUSES[s] for s in allowed)
        raise Conflict(f"案件 {numbers.label(row)} 现为“{STATUSES[row['status']]}”，"
                       f"此操作只能在“{wanted}”时进行。")
    return row


def set_status(store: Store, actor: Actor, row: dict, new: str, reason: str = "") -> None:
    """Change a case's status with a history row (inside the caller's transaction)."""
    es.update_case(store, row["id"], status=new)
    es.add_history(store, row["id"], row["status"], new, actor.name, reason)


def officers(value) -> list[Officer]:
    """Validate the officers of a record: at least two, each with an enforcement-ID number.

    行政处罚法 第四十二条 (2021 numbering not re-verified, reference §1.1 row 3): investigation
    is done by at least two officers who show their enforcement IDs.
    """
    result = []
    for o in value or []:
        name, cert = (o.name, o.cert_no) if isinstance(o, Officer) else (o[0], o[1])
        result.append(Officer(validate.required_text(name, "执法人员姓名", 30),
                              validate.required_text(cert, f"执法人员“{name}”的执法证号", 40)))
    if len({o.cert_no for o in result}) < 2:
        raise ValidationError("调查取证须有两名以上执法人员，并记录各自的执法证号"
                              "（行政处罚法 第四十二条）。", "officers")
    return result


def _officer_json(items: list[Officer]) -> list[dict]:
    return [{"name": o.name, "cert_no": o.cert_no} for o in items]


def power_choices(store: Store) -> tuple[list[dict], str]:
    """Items of every non-void powers-catalogue version, and a warning when the version in
    force is empty or unknown (the official annex was not public; an administrator imports it).
    """
    out = []
    current = catalog.current_version(store, POWER_CATALOG)
    for v in catalog.versions(store, POWER_CATALOG):
        if v.voided_at:
            continue
        for it in catalog.items(store, v.id):
            out.append({"version_id": v.id, "version": v.label, "item_id": it.id,
                        "seq": it.seq, "text": it.text, "confidence": v.confidence,
                        "in_force": bool(current and current.id == v.id), "extra": it.extra})
    warning = ""
    if current is None or current.item_count == 0:
        label = f"“{current.label}”" if current else ""
        warning = (
            f"现行职权目录{label}为空或未知（京政发〔2020〕9号附件未公开）。可暂用参考样例条目，"
            "请管理员在“参考目录”页导入正式职权目录。")
    return out, warning


def _power(store: Store, item_id: int) -> dict:
    found = next((p for p in power_choices(store)[0] if p["item_id"] == item_id), None)
    if found is None:
        raise ValidationError(f"职权目录中没有编号为 {item_id} 的事项（或该版本已作废）。", "power")
    return found


# -- lead and 立案 ---------------------------------------------------------------------------
def register_lead(store: Store, actor: Actor, source: str, found_on, place: str,
                  description: str, act_on=None, act_ended_on=None,
                  serious_harm: bool = False) -> LeadResult:
    """Register a lead (线索) with the limitation check of 行政处罚法 第三十六条.

    The lead is recorded even if the limitation has run (the record shows why it is not
    pursued); ``file_case`` then refuses it.
    """
    auth.require(actor, "enforcement.edit")
    if source not in SOURCES:
        raise ValidationError(f"案件来源须为：{'、'.join(SOURCES.values())}。", "source")
    found = validate.date(found_on, "发现日期", not_after_today=True)
    act = validate.date(act_on, "违法行为发生日期") if act_on else None
    ended = validate.date(act_ended_on, "违法行为终了日期") if act_ended_on else None
    if act and act > found:
        raise ValidationError("违法行为发生日期不能晚于发现日期。", "act_on")
    if ended and act and ended < act:
        raise ValidationError("违法行为终了日期不能早于发生日期。", "act_ended_on")
    row = {"procedure": "general", "status": "lead", "source": source,
           "found_on": found.isoformat(), "place": validate.required_text(place, "地点", 200),
           "description": validate.required_text(description, "线索描述", 2000),
           "act_on": act.isoformat() if act else None,
           "act_ended_on": ended.isoformat() if ended else None,
           "serious_harm": int(bool(serious_harm))}
    limit, expired, warnings = None, False, []
    if act or ended:
        limit = limitation_end(act or ended, ended, serious_harm, load_calendar(store))
        expired = found > limit
        if expired:
            warnings.append(f"违法行为在{limit.isoformat()}后才被发现，已超过追责时效，不再给予行政处罚"
                            "（行政处罚法 第三十六条）。")
    else:
        warnings.append("未填写违法行为发生日期，无法核对追责时效。")
    with store.atomic():
        case_id = es.insert_case(store, row, actor.name)
        es.add_history(store, case_id, None, "lead", actor.name, "登记线索")
        esearch.reindex(store, case_id)
        audit_store.record(store, actor, "enforcement.lead", ENTITY, case_id, None,
                           {**row, "limitation_end": limit.isoformat() if limit else None})
    return LeadResult(case_id, limit, expired, warnings)


def file_case(store: Store, actor: Actor, case_id: int, filed_on, approved_by: str,
              power_item_id: int) -> dict:
    """立案 with the approver's name; records the powers-catalogue version and item used, and
    gives the case its number (立案编号, ``enforcement_numbers``) in the filing date's year."""
    row = _live_case(store, actor, case_id, "lead")
    day = validate.date(filed_on, "立案日期", not_after_today=True)
    if day < _day(row["found_on"]):
        raise ValidationError("立案日期不能早于发现日期。", "filed_on")
    if row["act_on"] or row["act_ended_on"]:
        limit = limitation_end(_day(row["act_on"] or row["act_ended_on"]),
                               _day(row["act_ended_on"]), bool(row["serious_harm"]),
                               load_calendar(store))
        if _day(row["found_on"]) > limit:
            raise ValidationError("已超过追责时效，不予立案（行政处罚法 第三十六条）。", "filed_on")
    power = _power(store, power_item_id)
    fields = {"filed_on": day.isoformat(),
              "filed_approved_by": validate.required_text(approved_by, "立案审批人", 30),
              "power_version_id": power["version_id"], "power_item_id": power["item_id"],
              "power_text": power["text"]}
    numbers.pattern(store)  # a bad number pattern fails before anything is written
    with store.atomic():
        es.update_case(store, case_id, **fields)
        fields["case_no"] = numbers.assign(store, case_id, day)
        set_status(store, actor, row, "filed", "立案")
        esearch.reindex(store, case_id)  # the case number is searchable
        audit_store.record(store, actor, "enforcement.file", ENTITY, case_id,
                           {"status": row["status"]}, fields)
    return es.get_case(store, case_id)


def not_open(store: Store, actor: Actor, case_id: int, reason: str) -> dict:
    """Record that a lead is not opened as a case, with the reason (不予立案)."""
    row = _live_case(store, actor, case_id, "lead")
    reason = validate.required_text(reason, "不予立案理由", 500)
    with store.atomic():
        es.update_case(store, case_id, not_opened_reason=reason)
        set_status(store, actor, row, "not_opened", reason)
        audit_store.record(store, actor, "enforcement.not_open", ENTITY, case_id,
                           {"status": row["status"]}, {"reason": reason})
    return es.get_case(store, case_id)


# -- parties --------------------------------------------------------------------------------
def add_party(store: Store, actor: Actor, case_id: int, kind: str, name: str, id_number: str,
              address: str = "", phone: str = "", legal_rep: str = "") -> dict:
    """Add a party (当事人): a person (ID checked) or an organisation (USCC checked).

    Returns:
        The party row plus ``repeat``: earlier cases with the same ID/USCC or address (a hint
        for 从重 discretion, never a finding).
    """
    row = _live_case(store, actor, case_id, "lead", "filed", "notified")
    if kind not in PARTY_KINDS:
        raise ValidationError("当事人类型须为自然人或法人/其他组织。", "kind")
    if kind == "person":
        number = validate.id_card(id_number).number
        legal_rep = ""
    else:
        number = validate.credit_code(id_number)
        legal_rep = validate.required_text(legal_rep, "法定代表人（负责人）", 30)
    party = {"kind": kind, "name": validate.required_text(name, "当事人名称", 100),
             "id_number": number, "legal_rep": legal_rep, "address": (address or "").strip(),
             "phone": validate.phone(phone) if (phone or "").strip() else ""}
    with store.atomic():
        pid = es.insert_party(store, row["id"], party)
        esearch.reindex(store, case_id)
        audit_store.record(store, actor, "enforcement.party", ENTITY, case_id, None,
                           {**party, "party_id": pid})
    return {**party, "id": pid, "repeat": es.earlier_cases_of(store, case_id, number,
                                                              party["address"])}


# -- investigation ---------------------------------------------------------------------------
def _event(store: Store, actor: Actor, row: dict, kind: str, day: dt.date, action: str,
           officer_list: list[Officer] | None = None, details: dict | None = None,
           attachment_id: int | None = None) -> int:
    eid = es.insert_event(store, row["id"], kind, day.isoformat(), actor.name,
                          _officer_json(officer_list or []), details or {},
                          attachment_id=attachment_id)
    audit_store.record(store, actor, action, ENTITY, row["id"], None,
                       {"event_id": eid, "kind": kind, "day": day.isoformat(),
                        "officers": _officer_json(officer_list or []), **(details or {})})
    return eid


def record_investigation(store: Store, actor: Actor, case_id: int, kind: str, day,
                         officer_list, summary: str, interviewee: str = "") -> int:
    """Record an inspection (现场检查) or inquiry (询问) by ≥2 officers with their IDs."""
    row = _live_case(store, actor, case_id, "filed", "notified")
    if kind not in RECORD_KINDS:
        raise ValidationError("笔录类型须为现场检查或询问。", "kind")
    day = validate.date(day, "笔录日期", not_after_today=True)
    people = officers(officer_list)
    details = {"summary": validate.required_text(summary, "笔录内容", 5000)}
    if kind == "inquiry":
        details["interviewee"] = validate.required_text(interviewee, "被询问人", 50)
    with store.atomic():
        return _event(store, actor, row, kind, day, "enforcement.record", people, details)


def add_evidence(store: Store, actor: Actor, case_id: int, path, description: str,
                 day=None) -> int:
    """Add an evidence file (photo, scan, audio/video) via core.attachments (SHA-256, EXIF)."""
    from jiedao_desk.core import attachments

    auth.require(actor, "enforcement.edit")
    lead = es.get_case(store, case_id)
    if lead and lead["status"] == "lead" and not lead["voided_at"]:  # point to the lead path
        raise Conflict("案件尚未立案：线索的照片请用“添加线索照片”（命令 enforcement lead-photo）"
                       "登记，立案后再添加调查取证的证据。")
    row = _live_case(store, actor, case_id, "filed", "notified", "decided")
    desc = validate.required_text(description, "证据说明", 200)
    day = validate.date(day or clock.today(), "取证日期", not_after_today=True)
    with store.atomic():
        att = attachments.add_attachment(store, actor, path, ENTITY, case_id, desc)
        return _event(store, actor, row, "evidence", day, "enforcement.evidence", None,
                      {"description": desc, "sha256": att.sha256, "filename": att.filename},
                      attachment_id=att.id)


def register_preservation(store: Store, actor: Actor, case_id: int, day, items: str,
                          approved_by: str, officer_list) -> int:
    """先行登记保存 with the 负责人's approval; the 7-working-day disposal clock starts."""
    row = _live_case(store, actor, case_id, "filed", "notified")
    day = validate.date(day, "登记保存日期", not_after_today=True)
    people = officers(officer_list)
    details = {"items": validate.required_text(items, "登记保存物品", 1000),
               "approved_by": validate.required_text(approved_by, "批准人", 30)}
    with store.atomic():
        return _event(store, actor, row, "preservation", day, "enforcement.preservation",
                      people, details)


def dispose_preservation(store: Store, actor: Actor, case_id: int, preservation_id: int,
                         day, outcome: str) -> int:
    """Record the disposal decision on preserved items (stops the 7-working-day clock)."""
    row = _live_case(store, actor, case_id, "filed", "notified", "decided")
    if not any(e["id"] == preservation_id for e in es.events(store, case_id, "preservation")):
        raise NotFound(f"本案没有编号为 {preservation_id} 的先行登记保存记录。")
    if any(e["details"].get("preservation_id") == preservation_id
           for e in es.events(store, case_id, "preservation_disposal")):
        raise Conflict("该先行登记保存已作出处理决定。")
    day = validate.date(day, "处理决定日期", not_after_today=True)
    with store.atomic():
        return _event(store, actor, row, "preservation_disposal", day, "enforcement.dispose",
                      None, {"preservation_id": preservation_id,
                             "outcome": validate.required_text(outcome, "处理决定", 500)})


def note_withdrawal(store: Store, actor: Actor, case_id: int, day, officer: str,
                    reason: str) -> int:
    """Note an officer's withdrawal (回避) because of a direct interest."""
    row = _live_case(store, actor, case_id, "lead", "filed", "notified")
    day = validate.date(day, "回避日期", not_after_today=True)
    with store.atomic():
        return _event(store, actor, row, "withdrawal", day, "enforcement.withdrawal", None,
                      {"officer": validate.required_text(officer, "回避人员", 30),
                       "reason": validate.required_text(reason, "回避理由", 300)})


def review(store: Store, actor: Actor, case_id: int, step: str, day, by: str,
           opinion: str) -> int:
    """Record 调查终结 / 法制审核 (Art. 58) / 集体讨论 (Art. 57 ¶2) with who, when, opinion."""
    row = _live_case(store, actor, case_id, "filed", "notified")
    if step not in REVIEW_STEPS:
        raise ValidationError("审查环节须为调查终结、法制审核或集体讨论。", "step")
    day = validate.date(day, "日期", not_after_today=True)
    with store.atomic():
        return _event(store, actor, row, step, day, "enforcement.review", None,
                      {"by": validate.required_text(by, "审核（讨论）人", 100),
                       "opinion": validate.required_text(opinion, "意见", 2000)})


def void_case(store: Store, actor: Actor, case_id: int, reason: str) -> dict:
    """Void a case registered by mistake (records are never deleted; design.md "Data")."""
    row = _live_case(store, actor, case_id)
    if row["status"] == "archived":
        raise Conflict("已归档的案件不能作废。")
    reason = validate.required_text(reason, "作废原因", 300)
    from jiedao_desk.store import now_text

    with store.atomic():
        es.update_case(store, case_id, voided_at=now_text(), void_reason=reason)
        esearch.reindex(store, case_id)  # a void case leaves global search
        audit_store.record(store, actor, "enforcement.void", ENTITY, case_id,
                           {"voided_at": None}, {"reason": reason})
    return es.get_case(store, case_id)
