# SPDX-License-Identifier: MIT
"""The exchange's own tables (m020): which rows changed, who owns them, where they came from,
what was sent to whom, conflicts, and the audit entries received from other sites.

Table names put into SQL here come from the fixed list of replicated tables
(core/exchange/tables.py) or from ``PRAGMA`` answers, never from a package.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from jiedao_desk.store import Store, now_text
from jiedao_desk.store.seal import IDS_IN_JSON

_CHUNK = 400  # ids per query (a JSON list: seal.IDS_IN_JSON)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def site_uid(store: Store) -> str:
    """This site's uid."""
    return str(store.scalar("SELECT uid FROM site WHERE id = 1"))


# -- the schema, for translating references -----------------------------------------------
def columns(store: Store, table: str) -> list[str]:
    """Column names of ``table`` in order."""
    return [r["name"] for r in store.rows(f'PRAGMA table_info("{table}")')]


def foreign_keys(store: Store, table: str) -> dict[str, str]:
    """Declared foreign keys of ``table``: column → referenced table."""
    return {r["from"]: r["table"] for r in store.rows(f'PRAGMA foreign_key_list("{table}")')}


# -- bookkeeping rows ---------------------------------------------------------------------
def changed_since(store: Store, seq: int) -> list[dict]:
    """Rows changed on this site after change ``seq``, oldest first."""
    return store.rows("SELECT tbl, row_id, origin, origin_id, owner, version, seq"
                      " FROM exchange_row WHERE seq > ? AND local_change = 1 ORDER BY seq",
                      (seq,))


def top_seq(store: Store) -> int:
    """The newest change counter."""
    return int(store.scalar("SELECT COALESCE(MAX(seq), 0) FROM exchange_row"))


def book(store: Store, table: str, row_id: int) -> dict | None:
    """The bookkeeping row of one row here."""
    return store.row("SELECT tbl, row_id, origin, origin_id, owner, version, seq, local_change"
                     " FROM exchange_row WHERE tbl = ? AND row_id = ?", (table, row_id))


def books(store: Store, table: str, row_ids: Sequence[int]) -> dict[int, dict]:
    """Bookkeeping rows of many rows of one table, by row id."""
    out: dict[int, dict] = {}
    for part in _chunks(list(row_ids)):
        for r in store.rows("SELECT tbl, row_id, origin, origin_id, owner, version, seq,"
                            " local_change FROM exchange_row WHERE tbl = ?"
                            f" AND row_id {IDS_IN_JSON}", (table, json.dumps(part))):
            out[r["row_id"]] = r
    return out


def foreign_owners(store: Store, table: str, row_ids: Sequence[int]) -> dict[int, str]:
    """Of the rows ``row_ids`` of ``table``, those another site owns: row id → owner uid.

    One query by primary key per 400 ids (a list asks for the page it paints), and none at
    all on a database that knows no other site.
    """
    if not row_ids or not has_peers(store):
        return {}
    here = site_uid(store)
    out: dict[int, str] = {}
    for part in _chunks(list(row_ids)):
        for r in store.rows("SELECT row_id, owner FROM exchange_row WHERE tbl = ? AND owner <> ?"
                            f" AND row_id {IDS_IN_JSON}", (table, here, json.dumps(part))):
            out[r["row_id"]] = r["owner"]
    return out


def has_peers(store: Store) -> bool:
    """Whether any other site was ever enrolled here (voided ones too: their copies stay)."""
    return _has_sites(store) and store.scalar("SELECT 1 FROM exchange_site LIMIT 1") is not None


def find_origin(store: Store, table: str, origin: str, origin_id: int) -> dict | None:
    """The row here that is ``origin``'s row ``origin_id`` of ``table``."""
    return store.row("SELECT tbl, row_id, origin, origin_id, owner, version, seq, local_change"
                     " FROM exchange_row WHERE tbl = ? AND origin = ? AND origin_id = ?",
                     (table, origin, origin_id))


def put_book(store: Store, table: str, row_id: int, origin: str, origin_id: int, owner: str,
             version: int) -> None:
    """Record (or update) a received row's bookkeeping; it counts as arrived, not made here."""
    store.require_transaction()
    store.execute(
        "INSERT INTO exchange_row (tbl, row_id, origin, origin_id, owner, version, seq,"
        " local_change) VALUES (?, ?, ?, ?, ?, ?,"
        " (SELECT COALESCE(MAX(seq), 0) + 1 FROM exchange_row), 0)"
        " ON CONFLICT (tbl, row_id) DO UPDATE SET origin = excluded.origin,"
        " origin_id = excluded.origin_id, owner = excluded.owner, version = excluded.version,"
        " seq = excluded.seq, local_change = 0",
        (table, row_id, origin, origin_id, owner, version))


