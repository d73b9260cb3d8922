# SPDX-License-Identifier: MIT
"""Every live case's clocks kept as rows (``store_clocks``), so that the home todo list and
the monthly report's overdue count are one indexed query, not a rebuild of every case.

The rows are what ``clocks_of`` gives for the case; they are kept true three ways:

- a case, record or publication row written marks its case stale (triggers, migration m021),
  whoever writes it; ``refresh`` — run at the end of every transaction of a store the
  registry attached (``registry.attach``) — recounts the marked cases before COMMIT, so an
  action and its clocks commit together;
- the rows carry the basis they were counted on (calendar version, the 公示 settings): when
  the calendar changes, ``recompute`` (the domain's ``DueDates``) recounts all of them in the
  calendar's own transaction with one audit row per case moved; when a 公示 setting changes,
  ``refresh`` recounts all of them in that transaction;
- a reader never trusts rows that are not current: while the basis differs (a database just
  upgraded, before the app first opened it) it counts every clock from the records as before
  (``current`` returns None), and a marked case (written by a connection without the hook, or
  in a transaction still open elsewhere) is counted from its records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.catalog import HOLIDAY_NOTICE as NOTICE_CATALOG
from jiedao_desk.core.spec import Derived
from jiedao_desk.domains.enforcement import parameters, store_clocks
from jiedao_desk.store import Store
from jiedao_desk.store import calendar as calendar_store

if TYPE_CHECKING:  # what counting a case needs loads when a case is counted (below), so
    # that the check run at every opening and commit reads only the tables
    from jiedao_desk.core.workdays import Moved, WorkCalendar
    from jiedao_desk.domains.enforcement.clocks import Clock
    from jiedao_desk.domains.enforcement.model import Case

# The settings a clock reads (the 公示 clock: its period and which cases it applies to).
_SETTING_KEYS = ("enforcement.publication.working_days", "enforcement.publication.scope")


def fingerprint(store: Store) -> str:
    """What the clocks are counted on: the database's calendar version, the installed
    holiday data and the 公示 settings."""
    import chinese_calendar  # its data's version only; the calendar loads it when asked

    basis = (calendar_store.version(store, NOTICE_CATALOG),
             getattr(chinese_calendar, "__version__", ""),
             [settings_mod.get(store, parameters.PUBLICATION_SETTINGS[k]) for k in _SETTING_KEYS])
    return hashlib.sha256(repr(basis).encode()).hexdigest()


def clocks_of(store: Store, case: Case, cal: WorkCalendar,
              bulk: tuple[dict, dict] | None = None) -> list[Clock]:
    """The clocks of one case: the statutory ones and the 公示 clock (Art. 48; its period is
    a local rule). ``bulk``: (events by case, publications by case) read once for a pass
    over many cases (``bulk_records``), instead of two queries per case."""
    # the counting rules, the 公示 rules and the case tables load with the first case counted
    from jiedao_desk.domains.enforcement import publication
    from jiedao_desk.domains.enforcement import store as es
    from jiedao_desk.domains.enforcement.clocks import case_clocks

    if bulk is None:
        events, pubs = es.events(store, case.id), None
    else:
        events, pubs = bulk[0].get(case.id, []), bulk[1].get(case.id, [])
    out = case_clocks(case, events, cal)
    published = publication.publication_clock(store, case, cal, pubs)
    return out + ([published] if published else [])


def bulk_records(store: Store) -> tuple[dict, dict]:
    """Every case's live records and publications, read once (``clocks_of``'s ``bulk``)."""
    from jiedao_desk.domains.enforcement import store as es

    return es.events_by_case(store), es.publications_by_case(store)


def _count(store: Store, case_ids: list[int], cal: WorkCalendar) -> dict[int, list[Clock]]:
    from jiedao_desk.domains.enforcement import store as es

    out: dict[int, list[Clock]] = {}
    for case_id in case_ids:
        case = es.get_case(store, case_id)
        out[case_id] = [] if case is None or case.voided_at else clocks_of(store, case, cal)
    return out


def _count_all(store: Store, cal: WorkCalendar) -> dict[int, list[Clock]]:
    from jiedao_desk.domains.enforcement import store as es

    bulk = bulk_records(store)
    return {case.id: clocks_of(store, case, cal, bulk) for case in es.list_cases(store)}


def refresh(store: Store) -> None:
    """Bring the stored clocks up to date inside the open transaction: all of them when
    their basis changed, else the cases marked stale (usually none, or the one the action
    wrote)."""
    from jiedao_desk.core.workdays import load_calendar

    now = fingerprint(store)
    if store_clocks.fingerprint(store) != now:
        _rewrite_all(store, now)
        return
    stale = store_clocks.stale_ids(store)
    if stale:
        store_clocks.replace(store, _count(store, stale, load_calendar(store)))
        store_clocks.clear_stale(store, stale)


def behind(store: Store) -> bool:
    """Whether a stored clock may be out of date (the basis changed, or a case is marked)."""
    return store_clocks.fingerprint(store) != fingerprint(store) \
        or bool(store_clocks.stale_ids(store))


def _rewrite_all(store: Store, now: str) -> dict[int, list[Clock]]:
    from jiedao_desk.core.workdays import load_calendar

    clocks = _count_all(store, load_calendar(store))
    store_clocks.replace(store, clocks, everything=True)
    store_clocks.clear_stale(store)
    store_clocks.set_fingerprint(store, now)
    return clocks


def recompute(store: Store, cal: WorkCalendar) -> list[Moved]:
    """Recount every case's clocks on the changed calendar (``DueDates``: inside the
    calendar change's transaction); the cases whose due dates moved, for their audit rows."""
    from jiedao_desk.core.workdays import Moved

    del cal  # the current calendar of the store, which the fingerprint names too
    before = store_clocks.stored(store)
    after = _rewrite_all(store, fingerprint(store))
    moved = []
    for case_id in sorted(set(before) | set(after)):
        old = {c.key: c.due.isoformat() for c in before.get(case_id, [])}
        new = {c.key: c.due.isoformat() for c in after.get(case_id, [])}
        if old != new and (old or new):
            changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
            moved.append(Moved(case_id, {k: old.get(k) for k in changed},
                               {k: new.get(k) for k in changed}))
    return moved


