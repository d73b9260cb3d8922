# SPDX-License-Identifier: MIT
"""The ticket list's own count (on the m015 live-row index) and the bulk loader of benchmarks."""

from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.store import bulk


def _ticket(store, n: int, status: str = "received", community_id=None) -> int:
    return hotline_store.insert(store, {
        "ticket_no": f"T{n:04d}", "received_at": f"2026-10-{n % 28 + 1:02d} 09:00",
        "month": "2026-10", "status": status, "community_id": community_id,
        "dispatch_due": "2026-11-01 18:00", "feedback_due": "2026-11-08 18:00"}, "测试")


def test_ticket_list_counts_live_rows_only(store, make_community):
    cid = make_community("和平里社区").id
    with store.atomic():
        ids = [_ticket(store, n, "closed" if n % 3 else "received", cid if n % 2 else None)
               for n in range(1, 13)]
        hotline_store.void(store, ids[0], "重复登记")  # n=1: closed, community cid
        hotline_store.void(store, ids[1], "重复登记")  # n=2: closed, no community
    src = hotline_store.list_source(store)
    assert src.count() == 10
    assert len(src.page(0)) == 10 and ids[0] not in [r[0] for r in src.page(0)]
    src.set_filter("status", "closed")
    assert src.count() == 6  # n = 1,2,4,5,7,8,10,11 are closed; n=1 and 2 are void
    src.set_filter("status", None)
    assert hotline_store.list_source(store, community_id=cid).count() == 5
    clone = src.copy_for(store)
    assert isinstance(clone, hotline_store.TicketListSource) and clone.count() == 10
    with store.atomic():
        _ticket(store, 13)
    src.refresh()
    assert src.count() == 11


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
    assert hotline_store.get(store, first)["ticket_no"] == "B1"
    assert bulk.next_id(store, "hotline_ticket") == first + 1
