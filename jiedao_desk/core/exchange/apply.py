# SPDX-License-Identifier: MIT
"""Applying a payload another site collected (``collect``): all of it in one transaction.

Each row image names its row across sites (origin site, origin id), its owner and its
version. Here it becomes a new row (under a local id chosen before anything is written, so
rows may refer to each other in any order), an update of the read-only copy kept here, or
nothing: an image no newer than what is here is skipped, so the same package twice, or an
older package after a newer one, changes nothing. A changed row that this site (or a third
one) owns is a conflict: this site's version stays, the other is kept beside it for an
administrator. References are translated to local ids; documents get their PDF bytes and
attachments their files from the package's blobs, checked against their SHA-256.

The sender's audit entries are kept in ``exchange_audit`` after each one's hash has been
recomputed, consecutive ones checked link by link and the chain head the package states
compared with the entry that carries it; the receiver never has the sender's keys.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core.exchange.collect import FORMAT
from jiedao_desk.core.exchange.tables import (
    BLOB_COLUMNS,
    BY_NAME,
    COMMITTEE_COLUMNS,
    POLYMORPHIC,
    TABLES,
    is_replicated,
    refs,
)
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import blobs as blobs_store
from jiedao_desk.store import exchange as ex_store
from jiedao_desk.store.attachments import blob_path

Reindex = Callable[[Store, int], None]
_ORDER = {t.name: n for n, t in enumerate(TABLES)}


class PayloadRefused(ValidationError):
    """A payload that cannot be applied; nothing of it was."""


@dataclass(frozen=True)
class Payload:
    """A payload read back: what ``collect`` wrote."""

    manifest: dict
    images: list[dict]
    audit: list[dict]
    catalogs: list[dict]
    blobs: dict[str, bytes]


@dataclass
class Applied:
    """What applying a payload did."""

    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    conflicts: int = 0
    audit_entries: int = 0
    touched: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        """Counts for the audit row and ``--json``."""
        return {"inserted": self.inserted, "updated": self.updated, "skipped": self.skipped,
                "conflicts": self.conflicts, "audit_entries": self.audit_entries}


def read_payload(data: bytes) -> Payload:
    """Unpack a payload; refuse one that is not a payload of this format."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            manifest = json.loads(z.read("manifest.json"))
            images = json.loads(z.read("rows.json"))
            entries = json.loads(z.read("audit.json"))
            catalogs = json.loads(z.read("catalogs.json"))
            blobs = {n.removeprefix("blobs/"): z.read(n) for n in z.namelist()
                     if n.startswith("blobs/")}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PayloadRefused(f"交换包的内容无法读取（{type(exc).__name__}），"
                             "没有导入任何内容。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PayloadRefused("交换包的内容格式本程序不认识（可能由更新版本写出），"
                             "没有导入任何内容；请先升级本机程序。")
    for sha, blob in blobs.items():
        if hashlib.sha256(blob).hexdigest() != sha:
            raise PayloadRefused("交换包中的文件内容与其哈希不符，没有导入任何内容。")
    return Payload(manifest, images, entries, catalogs, blobs)


def check_audit(payload: Payload) -> None:
    """Every received audit entry hashes to its hash, consecutive entries link up, and the
    chain head the package states holds where the package carries its entry."""
    by_id: dict[int, dict] = {}
    for entry in payload.audit:
        if not audit_store.entry_holds(entry):
            raise PayloadRefused(f"交换包中第{entry.get('id')}条审计记录的内容与哈希不符"
                                 "（被改动），没有导入任何内容。")
        by_id[int(entry["id"])] = entry
    for aid, entry in by_id.items():
        before = by_id.get(aid - 1)
        if before is not None and before["hash"] != entry["prev_hash"]:
            raise PayloadRefused(f"交换包中第{aid}条审计记录与上一条接不上，没有导入任何内容。")
    head = payload.manifest.get("audit_head") or {}
    carried = by_id.get(int(head.get("id") or 0))
    if carried is not None and carried["hash"] != head.get("hash"):
        raise PayloadRefused("交换包声明的审计链末端与所附审计记录不符，没有导入任何内容。")


