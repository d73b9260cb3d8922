# SPDX-License-Identifier: MIT
"""Statutory clocks of an enforcement case (pure functions, no database).

Every period comes from ``core.deadlines.STATUTORY_PERIODS`` so that its length, unit and
legal basis are stated once. A clock is green while more than the "due soon" margin is left,
yellow inside it, red once overdue; a clock whose act is done is shown as done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jiedao_desk.core.deadlines import (
    STATUTORY_PERIODS,
    DueDate,
    add_months,
    add_working_days,
    surcharge,
    working_days_between,
)
from jiedao_desk.core.workdays import WorkCalendar
from jiedao_desk.domains.enforcement.model import Case, Event

GREEN, YELLOW, RED, DONE = "green", "yellow", "red", "done"
COLOUR_LABELS = {GREEN: "未到期", YELLOW: "即将到期", RED: "已超期", DONE: "已完成"}


@dataclass(frozen=True)
class Clock:
    """One deadline of a case.

    Attributes:
        key: STATUTORY_PERIODS key (or a derived key such as ``court_earliest``).
        label: Chinese description.
        start: the day the period runs from.
        due: the last day (or, for ``earliest`` clocks, the first allowed day).
        basis: article of law.
        done_on: when the act was done (None while open).
        confirmed: False when the holiday calendar of a counted year is unknown.
        earliest: True for "not before" clocks (e.g. court application after 催告).
    """

    key: str
    label: str
    start: dt.date
    due: dt.date
    basis: str
    done_on: dt.date | None = None
    confirmed: bool = True
    earliest: bool = False

    def colour(self, today: dt.date, cal: WorkCalendar, soon_days: int) -> str:
        """green / yellow / red / done for ``today``."""
        if self.done_on is not None:
            return DONE
        if self.earliest:  # waiting is not late; it becomes actionable on ``due``
            return GREEN
        if self.due < today:
            return RED
        return YELLOW if working_days_between(today, self.due, cal) <= soon_days else GREEN


def period_due(key: str, start: dt.date, cal: WorkCalendar) -> DueDate:
    """The due date of statutory period ``key`` starting on ``start``."""
    return STATUTORY_PERIODS[key].due(start, cal)


def _clock(key: str, start: dt.date, cal: WorkCalendar, done: dt.date | None = None,
           label: str = "") -> Clock:
    p = STATUTORY_PERIODS[key]
    d = p.due(start, cal)
    return Clock(key, label or p.label, start, d.date, p.basis, done, d.confirmed)


def limitation_end(act_on: dt.date, act_ended_on: dt.date | None, serious_harm: bool,
                   cal: WorkCalendar) -> dt.date:
    """Last day a violation can still be discovered (行政处罚法 第三十六条).

    2 years, or 5 years where life/health or financial safety is involved with harmful
    consequences; a continuing or repeated act counts from the day it ended.
    """
    key = "penalty_limitation_safety" if serious_harm else "penalty_limitation"
    start = act_ended_on or act_on
    # The limitation is a period of years from the act; it is not rolled past rest days
    # (it is a bar on discovery, not a time limit for a party's act).
    return add_months(start, STATUTORY_PERIODS[key].amount * 12)


def hearing_notice_latest(hearing_on: dt.date, cal: WorkCalendar) -> DueDate:
    """Last day to notify the party of a hearing: 7 working days before it (Art. 64, 85)."""
    return add_working_days(hearing_on, -STATUTORY_PERIODS["hearing_notice"].amount, cal)


def payment_due(served_on: dt.date, cal: WorkCalendar) -> dt.date:
    """Last day to pay the fine: 15 days after the decision is served (Art. 67)."""
    return period_due("fine_payment", served_on, cal).date


def surcharge_on(fine_yuan: float, served_on: dt.date, on: dt.date, cal: WorkCalendar,
                 paid_on: dt.date | None = None) -> tuple[int, float]:
    """(days late, 加处罚款) on day ``on`` (Art. 72: 3 %/day from the day after the due date,
    capped at the fine); payment stops the count."""
    end = min(on, paid_on) if paid_on else on
    days = max(0, (end - payment_due(served_on, cal)).days)
    return days, surcharge(fine_yuan, days)


def court_window(served_on: dt.date, demand_served_on: dt.date,
                 cal: WorkCalendar) -> tuple[dt.date, dt.date]:
    """(earliest, latest) day to apply to the court for enforcement.

    Earliest: 10 days after the 催告书 is served (行政强制法 第五十四条). Latest: 3 months after
    the appeal periods end (行政强制法 第五十三条; 复议 60 days, 诉讼 6 months from service —
    the later of the two ends the appeal period).
    """
    appeal_end = max(period_due("reconsideration", served_on, cal).date,
                     period_due("litigation", served_on, cal).date)
    latest = period_due("court_enforcement", appeal_end, cal).date
    earliest = period_due("demand_before_court", demand_served_on, cal).date
    return earliest, latest


def case_clocks(case: Case, events: list[Event], cal: WorkCalendar) -> list[Clock]:
    """All statutory clocks of a case, from its dates and live records (see module docstring).

    The 公示 clock is not among them: its period is a local setting (``publication``).
    """
    out: list[Clock] = []
    by_kind: dict[str, list[Event]] = {}
    for e in events:
        by_kind.setdefault(e.kind, []).append(e)

    def first(kind: str) -> dt.date | None:
        rows = by_kind.get(kind)
        return rows[0].day if rows else None

    def served(what: str) -> dt.date | None:
        return next((e.day for e in by_kind.get("service", [])
                     if e.details.get("what") == what), None)

    general = case.procedure == "general"
    if case.filed_on and general:
        out.append(_clock("penalty_decision", case.filed_on, cal, case.decided_on))
    for e in by_kind.get("preservation", []):
        done = next((d.day for d in by_kind.get("preservation_disposal", [])
                     if d.details.get("preservation_id") == e.id), None)
        out.append(_clock("registered_preservation", e.day, cal, done))
    notice_served = served("prior_notice")
    notices = by_kind.get("prior_notice", [])
    if notice_served and notices and notices[0].details.get("hearing"):
        out.append(_clock("hearing_request", notice_served, cal,
                          first("hearing_request") or case.decided_on))
    for h in by_kind.get("hearing_scheduled", []):
        notify_by = hearing_notice_latest(dt.date.fromisoformat(h.details["hearing_on"]), cal)
        out.append(Clock("hearing_notice", "听证通知（举行听证七日前）", h.day, notify_by.date,
                         STATUTORY_PERIODS["hearing_notice"].basis, h.day, notify_by.confirmed))
    if case.decided_on and general and first("party_absent"):
        out.append(_clock("service_absent", case.decided_on, cal, case.served_on))
    if case.served_on and case.fine_fen:
        out.append(_clock("fine_payment", case.served_on, cal, case.paid_on))
        demand = served("demand")
        if not case.paid_on and demand:
            earliest, latest = court_window(case.served_on, demand, cal)
            applied = first("court_application")
            out.append(Clock("court_earliest", "催告书送达满十日后可申请强制执行", demand,
                             earliest, STATUTORY_PERIODS["demand_before_court"].basis,
                             applied, earliest=True))
            out.append(Clock("court_enforcement", STATUTORY_PERIODS["court_enforcement"].label,
                             case.served_on, latest,
                             STATUTORY_PERIODS["court_enforcement"].basis, applied))
    return out
