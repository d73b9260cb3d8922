# SPDX-License-Identifier: MIT
"""Changes in real packages (signed, encrypted, numbered): export to a folder, import, a
duplicate, a lost package reported as a gap and covered by the next one, the status."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import site
from jiedao_desk.core.exchange import changes
from jiedao_desk.core.permissions import ROLES
from jiedao_desk.domains import residents


def _uid(store):
    return site.get_site(store).uid


def _send(src, dst, folder):
    done = changes.export_package(src, SYSTEM, _uid(dst), folder, to_folder=True)
    return done, changes.import_package(dst, SYSTEM, done.path)


def test_packages_carry_changes_both_ways_and_report_gaps(sites, tmp_path):
    street, maple = sites.street, sites.maple
    done, got = _send(street, maple, tmp_path)
    assert done.path.parent == tmp_path and done.path.suffix == ".jdx"
    assert (got.status, got.seq) == ("new", 1)
    cid = maple.scalar("SELECT id FROM community WHERE code = 'FL001'")
    residents.add_resident(maple, SYSTEM, cid, "张三")
    done, got = _send(maple, street, tmp_path)
    assert got.applied is not None and got.applied.inserted == 1
    assert street.scalar("SELECT name FROM resident") == "张三"
    # the same file again: nothing
    again = changes.import_package(street, SYSTEM, done.path)
    assert again.status == "duplicate" and again.applied is None
    # a lost package: the next one says what is missing and still carries everything
    residents.add_resident(maple, SYSTEM, cid, "李四")
    changes.export_package(maple, SYSTEM, _uid(street), tmp_path / "lost.jdx")
    residents.add_resident(maple, SYSTEM, cid, "王五")
    _, got = _send(maple, street, tmp_path)
    assert got.missing == (2,)
    assert sorted(r[0] for r in street.execute("SELECT name FROM resident")) == \
        ["张三", "李四", "王五"]
    # the street acknowledged package 3 in its next package: nothing is waiting at 枫林苑
    _send(street, maple, tmp_path)
    status = {w.uid: w for w in changes.status(maple, SYSTEM)}
    assert status[_uid(street)].acked == 3 and status[_uid(street)].changes_waiting == 0
    gaps = {w.uid: w.gaps for w in changes.status(street, SYSTEM)}
    assert gaps[_uid(maple)] == (2,)
    # the lost one arrives after all: the gap is filled, nothing doubles
    late = changes.import_package(street, SYSTEM, tmp_path / "lost.jdx")
    assert late.status == "late" and late.applied is not None
    assert late.applied.inserted == 0
    assert street.scalar("SELECT COUNT(*) FROM resident") == 3


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_may_export(sites, tmp_path, role):
    from jiedao_desk.base.actor import Actor

    actor = Actor(None, "某人", role, community_id=1 if role == "community_worker" else None)
    allowed = role in ("admin", "street_staff", "community_worker")
    out = tmp_path / "out"
    out.mkdir()
    if allowed:
        changes.export_package(sites.street, actor, _uid(sites.maple), out, True)
        assert len(list(out.iterdir())) == 1
    else:
        with pytest.raises(PermissionDenied):
            changes.export_package(sites.street, actor, _uid(sites.maple), out, True)
        assert not list(out.iterdir())
