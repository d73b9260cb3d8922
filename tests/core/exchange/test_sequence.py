# SPDX-License-Identifier: MIT
"""Package numbers: per sender→receiver from 1; a package received twice is recognised, a
missing one is reported and remembered until it arrives, acknowledgements travel back; a
site restored from a backup continues its numbers and says so until acknowledged."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core import auth, backup, exchange
from jiedao_desk.core.exchange import keys
from jiedao_desk.store import Store
from tests.conftest import ADMIN_PASSWORD

from .conftest import enrol_pair, make_site


def send(sender: Store, receiver: Store, payload: bytes = b"p") -> exchange.Opened:
    """Seal at ``sender``, open at ``receiver`` (not yet recorded)."""
    to = _uid(receiver)
    data = exchange.seal_package(sender, SYSTEM, to, payload).data
    return exchange.open_package(receiver, SYSTEM, data)


def receive(store: Store, opened: exchange.Opened) -> exchange.Receipt:
    with store.atomic():
        return exchange.record_received(store, opened.header)


def _uid(store: Store) -> str:
    from jiedao_desk.core import site

    return site.get_site(store).uid


def peer(store: Store, other: Store) -> exchange.Peer:
    return exchange.get_peer(store, SYSTEM, _uid(other))


def test_numbers_run_per_receiver_and_acknowledgements_travel_back(sites):
    a = [send(sites.street, sites.maple) for _ in range(3)]
    b = send(sites.street, sites.peace)
    assert [o.header.seq for o in a] == [1, 2, 3] and b.header.seq == 1
    assert exchange.next_seq(sites.street, _uid(sites.maple)) == (4, False)
    for o in a:
        assert receive(sites.maple, o).status == "new"
    back = send(sites.maple, sites.street)
    assert (back.header.seq, back.header.ack) == (1, 3)
    receive(sites.street, back)
    p = peer(sites.street, sites.maple)
    assert (p.last_sent, p.acked, p.last_received, p.unacknowledged) == (3, 3, 1, 0)
    assert peer(sites.street, sites.peace).unacknowledged == 1
    assert send(sites.street, sites.maple).header.ack == 1


def test_a_package_received_twice_is_recognised(sites):
    o = send(sites.street, sites.maple)
    assert exchange.classify(sites.maple, o.header).status == "new"
    assert receive(sites.maple, o).status == "new"
    assert exchange.classify(sites.maple, o.header).duplicate
    again = receive(sites.maple, o)
    assert again.duplicate and peer(sites.maple, sites.street).last_received == 1


def test_a_gap_is_reported_remembered_and_filled_when_the_package_arrives(sites):
    first, lost, third, fourth = (send(sites.street, sites.maple) for _ in range(4))
    receive(sites.maple, first)
    r = receive(sites.maple, fourth)
    assert (r.status, r.missing) == ("new", (2, 3))
    assert peer(sites.maple, sites.street).gaps == (2, 3)
    assert [g["seq"] for g in exchange.open_gaps(sites.maple)] == [2, 3]
    assert receive(sites.maple, third).status == "late"  # reordered, arriving after all
    assert peer(sites.maple, sites.street).gaps == (2,)  # never skipped silently
    assert receive(sites.maple, third).duplicate
    assert receive(sites.maple, lost).status == "late"
    assert peer(sites.maple, sites.street).gaps == ()
    assert peer(sites.maple, sites.street).last_received == 4


def test_a_rolled_back_export_gives_its_number_back_and_claims_no_restore(sites):
    to = _uid(sites.maple)
    with pytest.raises(RuntimeError), sites.street.atomic():
        exchange.seal_package(sites.street, SYSTEM, to, b"p")
        raise RuntimeError("the USB stick was pulled")
    assert exchange.next_seq(sites.street, to) == (1, False)
    o = send(sites.street, sites.maple)
    assert (o.header.seq, o.header.restored_from_backup) == (1, False)
    assert keys.sent_numbers(_uid(sites.street))[to] == 1  # written once committed


def file_site(tmp_path, name: str, role: str, community=None) -> Store:
    """A site on a database file (restorable from its backups)."""
    mem = make_site(role, community)
    path = tmp_path / name / "desk.sqlite3"
    path.parent.mkdir()
    import sqlite3

    target = sqlite3.connect(path)
    mem.conn.backup(target)
    target.close()
    mem.conn.close()
    store = Store.open(path)
    # a backup without an administrator is refused on restore
    auth.create_first_admin(store, "admin", "管理员", ADMIN_PASSWORD)
    return store


def test_a_site_restored_from_a_backup_continues_its_numbers(tmp_path):
    street = file_site(tmp_path, "street", "street")
    maple = make_site("community", 0)
    enrol_pair(street, maple, tmp_path, "maple")
    try:
        receive(maple, send(street, maple))
        saved = backup.backup_now(street, "manual", actor=SYSTEM)
        sent_after = [send(street, maple) for _ in range(2)]  # 2 and 3 left the PC
        receive(maple, sent_after[0])
        backup.restore(street, SYSTEM, saved.path)  # the disk died; 2 and 3 are forgotten
        assert peer(street, maple).last_sent == 1
        assert exchange.next_seq(street, _uid(maple)) == (4, True)
        o = send(street, maple)
        assert (o.header.seq, o.header.restored_from_backup) == (4, True)
        assert receive(maple, o).missing == (3,)  # what was lost is reported, not reused
        later = send(street, maple)  # still said until the community acknowledges 4
        assert (later.header.seq, later.header.restored_from_backup) == (5, True)
        receive(street, send(maple, street))
        assert peer(street, maple).acked == 4
        o = send(street, maple)
        assert (o.header.seq, o.header.restored_from_backup) == (6, False)
    finally:
        street.close()
        maple.conn.close()


def test_an_acknowledgement_above_what_was_sent_reveals_a_restore(tmp_path):
    """The keys folder's record lost too (another PC): the other site's acknowledgement
    still keeps the numbers from being reused."""
    street = file_site(tmp_path, "street", "street")
    maple = make_site("community", 0)
    enrol_pair(street, maple, tmp_path, "maple")
    try:
        saved = backup.backup_now(street, "manual", actor=SYSTEM)
        for _ in range(3):
            receive(maple, send(street, maple))
        backup.restore(street, SYSTEM, saved.path)
        keys.sequence_file(_uid(street)).unlink()
        assert exchange.next_seq(street, _uid(maple)) == (1, False)  # nothing tells yet
        receive(street, send(maple, street))  # says: received up to 3
        assert peer(street, maple).last_sent == 3
        o = send(street, maple)
        assert (o.header.seq, o.header.restored_from_backup) == (4, True)
        assert receive(maple, o).status == "new"
    finally:
        street.close()
        maple.conn.close()


def test_a_restored_site_may_ask_again_from_a_lower_acknowledgement(tmp_path):
    maple = file_site(tmp_path, "maple", "community", 0)
    street = make_site("street")
    enrol_pair(street, maple, tmp_path, "maple")
    try:
        receive(maple, send(street, maple))
        saved = backup.backup_now(maple, "manual", actor=SYSTEM)
        for _ in range(2):
            receive(maple, send(street, maple))
        receive(street, send(maple, street))
        assert peer(street, maple).acked == 3
        backup.restore(maple, SYSTEM, saved.path)  # 枫林苑 lost packages 2 and 3
        o = send(maple, street)
        assert (o.header.ack, o.header.restored_from_backup) == (1, True)
        receive(street, o)
        # so the street knows to send again what came after 1
        assert peer(street, maple).acked == 1
    finally:
        maple.close()
        street.conn.close()
