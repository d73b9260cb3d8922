# SPDX-License-Identifier: MIT
"""Three sites in memory: the street and two of its communities, each its own database with
the same communities set up (as each PC's administrator does), enrolled with each other."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core import exchange, site
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store

COMMUNITIES = (("枫林苑社区", "FL001", "枫林"), ("和平里社区", "HP002", "和平"))


@dataclass
class Sites:
    street: Store
    maple: Store  # 枫林苑社区's PC
    peace: Store  # 和平里社区's PC
    folder: Path

    def uid(self, store: Store) -> str:
        return site.get_site(store).uid

    def card(self, store: Store, name: str) -> Path:
        """``store``'s enrolment file, written to the test folder."""
        path = self.folder / f"{name}.json"
        exchange.write_enrolment(store, SYSTEM, path)
        return path


def make_site(role: str, community: int | None = None) -> Store:
    """A database set up as the street's PC or one community's (by index in COMMUNITIES).

    Built afresh each time: every installation draws its own site id at creation and owns
    the rows it writes, so a copy of another database would not be a site of its own.
    """
    store = Store.memory()
    org.set_street(store, SYSTEM, "示例街道", "110105001", "朝阳区")
    ids = [org.add_community(store, SYSTEM, name, code).id for name, code, _ in COMMUNITIES]
    if role == "community":
        assert community is not None
        site.set_role(store, SYSTEM, "community", ids[community], COMMUNITIES[community][2])
    return store


def enrol_pair(street: Store, community: Store, folder: Path, name: str) -> None:
    """Each side enrols the other's file, with the fingerprint the other side reads."""
    theirs = folder / f"{name}.json"
    ours = folder / f"street-for-{name}.json"
    fp_c = exchange.write_enrolment(community, SYSTEM, theirs).fingerprint
    fp_s = exchange.write_enrolment(street, SYSTEM, ours).fingerprint
    exchange.enrol(street, SYSTEM, theirs, fp_c)
    exchange.enrol(community, SYSTEM, ours, fp_s)


@pytest.fixture
def bare(tmp_path):
    """The three sites set up, nobody enrolled yet."""
    s = Sites(make_site("street"), make_site("community", 0), make_site("community", 1),
              tmp_path)
    yield s
    for store in (s.street, s.maple, s.peace):
        store.conn.close()


@pytest.fixture
def sites(bare):
    """The three sites, each community enrolled at the street and the street at each."""
    enrol_pair(bare.street, bare.maple, bare.folder, "maple")
    enrol_pair(bare.street, bare.peace, bare.folder, "peace")
    return bare


STAFF = Actor(None, "街道科室甲", "street_staff")
MEDIATOR = Actor(None, "调解员乙", "mediator")
WORKER = Actor(None, "社区工作者丙", "community_worker", community_id=1)
