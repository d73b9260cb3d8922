# SPDX-License-Identifier: MIT
"""Seals: every committed transaction signs the rows it wrote and the audit chain's head.

The audit log's hash chain (store/audit.py) shows an edited or removed audit row, but anyone
with an SQLite tool can rewrite the whole chain consistently, cut its tail, or change a domain
row without touching the log. Seals close those gaps:

- On this connection, temporary triggers note every row inserted, updated or deleted in the
  sealed tables (all tables but the log, the seals, the search index and SQLite's own). Another
  program editing the file has no such triggers, so what it writes is never sealed.
- Just before COMMIT, ``seal_transaction`` hashes the after-image of each noted row (NULL for
  a deleted row) into ``row_seal`` and appends one ``seal`` row: the audit head at that moment,
  a digest of the row hashes, and an HMAC over those and the previous seal's HMAC, keyed with
  the installation key (store/keys.py), which is kept outside the database file.
- After COMMIT, the newest seal is written to an anchor file beside the database (and into every
  backup manifest), so a chain cut back or rebuilt inside the file no longer matches it.

``verify`` (used by ``check``) recomputes all of this and reports what does not hold.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jiedao_desk.store import keys

ANCHOR_SUFFIX = ".anchor"
_CHUNK = 400  # rowids per query
# Row ids go in as one JSON list, so that the statement text is the same however many rows a
# transaction touched: a text per count filled the prepared statement cache of sqlcipher3,
# which then prepared every statement of an action again (store/crypt.py CACHED_STATEMENTS).
IDS_IN_JSON = "IN (SELECT value FROM json_each(?))"
_UNSEALED_PREFIXES = ("sqlite_", "search_")
_UNSEALED = frozenset({"_sqlite_migrations", "audit_log", "seal", "row_seal"})


def has_seal_tables(conn: sqlite3.Connection) -> bool:
    """True once the schema has the seal tables (step m018)."""
    return conn.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table'"
                        " AND name = 'seal'").fetchone() is not None


def sealed_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables whose rows are sealed: the app's data (not the log, seals or search index)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name")]
    return [n for n in names
            if n not in _UNSEALED and not n.startswith(_UNSEALED_PREFIXES)]


def install_tracking(conn: sqlite3.Connection) -> None:
    """Create the temporary triggers that note written rows (once per connection and schema).

    Temporary objects live only in this connection: a migration that adds a table calls this
    again, and a restore (which replaces the main schema) does too.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched "
                 "(tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid))")
    for table in sealed_tables(conn):
        q = table.replace('"', '""')
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            conn.execute(
                f'CREATE TEMP TRIGGER IF NOT EXISTS "seal_{q}_{event.lower()}" AFTER {event} '
                f'ON main."{q}" BEGIN {_note(table, ref)} END')
        # An UPDATE that changes the rowid leaves the old rowid behind: note it too.
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "seal_{q}_rekey" AFTER UPDATE ON main."{q}" '
            f"WHEN OLD.rowid IS NOT NEW.rowid BEGIN {_note(table, 'OLD')} END")


def _note(table: str, ref: str) -> str:
    """The trigger statement noting one row once.

    Not ``INSERT OR IGNORE``: inside a trigger SQLite applies the firing statement's conflict
    policy instead of the trigger's own, so an upsert (``INSERT … ON CONFLICT DO UPDATE``,
    e.g. a document serial written twice in one transaction) made the second note of the same
    row fail with a UNIQUE error. A guarded insert never conflicts.
    """
    return (f"INSERT INTO touched SELECT '{table}', {ref}.rowid WHERE NOT EXISTS "
            f"(SELECT 1 FROM touched WHERE tbl = '{table}' AND rid = {ref}.rowid);")


def _value(v: Any) -> Any:
    if isinstance(v, bytes):  # a stored PDF: its digest stands for it
        return "sha256:" + hashlib.sha256(v).hexdigest()
    if isinstance(v, float):
        return repr(v)
    return v


