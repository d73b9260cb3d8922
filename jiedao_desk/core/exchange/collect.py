# SPDX-License-Identifier: MIT
"""Collecting the changes one site sends another: every row changed here since what the
receiver last acknowledged, that the receiver may see, with the rows they refer to, the
audit entries that made them, the catalogue versions they cite, and the bytes of their
documents and attachments.

The payload is a zip (the container in ``package`` signs and encrypts it):
``manifest.json`` (who, up to which change, the audit chain's head), ``rows.json`` (row
images), ``audit.json`` (audit entries), ``catalogs.json`` and ``blobs/<sha256>``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jiedao_desk.core.exchange.tables import (
    BLOB_COLUMNS,
    BY_NAME,
    COMMITTEE_COLUMNS,
    POLYMORPHIC,
    TABLES,
    family,
    is_replicated,
    refs,
)
from jiedao_desk.store import Store
from jiedao_desk.store import attachments as attachments_store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import exchange as ex_store
from jiedao_desk.store import site as site_store

FORMAT = 1
_ALL = "all"      # a row every site may receive (the community list)
_NONE = "none"    # a row only the street receives


@dataclass(frozen=True)
class Receiver:
    """The site a package is for: its uid, role and (a community site) its community's id
    in this database."""

    uid: str
    role: str
    community_id: int | None = None


@dataclass(frozen=True)
class Collected:
    """A payload and what it carries."""

    payload: bytes
    upto: int            # the newest change counter it covers
    audit_upto: int      # the newest audit row it covers
    rows: int            # row images changed here (not counting rows they refer to)
    references: int      # rows carried because a changed row refers to them
    audit_entries: int
    blobs: int


class _Collector:
    def __init__(self, store: Store, receiver: Receiver):
        self.store = store
        self.receiver = receiver
        self.here = ex_store.site_uid(store)
        self._rows: dict[tuple[str, int], dict] = {}
        self._books: dict[tuple[str, int], dict | None] = {}
        self._community: dict[tuple[str, int], Any] = {}
        self._refs = {t.name: refs(store, t.name) for t in TABLES}
        self.images: dict[tuple[str, int], dict] = {}
        self.queue: list[tuple[str, int]] = []
        self.blobs: dict[str, bytes] = {}
        self.catalogs: dict[str, dict] = {}

    # -- reading rows, cached --------------------------------------------------------------
    def load(self, table: str, row_ids: Iterable[int]) -> None:
        want = [r for r in row_ids if (table, r) not in self._rows]
        if not want:
            return
        found = ex_store.images(self.store, table, want)
        books = ex_store.books(self.store, table, want)
        for rid in want:
            self._rows[(table, rid)] = found.get(rid)  # type: ignore[assignment]
            self._books[(table, rid)] = books.get(rid)

    def row(self, table: str, rid: int) -> dict | None:
        self.load(table, [rid])
        return self._rows[(table, rid)]

    def book(self, table: str, rid: int) -> dict | None:
        self.load(table, [rid])
        return self._books[(table, rid)]

    # -- who may receive a row --------------------------------------------------------------
    def community_of(self, table: str, rid: int) -> Any:
        key = (table, rid)
        if key not in self._community:
            self._community[key] = self._find_community(table, rid)
        return self._community[key]

    def _find_community(self, table: str, rid: int) -> Any:
        spec = BY_NAME[table]
        row = self.row(table, rid)
        if row is None or spec.street_only:
            return _NONE
        if spec.community in ("self", "all"):
            return _ALL
        if spec.community == "community_id":
            return row.get("community_id") if row.get("community_id") is not None else _NONE
        if spec.community == "links":
            links = ex_store.request_links(self.store, [rid])[rid]
            return self.receiver.community_id if self.receiver.community_id in links else _NONE
        assert spec.parent is not None
        column, parent = spec.parent
        if parent == "*":
            parent = row.get("entity") or ""
            if not is_replicated(parent):
                return _NONE
        target = row.get(column)
        if target is None:
            return _NONE
        found = self.community_of(parent, int(target))
        if table == "hotline_link" and is_replicated(row.get("entity")) and \
                row.get("entity_id") is not None and not self._may_receive(
                    str(row["entity"]), int(row["entity_id"])):
            return _NONE  # a ticket's link to a case the receiver may not see
        return found

    def _may_receive(self, table: str, rid: int) -> bool:
        if self.receiver.role == "street":
            return self.row(table, rid) is not None
        found = self.community_of(table, rid)
        return found == _ALL or (found != _NONE and found == self.receiver.community_id)

    # -- encoding ----------------------------------------------------------------------------
    def identity(self, table: str, rid: int) -> list | None:
        """A row's identity across sites, queued to travel with the package; None when the
        receiver may not see it (the reference is left empty)."""
        if table in ("catalog_version", "catalog_item"):
            return self._catalog_ref(table, rid)
        if not is_replicated(table) or not self._may_receive(table, rid):
            return None
        book = self.book(table, rid)
        if book is None:
            return None
        if (table, rid) not in self.images:
            self.queue.append((table, rid))
        if table == "community":  # every site has its communities: matched by code or name
            row = self.row(table, rid) or {}
            return ["community", row.get("code") or "", row.get("name") or ""]
        return [book["origin"], book["origin_id"]]

    def _catalog_ref(self, table: str, rid: int) -> list | None:
        if table == "catalog_item":
            item = ex_store.catalog_item(self.store, rid)
            if item is None:
                return None
            version = self._catalog_ref("catalog_version", item["version_id"])
            return None if version is None else [*version, item["seq"]]
        key = f"catalog_version:{rid}"
        if key not in self.catalogs:
            row = ex_store.catalog_version(self.store, rid)
            if row is None:
                return None
            self.catalogs[key] = {"version": row,
                                  "items": ex_store.catalog_items(self.store, rid)}
        v = self.catalogs[key]["version"]
        return [v["catalog"], v["content_sha256"] or "", v["label"]]

    def encode(self, table: str, rid: int, kind: str) -> dict:
        row = dict(self.row(table, rid) or {})
        book = self.book(table, rid)
        assert book is not None
        spec = BY_NAME[table]
        values: dict[str, Any] = {}
        table_refs = self._refs[table]
        for col, val in row.items():
            if col == "id" or col in spec.local_columns:
                continue
            if col in table_refs and val is not None:
                values[col] = self.identity(table_refs[col], int(val))
            elif table in POLYMORPHIC and col == "entity_id" and val is not None and \
                    is_replicated(row.get("entity")):
                values[col] = self.identity(str(row["entity"]), int(val))
            elif COMMITTEE_COLUMNS.get(table) == col and str(val).startswith("c:"):
                values[col] = ["c", self.identity("community", int(str(val)[2:]))]
            else:
                values[col] = val
        if table in BLOB_COLUMNS:
            col, sha_col = BLOB_COLUMNS[table]
            if isinstance(values.get(col), bytes):
                self.blobs[str(values[sha_col])] = values[col]
                values[col] = None
        if table == "attachment":
            data = attachments_store.read_plain(self.store, str(row["sha256"])) \
                if self.store.path is not None else None
            if data is not None:
                self.blobs[str(row["sha256"])] = data
        image = {"t": table, "o": book["origin"], "i": book["origin_id"], "w": book["owner"],
                 "v": book["version"], "k": kind, "c": values}
        if table == "access_request":
            links = ex_store.request_links(self.store, [rid])[rid]
            image["links"] = [x for x in (self.identity("community", c) for c in links)
                              if x is not None]
        return image


def _changed_for(c: _Collector, since: int, upto: int) -> list[tuple[str, int]]:
    """The rows changed here after change ``since`` (up to ``upto``) that the collector's
    receiver may see, parents first."""
    changed = [r for r in ex_store.changed_since(c.store, since) if r["seq"] <= upto]
    by_table: dict[str, list[int]] = {}
    for r in changed:
        by_table.setdefault(r["tbl"], []).append(r["row_id"])
    own: list[tuple[str, int]] = []
    street = site_store.get(c.store)["role"] == "street"
    for table in (t.name for t in TABLES):  # parents first: their rows are cached for children
        ids = by_table.get(table, [])
        if table == "community" and not street:
            continue  # the street keeps the community list; a community's own copy stays here
        c.load(table, ids)
        own += [(table, rid) for rid in ids if c._may_receive(table, rid)]
    return own


def waiting(store: Store, receiver: Receiver, since_package: int = 0) -> int:
    """How many changed records the next package to ``receiver`` would carry as its own
    (what it may see of the changes since the package it acknowledged; the rows they refer
    to are not counted)."""
    base = ex_store.sent(store, receiver.uid, since_package) if since_package else None
    return len(_changed_for(_Collector(store, receiver), base["upto"] if base else 0,
                            ex_store.top_seq(store)))


def collect(store: Store, receiver: Receiver, since_package: int = 0) -> Collected:
    """The payload of a package to ``receiver``: every change here after what the package
    numbered ``since_package`` carried (the last one the receiver acknowledged; 0 = from
    the start), limited to what the receiver may see.

    Lost or reordered packages do no harm: each package holds everything since the
    acknowledged one, and the receiver skips what it already has.
    """
    base = ex_store.sent(store, receiver.uid, since_package) if since_package else None
    audit_since = base["audit_upto"] if base else 0
    upto, audit_upto = ex_store.top_seq(store), ex_store.top_audit(store)
    c = _Collector(store, receiver)
    own = _changed_for(c, base["upto"] if base else 0, upto)
    for table, rid in own:
        c.images[(table, rid)] = c.encode(table, rid, "own")
    for table, rid in own:
        # A record the receiver may see now may have rows it never got (a ticket dispatched
        # to its community, a case handed over): they travel along, skipped where present.
        if BY_NAME[table].parent is None and table != "community":
            for child in family(store, table, rid)[1:]:
                if child not in c.images and c._may_receive(*child):
                    c.queue.append(child)
    references = 0
    while c.queue:
        table, rid = c.queue.pop()
        if (table, rid) not in c.images:
            c.images[(table, rid)] = c.encode(table, rid, "ref")
            references += 1
    own_keys = {(t, str(r)) for t, r in own}
    entries = [e for e in ex_store.audit_rows_since(store, audit_since)
               if e["id"] <= audit_upto and (e["entity"], e["entity_id"]) in own_keys]
    count, head_hash = audit_store.head(store)
    manifest = {
        "format": FORMAT, "sender": c.here, "receiver": receiver.uid,
        "since_package": since_package, "upto": upto, "audit_upto": audit_upto,
        "audit_head": {"id": ex_store.top_audit(store), "count": count, "hash": head_hash},
        "rows": len(own), "references": references, "audit_entries": len(entries),
    }
    payload = _zip(manifest, list(c.images.values()), entries,
                   [v for v in c.catalogs.values()], c.blobs)
    return Collected(payload, upto, audit_upto, len(own), references, len(entries),
                     len(c.blobs))


def _zip(manifest: dict, images: list[dict], entries: list[dict], catalogs: list[dict],
         blobs: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", _json(manifest))
        z.writestr("rows.json", _json(images))
        z.writestr("audit.json", _json(entries))
        z.writestr("catalogs.json", _json(catalogs))
        for sha, data in sorted(blobs.items()):
            # PDFs and photos are compressed already
            z.writestr(zipfile.ZipInfo(f"blobs/{sha}", (2026, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record_sent(store: Store, receiver_uid: str, package_seq: int, collected: Collected) -> None:
    """Remember what package ``package_seq`` to the receiver carried (in the transaction that
    numbers it), so the package after its acknowledgement starts there."""
    ex_store.record_sent(store, receiver_uid, package_seq, collected.upto,
                         collected.audit_upto, collected.rows)
