# SPDX-License-Identifier: MIT
"""SQL of the stored clocks (table ``enforcement_clock``, migration m021): each live case's
statutory and 公示 clocks as rows, which cases changed since they were counted
(``enforcement_clock_stale``, filled by triggers on the case, record and publication tables)
and the basis they were counted on (``enforcement_clock_basis``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from jiedao_desk.store import Store

if TYPE_CHECKING:  # the clock rules load when a clock is read back, not for the checks
    from jiedao_desk.domains.enforcement.clocks import Clock

_COLUMNS = ("case_id", "seq", "key", "label", "start_on", "due_on", "basis", "done_on",
            "confirmed", "earliest", "party_option")


def _row(case_id: int, seq: int, c: Clock) -> tuple:
    return (case_id, seq, c.key, c.label, c.start.isoformat(), c.due.isoformat(), c.basis,
            c.done_on.isoformat() if c.done_on else None, int(c.confirmed), int(c.earliest),
            int(c.party_option))


def clock_of(r: dict) -> Clock:
    """A stored row as the ``Clock`` it was written from."""
    from jiedao_desk.domains.enforcement.clocks import Clock

    return Clock(r["key"], r["label"], dt.date.fromisoformat(r["start_on"]),
                 dt.date.fromisoformat(r["due_on"]), r["basis"],
                 dt.date.fromisoformat(r["done_on"]) if r["done_on"] else None,
                 bool(r["confirmed"]), bool(r["earliest"]), bool(r["party_option"]))


def fingerprint(store: Store) -> str | None:
    """The basis the stored clocks were counted on (None: never counted)."""
    return store.scalar("SELECT fingerprint FROM enforcement_clock_basis WHERE id = 1")


def set_fingerprint(store: Store, value: str) -> None:
    """Record the basis the stored clocks were just counted on."""
    store.require_transaction()
    store.execute("INSERT INTO enforcement_clock_basis (id, fingerprint) VALUES (1, ?) "
                  "ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint", (value,))


def stale_ids(store: Store) -> list[int]:
    """Cases written since their clocks were stored."""
    return [r[0] for r in store.execute("SELECT case_id FROM enforcement_clock_stale")]


def clear_stale(store: Store, case_ids: Iterable[int] | None = None) -> None:
    """Forget the marks of ``case_ids`` (all marks when None)."""
    store.require_transaction()
    if case_ids is None:
        store.execute("DELETE FROM enforcement_clock_stale")
    else:
        store.conn.executemany("DELETE FROM enforcement_clock_stale WHERE case_id = ?",
                               [(i,) for i in case_ids])


def stored(store: Store, case_ids: Iterable[int] | None = None) -> dict[int, list[Clock]]:
    """Stored clocks by case, in each case's order (all cases when ``case_ids`` is None)."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM enforcement_clock"
    out: dict[int, list[Clock]] = {}
    if case_ids is None:
        rows = store.rows(sql + " ORDER BY case_id, seq")
    else:
        rows = [r for i in case_ids
                for r in store.rows(sql + " WHERE case_id = ? ORDER BY seq", (i,))]
    for r in rows:
        out.setdefault(r["case_id"], []).append(clock_of(r))
    return out


def replace(store: Store, clocks: dict[int, list[Clock]], everything: bool = False) -> None:
    """Write the clocks of the cases in ``clocks`` (a case with [] has none: voided, or no
    clock runs); ``everything``: ``clocks`` holds every live case, so all other rows go."""
    store.require_transaction()
    if everything:
        store.execute("DELETE FROM enforcement_clock")
    else:
        store.conn.executemany("DELETE FROM enforcement_clock WHERE case_id = ?",
                               [(i,) for i in clocks])
    store.conn.executemany(
        f"INSERT INTO enforcement_clock ({', '.join(_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in _COLUMNS)})",
        [_row(case_id, seq, c) for case_id, cs in clocks.items() for seq, c in enumerate(cs)])


def running(store: Store, excluded: Iterable[int] = ()) -> list[dict]:
    """Clocks still running (not done, not a "not before" clock) of cases not archived or
    not opened, with the case's number and state (the todo list); ``excluded``: cases whose
    stored rows are out of date."""
    skip = set(excluded)
    rows = store.rows(
        f"SELECT {', '.join('k.' + c for c in _COLUMNS)}, c.case_no, c.status "
        "FROM enforcement_clock AS k INDEXED BY enforcement_clock_running "
        "JOIN enforcement_case AS c ON c.id = k.case_id "
        "WHERE k.done_on IS NULL AND k.earliest = 0 "
        "AND c.status NOT IN ('archived', 'not_opened') AND c.voided_at IS NULL "
        "ORDER BY k.due_on")
    return [r for r in rows if r["case_id"] not in skip]


def overdue_by_label(store: Store, today: dt.date, excluded: Iterable[int] = ()) -> dict:
    """How many clocks ran out before ``today`` unfinished, by label (a period the party
    may let pass is not overdue); ``excluded``: cases whose stored rows are out of date."""
    skip = sorted(set(excluded))
    marks = ", ".join("?" for _ in skip)
    rows = store.execute(
        "SELECT label, count(*) FROM enforcement_clock INDEXED BY enforcement_clock_running "
        "WHERE done_on IS NULL AND earliest = 0 AND party_option = 0 AND due_on < ? "
        + (f"AND case_id NOT IN ({marks}) " if skip else "")
        + "GROUP BY label ORDER BY label", [today.isoformat(), *skip])
    return dict(rows.fetchall())
