# SPDX-License-Identifier: MIT
"""Conflicts: an administrator reads both versions in Chinese and settles one by choosing
this site's version or the other (one transaction with its audit row; nobody else may)."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import NotFound, PermissionDenied, ValidationError
from jiedao_desk.core.check import check
from jiedao_desk.core.exchange import changes, labels
from jiedao_desk.core.exchange.tables import TABLES
from jiedao_desk.domains import residents
from jiedao_desk.store import Store
from tests.core.exchange.sites import exchange, make_sites

STAFF = Actor(None, "科员", "street_staff")


@pytest.fixture
def sites(tmp_path):
    street, a, b = make_sites(tmp_path)
    yield street, a, b
    for s in (street, a, b):
        s.store.close()


def make_conflict(street, a, owner=None):
    """甲's resident 张三 at the street; the street's copy changed behind the app's back and
    claimed for the street (or for ``owner``, a third site); then 甲 changes it too."""
    exchange(street, a)
    res = residents.add_resident(a.store, SYSTEM, a.community_id("A01"), "张三",
                                 phone="13800000000")
    exchange(a, street)
    with street.store.atomic():
        street.store.execute("INSERT INTO exchange_applying (id) VALUES (1)")
        street.store.execute("UPDATE resident SET notes = '街道改的'")
        street.store.execute("UPDATE exchange_row SET owner = COALESCE(?, (SELECT uid FROM"
                             " site)) WHERE tbl = 'resident'", (owner,))
        street.store.execute("DELETE FROM exchange_applying")
    residents.update_resident(a.store, SYSTEM, res.id, notes="社区改的", phone="13900000000")
    assert exchange(a, street).conflicts == 1
    return res


def audit_rows(store: Store, action: str) -> list[dict]:
    return store.rows("SELECT * FROM audit_log WHERE action = ?", (action,))


def test_every_replicated_column_has_a_chinese_label():
    store = Store.memory()
    for table in TABLES:
        assert table.name in labels.TABLES
        for col in store.rows(f'PRAGMA table_info("{table.name}")'):
            assert col["name"] in labels.COLUMNS, (table.name, col["name"])
    assert labels.describe("resident", None, {"name": "张三"}) == "居民“张三”"
    assert labels.describe("hotline_ticket", {"ticket_no": "T1"}) == "12345工单“T1”"
    assert labels.describe("mediation_event", {}) == "调解工作记录"


def test_both_versions_side_by_side_in_chinese(sites):
    street, a, _ = sites
    make_conflict(street, a)
    [c] = changes.conflicts(street.store, SYSTEM)
    assert c.record == "居民“张三”" and c.owned_here and c.sender_name == "甲社区"
    diff = {f.label: (f.ours, f.theirs) for f in c.differing}
    assert diff["备注"] == ("街道改的", "社区改的")
    assert diff["电话"][1].replace(" ", "") == "13900000000"
    same = {f.label for f in c.fields if not f.differs}
    assert {"姓名/名称", "社区"} <= same  # the community reference, translated, is the same


def test_keep_ours_marks_it_settled_and_changes_no_record(sites):
    street, a, _ = sites
    make_conflict(street, a)
    [c] = changes.conflicts(street.store, SYSTEM)
    before = street.store.row("SELECT * FROM resident")
    version = street.store.scalar("SELECT version FROM exchange_row WHERE tbl = 'resident'")
    changes.resolve_conflict(street.store, SYSTEM, c.id, "以街道为准", keep="ours")
    assert street.store.row("SELECT * FROM resident") == before
    assert street.store.scalar("SELECT version FROM exchange_row WHERE tbl = 'resident'") \
        == version
    [done] = changes.conflicts(street.store, SYSTEM, include_resolved=True)
    assert done.resolution == "保留本机版本：以街道为准"
    [row] = audit_rows(street.store, "exchange.resolve_conflict")
    assert '"keep": "ours"' in row["after_json"]
    with pytest.raises(NotFound):  # settled once
        changes.resolve_conflict(street.store, SYSTEM, c.id, "again")


def test_take_theirs_writes_their_values_as_a_new_version_that_travels(sites):
    street, a, b = sites
    make_conflict(street, a)
    [c] = changes.conflicts(street.store, SYSTEM)
    version = street.store.scalar("SELECT version FROM exchange_row WHERE tbl = 'resident'")
    changes.resolve_conflict(street.store, SYSTEM, c.id, "社区的更准", keep="theirs")
    row = street.store.row("SELECT * FROM resident")
    assert (row["notes"], row["phone"].replace(" ", "")) == ("社区改的", "13900000000")
    assert street.store.scalar("SELECT version FROM exchange_row WHERE tbl = 'resident'") \
        == version + 1
    assert changes.conflicts(street.store, SYSTEM) == []
    [audit] = audit_rows(street.store, "exchange.resolve_conflict")
    assert '"keep": "theirs"' in audit["after_json"] and "notes" in audit["after_json"]
    assert check(street.store).ok, [p.message for p in check(street.store).problems]
    # a change made here to the street's own row: the next packages carry it
    assert street.store.scalar("SELECT local_change FROM exchange_row WHERE tbl = 'resident'")


def test_only_the_owner_may_take_the_other_version(sites):
    street, a, b = sites
    make_conflict(street, a, owner=b.uid)  # 乙's, as far as the street knows
    [c] = changes.conflicts(street.store, SYSTEM)
    assert not c.owned_here and c.local_owner_name == "乙社区"
    before = street.store.row("SELECT * FROM resident")
    with pytest.raises(ValidationError, match="属于乙社区站点"):
        changes.resolve_conflict(street.store, SYSTEM, c.id, "想用社区的", keep="theirs")
    assert street.store.row("SELECT * FROM resident") == before
    assert len(changes.conflicts(street.store, SYSTEM)) == 1  # nothing written
    assert audit_rows(street.store, "exchange.resolve_conflict") == []


def test_refusals_write_nothing(sites):
    street, a, _ = sites
    make_conflict(street, a)
    [c] = changes.conflicts(street.store, SYSTEM)
    with pytest.raises(PermissionDenied):
        changes.resolve_conflict(street.store, STAFF, c.id, "科员处理", keep="theirs")
    with pytest.raises(PermissionDenied):
        changes.conflicts(street.store, STAFF)
    with pytest.raises(ValidationError, match="请写明"):
        changes.resolve_conflict(street.store, SYSTEM, c.id, "  ", keep="theirs")
    with pytest.raises(ValidationError, match="请选择"):
        changes.resolve_conflict(street.store, SYSTEM, c.id, "x", keep="both")
    with pytest.raises(NotFound):
        changes.resolve_conflict(street.store, SYSTEM, 999, "x")
    assert street.store.scalar("SELECT notes FROM resident") == "街道改的"
    assert len(changes.conflicts(street.store, SYSTEM)) == 1


def test_a_failure_while_taking_theirs_rolls_everything_back(sites, monkeypatch):
    street, a, _ = sites
    make_conflict(street, a)
    [c] = changes.conflicts(street.store, SYSTEM)

    def boom(*_a, **_k):
        raise RuntimeError("killed while writing the audit row")

    monkeypatch.setattr(changes.audit_store, "record", boom)
    with pytest.raises(RuntimeError):
        changes.resolve_conflict(street.store, SYSTEM, c.id, "社区的更准", keep="theirs")
    assert street.store.scalar("SELECT notes FROM resident") == "街道改的"
    assert len(changes.conflicts(street.store, SYSTEM)) == 1


def test_command_line_keeps_the_version_chosen(sites, capsys, cli_admin):
    from jiedao_desk import cli

    street, a, _ = sites
    make_conflict(street, a)
    [c] = changes.conflicts(street.store, SYSTEM)
    path = str(street.store.path)
    street.store.close()
    cli_admin(path)
    code = cli.main(["--db", path, "exchange", "conflicts", "--resolve", str(c.id),
                     "--keep", "采用对方版本", "--note", "社区的更准"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "采用对方版本" in out.out
    street.store = Store.open(path)
    assert street.store.scalar("SELECT notes FROM resident") == "社区改的"
    assert changes.conflicts(street.store, SYSTEM) == []
