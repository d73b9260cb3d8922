# SPDX-License-Identifier: MIT
"""Statutory clocks of an enforcement case (pure functions, no database).

Every period comes from ``core.deadlines.STATUTORY_PERIODS`` so that its length, unit and
legal basis are stated once. A clock is green while more than the "due soon" margin is left,
yellow inside it, red once overdue; a clock whose act is done is shown as done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jiedao_desk.core.deadlines import (
    STATUTORY_PERIODS,
    DueDate,
    add_months,
    add_working_days,
    surcharge,
    working_days_between,
)
from jiedao_desk.core.workdays import WorkCalendar
from jiedao_desk.domains.enforcement.model import Case, Event, notice_served_on

GREEN, YELLOW, RED, DONE, LAPSED = "green", "yellow", "red", "done", "lapsed"
COLOUR_LABELS = {GREEN: "未到期", YELLOW: "即将到期", RED: "已超期", DONE: "已完成",
                 LAPSED: "已届满（当事人未申请）"}


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
        party_option: True for a period the party may use or let pass (e.g. asking for a
            hearing): once it ends unused nobody is late, so it lapses instead of turning red.
    """

    key: str
    label: str
    start: dt.date
    due: dt.date
    basis: str
    done_on: dt.date | None = None
    confirmed: bool = True
    earliest: bool = False
    party_option: bool = False

    def colour(self, today: dt.date, cal: WorkCalendar, soon_days: int) -> str:
        """green / yellow / red / done for ``today``."""
        if self.done_on is not None:
            return DONE
        if self.earliest:  # waiting is not late; it becomes actionable on ``due``
            return GREEN
        if self.due < today:
            return LAPSED if self.party_option else RED
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


@dataclass(frozen=True)
class Instalment:
    """One due amount of the fine: the whole fine by its due day, the deferred fine, or one
    instalment (行政处罚法 第六十六条)."""

    due: dt.date
    fen: int


def payment_schedule(case: Case, events: list[Event], cal: WorkCalendar) -> list[Instalment]:
    """What the party owes by when: the approved 延期／分期 plan (the latest one) if any, else
    the whole fine 15 days after the decision was served (Art. 67); [] before service."""
    plans = [e for e in events if e.kind == "payment_plan"]
    if plans:
        return [Instalment(dt.date.fromisoformat(d), int(f))
                for d, f in plans[-1].details["instalments"]]
    if case.served_on is None or not case.fine_fen:
        return []
    return [Instalment(payment_due(case.served_on, cal), case.fine_fen)]


def payments(events: list[Event]) -> list[tuple[dt.date, int]]:
    """(day, fen) of every payment recorded, in date order."""
    return sorted((e.day, int(Decimal(e.details["amount"]) * 100))
                  for e in events if e.kind == "payment")


def _covered_on(schedule: list[Instalment],
                paid: list[tuple[dt.date, int]]) -> list[dt.date | None]:
    """The day each instalment was paid in full (payments settle instalments in order)."""
    out: list[dt.date | None] = []
    owed = 0
    for inst in schedule:
        owed += inst.fen
        total = 0
        day = None
        for d, fen in paid:
            total += fen
            if total >= owed:
                day = d
                break
        out.append(day)
    return out


def first_unpaid(schedule: list[Instalment],
                 paid: list[tuple[dt.date, int]]) -> Instalment | None:
    """The earliest instalment not yet paid in full (None when all is paid)."""
    return next((i for i, day in zip(schedule, _covered_on(schedule, paid), strict=True)
                 if day is None), None)


def schedule_surcharge(schedule: list[Instalment], paid: list[tuple[dt.date, int]],
                       on: dt.date) -> tuple[int, float]:
    """(most days late, 加处罚款) on day ``on``: 3 % a day of each instalment from the day after
    its own due day until it is paid, each capped at that instalment (行政处罚法 第七十二条
    第一款第一项, and 第二款 for a deferral or instalments)."""
    late, total = 0, 0.0
    for inst, day in zip(schedule, _covered_on(schedule, paid), strict=True):
        end = min(on, day) if day else on
        days = max(0, (end - inst.due).days)
        late = max(late, days)
        total += surcharge(inst.fen / 100, days)
    return late, round(total, 2)


