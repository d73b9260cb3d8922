# SPDX-License-Identifier: MIT
"""User accounts."""

from __future__ import annotations

from jiedao_desk.store import Store, now_text

# How the audit view names a user (core/spec.py record_labels).
RECORD_LABEL_SQL = ("(SELECT u.display_name || '（' || u.username || '）' FROM app_user AS u"
                    " WHERE u.id = {id})")

_COLS = ("id, username, display_name, role, community_id, password_hash, must_change_password,"
         " failed_count, locked_until, last_login_at, created_at, voided_at, void_reason")


def count_live(store: Store) -> int:
    """Number of non-voided users."""
    return int(store.scalar("SELECT COUNT(*) FROM app_user WHERE voided_at IS NULL"))


def count_live_admins(store: Store) -> int:
    """Number of non-voided administrators (a database without one cannot be managed)."""
    return int(store.scalar(
        "SELECT COUNT(*) FROM app_user WHERE voided_at IS NULL AND role = 'admin'"))


def get_by_name(store: Store, username: str) -> dict | None:
    """A user by login name (voided included)."""
    return store.row(f"SELECT {_COLS} FROM app_user WHERE username = ?", (username,))


def get(store: Store, user_id: int) -> dict | None:
    """A user by id."""
    return store.row(f"SELECT {_COLS} FROM app_user WHERE id = ?", (user_id,))


def list_users(store: Store) -> list[dict]:
    """All users, live first."""
    return store.rows(f"SELECT {_COLS} FROM app_user ORDER BY voided_at IS NOT NULL, username")


def insert(store: Store, username: str, display_name: str, role: str,
           community_id: int | None, password_hash: str, must_change: bool) -> int:
    """Create a user."""
    store.require_transaction()
    return store.insert(
        "INSERT INTO app_user (username, display_name, role, community_id, password_hash,"
        " must_change_password, created_at) VALUES (?,?,?,?,?,?,?)",
        (username, display_name, role, community_id, password_hash, int(must_change),
         now_text()))


def update(store: Store, user_id: int, **fields) -> None:
    """Update named columns of a user (names come from core code, never from input)."""
    store.require_transaction()
    allowed = {"display_name", "role", "community_id", "password_hash", "must_change_password",
               "failed_count", "locked_until", "last_login_at", "voided_at", "void_reason"}
    bad = set(fields) - allowed
    if bad:
        raise ValueError(f"not updatable: {bad}")
    sets = ", ".join(f"{k} = ?" for k in fields)
    store.execute(f"UPDATE app_user SET {sets} WHERE id = ?", (*fields.values(), user_id))


def record_failure(store: Store, user_id: int, limit: int, lock_until: str) -> tuple[int, bool]:
    """Count one failed login in ONE statement and lock the account when the count reaches
    ``limit`` (so parallel attempts cannot all read the same count and slip past the lock);
    returns (failures counted, now locked)."""
    store.require_transaction()
    store.execute(
        "UPDATE app_user SET"
        " locked_until = CASE WHEN failed_count + 1 >= :limit THEN :until ELSE locked_until END,"
        " failed_count = CASE WHEN failed_count + 1 >= :limit THEN 0 ELSE failed_count + 1 END"
        " WHERE id = :id", {"limit": limit, "until": lock_until, "id": user_id})
    row = store.row("SELECT failed_count, locked_until FROM app_user WHERE id = ?", (user_id,))
    assert row is not None
    locked = row["failed_count"] == 0 and row["locked_until"] == lock_until
    return (limit if locked else row["failed_count"]), locked


def record_success(store: Store, user_id: int, now: str) -> bool:
    """Clear the failure count after a correct password, unless the account was locked or
    voided meanwhile (by a parallel attempt); returns whether the login may proceed."""
    store.require_transaction()
    cur = store.execute(
        "UPDATE app_user SET failed_count = 0, locked_until = NULL, last_login_at = :now"
        " WHERE id = :id AND voided_at IS NULL AND (locked_until IS NULL OR locked_until <= :now)",
        {"now": now, "id": user_id})
    return cur.rowcount == 1
