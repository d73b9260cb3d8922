# SPDX-License-Identifier: MIT
"""m020: what changed, who owns it, and where it came from — for the exchange between sites.

- ``exchange_row``: one row per replicated record row: its identity across sites (the site
  that created it and its id there), the site that owns it (only the owner changes it), its
  version (counted up by every change, on whichever site owns it at the time), ``seq`` (this
  database's change counter when it last changed here or arrived) and ``local_change`` (1
  when the latest version was made on this site: only those are sent as changes).
- Triggers on every replicated table keep ``exchange_row`` in the same transaction as the
  write, whatever path made it (a domain action, an Excel import, the demo), and refuse a
  change to a row another site owns. ``exchange_applying`` holds a row only while a received
  package is applied: then the triggers leave the bookkeeping to the importer.
- ``exchange_sent`` remembers, per package sent, up to which change it carried, so the next
  package to a site holds everything after what that site last acknowledged.
- ``exchange_conflict`` keeps both versions when a site changed a row it does not own;
  ``exchange_audit`` the audit entries received from other sites (verified hash by hash).

Rows that exist when this step runs were all made here: they are registered as this site's.

Frozen: imports nothing from the app. A table added by a later step that is to be exchanged
gets its triggers in that step.
"""

from __future__ import annotations

from sqlite_utils import Database

SQL = """
CREATE TABLE exchange_row (
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    origin TEXT NOT NULL,            -- uid of the site that created the row
    origin_id INTEGER NOT NULL,      -- the row's id on that site
    owner TEXT NOT NULL,             -- uid of the site that may change it
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    local_change INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tbl, row_id)
);
CREATE UNIQUE INDEX exchange_row_origin ON exchange_row(tbl, origin, origin_id);
CREATE INDEX exchange_row_seq ON exchange_row(seq);
CREATE TABLE exchange_applying (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE exchange_sent (
    peer_uid TEXT NOT NULL,
    package_seq INTEGER NOT NULL,
    upto INTEGER NOT NULL,           -- the highest change counter the package carried
    audit_upto INTEGER NOT NULL,     -- the highest audit row id it carried
    rows INTEGER NOT NULL,
    written_at TEXT NOT NULL,
    PRIMARY KEY (peer_uid, package_seq)
);
CREATE TABLE exchange_conflict (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id INTEGER,                  -- the row here (NULL when it could not be placed)
    origin TEXT NOT NULL,
    origin_id INTEGER NOT NULL,
    sender TEXT NOT NULL,            -- the site whose package carried the other version
    package_seq INTEGER,
    local_owner TEXT NOT NULL,
    local_version INTEGER NOT NULL,
    their_version INTEGER NOT NULL,
    their_image TEXT NOT NULL,       -- the other version, as it arrived (JSON)
    noticed_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT
);
CREATE UNIQUE INDEX exchange_conflict_once
    ON exchange_conflict(tbl, origin, origin_id, sender, their_version);
CREATE TABLE exchange_audit (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,            -- the site whose audit log holds the entry
    origin_audit_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id INTEGER,
    actor_name TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    local_entity_id INTEGER,         -- the record here that the entry is about
    received_at TEXT NOT NULL,
    UNIQUE (origin, origin_audit_id)
);
CREATE INDEX exchange_audit_entity ON exchange_audit(entity, local_entity_id);
CREATE TRIGGER exchange_audit_no_update BEFORE UPDATE ON exchange_audit
BEGIN SELECT RAISE(ABORT, '收到的审计记录不可修改'); END;
CREATE TRIGGER exchange_audit_no_delete BEFORE DELETE ON exchange_audit
BEGIN SELECT RAISE(ABORT, '收到的审计记录不可删除'); END;
"""

# The replicated tables, each with the column naming the record it belongs to (whose owner
# decides who may add to it) and that record's table; "*" = the row names its record
# polymorphically in entity/entity_id. None: the row is a record of its own.
TABLES: tuple[tuple[str, str | None, str | None], ...] = (
    ("community", None, None),
    ("resident", None, None),
    ("access_request", None, None),
    ("access_transition", "request_id", "access_request"),
    ("access_complaint", "request_id", "access_request"),
    ("certificate", None, None),
    ("document", "entity_id", "*"),
    ("attachment", "entity_id", "*"),
    ("forms_entry", None, None),
    ("forms_entry_history", "entry_id", "forms_entry"),
    ("mediation_case", None, None),
    ("mediation_party", "case_id", "mediation_case"),
    ("mediation_event", "case_id", "mediation_case"),
    ("mediation_number", "case_id", "mediation_case"),
    ("mediation_transition", "case_id", "mediation_case"),
    ("enforcement_case", None, None),
    ("enforcement_party", "case_id", "enforcement_case"),
    ("enforcement_event", "case_id", "enforcement_case"),
    ("enforcement_status_history", "case_id", "enforcement_case"),
    ("enforcement_discretion", "case_id", "enforcement_case"),
    ("enforcement_publication", "case_id", "enforcement_case"),
    ("hotline_batch", None, None),
    ("hotline_ticket", None, None),
    ("hotline_event", "ticket_id", "hotline_ticket"),
    ("hotline_link", "ticket_id", "hotline_ticket"),
    ("hotline_summons", "ticket_id", "hotline_ticket"),
)

