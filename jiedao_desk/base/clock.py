# SPDX-License-Identifier: MIT
""""Today" and "now": injectable (``set_today`` / ``frozen`` / ``frozen_at`` in tests,
``JIEDAO_DESK_TODAY`` for the CLI) so that every date rule and the clock check can be tested.
The working-day calendar is core/workdays.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator

_fixed_today: dt.date | None = None
_fixed_now: dt.datetime | None = None
_fixed_time: dt.time | None = None  # set when a test freezes a moment, not just a day


def today() -> dt.date:
    """Return today's date (fixed by ``set_today``/``JIEDAO_DESK_TODAY`` if set)."""
    if _fixed_now is not None:
        return _fixed_now.date()
    if _fixed_today is not None:
        return _fixed_today
    env = os.environ.get("JIEDAO_DESK_TODAY")
    if env:
        return dt.date.fromisoformat(env)
    return dt.date.today()


def now() -> dt.datetime:
    """Return the current local time; on a fixed day, that day at the current clock time."""
    if _fixed_now is not None:
        return _fixed_now
    if _fixed_today is not None and _fixed_time is not None:
        return dt.datetime.combine(_fixed_today, _fixed_time)
    real = dt.datetime.now().replace(microsecond=0)
    day = today()
    return real if day == real.date() else dt.datetime.combine(day, real.time())


def utc_stamp() -> str:
    """Compact UTC stamp for file names (backups, copies set aside)."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")


def set_today(day: dt.date | None) -> None:
    """Fix "today" (None restores the real date); a datetime fixes the time of day too, for
    rules that count hours (12345 time limits)."""
    global _fixed_today, _fixed_time
    if isinstance(day, dt.datetime):
        _fixed_today, _fixed_time = day.date(), day.time().replace(microsecond=0)
    else:
        _fixed_today, _fixed_time = day, None


@contextlib.contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    """Fix the time itself (not only the day) inside a ``with`` block, to the second."""
    global _fixed_now
    old = _fixed_now
    _fixed_now = moment.replace(microsecond=0)
    try:
        yield
    finally:
        _fixed_now = old


@contextlib.contextmanager
def frozen(day: dt.date) -> Iterator[None]:
    """Fix "today" (or, given a datetime, the moment) inside a ``with`` block."""
    global _fixed_today, _fixed_time
    old = (_fixed_today, _fixed_time)
    set_today(day)
    try:
        yield
    finally:
        _fixed_today, _fixed_time = old
