# SPDX-License-Identifier: MIT
"""People's mediation: its vocabulary and what core returns (dataclasses, no storage) — the
case with its parties, work records and history, and one committee's month of figures.

``case_from_rows`` maps the store's rows (database column names) to a ``Case``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field

from jiedao_desk.base import transition
from jiedao_desk.base.transition import Transition
from jiedao_desk.core.deadlines import STATUTORY_PERIODS, add_months
from jiedao_desk.core.workdays import WorkCalendar
from jiedao_desk.domains.mediation import rules

# How a case came to the committee (人民调解法 第十七条; referrals: ch.4).
SOURCES = {"application": "当事人申请", "own_initiative": "调委会主动调解",
           "referral": "接受委托移送调解"}
ROLES = {"applicant": "申请人", "respondent": "被申请人"}
OUTCOMES = {"written": "书面协议", "oral": "口头协议", "terminated": "终止调解"}
# Escalations a risk record may say were prevented (counted in the monthly figures).
PREVENTED = {"criminal": "防止民转刑", "petition": "防止群体性上访"}
# How the audit view names a case's fields (core/spec.py field_labels).
FIELD_LABELS = {
    "case_number": "卷号", "year": "年度", "serial": "序号", "committee_key": "调解委员会",
    "level": "层级", "source": "案件来源", "application_form": "申请形式",
    "referred_by": "委托移送单位", "dispute_type": "纠纷类型", "dispute_type_version_id":
    "纠纷类型目录版本", "summary": "纠纷简要情况", "claims": "申请事项", "received_on": "登记日期",
    "accepted_on": "受理日期", "refusal_reason": "不予受理理由", "refusal_route": "告知的途径",
    "mediators": "调解员", "rights_notified_on": "权利义务告知日期",
    "rights_notice_manner": "告知方式", "outcome": "调解结果", "outcome_on": "结果日期",
    "agreement_number": "协议编号", "facts": "主要事实", "terms": "协议内容",
    "performance": "履行方式", "manner": "方式", "place": "地点", "deadline": "期限",
    "effective_on": "生效日期", "amount": "协议金额", "termination_reason": "终止理由",
    "routes_told": "告知的其他途径", "jc_applied_on": "申请司法确认日期", "jc_court": "法院",
    "jc_result": "司法确认结果", "jc_result_on": "司法确认结果日期", "jc_note": "司法确认备注",
    "closed_on": "结案日期", "archived_on": "归档日期", "party": "当事人", "party_id": "当事人",
    "on_date": "日期", "event_id": "记录", "content": "内容", "matter": "事由",
    "gender": "性别", "ethnicity": "民族", "birth_date": "出生日期", "id_number": "身份证号",
    "credit_code": "统一社会信用代码", "representative": "法定代表人", "occupation": "职业",
    "phone": "电话", "address": "地址", "agent_name": "委托代理人", "agent_phone": "代理人电话",
    "agent_authority": "代理权限", "seq": "序号",
}


@dataclass(frozen=True)
class Party:
    """A party (natural person or organisation) with an optional agent."""

    id: int
    role: str
    kind: str
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    id_number: str
    credit_code: str
    representative: str
    occupation: str
    phone: str
    address: str
    agent_name: str
    agent_phone: str
    agent_authority: str

    @property
    def masked_id(self) -> str:
        """ID number or credit code with the middle hidden (for lists and exports)."""
        return mask_id(self.id_number or self.credit_code)

    def age_on(self, day: dt.date) -> int | None:
        """Age in full years on ``day`` (None if the birth date is unknown)."""
        b = self.birth_date
        return None if b is None else day.year - b.year - ((day.month, day.day) <
                                                            (b.month, b.day))


@dataclass(frozen=True)
class Event:
    """A work record: investigation, session, risk flag or follow-up visit."""

    id: int
    kind: str
    on_date: dt.date
    detail: dict
    created_by: str


@dataclass(frozen=True)
class Case:
    """A mediation case with its parties, records and history."""

    id: int
    case_number: str
    level: str
    community_id: int | None
    committee: str
    source: str
    application_form: str
    referred_by: str
    dispute_type: str
    summary: str
    claims: tuple[str, ...]
    received_on: dt.date
    state: str
    accepted_on: dt.date | None
    refusal_reason: str
    refusal_route: str
    mediators: tuple[str, ...]
    rights_notified_on: dt.date | None
    outcome: str | None
    outcome_on: dt.date | None
    agreement_number: str
    facts: str
    terms: tuple[str, ...]
    performance: dict
    effective_on: dt.date | None
    amount_fen: int
    termination_reason: str
    routes_told: str
    jc_applied_on: dt.date | None
    jc_court: str
    jc_result: str | None
    jc_result_on: dt.date | None
    closed_on: dt.date | None
    archived_on: dt.date | None
    voided: bool
    parties: tuple[Party, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())
    history: tuple[Transition, ...] = field(default=())

    @property
    def machine_state(self) -> str:
        """The state the rules see ("voided" for a voided case)."""
        return rules.state_of(self.state, self.voided)

    @property
    def state_label(self) -> str:
        """Chinese state."""
        return rules.label(self.machine_state)

    @property
    def amount_yuan(self) -> float:
        """Amount involved in the agreement, in yuan."""
        return self.amount_fen / 100

    def records(self, kind: str) -> list[Event]:
        """Work records of one kind."""
        return [e for e in self.events if e.kind == kind]

    def jc_window(self, cal: WorkCalendar) -> dt.date | None:
        """Last day to apply for 司法确认 (人民调解法 第三十三条: 30 days from effect)."""
        if self.outcome != "written" or self.effective_on is None:
            return None
        return STATUTORY_PERIODS["judicial_confirmation"].due(self.effective_on, cal).date

    def advisory_due(self) -> dt.date | None:
        """One month from acceptance (若干规定 第三十三条, advisory only)."""
        if self.accepted_on is None:
            return None
        return add_months(self.accepted_on, 1)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _required_day(text: str) -> dt.date:
    """A NOT NULL date column."""
    return dt.date.fromisoformat(text)


def case_from_rows(row: dict, party_rows: list[dict], event_rows: list[dict],
                   transition_rows: list[dict]) -> Case:
    """A ``Case`` from its database row (with ``community_name``), its parties, live work
    records and state history."""
    parties = tuple(Party(p["id"], p["role"], p["kind"], p["name"], p["gender"], p["ethnicity"],
                          _day(p["birth_date"]), p["id_number"], p["credit_code"],
                          p["representative"], p["occupation"], p["phone"], p["address"],
                          p["agent_name"], p["agent_phone"], p["agent_authority"])
                    for p in party_rows)
    events = tuple(Event(e["id"], e["kind"], _required_day(e["on_date"]), json.loads(e["detail"]),
                         e["created_by"]) for e in event_rows)
    committee = ("街道人民调解委员会" if row["level"] == "street"
                 else f"{row['community_name']}人民调解委员会")
    return Case(
        row["id"], row["case_number"], row["level"], row["community_id"], committee,
        row["source"], row["application_form"], row["referred_by"], row["dispute_type"],
        row["summary"], tuple(json.loads(row["claims"])), _required_day(row["received_on"]),
        row["state"], _day(row["accepted_on"]), row["refusal_reason"], row["refusal_route"],
        tuple(json.loads(row["mediators"])), _day(row["rights_notified_on"]), row["outcome"],
        _day(row["outcome_on"]), row["agreement_number"], row["facts"],
        tuple(json.loads(row["terms"])), json.loads(row["performance"]),
        _day(row["effective_on"]), row["amount_fen"], row["termination_reason"],
        row["routes_told"], _day(row["jc_applied_on"]), row["jc_court"], row["jc_result"],
        _day(row["jc_result_on"]), _day(row["closed_on"]), _day(row["archived_on"]),
        row["voided_at"] is not None, parties, events, transition.from_rows(transition_rows))


def mask_id(number: str) -> str:
    """Keep the first 6 and last 4 characters of an ID number or credit code."""
    number = number or ""
    return number if len(number) <= 10 else number[:6] + "*" * (len(number) - 10) + number[-4:]


@dataclass
class CommitteeMonth:
    """One committee's figures for one month (the total row has key 'all')."""

    key: str
    committee: str
    accepted: int = 0
    succeeded: int = 0
    written: int = 0
    oral: int = 0
    terminated: int = 0
    amount_fen: int = 0
    follow_ups: int = 0
    jc_applied: int = 0
    jc_confirmed: int = 0
    jc_rejected: int = 0
    by_type: Counter = field(default_factory=Counter)
    by_source: Counter = field(default_factory=Counter)
    prevented_cases: Counter = field(default_factory=Counter)
    prevented_persons: Counter = field(default_factory=Counter)

    @property
    def success_rate(self) -> float | None:
        """调解成功率 in percent (None when nothing was accepted)."""
        return round(self.succeeded * 100 / self.accepted, 1) if self.accepted else None

    def as_dict(self) -> dict:
        """Plain values for JSON and Excel."""
        return {"committee": self.committee, "accepted": self.accepted,
                "succeeded": self.succeeded, "success_rate": self.success_rate,
                "written": self.written, "oral": self.oral, "terminated": self.terminated,
                "amount_yuan": self.amount_fen / 100, "follow_ups": self.follow_ups,
                "jc_applied": self.jc_applied, "jc_confirmed": self.jc_confirmed,
                "jc_rejected": self.jc_rejected, "by_type": dict(self.by_type),
                "by_source": {SOURCES[k]: v for k, v in self.by_source.items()},
                "prevented": {PREVENTED[k]: [self.prevented_cases[k],
                                             self.prevented_persons[k]] for k in PREVENTED}}