def hand_over(store: Store, table: str, row_ids: Iterable[int], owner: str) -> int:
    """Give rows to another site: a change made here (a new version the exchange sends)."""
    store.require_transaction()
    n = 0
    for rid in row_ids:
        n += store.execute(
            "UPDATE exchange_row SET owner = ?, version = version + 1, local_change = 1,"
            " seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM exchange_row)"
            " WHERE tbl = ? AND row_id = ?", (owner, table, rid)).rowcount
    return n


def owned_in_community(store: Store, table: str, community_id: int, owner: str) -> list[int]:
    """Rows of ``table`` (a record with a ``community_id`` column) of one community that the
    site ``owner`` owns."""
    return [r[0] for r in store.execute(
        f'SELECT t.id FROM "{table}" t JOIN exchange_row x ON x.tbl = ? AND x.row_id = t.id'
        " WHERE t.community_id = ? AND x.owner = ? ORDER BY t.id", (table, community_id, owner))]


def owned_count(store: Store, owner: str) -> int:
    """How many rows ``owner`` owns here."""
    return int(store.scalar("SELECT COUNT(*) FROM exchange_row WHERE owner = ?", (owner,)))


@contextlib.contextmanager
def applying(store: Store) -> Iterator[None]:
    """While a package is applied: the triggers leave bookkeeping and ownership to the
    importer (the flag row lives and dies inside the import's transaction)."""
    store.require_transaction()
    store.execute("INSERT INTO exchange_applying (id) VALUES (1)")
    try:
        yield
    finally:
        if store.conn.in_transaction:
            store.execute("DELETE FROM exchange_applying")


@contextlib.contextmanager
def derived(store: Store) -> Iterator[None]:
    """While writing values each site derives for itself (due dates counted on its own
    calendar): they may touch copies, and they are no change that travels."""
    store.require_transaction()
    fresh = store.execute("INSERT OR IGNORE INTO exchange_applying (id) VALUES (1)").rowcount
    try:
        yield
    finally:
        if fresh and store.conn.in_transaction:
            store.execute("DELETE FROM exchange_applying")


def defer_foreign_keys(store: Store) -> None:
    """Check foreign keys at COMMIT (a package's rows refer to each other in any order)."""
    store.require_transaction()
    store.execute("PRAGMA defer_foreign_keys = ON")


# -- data rows ------------------------------------------------------------------------------
def images(store: Store, table: str, row_ids: Sequence[int]) -> dict[int, dict]:
    """Full rows of ``table`` by rowid."""
    out: dict[int, dict] = {}
    for part in _chunks(list(row_ids)):
        for r in store.rows(f'SELECT rowid AS "__rowid", * FROM "{table}"'
                            f" WHERE rowid {IDS_IN_JSON}", (json.dumps(part),)):
            out[r.pop("__rowid")] = r
    return out


def next_rowid(store: Store, table: str) -> int:
    """The rowid after the largest one in ``table``."""
    return int(store.scalar(f'SELECT COALESCE(MAX(rowid), 0) + 1 FROM "{table}"'))


def insert_row(store: Store, table: str, row_id: int, values: dict[str, Any]) -> None:
    """Insert a received row under the local id chosen for it."""
    store.require_transaction()
    cols = list(values)
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" * len(cols))
    store.execute(f'INSERT INTO "{table}" (rowid, {names}) VALUES (?, {marks})',
                  (row_id, *(values[c] for c in cols)))


def update_row(store: Store, table: str, row_id: int, values: dict[str, Any]) -> None:
    """Set the given columns of a row."""
    store.require_transaction()
    if not values:
        return
    sets = ", ".join(f'"{c}" = ?' for c in values)
    store.execute(f'UPDATE "{table}" SET {sets} WHERE rowid = ?', (*values.values(), row_id))


def request_links(store: Store, request_ids: Sequence[int]) -> dict[int, list[int]]:
    """Communities of access requests, by request id."""
    out: dict[int, list[int]] = {rid: [] for rid in request_ids}
    for part in _chunks(list(request_ids)):
        for r in store.rows("SELECT request_id, community_id FROM access_request_community"
                            f" WHERE request_id {IDS_IN_JSON} ORDER BY community_id",
                            (json.dumps(part),)):
            out[r["request_id"]].append(r["community_id"])
    return out


def set_request_links(store: Store, request_id: int, community_ids: Iterable[int]) -> None:
    """Replace a received access request's communities."""
    store.require_transaction()
    store.execute("DELETE FROM access_request_community WHERE request_id = ?", (request_id,))
    for cid in community_ids:
        store.execute("INSERT INTO access_request_community (request_id, community_id)"
                      " VALUES (?, ?)", (request_id, cid))


