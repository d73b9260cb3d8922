# SPDX-License-Identifier: MIT
"""Three sites for exchange tests: a street and two community PCs, each its own database
file, each knowing the other two, passing payloads by hand (no container)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.core import catalog, site
from jiedao_desk.core.exchange import apply as applying
from jiedao_desk.core.exchange import collect as collecting
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store
from jiedao_desk.store import exchange as ex_store


@dataclass
class Site:
    """One installation in a test."""

    name: str
    store: Store
    role: str
    community_code: str = ""
    sent: dict[str, int] = field(default_factory=dict)      # peer uid → last package number
    received: dict[str, int] = field(default_factory=dict)  # peer uid → last applied number

    @property
    def uid(self) -> str:
        return ex_store.site_uid(self.store)

    def community_id(self, code: str) -> int:
        found = ex_store.community_by_code(self.store, code, "")
        assert found is not None, code
        return int(found)


def _enrol(store: Store, other: Site) -> None:
    """Tell ``store`` about ``other`` (the enrolment file's result, keys left out)."""
    community = other.store.scalar("SELECT community_id FROM site WHERE id = 1")
    cid = None
    if community is not None:
        code = other.store.scalar("SELECT code FROM community WHERE id = ?", (community,))
        cid = ex_store.community_by_code(store, code, "")
    with store.atomic():
        store.execute(
            "INSERT INTO exchange_site (uid, name, role, community_id, sign_public, box_public,"
            " fingerprint, enrolled_at) VALUES (?, ?, ?, ?, '', '', '', '2026-11-23 08:00:00')",
            (other.uid, other.name, other.role, cid))


def make_sites(folder: Path) -> tuple[Site, Site, Site]:
    """A street with communities 甲 (A01) and 乙 (B01), and each community's own PC (which
    starts with only its own community, as set up on that PC)."""
    street = Site("街道", Store.open(folder / "street.sqlite3"), "street")
    catalog.load_builtin(street.store, SYSTEM)
    org.add_community(street.store, SYSTEM, "甲社区", "A01")
    org.add_community(street.store, SYSTEM, "乙社区", "B01")
    sites = [street]
    for name, code, file in (("甲社区", "A01", "a"), ("乙社区", "B01", "b")):
        s = Store.open(folder / f"{file}.sqlite3")
        catalog.load_builtin(s, SYSTEM)
        c = org.add_community(s, SYSTEM, name, code)
        site.set_role(s, SYSTEM, "community", c.id, f"{code}社")
        sites.append(Site(name, s, "community", code))
    for one in sites:
        for other in sites:
            if one is not other and not (one.role == other.role == "community"):
                _enrol(one.store, other)
    return sites[0], sites[1], sites[2]


def receiver(sender: Site, to: Site) -> collecting.Receiver:
    """How ``sender`` sees ``to`` (its community's id in the sender's database)."""
    cid = sender.community_id(to.community_code) if to.community_code else None
    return collecting.Receiver(to.uid, to.role, cid)


def export(sender: Site, to: Site) -> tuple[int, collecting.Collected]:
    """Write the next package from ``sender`` to ``to`` (everything since what ``to`` last
    acknowledged, i.e. the last package ``to`` applied)."""
    acked = to.received.get(sender.uid, 0)
    got = collecting.collect(sender.store, receiver(sender, to), acked)
    seq = sender.sent.get(to.uid, 0) + 1
    sender.sent[to.uid] = seq
    with sender.store.atomic():
        collecting.record_sent(sender.store, to.uid, seq, got)
    return seq, got


def deliver(sender: Site, to: Site, seq: int, payload: bytes,
            actor: Actor = SYSTEM) -> applying.Applied:
    """Apply a package at ``to`` and remember it as acknowledged."""
    done = applying.apply(to.store, actor, payload, sender.uid, seq,
                          registry.search_reindexers())
    to.received[sender.uid] = max(seq, to.received.get(sender.uid, 0))
    return done


def exchange(sender: Site, to: Site) -> applying.Applied:
    """Export and deliver at once."""
    seq, got = export(sender, to)
    return deliver(sender, to, seq, got.payload)
