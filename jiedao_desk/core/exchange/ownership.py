# SPDX-License-Identifier: MIT
"""Ownership, not merging: every exchanged record has one owner site, and only the owner
changes it; every other site keeps a read-only copy.

The database refuses a change to a copy whatever path tries it (m020's triggers); this
module names the owner for people ("此记录属于枫林苑社区站点…") and hands a record over to
another site — an explicit action (a mediation case a community committee passes to the
street committee, a 12345 ticket the street gives a community to answer) that travels in
the next package: the record and everything that belongs to it (its parties, events,
history, documents and files) change owner together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ReadOnlyCopy, ValidationError
from jiedao_desk.core.auth import require
from jiedao_desk.core.exchange.labels import TABLES as TABLE_LABELS
from jiedao_desk.core.exchange.tables import BY_NAME, family, is_replicated
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import exchange as ex_store
from jiedao_desk.store import org as org_store

READ_ONLY = "此记录属于{owner}站点，本机只保存只读副本"
SOURCE_LABEL = "来源"  # the last column of a list or ledger that may hold copies
HERE = "本机"          # that column for this site's own records
# What a community's own PC keeps (docs/exchange.md, "Ownership"): its register of residents,
# the certificates it issues, its forms entries and its committee's mediation cases (a
# street committee case has no community). Access requests name several communities and
# 12345 tickets are the street's; both move by their own hand-over.
COMMUNITY_RECORDS = ("resident", "certificate", "forms_entry", "mediation_case")


@dataclass(frozen=True)
class Ownership:
    """Who owns a record, seen from this site."""

    owner: str          # the owner site's uid
    owner_name: str     # how people call it
    here: bool          # owned by this site (may be changed here)
    version: int


def site_label(store: Store, uid: str) -> str:
    """A site as people call it: its enrolled name, else 'this' or 'another'."""
    if uid == ex_store.site_uid(store):
        return HERE
    return ex_store.site_name(store, uid) or f"其他（{uid[:8]}）"


def ownership(store: Store, entity: str, record_id: int) -> Ownership | None:
    """The owner of record ``entity`` #id (None: not an exchanged record, or no such row)."""
    if not is_replicated(entity):
        return None
    book = ex_store.book(store, entity, record_id)
    if book is None:
        return None
    here = book["owner"] == ex_store.site_uid(store)
    return Ownership(book["owner"], site_label(store, book["owner"]), here, book["version"])


def copies(store: Store, entity: str, record_ids: Sequence[int]) -> dict[int, Ownership]:
    """Which of ``record_ids`` are read-only copies here, and whose: record id → owner.

    The one answer lists and views ask, in bulk: a list asks for the rows it paints (one
    query by key for a page of rows), so a windowed list of a million rows stays as fast to
    paint. Records this site owns, and records of tables that do not travel, are not in the
    answer.
    """
    if not is_replicated(entity):
        return {}
    owners = ex_store.foreign_owners(store, entity, record_ids)
    if not owners:
        return {}
    labels = {uid: site_label(store, uid) for uid in set(owners.values())}
    books = ex_store.books(store, entity, list(owners))
    return {rid: Ownership(uid, labels[uid], False, books[rid]["version"] if rid in books else 0)
            for rid, uid in owners.items()}


def sources(store: Store, entity: str, record_ids: Sequence[int]) -> list[str]:
    """The 来源 of each of ``record_ids``, in order: 本机, or 只读（枫林苑社区） for a copy (a
    ledger's last column, as the list shows it)."""
    found = copies(store, entity, record_ids)
    return [copy_label(found[rid]) if rid in found else HERE for rid in record_ids]


def may_hold_copies(store: Store, entity: str) -> bool:
    """Whether records of ``entity`` here may be copies of another site's (a replicated
    table, on a database that knows another site)."""
    return is_replicated(entity) and ex_store.has_peers(store)


