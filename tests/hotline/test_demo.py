# SPDX-License-Identifier: MIT
"""Demo data includes 12345 tickets across communities, months, states and return visits."""

from jiedao_desk import demo
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.domains.hotline import reports as hotline_reports


def test_demo_tickets_populate_list_and_trend(store):
    result = demo.generate(store, 50, seed=3)
    assert result.hotline_tickets == 360
    rows = store.rows("SELECT month, status, community_id, visit_satisfaction, received_at"
                      " FROM hotline_ticket")
    assert len(rows) == 360 and all(r["received_at"] <= "2026-11-23 23:59" for r in rows)
    assert len({r["month"] for r in rows}) == 12
    assert len({r["community_id"] for r in rows}) > 5
    assert {r["status"] for r in rows} == {"received", "dispatched", "closed"}
    assert {r["visit_satisfaction"] for r in rows} >= {"满意", "基本满意", "不满意"}
    t = hotline_reports.trend(store, SYSTEM, count=12)
    assert all(v is not None for v in t.values("全街道", "score"))
    # a second (appending) run adds residents but never duplicates the tickets
    assert demo.generate(store, 10, seed=4, append=True).hotline_tickets == 0
