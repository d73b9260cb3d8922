# SPDX-License-Identifier: MIT
"""This site's public keys and the other sites it exchanges packages with (m019): tables
``site_key``, ``exchange_site``, ``exchange_sequence`` and ``exchange_gap``."""

from __future__ import annotations

from jiedao_desk.store import Store, now_text

# How the audit view names an enrolled site (core/spec.py record_labels).
RECORD_LABEL_SQL = "(SELECT s.name FROM exchange_site AS s WHERE s.id = {id})"

_SITE_COLS = ("id, uid, name, role, community_id, sign_public, box_public, fingerprint,"
              " app_version, schema_version, enrolled_at, enrolled_by, voided_at, voided_by,"
              " void_reason")


# -- this site's keys ----------------------------------------------------------------------
def own_keys(store: Store) -> dict | None:
    """The public half of this site's keys (and the wrap key), or None before they exist."""
    return store.row("SELECT sign_public, box_public, fingerprint, wrap_key, created_at"
                     " FROM site_key WHERE id = 1")


def put_own_keys(store: Store, sign_public: str, box_public: str, fingerprint: str) -> None:
    """Record this site's public keys (once; a second call is refused by the primary key)."""
    store.require_transaction()
    store.execute("INSERT INTO site_key (id, sign_public, box_public, fingerprint, created_at)"
                  " VALUES (1, ?, ?, ?, ?)", (sign_public, box_public, fingerprint, now_text()))


def replace_own_keys(store: Store, sign_public: str, box_public: str, fingerprint: str,
                     wrap_key: str | None) -> None:
    """Record this site's new public keys (after the old private keys were lost)."""
    store.require_transaction()
    store.execute("UPDATE site_key SET sign_public = ?, box_public = ?, fingerprint = ?,"
                  " wrap_key = ?, created_at = ? WHERE id = 1",
                  (sign_public, box_public, fingerprint, wrap_key, now_text()))


def set_wrap_key(store: Store, wrap_key: str) -> None:
    """Keep the key that wraps the private key file (encrypted databases only)."""
    store.require_transaction()
    store.execute("UPDATE site_key SET wrap_key = ? WHERE id = 1", (wrap_key,))


# -- enrolled sites ------------------------------------------------------------------------
def list_sites(store: Store, include_voided: bool = False) -> list[dict]:
    """Enrolled sites, the street first, then by name (voided ones last when included)."""
    sql = f"SELECT {_SITE_COLS} FROM exchange_site"
    if not include_voided:
        sql += " WHERE voided_at IS NULL"
    return store.rows(sql + " ORDER BY voided_at IS NOT NULL, role = 'community', name, id")


def live_site(store: Store, uid: str) -> dict | None:
    """The live (not voided) enrolment of the site ``uid``."""
    return store.row(f"SELECT {_SITE_COLS} FROM exchange_site WHERE uid = ?"
                     " AND voided_at IS NULL", (uid,))


def latest_site(store: Store, uid: str) -> dict | None:
    """The newest enrolment of ``uid``, live or voided."""
    return store.row(f"SELECT {_SITE_COLS} FROM exchange_site WHERE uid = ?"
                     " ORDER BY id DESC LIMIT 1", (uid,))


def live_by_key(store: Store, sign_public: str, box_public: str) -> dict | None:
    """A live enrolment holding either of these public keys."""
    return store.row(f"SELECT {_SITE_COLS} FROM exchange_site WHERE voided_at IS NULL"
                     " AND (sign_public = ? OR box_public = ?)", (sign_public, box_public))


def live_street(store: Store) -> dict | None:
    """The enrolled street (a community site has at most one)."""
    return store.row(f"SELECT {_SITE_COLS} FROM exchange_site WHERE role = 'street'"
                     " AND voided_at IS NULL")


def live_for_community(store: Store, community_id: int) -> dict | None:
    """The live site enrolled for a community."""
    return store.row(f"SELECT {_SITE_COLS} FROM exchange_site WHERE community_id = ?"
                     " AND voided_at IS NULL", (community_id,))


_INSERTED = ("uid", "name", "role", "community_id", "sign_public", "box_public", "fingerprint",
             "app_version", "schema_version", "enrolled_by")


