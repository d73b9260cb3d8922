# SPDX-License-Identifier: MIT
"""Enforcement case files as core returns them (dataclasses, no storage), and the codes of the
domain with their Chinese labels. The case states and their labels are in ``rules``.

Dates are ``datetime.date``; money is kept in fen (integers) as in the database. The store
module maps the database columns to these fields (``status`` → ``state``, ``case_no`` →
``case_number``) and back for the ``--json`` output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ENTITY = "enforcement_case"  # audit entity, attachments' and documents' owner
DOSSIER_TYPE = "enforcement"  # resources/dossiers/enforcement.toml

SOURCES = {"patrol": "巡查发现", "report": "投诉举报", "hotline": "12345转办",
           "assigned": "上级交办", "transfer": "部门移送", "jurisdiction": "指定管辖"}
PROCEDURES = {"general": "一般程序", "simple": "简易程序"}
PARTY_KINDS = {"person": "自然人", "org": "法人或其他组织"}
RECORD_KINDS = {"inspection": "现场检查笔录", "inquiry": "询问笔录"}
REVIEW_STEPS = {"investigation_end": "调查终结报告", "legal_review": "法制审核",
                "collective_discussion": "集体讨论"}
SERVICE_METHODS = {"direct": "直接送达", "left": "留置送达", "post": "邮寄送达",
                   "notice": "公告送达", "electronic": "电子送达"}
APPEALS = {"reconsideration": "申请行政复议", "litigation": "提起行政诉讼"}
SERVED_WHAT = {"prior_notice": "行政处罚事先告知书", "decision": "行政处罚决定书",
               "demand": "催告书", "rectification": "责令改正通知书", "other": "其他文书"}
# Every kind of record (enforcement_event.kind) and how it is called in tables and messages.
EVENT_KINDS = {**RECORD_KINDS, **REVIEW_STEPS, "evidence": "证据",
               "preservation": "先行登记保存", "preservation_disposal": "登记保存处理决定",
               "withdrawal": "回避", "prior_notice": "事先告知", "statement": "陈述申辩",
               "service": "送达", "hearing_request": "听证申请", "hearing_scheduled": "听证通知",
               "hearing_held": "听证", "decision": "处罚决定", "party_absent": "当事人不在场",
               "payment": "缴款", "payment_plan": "延期（分期）缴纳", "appeal": "复议或诉讼",
               "statement_waiver": "放弃陈述申辩", "demand": "催告",
               "court_application": "申请法院强制执行",
               "simple_decision": "当场处罚", "close": "结案"}
# The kinds of penalty a street office decides (行政处罚法 第九条), in the order a decision
# names them. A decision may not add a kind the 事先告知 did not tell (第四十四条、第六十二条).
PENALTY_KINDS = {"warning": "警告", "criticism": "通报批评", "fine": "罚款",
                 "confiscate_gains": "没收违法所得", "confiscate_property": "没收非法财物"}
TIER_LABELS = {"A": "情节严重", "B": "情节一般", "C": "情节较轻"}
# How the audit view names a case's fields (core/spec.py field_labels).
FIELD_LABELS = {
    "procedure": "程序", "status": "状态", "source": "来源", "found_on": "发现日期",
    "place": "地点", "description": "情况描述", "act_on": "违法行为发生日期",
    "act_ended_on": "违法行为终了日期", "serious_harm": "危害后果严重",
    "power_version_id": "职权目录版本", "power_item_id": "职权事项", "power_text": "职权事项",
    "filed_on": "立案日期", "filed_approved_by": "立案批准人", "not_opened_reason": "不予立案理由",
    "decided_on": "决定日期", "fine": "罚款", "decision_text": "处罚决定",
    "paper_number": "决定书编号", "served_on": "送达日期", "paid_on": "缴款日期", "paid": "已缴",
    "closed_on": "结案日期", "closed_approved_by": "结案批准人", "archive_no": "归档号",
    "retention": "保管期限", "publish_required": "是否公示", "publish_note": "公示说明",
    "case_no": "立案编号", "violated_provision": "违反的规定", "penalty_provision": "处罚依据",
    "limitation_end": "追责时效届满", "legal_rep": "法定代表人", "id_number": "证件号码",
    "address": "地址", "phone": "电话", "officers": "执法人员", "amount": "金额",
    "surcharge": "加处罚款", "days_late": "逾期天数", "day": "日期", "label": "说明",
    "on_date": "日期", "tier": "裁量档次",
    "basis": "违反的规定", "penalty_basis": "处罚依据（罚则）", "penalties": "处罚种类",
    "collected_on_spot": "当场收缴", "collection_reason": "当场收缴理由",
    "event_id": "记录编号", "kind": "种类", "host": "听证主持人", "order_day": "责令改正日期",
}
LEAD_STAGE = "lead"  # details["stage"] of an evidence record attached to a lead


def case_label(case_number: str | None, case_id: int) -> str:
    """How a case is named to people: its case number (立案编号), or before it has one (a
    lead gets its number at 立案) its lead registration number, "线索第7号": every case is
    registered as a lead first, so the record number counts lead registrations street-wide."""
    return case_number or lead_label(case_id)


def lead_label(case_id: int) -> str:
    """The name of a lead without a case number ("线索第7号")."""
    return f"线索第{case_id}号"


def yuan(fen: int | None) -> Decimal:
    """Fen as a yuan amount."""
    return Decimal(fen or 0) / 100


@dataclass(frozen=True)
class Officer:
    """An enforcement officer on a record (姓名 + 执法证号)."""

    name: str
    cert_no: str


@dataclass(frozen=True)
class Case:
    """An enforcement case file (one row of ``enforcement_case``).

    ``state`` is what the case went through (rules.STATES); a void case keeps it and has
    ``voided_at`` set, so ``current_state`` is "voided" for it.
    """

    id: int
    procedure: str
    state: str
    source: str
    found_on: dt.date
    place: str
    description: str
    act_on: dt.date | None
    act_ended_on: dt.date | None
    serious_harm: bool
    power_version_id: int | None
    power_item_id: int | None
    power_text: str
    filed_on: dt.date | None
    filed_approved_by: str
    not_opened_reason: str
    decided_on: dt.date | None
    fine_fen: int
    decision_text: str
    paper_number: str
    served_on: dt.date | None
    paid_on: dt.date | None
    paid_fen: int
    closed_on: dt.date | None
    closed_approved_by: str
    archive_no: str | None
    retention: str
    created_by: str
    created_at: str
    voided_at: str | None
    void_reason: str | None
    publish_required: bool | None
    publish_note: str
    case_number: str | None
    case_no_year: int | None
    case_no_serial: int | None
    # 行政处罚法 第五十九条: the provision violated and the one the penalty rests on (罚则)
    violated_provision: str
    penalty_provision: str

    @property
    def label(self) -> str:
        """The case number, or "线索第N号" for a lead."""
        return case_label(self.case_number, self.id)

    @property
    def current_state(self) -> str:
        """The state the rules see: "voided" for a void case, else ``state``."""
        return "voided" if self.voided_at else self.state

    @property
    def fine(self) -> Decimal:
        """The fine decided, in yuan."""
        return yuan(self.fine_fen)


@dataclass(frozen=True)
class Party:
    """A party (当事人) of a case: a person (ID number) or an organisation (USCC)."""

    id: int
    case_id: int
    kind: str
    name: str
    id_number: str
    legal_rep: str
    address: str
    phone: str
    created_at: str


@dataclass(frozen=True)
class EarlierCase:
    """Another live case with a party of the same ID/USCC or address (a hint for 从重
    discretion, never a finding)."""

    id: int
    case_number: str | None
    state: str
    found_on: dt.date
    power_text: str
    name: str
    id_number: str
    address: str

    @property
    def label(self) -> str:
        """The case number, or "线索第N号"."""
        return case_label(self.case_number, self.id)


@dataclass(frozen=True)
class NewParty:
    """A party just registered and the earlier cases of the same party or address."""

    party: Party
    repeat: tuple[EarlierCase, ...]


@dataclass(frozen=True)
class Event:
    """One record of a case (笔录, evidence, review, notice, service, payment …).

    ``details`` is the record's own content (per kind; dates in it stay ISO text).
    """

    id: int
    case_id: int
    kind: str
    day: dt.date
    officers: tuple[Officer, ...]
    details: dict
    document_id: int | None
    attachment_id: int | None
    recorded_by: str
    created_at: str
    voided_at: str | None = None
    void_reason: str | None = None


@dataclass(frozen=True)
class LeadResult:
    """A registered lead and its limitation check (Art. 36)."""

    case_id: int
    limitation_end: dt.date | None
    limitation_expired: bool
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PowerItem:
    """An item of a powers-catalogue version (职权事项) a case can be filed under."""

    version_id: int
    version: str
    item_id: int
    seq: int
    text: str
    confidence: str
    in_force: bool
    extra: dict


@dataclass(frozen=True)
class PriorNotice:
    """What a 事先告知 told the party (intended fine in yuan as text)."""

    intended_fine: str
    facts: str
    basis: str  # the provision violated (违反的规定)
    hearing: bool
    penalty_basis: str = ""  # the provision the penalty rests on (罚则)
    penalties: tuple[str, ...] = ("fine",)  # PENALTY_KINDS keys told


@dataclass(frozen=True)
class HearingRequest:
    """A hearing request and whether it came within the 5 working days (Art. 64)."""

    due: dt.date
    in_time: bool


@dataclass(frozen=True)
class Payment:
    """A payment recorded: days late and the 加处罚款 owed on that day (Art. 72)."""

    days_late: int
    surcharge: float


@dataclass(frozen=True)
class Evidence:
    """An evidence record with its file (SHA-256, EXIF time/GPS); ``stage`` is "lead" for a
    photo attached to the lead before 立案."""

    event_id: int
    day: dt.date
    description: str
    attachment_id: int | None
    filename: str
    sha256: str
    size: int
    exif_time: str
    exif_gps: str
    added_by: str
    stage: str


@dataclass(frozen=True)
class OpenPreservation:
    """A 先行登记保存 still waiting for its disposal decision."""

    id: int
    day: dt.date
    items: str


@dataclass(frozen=True)
class Tier:
    """One discretion tier (裁量档次) of a power."""

    code: str
    tier: str
    text: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    penalty: str
    source: str

    @property
    def label(self) -> str:
        """``code 情节一般：text（罚款 a–b 元）`` for lists and errors."""
        span = ""
        if self.fine_min is not None or self.fine_max is not None:
            lo = "" if self.fine_min is None else f"{self.fine_min}"
            hi = "" if self.fine_max is None else f"{self.fine_max}"
            span = f"（罚款 {lo}–{hi} 元）"
        return f"{self.code} {TIER_LABELS.get(self.tier, self.tier)}：{self.text}{span}"


@dataclass(frozen=True)
class Discretion:
    """The discretion (裁量) recorded for a case: the standard version, the tier and the
    reasons; ``warning`` says when the tiers of the power are unknown."""

    id: int
    case_id: int
    standard_version_id: int | None
    standard_label: str
    tier_code: str
    tier: str
    tier_text: str
    fine_min_fen: int | None
    fine_max_fen: int | None
    reasons: str
    chosen_on: dt.date
    chosen_by: str
    warning: str = ""


@dataclass(frozen=True)
class Publication:
    """A publication (公示) of the decision, and its withdrawal (撤回) if any."""

    id: int
    case_id: int
    document_id: int | None
    published_on: dt.date
    channel: str
    reference: str
    withdrawn_on: dt.date | None
    withdraw_reason: str
    recorded_by: str
    created_at: str
    voided_at: str | None = None
    void_reason: str | None = None


@dataclass(frozen=True)
class PublicationSummary:
    """Whether the decision must be published, why, and the publication records."""

    required: bool
    why: str
    records: tuple[Publication, ...]


@dataclass(frozen=True)
class CaseRow:
    """A case as the list shows it: the case, its party names and its worst clock colour."""

    case: Case
    parties: str
    clock: str


@dataclass(frozen=True)
class Statistics:
    """Monthly-report figures: cases by source, power and state (labelled), fines decided
    and collected in yuan, overdue clocks by label."""

    date_from: str
    date_to: str
    by_source: dict[str, int]
    by_power: dict[str, int]
    by_state: dict[str, int]
    fines_decided: float
    fines_collected: float
    overdue_clocks: dict[str, int]
    colour_labels: dict[str, str]


def penalty_kinds_in(text: str, fine: Decimal) -> tuple[str, ...]:
    """The PENALTY_KINDS a penalty names: each kind whose label the text contains, and the
    fine when there is an amount (a fine of 0 is none), in PENALTY_KINDS order."""
    named = {k for k, label in PENALTY_KINDS.items() if k != "fine" and label in (text or "")}
    if fine > 0:
        named.add("fine")
    return tuple(k for k in PENALTY_KINDS if k in named)


def told_penalties(notice: dict) -> tuple[str, ...]:
    """The kinds a 事先告知 told (notices recorded before kinds were kept told a fine)."""
    kinds = notice.get("penalties")
    if kinds is not None:
        return tuple(kinds)
    return ("fine",) if Decimal(str(notice.get("intended_fine") or 0)) > 0 else ()


def notice_served_on(events: list[Event]) -> dt.date | None:
    """When the latest 事先告知书 was served: a notice told again (a heavier penalty) starts
    the 陈述申辩 and hearing periods again, so only a service after it counts (``events`` in
    date order, as the store lists them)."""
    last = max((i for i, e in enumerate(events) if e.kind == "prior_notice"), default=None)
    if last is None:
        return None
    return next((e.day for e in events[last + 1:] if e.kind == "service"
                 and e.details.get("what") == "prior_notice"), None)