def row_hash(table: str, row: Iterable[Any]) -> str:
    """Hash of one row's after-image (``row`` starts with the rowid, then every column)."""
    payload = json.dumps([table, *(_value(v) for v in row)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _current_hashes(conn: sqlite3.Connection, table: str,
                    rowids: list[int]) -> dict[int, str | None]:
    out: dict[int, str | None] = dict.fromkeys(rowids)
    q = table.replace('"', '""')
    for i in range(0, len(rowids), _CHUNK):
        part = rowids[i:i + _CHUNK]
        for row in conn.execute(f'SELECT rowid, * FROM main."{q}" WHERE rowid {IDS_IN_JSON}',
                                (json.dumps(part),)):
            out[row[0]] = row_hash(table, row)
    return out


def iter_table_hashes(conn: sqlite3.Connection, table: str) -> Iterator[tuple[int, str]]:
    """(rowid, hash) of every row of ``table`` (check and resealing walk whole tables)."""
    q = table.replace('"', '""')
    for row in conn.execute(f'SELECT rowid, * FROM main."{q}"'):
        yield row[0], row_hash(table, row)


def _digest(entries: Iterable[tuple[str, int, str | None]]) -> str:
    h = hashlib.sha256()
    for table, rid, value in sorted(entries, key=lambda e: (e[0], e[1])):
        h.update(f"{table}\x1f{rid}\x1f{value or '-'}\n".encode())
    return h.hexdigest()


def _mac(key: bytes, seal_id: int, prev_mac: str, audit_id: int, audit_hash: str,
         digest: str) -> str:
    msg = f"{seal_id}|{prev_mac}|{audit_id}|{audit_hash}|{digest}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def _audit_head(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, "")


def _last_seal(conn: sqlite3.Connection) -> tuple[int, int, str]:
    row = conn.execute("SELECT id, audit_id, mac FROM seal ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1], row[2]) if row else (0, 0, "")


@dataclass(frozen=True)
class SealHead:
    """The newest seal: what the anchor file and backup manifests carry."""

    seal_id: int
    mac: str
    audit_id: int
    audit_hash: str
    key_id: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON form used in anchors and manifests."""
        return {"seal_id": self.seal_id, "mac": self.mac, "audit_id": self.audit_id,
                "audit_hash": self.audit_hash, "key_id": self.key_id}


def _write_seal(conn: sqlite3.Connection, entries: list[tuple[str, int, str | None]],
                note: str) -> SealHead:
    key_id, key = keys.signing_key()
    last_id, _, prev_mac = _last_seal(conn)
    seal_id = last_id + 1
    audit_id, audit_hash = _audit_head(conn)
    digest = _digest(entries)
    mac = _mac(key, seal_id, prev_mac, audit_id, audit_hash, digest)
    conn.execute("INSERT INTO seal (id, audit_id, audit_hash, rows_digest, row_count, note,"
                 " key_id, mac) VALUES (?,?,?,?,?,?,?,?)",
                 (seal_id, audit_id, audit_hash, digest, len(entries), note, key_id, mac))
    conn.executemany("INSERT INTO row_seal (seal_id, tbl, row_id, hash) VALUES (?,?,?,?)",
                     [(seal_id, t, r, h) for t, r, h in entries])
    return SealHead(seal_id, mac, audit_id, audit_hash, key_id)


def seal_transaction(conn: sqlite3.Connection) -> SealHead | None:
    """Seal what the open transaction wrote (called just before COMMIT).

    Returns:
        The new seal, or None when the transaction wrote nothing that needs one.
    """
    touched = conn.execute("SELECT tbl, rid FROM temp.touched ORDER BY tbl, rid").fetchall()
    _, sealed_audit, _ = _last_seal(conn)
    audit_id, _ = _audit_head(conn)
    if not touched and audit_id == sealed_audit:
        return None
    by_table: dict[str, list[int]] = {}
    for table, rid in touched:
        by_table.setdefault(table, []).append(rid)
    entries = [(table, rid, h) for table, rids in by_table.items()
               for rid, h in _current_hashes(conn, table, rids).items()]
    head = _write_seal(conn, entries, "")
    conn.execute("DELETE FROM temp.touched")
    return head


def reseal(conn: sqlite3.Connection, note: str) -> SealHead | None:
    """Seal every row whose hash differs from its latest seal (after a migration changed the
    schema, or once for a database made before seals existed). Runs inside a transaction."""
    latest = latest_row_hashes(conn)
    entries: list[tuple[str, int, str | None]] = []
    for table in sealed_tables(conn):
        seen = latest.pop(table, {})
        for rid, h in iter_table_hashes(conn, table):
            if seen.pop(rid, None) != h:
                entries.append((table, rid, h))
        entries += [(table, rid, None) for rid, old in seen.items() if old is not None]
    for table, gone in latest.items():  # a table dropped by a migration
        entries += [(table, rid, None) for rid, old in gone.items() if old is not None]
    conn.execute("DELETE FROM temp.touched")
    if not entries and _last_seal(conn)[0]:
        return None
    return _write_seal(conn, entries, note)


def latest_row_hashes(conn: sqlite3.Connection) -> dict[str, dict[int, str | None]]:
    """The latest sealed hash of every sealed row, by table."""
    out: dict[str, dict[int, str | None]] = {}
    for table, rid, h in conn.execute(
            "SELECT tbl, row_id, hash FROM row_seal ORDER BY seal_id"):
        out.setdefault(table, {})[rid] = h
    return out


def head(conn: sqlite3.Connection) -> SealHead | None:
    """The newest seal, or None for a database that has none."""
    row = conn.execute("SELECT id, mac, audit_id, audit_hash, key_id FROM seal"
                       " ORDER BY id DESC LIMIT 1").fetchone()
    return SealHead(*row) if row else None


# -- the anchor file ------------------------------------------------------------------------
def anchor_path(db_file: Path) -> Path:
    """The anchor file beside a database file."""
    return db_file.with_name(db_file.name + ANCHOR_SUFFIX)


def signed_anchor(head_: SealHead | None,
                  also: Iterable[SealHead | None] = ()) -> dict[str, Any]:
    """The seal head with an HMAC of its own (an edited anchor does not verify).

    ``also`` lists heads that are equally valid while a change is in flight (the head before
    a commit, the database before a restore): a crash at any point leaves one of them true.
    None stands for "no seal yet"."""
    body = _head_dict(head_)
    body["also"] = [[h.seal_id, h.mac] if h else [0, ""] for h in also]
    _, key = keys.signing_key()
    body["anchor_mac"] = hmac.new(key, json.dumps(body, sort_keys=True).encode(),
                                  hashlib.sha256).hexdigest()
    return body


def anchor_valid(body: dict[str, Any]) -> bool | None:
    """True if the anchor's own HMAC holds, False if not, None if its key is not here."""
    kid = str(body.get("key_id", "")) or keys.signing_key()[0]  # "no seal yet" is signed
    key = keys.verification_key(kid)                             # with this PC's key
    if key is None:
        return None
    plain = {k: v for k, v in body.items() if k != "anchor_mac"}
    want = hmac.new(key, json.dumps(plain, sort_keys=True).encode(),
                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, str(body.get("anchor_mac", "")))


def _head_dict(head_: SealHead | None) -> dict[str, Any]:
    if head_ is None:
        return {"seal_id": 0, "mac": "", "audit_id": 0, "audit_hash": "", "key_id": ""}
    return head_.as_dict()


def write_anchor(db_file: Path, head_: SealHead | None,
                 also: Iterable[SealHead | None] = ()) -> None:
    """Replace the anchor file (a crash leaves the old anchor or the new one, never half)."""
    path = anchor_path(db_file)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(signed_anchor(head_, also), sort_keys=True), encoding="utf-8")
        # As private as the database it anchors (owner-only beside an encrypted one).
        with contextlib.suppress(OSError):
            tmp.chmod(stat.S_IMODE(db_file.stat().st_mode))
        os.replace(tmp, path)
    except OSError:  # a full or read-only disk: the committed action stands; check will say
        logging.getLogger(__name__).warning("could not write the anchor file %s", path)
        tmp.unlink(missing_ok=True)


def read_anchor(db_file: Path) -> dict[str, Any] | None:
    """The anchor beside ``db_file`` (None if there is none; {} if it is unreadable)."""
    path = anchor_path(db_file)
    if not path.exists():
        return None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


# -- verification ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SealFinding:
    """Something that does not hold: ``kind`` groups findings, ``message`` is for people."""

    kind: str
    message: str
    where: dict[str, Any]


def verify_chain(conn: sqlite3.Connection) -> list[SealFinding]:
    """Walk the seals: each HMAC, link, row digest and the audit row it names."""
    findings: list[SealFinding] = []
    digests: dict[int, list[tuple[str, int, str | None]]] = {}
    for sid, table, rid, h in conn.execute(
            "SELECT seal_id, tbl, row_id, hash FROM row_seal ORDER BY seal_id"):
        digests.setdefault(sid, []).append((table, rid, h))
    audit = dict(conn.execute("SELECT id, hash FROM audit_log"))
    prev_mac, expect_id = "", 1
    unknown_keys: set[str] = set()
    for sid, audit_id, audit_hash, digest, key_id, mac in conn.execute(
            "SELECT id, audit_id, audit_hash, rows_digest, key_id, mac FROM seal ORDER BY id"):
        where = {"表": "seal", "行": sid}
        if sid != expect_id:
            findings.append(SealFinding("seal_chain", f"封存记录在第{expect_id}条处断开"
                                        f"（下一条是第{sid}条）：封存被删除", where))
        expect_id = sid + 1
        key = keys.verification_key(key_id)
        if key is None:
            unknown_keys.add(key_id)
        elif not hmac.compare_digest(
                _mac(key, sid, prev_mac, audit_id, audit_hash, digest), mac):
            findings.append(SealFinding(
                "seal_chain", f"第{sid}条封存的签名不符：审计链或封存在程序之外被改写", where))
        if _digest(digests.pop(sid, [])) != digest:
            findings.append(SealFinding(
                "seal_rows", f"第{sid}条封存所记的数据行哈希被改动或删除", where))
        if audit_id and audit.get(audit_id) != audit_hash:
            why = "不存在（审计记录被截断或清空）" if audit_id not in audit else \
                "与封存时不同（审计链被整体改写）"
            findings.append(SealFinding(
                "audit_cut" if audit_id not in audit else "audit_rewritten",
                f"第{sid}条封存记下的第{audit_id}条审计记录{why}",
                {"表": "audit_log", "行": audit_id}))
        prev_mac = mac
    if digests:
        findings.append(SealFinding("seal_rows", "有不属于任何封存的数据行哈希（封存被删除）",
                                    {"表": "row_seal", "封存": sorted(digests)[:5]}))
    if unknown_keys:
        findings.append(SealFinding(
            "seal_key", "部分封存由本机没有的密钥签名，无法验证（数据库从别的电脑拷来，"
            "或被伪造）；如是换电脑，请把原电脑的 integrity-keys 文件夹拷到本机",
            {"密钥": sorted(unknown_keys)}))
    return findings


def verify_tail(conn: sqlite3.Connection) -> list[SealFinding]:
    """Audit rows after the last seal were not written by the app."""
    _, sealed_audit, _ = _last_seal(conn)
    audit_id, _ = _audit_head(conn)
    if audit_id > sealed_audit:
        return [SealFinding("audit_appended",
                            f"第{sealed_audit + 1}条之后的审计记录没有封存（在程序之外添加）",
                            {"表": "audit_log", "行": sealed_audit + 1})]
    return []


def verify_rows(conn: sqlite3.Connection, limit: int = 20) -> list[SealFinding]:
    """Compare every sealed table with its latest seals: changed, deleted and added rows."""
    findings: list[SealFinding] = []
    latest = latest_row_hashes(conn)
    for table in sealed_tables(conn):
        sealed = latest.pop(table, {})
        for rid, h in iter_table_hashes(conn, table):
            old = sealed.pop(rid, None) if rid in sealed else "missing"
            if old == h:
                continue
            if old == "missing":
                msg = f"数据表 {table} 第{rid}行不是本程序写入的（没有封存）"
            else:
                msg = f"数据表 {table} 第{rid}行在程序之外被改动"
            findings.append(SealFinding("row_changed", msg, {"表": table, "行": rid}))
        for rid, old in sealed.items():
            if old is not None:
                findings.append(SealFinding("row_changed",
                                            f"数据表 {table} 第{rid}行在程序之外被删除",
                                            {"表": table, "行": rid}))
    if len(findings) > limit:
        more = len(findings) - limit
        findings = findings[:limit] + [SealFinding("row_changed",
                                                   f"另有 {more} 行数据同样不符", {})]
    return findings


def verify_anchor(conn: sqlite3.Connection, anchor: dict[str, Any] | None,
                  source: str, signed: bool = True) -> list[SealFinding]:
    """Compare the seals with an anchor kept outside the file: the anchor file (``signed``
    with its own HMAC) or a backup manifest's seal head (the manifest is signed as a whole)."""
    where = {"锚点": source}
    current = head(conn)
    if anchor is None:
        if current is None:
            return []
        return [SealFinding("anchor", f"{source}不见了，无法确认审计记录的末尾没有被截掉",
                            where)]
    if not anchor:
        return [SealFinding("anchor", f"{source}无法读取（被改动或损坏）", where)]
    if signed and anchor_valid(anchor) is False:
        return [SealFinding("anchor", f"{source}的签名不符（被改动）", where)]
    for alt_id, alt_mac in anchor.get("also", []) if signed else []:
        if _holds(conn, int(alt_id), str(alt_mac)):
            return []  # the database is the state before an interrupted commit or restore
    return _anchor_matches(conn, anchor, current, source)


def _anchor_matches(conn: sqlite3.Connection, anchor: dict[str, Any],
                    current: SealHead | None, source: str) -> list[SealFinding]:
    where = {"锚点": source}
    sid = int(anchor.get("seal_id", 0))
    if sid == 0 and current is None:
        return []
    row = conn.execute("SELECT mac FROM seal WHERE id = ?", (sid,)).fetchone()
    if row is None:
        last = current.seal_id if current else 0
        return [SealFinding("audit_cut", f"{source}记到第{sid}条封存，数据库里只到第{last}条："
                            "最近的记录被截掉", where)]
    if row[0] != anchor.get("mac"):
        return [SealFinding("audit_rewritten",
                            f"第{sid}条封存与{source}不符：审计链被整体改写", where)]
    return []


def _holds(conn: sqlite3.Connection, seal_id: int, mac: str) -> bool:
    if seal_id == 0:
        return head(conn) is None
    newest = head(conn)
    return newest is not None and newest.seal_id == seal_id and newest.mac == mac


def protective_triggers_missing(conn: sqlite3.Connection, expected: Iterable[str]) -> list[str]:
    """Names of the app's protective triggers that are not in the database."""
    present = {r[0] for r in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'trigger'")}
    return sorted(set(expected) - present)


def drop_tracking(conn: sqlite3.Connection) -> None:
    """Remove this connection's temporary triggers (a restore or migration replaces tables)."""
    for (name,) in conn.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger'"
                                " AND name LIKE 'seal\\_%' ESCAPE '\\'").fetchall():
        conn.execute(f'DROP TRIGGER temp."{name}"')