def current(store: Store) -> tuple[set[int], dict[int, list[Clock]]] | None:
    """(cases whose stored rows are out of date, their clocks counted from the records), or
    None when the stored rows are not on the current basis (count everything as before)."""
    from jiedao_desk.core.workdays import load_calendar

    if store_clocks.fingerprint(store) != fingerprint(store):
        return None
    stale = store_clocks.stale_ids(store)
    return set(stale), _count(store, stale, load_calendar(store)) if stale else {}


def running(store: Store, today: dt.date) -> list[tuple[int, str | None, str, Clock]] | None:
    """(case id, case number, state, clock) of every clock still to act on, or None when the
    stored rows are not current: not done, not a "not before" clock, not a party's option
    that lapsed, of a live case not archived or not opened."""
    from jiedao_desk.domains.enforcement import store as es

    got = current(store)
    if got is None:
        return None
    stale, live = got
    out = [(r["case_id"], r["case_no"], r["status"], store_clocks.clock_of(r))
           for r in store_clocks.running(store, stale)]
    for case_id, clocks in live.items():
        case = es.get_case(store, case_id)
        if case is None or case.voided_at or case.state in ("archived", "not_opened"):
            continue
        out += [(case_id, case.case_number, case.state, c) for c in clocks
                if c.done_on is None and not c.earliest]
    return [t for t in out if not (t[3].party_option and t[3].due < today)]


def overdue(store: Store, today: dt.date) -> dict[str, int] | None:
    """Clocks overdue on ``today`` by label (the report's figure), or None when the stored
    rows are not current."""
    got = current(store)
    if got is None:
        return None
    stale, live = got
    counts = store_clocks.overdue_by_label(store, today, stale)
    for clocks in live.values():
        for c in clocks:
            if c.done_on is None and not c.earliest and not c.party_option and c.due < today:
                counts[c.label] = counts.get(c.label, 0) + 1
    return counts


# The domain's derived data (DomainSpec.derived); the registry attaches its refresh to every
# store through the package face, without loading the rest of the domain.
DERIVED = (Derived("执法案件的法定期限", refresh, behind),)
