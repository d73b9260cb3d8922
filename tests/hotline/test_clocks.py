# SPDX-License-Identifier: MIT
"""Time limits of 12345 tickets (settings), the clock colours and the home todo list."""

import dataclasses
import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import settings, todo
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import clocks as hotline
from jiedao_desk.domains.hotline.model import GREEN, RED, YELLOW, Timing

TODO = registry.todo_providers()


@pytest.mark.parametrize("cls, dispatch, feedback", [
    ("urgent", "2026-11-20 10:00", "2026-11-20 11:00"),
    ("livelihood", "2026-11-20 11:00", "2026-11-21 09:00"),
    ("complex", "2026-11-21 09:00", "2026-12-05 09:00"),
])
def test_deadlines_by_claim_class(store, cls, dispatch, feedback):
    assert hotline.deadlines(store, "2026-11-20 09:00", cls) == (dispatch, feedback)


def test_working_day_setting_and_extension(store, actor, ticket):
    settings.set_value(store, actor, registry.setting("hotline.feedback_day_kind"), "工作日")
    # Fri 2026-11-20 + 7 working days = Tue 2026-12-01 (weekends skipped).
    assert hotline.deadlines(store, "2026-11-20 09:00", "general")[1] == "2026-12-01 09:00"
    tid = ticket()
    t = hotline_actions.extend(store, actor, tid, 3, "需协调产权单位")
    assert t.extension_days == 3 and t.feedback_due == "2026-12-04 09:00"
    settings.set_value(store, actor, registry.setting("hotline.dispatch_hours.general"), 2)
    assert hotline.deadlines(store, "2026-11-20 09:00", "general")[0] == "2026-11-20 11:00"
    settings.set_value(store, actor, registry.setting("hotline.feedback_day_kind"), "周")
    with pytest.raises(ValidationError, match="自然日"):
        hotline.deadlines(store, "2026-11-20 09:00", "general")


def test_clock_colours(store, actor):
    t = Timing(state="dispatched", received_at="2026-11-16 09:00",
               dispatch_due="2026-11-17 09:00", feedback_due="2026-11-23 09:00")
    assert hotline.clock_of(store, t, dt.datetime(2026, 11, 23, 10, 0)).colour == RED
    assert hotline.clock_of(store, t, dt.datetime(2026, 11, 22, 9, 0)).colour == YELLOW
    assert hotline.clock_of(store, t, dt.datetime(2026, 11, 18, 9, 0)).colour == GREEN
    received = dataclasses.replace(t, state="received")
    c = hotline.clock_of(store, received, dt.datetime(2026, 11, 16, 10, 0))
    assert c.label == "派单" and c.colour == GREEN
    assert hotline.clock_of(store, dataclasses.replace(t, state="closed")) is None
    assert hotline.clock_of(store, dataclasses.replace(t, state="returned")) is None


def test_todo_lists_open_tickets_by_urgency(store, actor, ticket):
    ticket("OLD", received_at="2026-11-01 09:00")
    closed = ticket("DONE", received_at="2026-11-01 09:00")
    hotline_actions.reply(store, actor, closed, "已清理")
    items = [i for i in todo.collect(store, actor, TODO) if i.domain == "hotline"]
    assert len(items) == 1 and "OLD" in items[0].title
    assert items[0].status == todo.OVERDUE
