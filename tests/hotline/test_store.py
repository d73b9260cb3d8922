# SPDX-License-Identifier: MIT
"""The ticket store: the list's own count on the live-row index, and the link columns m013
added to existing databases."""

from jiedao_desk.domains.hotline import store as hotline_store


def _ticket(store, n: int, state: str = "received", community_id=None) -> int:
    return hotline_store.insert(store, {
        "ticket_no": f"T{n:04d}", "received_at": f"2026-10-{n % 28 + 1:02d} 09:00",
        "month": "2026-10", "state": state, "community_id": community_id,
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
    src.set_filter("state", "closed")
    assert src.count() == 6  # n = 1,2,4,5,7,8,10,11 are closed; n=1 and 2 are void
    src.set_filter("state", None)
    assert hotline_store.list_source(store, community_id=cid).count() == 5
    clone = src.copy_for(store)
    assert isinstance(clone, hotline_store.TicketListSource) and clone.count() == 10
    with store.atomic():
        _ticket(store, 13)
    src.refresh()
    assert src.count() == 11


def test_m013_backfills_the_domain_of_existing_links(tmp_path):
    from sqlite_utils import Database

    from jiedao_desk.store import Store, migrations

    path = tmp_path / "old.sqlite3"
    db = Database(path)
    migrations.MIGRATIONS.apply(db, stop_before="m013_hotline_links")
    db.execute("INSERT INTO hotline_ticket (ticket_no, received_at, month, dispatch_due,"
               " feedback_due, created_at, created_by, updated_at) VALUES ('OLD1',"
               " '2026-01-01 09:00', '2026-01', 'x', 'x', 'x', 'x', 'x')")
    db.execute("INSERT INTO hotline_link (ticket_id, entity, entity_id, created_at, created_by)"
               " VALUES (1, 'enforcement_case', 5, 'x', 'x')")
    db.conn.commit()
    db.close()
    s = Store.open(path)
    assert s.row("SELECT domain, origin, voided_at FROM hotline_link") == {
        "domain": "enforcement", "origin": "linked", "voided_at": None}
    s.close()
