# SPDX-License-Identifier: MIT
"""三率 on a hand-computed example (formulas and default weights: the docstring of rates.py)."""

import pytest

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import settings
from jiedao_desk.domains.hotline import (
    actions as hotline_actions,
)
from jiedao_desk.domains.hotline import (
    rates as hotline_rates,
)
from jiedao_desk.domains.hotline import (
    tickets as hotline,
)


@pytest.fixture
def month(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    n = {"i": 0}

    def add(cid, closed=True, visit=None, excluded=False, when="2026-10-10 09:00"):
        n["i"] += 1
        tid = hotline.add_ticket(store, actor, {"ticket_no": f"N{n['i']}", "received_at": when,
                                                "community_id": cid})
        if closed:
            hotline_actions.reply(store, actor, tid, "已办理", closed_at="2026-10-12 10:00")
        if visit:
            hotline_actions.record_visit(store, actor, tid, *visit)
        if excluded:
            hotline_actions.set_flags(store, actor, tid, unreasonable=True, appeal=True,
                                      appeal_result="申诉通过", excluded=True, reason="查否")
    add(a.id, visit=(True, True, "满意"))
    add(a.id, visit=(True, False, "基本满意"))
    add(a.id, visit=(False, False, "不满意"))
    add(a.id, closed=False)
    add(a.id, visit=(True, True, "满意"), excluded=True)
    add(b.id, visit=(True, True, "基本满意"))
    add(b.id, visit=(True, True, "满意"), when="2026-11-02 09:00")  # another month
    return a, b


def test_rates_hand_computed(store, actor, month):
    a_row, b_row, street = hotline_rates.month_rates(store, actor, "2026-10")
    assert (a_row.unit, a_row.received, a_row.closed, a_row.valid_visits, a_row.contacted,
            a_row.solved, a_row.satisfied, a_row.basic, a_row.excluded) == (
        "甲社区", 5, 4, 3, 2, 1, 1, 1, 1)
    # 响应率 2/3, 解决率 1/3, 满意率 (1 + 0.9×1)/3, 综合 = (0.1×2/3 + 0.5×1/3 + 0.4×1.9/3)×100
    assert (a_row.response_rate, a_row.resolution_rate, a_row.satisfaction_rate) == (
        66.67, 33.33, 63.33)
    assert a_row.score == 48.67
    assert (b_row.response_rate, b_row.resolution_rate, b_row.satisfaction_rate,
            b_row.score) == (100.0, 100.0, 90.0, 96.0)
    assert street.unit == "全街道" and (street.received, street.valid_visits) == (6, 4)
    # 3/4, 2/4, (1 + 0.9×2)/4 → 75, 50, 70; score 7.5 + 25 + 28
    assert (street.response_rate, street.resolution_rate, street.satisfaction_rate,
            street.score) == (75.0, 50.0, 70.0, 60.5)


def test_weights_are_settings(store, actor, month):
    for key, value in (("response", 0.3), ("resolution", 0.35), ("satisfaction", 0.35)):
        settings.set_value(store, actor, registry.setting(f"hotline.weight.{key}"), value)
    settings.set_value(store, actor, registry.setting("hotline.basic_satisfied_coef"), 0.8)
    b_row = hotline_rates.month_rates(store, actor, "2026-10")[1]
    assert (b_row.satisfaction_rate, b_row.score) == (80.0, 93.0)


def test_worker_sees_own_row_only_and_month_checked(store, actor, month):
    a, _ = month
    rows = hotline_rates.month_rates(store, Actor(3, "甲", "community_worker", a.id), "2026-10")
    assert [r.unit for r in rows] == ["甲社区"]
    with pytest.raises(ValidationError):
        hotline_rates.month_rates(store, actor, "2026-13")
    empty = hotline_rates.month_rates(store, actor, "2025-01")
    assert [(r.unit, r.received, r.score) for r in empty] == [("全街道", 0, None)]


def test_hot_spots_group_by_category_and_place(store, actor, make_community):
    a = make_community("甲社区")
    for no, cat, place, when in (("H1", "市容->占道经营", "早市", "2026-09-03 08:00"),
                                 ("H2", "市容->占道经营", "早市", "2026-10-03 08:00"),
                                 ("H3", "市容->占道经营", "南门", "2026-10-04 08:00"),
                                 ("H4", "噪音", "广场", "2026-10-05 20:00"),
                                 ("H5", "市容->占道经营", "早市", "2026-12-01 08:00")):
        hotline.add_ticket(store, actor, {"ticket_no": no, "received_at": when,
                                          "category": cat, "place": place,
                                          "community_id": a.id})
    rows = hotline_rates.hot_spots(store, actor, "2026-09", "2026-11")
    assert [(r.category, r.place, r.count) for r in rows] == [("市容->占道经营", "早市", 2)]
    rows = hotline_rates.hot_spots(store, actor, "2026-09", "2026-11", 2, by_place=False)
    assert [(r.category, r.count) for r in rows] == [("市容->占道经营", 3)]
    with pytest.raises(ValidationError):
        hotline_rates.hot_spots(store, actor, "2026-11", "2026-09")


def _by_ticket(rows: list[dict]) -> dict:
    """The 三率 counts the rule gives ticket by ticket (rates.py's docstring): the oracle."""
    counts: dict = {}
    for t in rows:
        for unit in (t["community_id"], "street"):
            c = counts.setdefault(unit, dict.fromkeys(
                ("received", "closed", "excluded", "valid_visits", "contacted", "solved",
                 "satisfied", "basic"), 0))
            c["received"] += 1
            c["closed"] += t["closed_at"] is not None
            if t["excluded"]:
                c["excluded"] += 1
                continue
            if t["visit_contacted"] is None and t["visit_satisfaction"] is None:
                continue
            c["valid_visits"] += 1
            c["contacted"] += bool(t["visit_contacted"])
            c["solved"] += bool(t["visit_solved"])
            c["satisfied"] += t["visit_satisfaction"] == "满意"
            c["basic"] += t["visit_satisfaction"] == "基本满意"
    return counts


def test_counts_per_community_follow_the_rule_ticket_by_ticket(store, actor, make_community):
    """Every combination an import can leave (answers missing, no community, voided,
    another month) counted as the rule counts each ticket."""
    import itertools
    import random

    from jiedao_desk.store import bulk

    units = [make_community("甲社区").id, make_community("乙社区").id, None]
    rng = random.Random(7)
    combos = list(itertools.product(units, (None, "2026-10-12 10:00"), (0, 1),
                                    (None, 0, 1), (None, 0, 1),
                                    (None, "满意", "基本满意", "不满意"), (None, "x"),
                                    ("2026-10", "2026-11")))
    rows = []
    with store.atomic():
        first = bulk.next_id(store, "hotline_ticket")
        for n, (cid, closed, excluded, contacted, solved, sat, voided, month) in enumerate(
                rng.sample(combos, 600)):
            row = dict.fromkeys(bulk.columns("hotline_ticket"), "")
            row.update(assignee_kind=None, source="import", dispatch_due="x", feedback_due="y",
                       created_at="now", updated_at="now")
            row.update(id=first + n, ticket_no=f"R{n}", received_at=f"{month}-05 08:00",
                       month=month, claim_class="general", nature="主办", status="closed",
                       community_id=cid, closed_at=closed, excluded=excluded,
                       visit_contacted=contacted, visit_solved=solved,
                       visit_satisfaction=sat, voided_at=voided and "2026-10-20 08:00",
                       void_reason=voided or "", created_by="测试")
            rows.append(row)
        bulk.insert_rows(store, "hotline_ticket", [tuple(r.values()) for r in rows])
    expected = _by_ticket([r for r in rows if r["month"] == "2026-10" and not r["voided_at"]])
    got = hotline_rates.month_rates(store, actor, "2026-10")
    assert len(got) == 4 and got[-1].unit == "全街道" and got[2].unit == "（未分社区）"
    for row in got:
        unit = "street" if row.unit == "全街道" else row.community_id
        assert {k: getattr(row, k) for k in expected[unit]} == expected[unit], row.unit