class _Applier:
    def __init__(self, store: Store, payload: Payload, sender: str, package_seq: int | None,
                 restored: bool = False):
        self.store = store
        self.restored = restored
        self.p = payload
        self.sender = sender
        self.package_seq = package_seq
        self.here = ex_store.site_uid(store)
        self.result = Applied()
        self.local: dict[tuple[str, str, int], int] = {}  # (table, origin, id) → local id
        self.catalog_versions: dict[tuple[str, str, str], int] = {}
        self._next: dict[str, int] = {}
        self._refs = {t.name: refs(store, t.name) for t in TABLES}
        self._communities: dict[tuple[str, str], int] = {}

    # -- references --------------------------------------------------------------------------
    def local_id(self, table: str, ref: Any) -> int | None:
        if ref is None:
            return None
        if table == "catalog_version":
            return self._catalog(ref)
        if table == "catalog_item":
            vid = self._catalog(ref[:3])
            found = ex_store.find_catalog_item(self.store, vid, int(ref[3]))
            if found is None:
                raise PayloadRefused(f"交换包引用的目录条目（{ref[0]} 第{ref[3]}项）本机没有，"
                                     "没有导入任何内容。")
            return int(found)
        if table == "community":
            return self._community(ref)
        origin, oid = str(ref[0]), int(ref[1])
        key = (table, origin, oid)
        if key not in self.local:
            book = ex_store.find_origin(self.store, table, origin, oid)
            if book is None:
                raise PayloadRefused(f"交换包中的记录引用了本机没有、包中也没有的记录"
                                     f"（{table} {origin[:8]}:{oid}），没有导入任何内容；"
                                     "请对方重新导出。")
            self.local[key] = int(book["row_id"])
        return self.local[key]

    def _community(self, ref: list) -> int:
        code, name = str(ref[1]), str(ref[2])
        found = self._communities.get((code, name)) or \
            ex_store.community_by_code(self.store, code, name)
        if found is None:
            raise PayloadRefused(f"本机没有社区“{name}”（代码{code or '无'}），没有导入任何"
                                 "内容；请先导入街道站点的交换包（带社区名单）。")
        return int(found)

    def _catalog(self, ref: list) -> int:
        key = (str(ref[0]), str(ref[1]), str(ref[2]))
        if key not in self.catalog_versions:
            found = ex_store.find_catalog_version(self.store, *key)
            if found is None:
                carried = next((c for c in self.p.catalogs
                                if (c["version"]["catalog"], c["version"]["content_sha256"] or "",
                                    c["version"]["label"]) == key), None)
                if carried is None:
                    raise PayloadRefused(f"交换包引用的目录版本（{key[0]} {key[2]}）本机没有，"
                                         "没有导入任何内容。")
                found = ex_store.insert_catalog_version(self.store, carried["version"],
                                                        carried["items"])
            self.catalog_versions[key] = int(found)
        return self.catalog_versions[key]

    # -- planning ------------------------------------------------------------------------------
    def new_id(self, table: str) -> int:
        if table not in self._next:
            self._next[table] = ex_store.next_rowid(self.store, table)
        rid = self._next[table]
        self._next[table] += 1
        return rid

    def plan(self, image: dict) -> tuple[str, int | None, dict | None]:
        """("insert" | "update" | "skip" | "conflict", local id, local bookkeeping)."""
        table, origin, oid = image["t"], image["o"], int(image["i"])
        if table == "community":
            return self._plan_community(image)
        book = ex_store.find_origin(self.store, table, origin, oid)
        if book is None:
            rid = self.new_id(table)
            self.local[(table, origin, oid)] = rid
            return "insert", rid, None
        rid = int(book["row_id"])
        self.local[(table, origin, oid)] = rid
        if int(image["v"]) <= int(book["version"]):
            # A sender restored from a backup counts its versions again from an older state:
            # what it owns now is the truth, even under a number this site saw before.
            back = self.restored and image["k"] == "own" and book["owner"] == self.sender
            return ("update" if back else "skip"), rid, book
        if image["k"] == "ref":  # carried because a changed row refers to it
            fresh = book["owner"] == image["w"] and book["owner"] != self.here
            return ("update" if fresh else "skip"), rid, book
        if book["owner"] != self.sender:
            return "conflict", rid, book
        return "update", rid, book

    def _plan_community(self, image: dict) -> tuple[str, int | None, dict | None]:
        code, name = image["c"].get("code") or "", image["c"].get("name") or ""
        found = ex_store.community_by_code(self.store, code, name)
        if found is None:
            rid = self.new_id("community")
            self._communities[(code, name)] = rid
            return "insert", rid, None
        rid = int(found)
        self._communities[(code, name)] = rid
        book = ex_store.book(self.store, "community", rid)
        mine = book is not None and book["origin"] == image["o"] and \
            int(book["origin_id"]) == int(image["i"])
        if image["k"] == "own" and image["w"] == self.sender and \
                (not mine or int(image["v"]) > int(book["version"])):  # type: ignore[index]
            return "update", rid, book  # the street's list replaces a community's own copy
        return "skip", rid, book

    # -- writing ---------------------------------------------------------------------------------
    def values(self, image: dict, inserting: bool) -> dict[str, Any]:
        table = image["t"]
        spec = BY_NAME[table]
        out: dict[str, Any] = {}
        table_refs = self._refs[table]
        for col, val in image["c"].items():
            if col in spec.local_columns:
                continue
            if col in spec.renumbered:
                if inserting:
                    out[col] = None  # the sender's serial; numbering here is this site's own
                continue
            if col in table_refs and isinstance(val, list):
                out[col] = self.local_id(table_refs[col], val)
            elif table in POLYMORPHIC and col == "entity_id" and isinstance(val, list):
                out[col] = self.local_id(str(image["c"].get("entity")), val)
            elif COMMITTEE_COLUMNS.get(table) == col and isinstance(val, list):
                out[col] = f"c:{self.local_id('community', val[1])}"
            else:
                out[col] = val
        if table in BLOB_COLUMNS:
            col, sha_col = BLOB_COLUMNS[table]
            sha = str(out.get(sha_col) or "")
            if inserting:
                if sha not in self.p.blobs:
                    raise PayloadRefused("交换包缺少一份文书的PDF，没有导入任何内容。")
                out[col] = self.p.blobs[sha]
            else:
                out.pop(col, None)  # an issued document's PDF never changes (frozen)
        return out

    def write(self, image: dict, action: str, rid: int) -> None:
        table = image["t"]
        if action == "insert":
            ex_store.insert_row(self.store, table, rid, self.values(image, True))
            self.result.inserted += 1
        else:
            now = ex_store.images(self.store, table, [rid]).get(rid, {})
            new = self.values(image, False)
            ex_store.update_row(self.store, table, rid,
                                {k: v for k, v in new.items() if now.get(k) != v})
            self.result.updated += 1
        ex_store.put_book(self.store, table, rid, image["o"], int(image["i"]), image["w"],
                          int(image["v"]))
        if table == "access_request" and "links" in image:
            ex_store.set_request_links(self.store, rid, sorted(
                {self._community(ref) for ref in image["links"]}))
        self.result.touched.append((table, rid))

    def conflict(self, image: dict, rid: int | None, book: dict) -> None:
        if ex_store.add_conflict(self.store, {
                "tbl": image["t"], "row_id": rid, "origin": image["o"],
                "origin_id": int(image["i"]), "sender": self.sender,
                "package_seq": self.package_seq, "local_owner": book["owner"],
                "local_version": int(book["version"]), "their_version": int(image["v"]),
                "their_image": image}):
            self.result.conflicts += 1

    def keep_audit(self) -> None:
        for entry in self.p.audit:
            local = None
            entity, eid = entry.get("entity"), entry.get("entity_id")
            if is_replicated(entity) and eid is not None and str(eid).isdigit():
                book = ex_store.find_origin(self.store, str(entity), self.sender, int(eid))
                local = int(book["row_id"]) if book else None
            if ex_store.put_received_audit(self.store, self.sender, entry, local):
                self.result.audit_entries += 1