def community_by_code(store: Store, code: str, name: str) -> int | None:
    """A live community with this code (or, without a code, this name)."""
    if code:
        return store.scalar("SELECT id FROM community WHERE code = ? AND voided_at IS NULL",
                            (code,))
    return store.scalar("SELECT id FROM community WHERE name = ? AND voided_at IS NULL",
                        (name,))


def referencing(store: Store, table: str, column: str, row_id: int) -> list[int]:
    """Rows of ``table`` whose ``column`` names ``row_id``."""
    return [r[0] for r in store.execute(
        f'SELECT rowid FROM "{table}" WHERE "{column}" = ?', (row_id,))]


def attached_to(store: Store, table: str, entity: str, row_id: int) -> list[int]:
    """Rows of ``table`` (document, attachment) that belong to record ``entity`` #id."""
    return [r[0] for r in store.execute(
        f'SELECT rowid FROM "{table}" WHERE entity = ? AND entity_id = ?', (entity, row_id))]


# -- catalogues (matched by their content, never by id) ------------------------------------
def catalog_version(store: Store, version_id: int) -> dict | None:
    """A catalogue version row."""
    return store.row("SELECT * FROM catalog_version WHERE id = ?", (version_id,))


def catalog_items(store: Store, version_id: int) -> list[dict]:
    """A catalogue version's items in order."""
    return store.rows("SELECT * FROM catalog_item WHERE version_id = ? ORDER BY seq, id",
                      (version_id,))


def catalog_item(store: Store, item_id: int) -> dict | None:
    """One catalogue item with its version's natural key."""
    return store.row("SELECT i.seq, i.version_id FROM catalog_item AS i WHERE i.id = ?",
                     (item_id,))


def find_catalog_version(store: Store, catalog: str, sha: str, label: str) -> int | None:
    """The version here with this content (or, for one without a checksum, this label)."""
    if sha:
        return store.scalar("SELECT id FROM catalog_version WHERE catalog = ?"
                            " AND content_sha256 = ? ORDER BY id LIMIT 1", (catalog, sha))
    return store.scalar("SELECT id FROM catalog_version WHERE catalog = ? AND label = ?"
                        " ORDER BY id LIMIT 1", (catalog, label))


def find_catalog_item(store: Store, version_id: int, seq: int) -> int | None:
    """The item at ``seq`` of a version here."""
    return store.scalar("SELECT id FROM catalog_item WHERE version_id = ? AND seq = ?",
                        (version_id, seq))


def insert_catalog_version(store: Store, version: dict, items: list[dict]) -> int:
    """Add a catalogue version another site loaded (with its items); returns its id."""
    store.require_transaction()
    v = {k: val for k, val in version.items() if k != "id"}
    label = v.get("label", "")
    if store.scalar("SELECT 1 FROM catalog_version WHERE catalog = ? AND label = ?",
                    (v.get("catalog"), label)):
        v["label"] = f"{label}（来自其他站点）"
    names = ", ".join(f'"{c}"' for c in v)
    vid = store.insert(f"INSERT INTO catalog_version ({names}) VALUES"
                       f" ({', '.join('?' * len(v))})", tuple(v.values()))
    for item in items:
        it = {k: val for k, val in item.items() if k != "id"}
        it["version_id"] = vid
        names = ", ".join(f'"{c}"' for c in it)
        store.execute(f"INSERT INTO catalog_item ({names}) VALUES"
                      f" ({', '.join('?' * len(it))})", tuple(it.values()))
    return vid


# -- packages sent ---------------------------------------------------------------------------
def sent(store: Store, peer_uid: str, package_seq: int) -> dict | None:
    """What package ``package_seq`` to ``peer_uid`` carried (None: no such package)."""
    return store.row("SELECT peer_uid, package_seq, upto, audit_upto, rows, written_at"
                     " FROM exchange_sent WHERE peer_uid = ? AND package_seq = ?",
                     (peer_uid, package_seq))


def last_sent(store: Store, peer_uid: str) -> dict | None:
    """The newest package recorded as sent to ``peer_uid``."""
    return store.row("SELECT peer_uid, package_seq, upto, audit_upto, rows, written_at"
                     " FROM exchange_sent WHERE peer_uid = ? ORDER BY package_seq DESC"
                     " LIMIT 1", (peer_uid,))


def record_sent(store: Store, peer_uid: str, package_seq: int, upto: int, audit_upto: int,
                rows: int) -> None:
    """Remember what a package carried (numbers are never reused, so never replaced)."""
    store.require_transaction()
    store.execute("INSERT INTO exchange_sent (peer_uid, package_seq, upto, audit_upto, rows,"
                  " written_at) VALUES (?, ?, ?, ?, ?, ?)",
                  (peer_uid, package_seq, upto, audit_upto, rows, now_text()))