def surcharge_on(fine_yuan: float, served_on: dt.date, on: dt.date, cal: WorkCalendar,
                 paid_on: dt.date | None = None) -> tuple[int, float]:
    """(days late, 加处罚款) on day ``on`` without a 延期／分期 plan (Art. 72: 3 %/day from the day
    after the due date, capped at the fine); payment stops the count."""
    end = min(on, paid_on) if paid_on else on
    days = max(0, (end - payment_due(served_on, cal)).days)
    return days, surcharge(fine_yuan, days)


@dataclass(frozen=True)
class CourtWindow:
    """When the application to the court for enforcement may be made.

    Attributes:
        appeal_end: last day of the 复议 (60 days) and 诉讼 (6 months) periods from service of
            the decision, whichever ends later (行政强制法 第五十三条).
        period_start: the day the three months run from: the appeal end, or the end of the
            deferral / the unpaid instalment if later (行政处罚法 第七十二条第二款).
        demand_end: last day of the ten working days after the 催告书 was served, in which
            the party may still perform (行政强制法 第五十四条、第六十九条).
        earliest: the first day an application is lawful (after both of the above).
        latest: the last day (three months from ``period_start``, 行政强制法 第五十三条).
    """

    appeal_end: dt.date
    period_start: dt.date
    demand_end: dt.date
    earliest: dt.date
    latest: dt.date


def court_window(served_on: dt.date, demand_served_on: dt.date, cal: WorkCalendar,
                 payment_end: dt.date | None = None) -> CourtWindow:
    """The court-application window of a decision served on ``served_on`` whose 催告书 was
    served on ``demand_served_on``; ``payment_end`` is the due day of the unpaid instalment
    of an approved 延期／分期 plan (Art. 66, 72 ¶2)."""
    appeal_end = max(period_due("reconsideration", served_on, cal).date,
                     period_due("litigation", served_on, cal).date)
    start = max(appeal_end, payment_end) if payment_end else appeal_end
    demand_end = period_due("demand_before_court", demand_served_on, cal).date
    # "期限届满之日起" / "送达十日后": the day after each period's last day is the first lawful one.
    earliest = max(start, demand_end) + dt.timedelta(days=1)
    latest = period_due("court_enforcement", start, cal).date
    return CourtWindow(appeal_end, start, demand_end, earliest, latest)


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
    notice_served = notice_served_on(events)
    notices = by_kind.get("prior_notice", [])
    if notice_served and notices and notices[-1].details.get("hearing"):
        p = STATUTORY_PERIODS["hearing_request"]
        due = p.due(notice_served, cal)
        # The party may let it pass: no request is nobody's delay (it lapses, never red).
        out.append(Clock(p.key, p.label, notice_served, due.date, p.basis,
                         first("hearing_request") or case.decided_on, due.confirmed,
                         party_option=True))
    for h in by_kind.get("hearing_scheduled", []):
        notify_by = hearing_notice_latest(dt.date.fromisoformat(h.details["hearing_on"]), cal)
        out.append(Clock("hearing_notice", "听证通知（举行听证七日前）", h.day, notify_by.date,
                         STATUTORY_PERIODS["hearing_notice"].basis, h.day, notify_by.confirmed))
    if case.decided_on and general and first("party_absent"):
        out.append(_clock("service_absent", case.decided_on, cal, case.served_on))
    if case.served_on and case.fine_fen:
        schedule = payment_schedule(case, events, cal)
        unpaid = first_unpaid(schedule, payments(events)) or schedule[-1]
        plan = "payment_plan" in by_kind
        out.append(Clock("fine_payment",
                         "缴纳罚款（已批准延期或分期，行政处罚法 第六十六条）" if plan
                         else STATUTORY_PERIODS["fine_payment"].label,
                         case.served_on, unpaid.due,
                         STATUTORY_PERIODS["fine_payment"].basis + ("、第六十六条" if plan else ""),
                         case.paid_on))
        demand = served("demand")
        if not case.paid_on and demand:
            window = court_window(case.served_on, demand, cal, unpaid.due)
            applied = first("court_application")
            out.append(Clock("court_earliest", "可申请法院强制执行（复议、诉讼期限及催告后十个"
                             "工作日届满）", demand, window.earliest,
                             "行政强制法 第五十三条、第五十四条、第六十九条",
                             applied, earliest=True))
            out.append(Clock("court_enforcement", STATUTORY_PERIODS["court_enforcement"].label,
                             window.period_start, window.latest,
                             STATUTORY_PERIODS["court_enforcement"].basis, applied))
    return out
