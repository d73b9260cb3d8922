# SPDX-License-Identifier: MIT
"""The bulk loader of benchmarks."""

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.domains import hotline
from jiedao_desk.store import bulk


def test_bulk_insert_rows_and_next_id(store):
    cols = bulk.columns("enforcement_party")
    assert cols[0] == "case_id"
    with store.atomic():
        first = bulk.next_id(store, "hotline_ticket")
        row = dict.fromkeys(bulk.columns("hotline_ticket"))
        row.update(id=first, ticket_no="B1", received_at="2026-10-01 08:00", month="2026-10",
                   claim_class="general", nature="主办", status="closed", excluded=0,
                   source="import", dispatch_due="x", feedback_due="y", created_at="now",
                   created_by="测试", updated_at="now", claim_type="", category="", title="",
                   content="", claimant_name="", claimant_phone="", place="", city_status="",
                   assignee="", reply="")
        assert bulk.insert_rows(store, "hotline_ticket", [tuple(row.values())]) == 1
    assert hotline.get_ticket(store, SYSTEM, first).ticket_no == "B1"
    assert bulk.next_id(store, "hotline_ticket") == first + 1