def _write_files(store: Store, payload: Payload) -> None:
    """Put attachment contents in place before the transaction: the files are named by
    their hash, so one left by an import that dies is only an unused file."""
    if store.path is None:
        return
    wanted = {str(i["c"].get("sha256")) for i in payload.images if i["t"] == "attachment"}
    for sha in wanted & set(payload.blobs):
        path = blob_path(store, sha)
        if path.is_file():
            continue
        if store.key is not None:
            blobs_store.write_encrypted(path.parent.parent, store.key, sha, payload.blobs[sha])
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".part")
            tmp.write_bytes(payload.blobs[sha])
            tmp.replace(path)


def apply(store: Store, actor: Actor, data: bytes, sender: str,  # noqa: PLR0913
          package_seq: int | None = None, reindex: Mapping[str, Reindex] | None = None,
          restored: bool = False, within: Callable[[], None] | None = None) -> Applied:
    """Apply a payload from ``sender`` in one transaction with its audit row (``restored``:
    the package says its sender was restored from a backup; ``within`` runs inside the
    same transaction, e.g. recording the package's number as received).

    Raises:
        PayloadRefused: unreadable, not for this site, a damaged audit entry, a reference
            to a record neither here nor in the package; nothing is applied.
        Conflict: a received row collides with a different record here (the same document
            number, the same ID number); nothing is applied.
    """
    payload = read_payload(data)
    here = ex_store.site_uid(store)
    if payload.manifest.get("sender") != sender or payload.manifest.get("receiver") != here:
        raise PayloadRefused("交换包的内容不是这两个站点之间的，没有导入任何内容。")
    check_audit(payload)
    _write_files(store, payload)
    a = _Applier(store, payload, sender, package_seq, restored)
    images = sorted(payload.images, key=lambda i: (_ORDER.get(i["t"], 99), int(i["i"])))
    for image in images:
        if not is_replicated(image.get("t")):
            raise PayloadRefused(f"交换包中有本程序不交换的数据表（{image.get('t')}），"
                                 "没有导入任何内容。")
    try:
        with store.atomic():
            ex_store.defer_foreign_keys(store)
            with ex_store.applying(store):
                planned = [(image, *a.plan(image)) for image in images]
                for image, action, rid, book in planned:
                    if action in ("insert", "update"):
                        a.write(image, action, int(rid))  # type: ignore[arg-type]
                    elif action == "conflict":
                        a.conflict(image, rid, book)  # type: ignore[arg-type]
                    else:
                        a.result.skipped += 1
                a.keep_audit()
            _reindex(store, a.result.touched, reindex or {})
            if within is not None:
                within()
            audit_store.record(store, actor, "exchange.import", "exchange_site", sender, None,
                               {"package": package_seq, **a.result.as_dict()})
    except sqlite3.IntegrityError as exc:  # a unique index here, or (at COMMIT) a reference
        raise Conflict(f"交换包中的记录与本机已有的记录冲突（{exc}），没有导入任何内容；"
                       "请管理员核对两站点的这条记录。") from None
    return a.result


