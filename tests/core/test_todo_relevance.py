# SPDX-License-Identifier: MIT
"""The home todo list: colours and words for overdue / today / tomorrow / later, in every
domain that provides items, and only what the user's role may act on."""

import datetime as dt

import pytest

from jiedao_desk import demo, registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core import todo
from jiedao_desk.core.permissions import ROLES, can
from jiedao_desk.store import Store
from tests.access.support import register

TODO = registry.todo_providers()
FRI = dt.date(2026, 11, 20)  # a Friday: its "tomorrow" is a Saturday (no working day)
DEMO_DAY = dt.date(2026, 11, 25)
# What a role must be able to do to act on a domain's items.
ACT = {"hotline": "hotline.edit", "mediation": "mediation.edit",
       "enforcement": "enforcement.edit", "access": "access.edit",
       "calendar": "catalog.manage"}


def _items(store, day_or_moment, actor=SYSTEM, providers=TODO):
    with clock.frozen(day_or_moment):
        return todo.collect(store, actor, providers)


@pytest.mark.parametrize(("due", "due_at", "near", "status", "when"), [
    (dt.date(2026, 11, 19), None, False, todo.OVERDUE, "超期 1 个工作日"),
    (dt.date(2026, 11, 20), None, False, todo.DUE_SOON, "今天到期"),
    (dt.date(2026, 11, 21), None, False, todo.DUE_SOON, "明天到期"),  # a Saturday
    (dt.date(2026, 11, 23), None, False, todo.DUE_SOON, "1 个工作日"),
    (dt.date(2026, 12, 10), None, False, todo.OK, "14 个工作日"),
    (dt.date(2026, 12, 10), None, True, todo.DUE_SOON, "14 个工作日"),  # the domain warns
    # hour limits: past the moment it is overdue although the day is today
    (dt.date(2026, 11, 20), dt.datetime(2026, 11, 20, 9, 0), False, todo.OVERDUE,
     "已超期（今天 09:00）"),
    (dt.date(2026, 11, 20), dt.datetime(2026, 11, 20, 17, 0), False, todo.DUE_SOON,
     "今天 17:00 到期"),
    (dt.date(2026, 11, 21), dt.datetime(2026, 11, 21, 8, 0), False, todo.DUE_SOON,
     "明天 08:00 到期"),
])
def test_status_and_words_by_due_date(store, due, due_at, near, status, when):
    def provider(store, actor, today, cal):
        return [todo.TodoItem("test", "事项", due, due_at=due_at, near=near)]

    [item] = _items(store, dt.datetime.combine(FRI, dt.time(15, 0)), providers=[provider])
    assert (item.status, item.when) == (status, when)


@pytest.fixture(scope="module")
def demo_store():
    s = Store.memory()
    with clock.frozen(DEMO_DAY):
        demo.generate(s, 20, seed=3)
        community = s.rows("SELECT id FROM community ORDER BY id")[0]["id"]
        register(s, SYSTEM, [community], planned_start="2026-11-27")
    yield s
    s.conn.close()


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0))


@pytest.mark.parametrize("domain", ["hotline", "mediation", "enforcement", "access"])
def test_each_domain_is_coloured_by_its_due_date(demo_store, domain):
    """For an item of the domain, freeze the day after, the day, the day before and three
    weeks before its due date: overdue / today / tomorrow / later."""
    checked = 0
    for item in [i for i in _items(demo_store, _at(DEMO_DAY)) if i.domain == domain]:
        due = item.due
        cases = {todo.OVERDUE: due + dt.timedelta(days=1), "today": due,
                 "tomorrow": due - dt.timedelta(days=1), todo.OK: due - dt.timedelta(days=21)}
        found = {}
        for case, day in cases.items():
            same = [i for i in _items(demo_store, _at(day))
                    if i.title == item.title and i.entity_id == item.entity_id]
            if same:
                found[case] = same[0]
        if len(found) < len(cases):  # an item that ends with its day (a party's option)
            continue
        assert found[todo.OVERDUE].status == todo.OVERDUE
        assert found["today"].status == todo.DUE_SOON
        assert found["today"].when.startswith("今天")
        assert found["tomorrow"].status == todo.DUE_SOON
        assert found["tomorrow"].when.startswith("明天")
        assert found[todo.OK].status == todo.OK
        checked += 1
    assert checked > 0


def test_an_overdue_ticket_is_red_on_its_own_day(demo_store):
    tickets = [i for i in _items(demo_store, _at(DEMO_DAY)) if i.domain == "hotline"]
    item = tickets[0]
    after = item.due_at + dt.timedelta(minutes=1)
    [late] = [i for i in _items(demo_store, after) if i.title == item.title]
    assert late.status == todo.OVERDUE and late.when.startswith("已超期")
    before = item.due_at - dt.timedelta(minutes=1)
    [early] = [i for i in _items(demo_store, before) if i.title == item.title]
    assert early.status == todo.DUE_SOON and early.when.startswith("今天")


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_sees_only_what_it_may_act_on(demo_store, role):
    community = demo_store.rows("SELECT id FROM community ORDER BY id")[0]["id"]
    actor = Actor(99, "测试用户", role, community if role == "community_worker" else None)
    seen = {i.domain for i in _items(demo_store, _at(DEMO_DAY), actor)}
    everything = {i.domain for i in _items(demo_store, _at(DEMO_DAY))}
    assert everything >= set(ACT)  # the demo gives each domain something to do
    assert seen == {d for d in everything if can(actor, ACT[d])}
    if role in ("mediator", "enforcement_officer", "readonly"):
        assert "hotline" not in seen  # they read tickets but cannot dispatch or reply


def test_a_community_worker_sees_only_the_tickets_of_the_community(demo_store):
    first, second = (r["id"] for r in demo_store.rows("SELECT id FROM community ORDER BY id")[:2])
    worker = Actor(99, "社区工作者", "community_worker", first)
    mine = {i.entity_id for i in _items(demo_store, _at(DEMO_DAY), worker)
            if i.domain == "hotline"}
    rows = demo_store.rows("SELECT id, community_id FROM hotline_ticket")
    assert mine and mine <= {r["id"] for r in rows if r["community_id"] == first}
    assert second is not None