def copy_label(found: Ownership) -> str:
    """The short mark of a copy in a list: 只读（枫林苑社区）."""
    return f"只读（{found.owner_name}）"


def copy_reason(store: Store, entity: str, record_id: int | None) -> str | None:
    """Why record ``entity`` #id may not be changed here, in Chinese (None: it may be, as far
    as ownership goes). Views show it on the disabled actions and as a banner."""
    if record_id is None:
        return None
    found = copies(store, entity, [record_id]).get(record_id)
    if found is None:
        return None
    return (READ_ONLY.format(owner=found.owner_name) + "，不能在本机修改；"
            "请在该站点办理，或由该站点移交给本机。")


def require_own(store: Store, entity: str, record_id: int) -> None:
    """Raise unless this site owns the record (a record that is not exchanged is this
    site's)."""
    found = ownership(store, entity, record_id)
    if found is not None and not found.here:
        raise ReadOnlyCopy(READ_ONLY.format(owner=found.owner_name) + "。")


def hand_over(store: Store, actor: Actor, entity: str, record_id: int, to_uid: str,
              reason: str, audit_action: str = "exchange.hand_over") -> int:
    """Give record ``entity`` #id (and all that belongs to it) to the site ``to_uid``; call
    inside the action's transaction. From now on this site keeps a read-only copy; the
    next package to that site carries the record as its own.

    Returns:
        How many rows changed owner.
    """
    store.require_transaction()
    if entity not in BY_NAME or BY_NAME[entity].parent is not None:
        raise ValidationError(f"“{entity}”不是可以移交的记录。", "entity")
    if to_uid == ex_store.site_uid(store):
        raise ValidationError("不能移交给本机。", "to")
    if ex_store.site_name(store, to_uid) is None:
        raise ValidationError("接收的站点没有登记（请先在数据交换中登记该站点）。", "to")
    require_own(store, entity, record_id)
    if ex_store.book(store, entity, record_id) is None:
        raise NotFound(f"没有编号为 {record_id} 的记录（{entity}）。")
    rows = family(store, entity, record_id)
    moved = 0
    by_table: dict[str, list[int]] = {}
    for table, rid in rows:
        by_table.setdefault(table, []).append(rid)
    for table, ids in by_table.items():
        moved += ex_store.hand_over(store, table, ids, to_uid)
    audit_store.record(store, actor, audit_action, entity, record_id,
                       {"owner": ex_store.site_uid(store)},
                       {"owner": to_uid, "owner_name": site_label(store, to_uid),
                        "rows": moved, "reason": reason})
    return moved


def street_uid(store: Store) -> str:
    """The uid of the street site this community site exchanges with."""
    uid = ex_store.street_uid(store)
    if uid is None:
        raise ValidationError("本机还没有登记街道站点，无法移交；请先在“数据交换”中登记街道"
                              "站点。", "to")
    return uid


def community_site_uid(store: Store, community_id: int) -> str:
    """The uid of the site enrolled for a community (the street hands records to it)."""
    uid = ex_store.community_site_uid(store, community_id)
    if uid is None:
        row = org_store.get_community(store, community_id)
        name = row["name"] if row else str(community_id)
        raise ValidationError(f"{name}还没有登记社区站点，无法移交。", "to")
    return uid


def hand_to_community_site(store: Store, actor: Actor, entity: str, record_id: int,
                           community_id: int, reason: str) -> bool:
    """On the street's PC: hand a record to the community's own site, when the community
    has one enrolled (call inside the action's transaction). False when there is none: the
    record stays the street's, as on a single PC."""
    if ex_store.site_role(store) != "street":
        return False
    uid = ex_store.community_site_uid(store, community_id)
    if uid is None:
        return False
    hand_over(store, actor, entity, record_id, uid, reason)
    return True