REFUSAL = "此记录属于其他站点，本机只保存只读副本，不能在本机修改"
_HERE = "(SELECT uid FROM site WHERE id = 1)"
_QUIET = "NOT EXISTS (SELECT 1 FROM exchange_applying)"
_NEXT = "(SELECT COALESCE(MAX(seq), 0) + 1 FROM exchange_row)"


def _owner(table: str, row: str) -> str:
    return f"(SELECT owner FROM exchange_row WHERE tbl = {table} AND row_id = {row})"


def _parent_owner(column: str, parent: str) -> str:
    table = "NEW.entity" if parent == "*" else f"'{parent}'"
    return _owner(table, f"NEW.{column}")


def triggers(table: str, column: str | None, parent: str | None) -> list[str]:
    """The bookkeeping and ownership triggers of one replicated table."""
    t = f"'{table}'"
    out = [
        f"""CREATE TRIGGER exchange_{table}_ins AFTER INSERT ON {table} WHEN {_QUIET}
BEGIN INSERT INTO exchange_row (tbl, row_id, origin, origin_id, owner, version, seq,
 local_change) VALUES ({t}, NEW.rowid, {_HERE}, NEW.rowid, {_HERE}, 1, {_NEXT}, 1); END""",
        f"""CREATE TRIGGER exchange_{table}_upd AFTER UPDATE ON {table} WHEN {_QUIET}
BEGIN UPDATE exchange_row SET version = version + 1, seq = {_NEXT}, local_change = 1
 WHERE tbl = {t} AND row_id = NEW.rowid; END""",
        f"""CREATE TRIGGER exchange_{table}_guard_upd BEFORE UPDATE ON {table}
WHEN {_QUIET} AND {_owner(t, 'OLD.rowid')} <> {_HERE}
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
        f"""CREATE TRIGGER exchange_{table}_guard_del BEFORE DELETE ON {table}
WHEN {_QUIET} AND {_owner(t, 'OLD.rowid')} <> {_HERE}
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    ]
    if column and parent:
        out.append(f"""CREATE TRIGGER exchange_{table}_guard_ins BEFORE INSERT ON {table}
WHEN {_QUIET} AND {_parent_owner(column, parent)} <> {_HERE}
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""")
    return out


# A request's communities are part of the request (the set is replaced when it changes):
# a change to them is a change to the request, and only the request's owner makes it.
LINKS = [
    f"""CREATE TRIGGER exchange_access_request_community_ins AFTER INSERT
ON access_request_community WHEN {_QUIET}
BEGIN UPDATE exchange_row SET version = version + 1, seq = {_NEXT}, local_change = 1
 WHERE tbl = 'access_request' AND row_id = NEW.request_id; END""",
    f"""CREATE TRIGGER exchange_access_request_community_del AFTER DELETE
ON access_request_community WHEN {_QUIET}
BEGIN UPDATE exchange_row SET version = version + 1, seq = {_NEXT}, local_change = 1
 WHERE tbl = 'access_request' AND row_id = OLD.request_id; END""",
    f"""CREATE TRIGGER exchange_access_request_community_guard_ins BEFORE INSERT
ON access_request_community WHEN {_QUIET} AND
 {_owner("'access_request'", 'NEW.request_id')} <> {_HERE}
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER exchange_access_request_community_guard_del BEFORE DELETE
ON access_request_community WHEN {_QUIET} AND
 {_owner("'access_request'", 'OLD.request_id')} <> {_HERE}
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
]


def apply(db: Database) -> None:
    """Create the tables and triggers and register every existing row as this site's."""
    db.executescript(SQL)
    uid = db.execute("SELECT uid FROM site WHERE id = 1").fetchone()[0]
    seq = 0
    for table, column, parent in TABLES:
        ids = [r[0] for r in db.execute(f"SELECT rowid FROM {table} ORDER BY rowid")]
        db.conn.executemany(
            "INSERT INTO exchange_row (tbl, row_id, origin, origin_id, owner, version, seq,"
            " local_change) VALUES (?, ?, ?, ?, ?, 1, ?, 1)",
            [(table, rid, uid, rid, uid, seq + n) for n, rid in enumerate(ids, 1)])
        seq += len(ids)
        for statement in triggers(table, column, parent):
            db.execute(statement)
    for statement in LINKS:
        db.execute(statement)