# -- audit entries -------------------------------------------------------------------------
def audit_rows_since(store: Store, audit_id: int) -> list[dict]:
    """This site's audit rows after ``audit_id``, oldest first."""
    return store.rows("SELECT id, at, actor_id, actor_name, action, entity, entity_id,"
                      " before_json, after_json, prev_hash, hash FROM audit_log WHERE id > ?"
                      " ORDER BY id", (audit_id,))


def top_audit(store: Store) -> int:
    """The newest audit row id."""
    return int(store.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log"))


def put_received_audit(store: Store, origin: str, entry: dict,
                       local_entity_id: int | None) -> bool:
    """Keep one received audit entry; False when it was kept before."""
    store.require_transaction()
    cur = store.execute(
        "INSERT INTO exchange_audit (origin, origin_audit_id, at, actor_id, actor_name, action,"
        " entity, entity_id, before_json, after_json, prev_hash, hash, local_entity_id,"
        " received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (origin, origin_audit_id) DO NOTHING",
        (origin, entry["id"], entry["at"], entry["actor_id"], entry["actor_name"],
         entry["action"], entry["entity"], entry["entity_id"], entry["before_json"],
         entry["after_json"], entry["prev_hash"], entry["hash"], local_entity_id, now_text()))
    return cur.rowcount > 0


def received_audit(store: Store, origin: str | None = None) -> list[dict]:
    """Audit entries received (of one site, or of all), in their order there."""
    sql = "SELECT * FROM exchange_audit"
    params: tuple = ()
    if origin is not None:
        sql += " WHERE origin = ?"
        params = (origin,)
    return store.rows(sql + " ORDER BY origin, origin_audit_id", params)


# -- conflicts ------------------------------------------------------------------------------
def add_conflict(store: Store, conflict: dict[str, Any]) -> bool:
    """Keep the other version of a row this site (or a third) owns; False if kept before.

    ``conflict`` holds the columns of ``exchange_conflict`` from ``tbl`` to ``their_image``
    (a dict, stored as JSON)."""
    store.require_transaction()
    values = {**conflict, "their_image": json.dumps(conflict["their_image"], ensure_ascii=False,
                                                    sort_keys=True), "noticed_at": now_text()}
    cur = store.execute(
        "INSERT INTO exchange_conflict (tbl, row_id, origin, origin_id, sender, package_seq,"
        " local_owner, local_version, their_version, their_image, noticed_at)"
        " VALUES (:tbl, :row_id, :origin, :origin_id, :sender, :package_seq, :local_owner,"
        " :local_version, :their_version, :their_image, :noticed_at) ON CONFLICT DO NOTHING",
        values)
    return cur.rowcount > 0


def conflicts(store: Store, open_only: bool = True) -> list[dict]:
    """Conflicts noticed, oldest first."""
    sql = "SELECT * FROM exchange_conflict"
    if open_only:
        sql += " WHERE resolved_at IS NULL"
    return store.rows(sql + " ORDER BY id")


def conflict(store: Store, conflict_id: int) -> dict | None:
    """One conflict."""
    return store.row("SELECT * FROM exchange_conflict WHERE id = ?", (conflict_id,))


def resolve_conflict(store: Store, conflict_id: int, by: str, resolution: str) -> int:
    """Mark a conflict as seen and settled by an administrator."""
    store.require_transaction()
    return store.execute("UPDATE exchange_conflict SET resolved_at = ?, resolved_by = ?,"
                         " resolution = ? WHERE id = ? AND resolved_at IS NULL",
                         (now_text(), by, resolution, conflict_id)).rowcount


def site_name(store: Store, uid: str) -> str | None:
    """How the enrolled site ``uid`` is called (None if it is not enrolled here)."""
    if not _has_sites(store):
        return None
    return store.scalar("SELECT name FROM exchange_site WHERE uid = ?"
                        " ORDER BY voided_at IS NULL DESC, id DESC LIMIT 1", (uid,))


def street_uid(store: Store) -> str | None:
    """The uid of the enrolled street site (a community site has at most one)."""
    if not _has_sites(store):
        return None
    return store.scalar("SELECT uid FROM exchange_site WHERE role = 'street'"
                        " AND voided_at IS NULL")


def community_site_uid(store: Store, community_id: int) -> str | None:
    """The uid of the live site enrolled for a community."""
    if not _has_sites(store):
        return None
    return store.scalar("SELECT uid FROM exchange_site WHERE community_id = ?"
                        " AND voided_at IS NULL", (community_id,))


def _has_sites(store: Store) -> bool:
    return bool(store.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                             " AND name = 'exchange_site'"))


def site_role(store: Store) -> str:
    """This site's role: street or community."""
    return str(store.scalar("SELECT role FROM site WHERE id = 1"))