def insert_site(store: Store, fields: dict[str, object]) -> int:
    """Enrol a site (``fields``: uid, name, role, community_id, both public keys, fingerprint,
    app_version, schema_version, enrolled_by); returns the row id."""
    store.require_transaction()
    if set(fields) != set(_INSERTED):
        raise ValueError(f"site fields: {sorted(_INSERTED)}")
    return store.insert(
        f"INSERT INTO exchange_site ({', '.join(_INSERTED)}, enrolled_at)"
        f" VALUES ({', '.join(':' + k for k in _INSERTED)}, :enrolled_at)",
        {**fields, "enrolled_at": now_text()})


def void_site(store: Store, site_id: int, user_id: int | None, reason: str) -> None:
    """Void an enrolment (its packages are refused from now on)."""
    store.require_transaction()
    store.execute("UPDATE exchange_site SET voided_at = ?, voided_by = ?, void_reason = ?"
                  " WHERE id = ? AND voided_at IS NULL", (now_text(), user_id, reason, site_id))


# -- sequence bookkeeping ------------------------------------------------------------------
_SEQ_COLS = ("peer_uid, last_sent, last_sent_at, last_received, last_received_at, acked,"
             " acked_at, restored_from, complete_to")


def sequence(store: Store, peer_uid: str) -> dict:
    """The bookkeeping of packages exchanged with ``peer_uid`` (zeros before the first)."""
    row = store.row(f"SELECT {_SEQ_COLS} FROM exchange_sequence WHERE peer_uid = ?",
                    (peer_uid,))
    return row or {"peer_uid": peer_uid, "last_sent": 0, "last_sent_at": None,
                   "last_received": 0, "last_received_at": None, "acked": 0,
                   "acked_at": None, "restored_from": None,
                   "complete_to": None}


def all_sequences(store: Store) -> dict[str, dict]:
    """Every site's bookkeeping, by uid."""
    return {r["peer_uid"]: r for r in store.rows(f"SELECT {_SEQ_COLS} FROM exchange_sequence")}


def put_sequence(store: Store, peer_uid: str, **fields: object) -> None:
    """Set bookkeeping fields of ``peer_uid`` (the row is made on first use)."""
    store.require_transaction()
    allowed = {"last_sent", "last_sent_at", "last_received", "last_received_at", "acked",
               "acked_at", "restored_from", "complete_to"}
    if not fields or set(fields) - allowed:
        raise ValueError(f"sequence fields: {sorted(allowed)}")
    store.execute("INSERT INTO exchange_sequence (peer_uid) VALUES (?)"
                  " ON CONFLICT (peer_uid) DO NOTHING", (peer_uid,))
    sets = ", ".join(f"{k} = :{k}" for k in sorted(fields))
    store.execute(f"UPDATE exchange_sequence SET {sets} WHERE peer_uid = :peer_uid",
                  {**fields, "peer_uid": peer_uid})


def open_gaps(store: Store, peer_uid: str | None = None) -> list[dict]:
    """Package numbers still missing (of one site, or of all), in order."""
    sql = "SELECT peer_uid, seq, noticed_at FROM exchange_gap WHERE filled_at IS NULL"
    params: tuple = ()
    if peer_uid is not None:
        sql += " AND peer_uid = ?"
        params = (peer_uid,)
    return store.rows(sql + " ORDER BY peer_uid, seq", params)


def add_gaps(store: Store, peer_uid: str, seqs: list[int]) -> None:
    """Remember missing package numbers."""
    store.require_transaction()
    at = now_text()
    for seq in seqs:
        store.execute("INSERT INTO exchange_gap (peer_uid, seq, noticed_at) VALUES (?,?,?)"
                      " ON CONFLICT (peer_uid, seq) DO NOTHING", (peer_uid, seq, at))


def fill_gap(store: Store, peer_uid: str, seq: int) -> bool:
    """Mark a missing package as arrived; False when it was not missing."""
    store.require_transaction()
    cur = store.execute("UPDATE exchange_gap SET filled_at = ? WHERE peer_uid = ? AND seq = ?"
                        " AND filled_at IS NULL", (now_text(), peer_uid, seq))
    return cur.rowcount > 0