def translate(store: Store, image: dict) -> dict[str, Any]:
    """The columns of a row image (as a package carries it) in this database's terms:
    references to local ids, without the columns that mean something on one site only; an
    issued document's PDF is never taken (frozen).

    Raises:
        PayloadRefused: the image refers to a record this database does not have.
    """
    a = _Applier(store, Payload({}, [], [], [], {}), "", None)
    return a.values(image, False)


def reindex_rows(store: Store, touched: list[tuple[str, int]],
                 reindex: Mapping[str, Reindex]) -> None:
    """Put rows changed outside a domain action back into global search."""
    _reindex(store, touched, reindex)


def _reindex(store: Store, touched: list[tuple[str, int]],
             reindex: Mapping[str, Reindex]) -> None:
    """Put received records into global search (their own rows or a child's parent)."""
    done: set[tuple[str, int]] = set()
    for table, rid in touched:
        target: tuple[str, int] | None = (table, rid) if table in reindex else None
        spec = BY_NAME[table]
        if target is None and spec.parent and spec.parent[1] in reindex:
            row = ex_store.images(store, table, [rid]).get(rid) or {}
            parent = row.get(spec.parent[0])
            target = (spec.parent[1], int(parent)) if parent is not None else None
        if target is not None and target not in done:
            done.add(target)
            reindex[target[0]](store, target[1])
