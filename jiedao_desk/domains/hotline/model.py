# SPDX-License-Identifier: MIT
"""12345 tickets as core returns them (dataclasses, no storage): the ticket with its events,
summons and links, its clock, the links and histories across domains, the 三率 rows.

Field names follow the code's scheme (``state``); the store maps them to the database
columns (``status``), and ``as_json`` maps them back where the ``--json`` output keeps the
column names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from jiedao_desk.domains.hotline.rules import EVENT_LABELS, MACHINE

# Values of the city's ticket fields.
CLAIM_CLASSES = {
    "urgent": "紧急（突发事件、可能危及生命财产）",
    "livelihood": "水电气热等基本民生、极端天气",
    "general": "一般诉求",
    "complex": "复杂疑难诉求",
}
NATURES = ("主办", "协办", "转办")
SATISFACTION = ("满意", "基本满意", "不满意")
RED, YELLOW, GREEN = "red", "yellow", "green"


@dataclass(frozen=True)
class TicketEvent:
    """One row of a ticket's history: who did what, when, moving it from one state to another
    (both None when the state did not change)."""

    id: int
    ticket_id: int
    kind: str
    from_state: str | None
    to_state: str | None
    detail: dict
    at: str
    actor_name: str

    @property
    def kind_label(self) -> str:
        """Chinese name of the event (派单, 退单, …)."""
        return EVENT_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Summons:
    """A 吹哨: a department summoned for a ticket, and its 报到 once recorded."""

    id: int
    ticket_id: int
    summoned_on: str
    department: str
    issue: str
    arrived_at: str | None
    result: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class TicketLink:
    """A ticket's link to a record of another domain (``domain`` "mediation" …; ``origin``
    "created" when the record was made from the ticket, else "linked")."""

    id: int
    ticket_id: int
    entity: str
    entity_id: int
    note: str
    created_at: str
    created_by: str
    domain: str
    origin: str
    voided_at: str | None
    void_reason: str | None


@dataclass(frozen=True)
class Timing:
    """What a ticket's clock depends on (times as 'YYYY-MM-DD HH:MM')."""

    state: str
    received_at: str
    dispatch_due: str
    feedback_due: str
    closed_at: str | None = None
    voided: bool = False


@dataclass(frozen=True)
class DueTicket:
    """An open ticket as the todo list needs it."""

    id: int
    ticket_no: str
    title: str
    timing: Timing


@dataclass(frozen=True)
class Ticket:
    """A 12345 ticket as the street sees it (fields in the order of the database columns),
    with its history, summons and live links when loaded by ``tickets.get_ticket``."""

    id: int
    ticket_no: str
    received_at: str
    month: str
    claim_type: str
    claim_class: str
    category: str
    title: str
    content: str
    claimant_name: str
    claimant_phone: str
    community_id: int | None
    place: str
    nature: str
    city_status: str
    state: str
    city_deadline: str | None
    dispatch_due: str
    feedback_due: str
    extension_days: int
    assignee_kind: str | None
    assignee: str
    dispatched_at: str | None
    contacted_at: str | None
    contact_person: str
    handling: str
    reply: str
    closed_at: str | None
    visit_contacted: int | None
    visit_solved: int | None
    visit_satisfaction: str | None
    flag_unreasonable: int
    appeal: int
    appeal_result: str
    excluded: int
    extra: dict
    source: str
    batch_id: int | None
    created_at: str
    created_by: str
    updated_at: str
    voided_at: str | None
    void_reason: str | None
    community_name: str | None = None
    events: tuple[TicketEvent, ...] = ()
    summons: tuple[Summons, ...] = ()
    links: tuple[TicketLink, ...] = ()

    @property
    def voided(self) -> bool:
        """Entered by mistake and voided (the record stays, hidden from lists)."""
        return self.voided_at is not None

    @property
    def state_label(self) -> str:
        """Chinese state (待派单 …)."""
        return MACHINE.label(self.state)

    @property
    def timing(self) -> Timing:
        """What its clock depends on."""
        return Timing(self.state, self.received_at, self.dispatch_due, self.feedback_due,
                      self.closed_at, self.voided)

    def transferred_to(self, domain: str) -> bool:
        """Whether a live case of ``domain`` was created from this ticket (needs ``links``)."""
        return any(x.domain == domain and x.origin == "created" for x in self.links)


@dataclass(frozen=True)
class Clock:
    """A ticket's running clock: the next deadline (派单 or 反馈) and its colour."""

    label: str
    due: dt.datetime
    colour: str
    met: bool = False


@dataclass(frozen=True)
class LinkedTicket:
    """A ticket linked to another domain's record, as that record's page lists it (no phone)."""

    id: int
    ticket_no: str
    received_at: str
    title: str
    state: str
    community_id: int | None
    note: str
    origin: str
    link_id: int


@dataclass(frozen=True)
class LinkView:
    """A link as shown on the ticket: what it points to, labelled for this viewer."""

    id: int
    domain: str
    record_id: int
    origin: str
    label: str
    note: str
    created_at: str
    created_by: str


@dataclass
class HistoryEntry:
    """One record on a person's or an address's timeline."""

    domain: str
    domain_label: str
    record_id: int
    number: str
    date: str
    title: str
    state_label: str
    matched_on: str
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        """The entry for ``--json`` (the state label is printed as "status")."""
        return {("status" if k == "state_label" else k): v for k, v in asdict(self).items()}


@dataclass
class History:
    """The timeline (newest first) and the domains this viewer may not see."""

    subject: str
    entries: list[HistoryEntry] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The timeline for ``--json``."""
        return {"subject": self.subject, "entries": [e.as_json() for e in self.entries],
                "hidden": list(self.hidden)}


@dataclass
class RateRow:
    """The 三率 table row of one unit (community or the whole street); rates in percent."""

    unit: str
    community_id: int | None
    received: int = 0       # 受理量
    closed: int = 0         # 办结量
    valid_visits: int = 0   # 有效回访
    contacted: int = 0      # 联系数
    solved: int = 0         # 解决数
    satisfied: int = 0      # 满意数
    basic: int = 0          # 基本满意
    excluded: int = 0       # 不纳入考核 (shown apart)
    response_rate: float | None = None
    resolution_rate: float | None = None
    satisfaction_rate: float | None = None
    score: float | None = None

    def as_dict(self) -> dict:
        """Plain dict for JSON output."""
        return asdict(self)


@dataclass
class Trend:
    """Rates per month: ``rows[unit][i]`` is the row of ``months[i]`` (None: no tickets)."""

    months: list[str]
    units: list[str] = field(default_factory=list)
    rows: dict[str, list[RateRow | None]] = field(default_factory=dict)

    def values(self, unit: str, key: str) -> list[float | None]:
        """One series (e.g. ``satisfaction_rate``) of a unit, None where there is no rate."""
        return [getattr(r, key) if r is not None else None for r in self.rows.get(unit, [])]


@dataclass(frozen=True)
class HotSpot:
    """Recurring claims: tickets of one category (and place) over a period."""

    category: str
    place: str
    count: int
    first_at: str
    last_at: str
    ticket_numbers: str  # joined by "、"

    def as_json(self) -> dict[str, Any]:
        """The group for ``--json`` (keys as the command has always printed them)."""
        return {"category": self.category, "place": self.place, "n": self.count,
                "first_at": self.first_at, "last_at": self.last_at,
                "numbers": self.ticket_numbers}


@dataclass
class ImportSummary:
    """What an import did."""

    batch_id: int
    rows: int
    created: int
    updated: int
    backup: str | None = None