def hand_back(store: Store, actor: Actor, entity: str, record_id: int, reason: str) -> bool:
    """Give a record that was handed to this site back to the site that made it (call
    inside the action's transaction). False when it was made here or is not held here."""
    book = ex_store.book(store, entity, record_id)
    here = ex_store.site_uid(store)
    if book is None or book["origin"] == here or book["owner"] != here:
        return False
    hand_over(store, actor, entity, record_id, book["origin"], reason)
    return True


def hand_to_street_site(store: Store, actor: Actor, entity: str, record_id: int,
                        reason: str) -> bool:
    """On a community's own PC: hand a record to the street's site for what only the street
    does (call inside the action's transaction). False when this is the street's PC or no
    street site is enrolled: the record stays here."""
    if ex_store.site_role(store) != "community":
        return False
    uid = ex_store.street_uid(store)
    if uid is None:
        return False
    hand_over(store, actor, entity, record_id, uid, reason)
    return True


@dataclass(frozen=True)
class CommunityRecords:
    """A community's records kept on the street's PC, to be handed to the community's site."""

    community_id: int
    community: str      # the community's name
    site_uid: str
    site: str           # the site's enrolled name
    counts: dict[str, int]  # record type (see COMMUNITY_RECORDS) → how many

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        """What moves, in words: 居民 1,203 条、调解案件 12 条 (or 没有需要移交的记录)."""
        parts = [f"{TABLE_LABELS[t]} {n:,} 条" for t, n in self.counts.items() if n]
        return "、".join(parts) or "没有需要移交的记录"


def _community_records(store: Store, community_id: int) -> tuple[CommunityRecords, dict]:
    if ex_store.site_role(store) != "street":
        raise ValidationError("只有街道站点的电脑把社区的记录移交给社区站点；本机是社区站点。",
                              "site")
    row = org_store.get_community(store, community_id)
    if row is None:
        raise NotFound(f"没有编号为 {community_id} 的社区。")
    uid = community_site_uid(store, community_id)
    here = ex_store.site_uid(store)
    ids = {t: ex_store.owned_in_community(store, t, community_id, here)
           for t in COMMUNITY_RECORDS}
    found = CommunityRecords(community_id, row["name"], uid, site_label(store, uid),
                             {t: len(v) for t, v in ids.items()})
    return found, ids


def community_records(store: Store, actor: Actor, community_id: int) -> CommunityRecords:
    """What ``hand_over_community`` would move: the community's records this (street) site
    owns, counted per type.

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: this is not the street's site, or the community has no site.
        NotFound: no such community.
    """
    require(actor, "exchange.manage")
    return _community_records(store, community_id)[0]


def hand_over_community(store: Store, actor: Actor, community_id: int,
                        reason: str) -> CommunityRecords:
    """Give the community's own site every record of the community that it keeps (its
    residents, certificates, forms entries and committee cases, each with what belongs to
    it), held here by the street since before the community had its own PC: one action,
    one transaction, one audit row; the next package to the community carries them as its
    own, and the street keeps read-only copies. Records the community already owns, and
    records of other communities, are left as they are.

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: no reason, not the street's site, or the community has no site.
        NotFound: no such community.
    """
    require(actor, "exchange.manage")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写移交原因。", "reason")
    with store.atomic():
        found, ids = _community_records(store, community_id)
        if not found.total:
            raise ValidationError(f"{found.community}没有由本机保存、需要移交的记录。",
                                  "community")
        rows = 0
        for entity, record_ids in ids.items():
            by_table: dict[str, list[int]] = {}
            for rid in record_ids:
                for table, member in family(store, entity, rid):
                    by_table.setdefault(table, []).append(member)
            for table, members in by_table.items():
                rows += ex_store.hand_over(store, table, members, found.site_uid)
        audit_store.record(store, actor, "exchange.hand_over_community", "community",
                           community_id,
                           {"owner": ex_store.site_uid(store), "owner_name": HERE},
                           {"owner": found.site_uid, "owner_name": found.site,
                            "records": found.summary(), "rows": rows, "reason": reason})
    return found
