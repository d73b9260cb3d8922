# SPDX-License-Identifier: MIT
"""Local working-day overrides."""

from __future__ import annotations

from jiedao_desk.store import Store, now_text


def list_overrides(store: Store) -> list[dict]:
    """All overrides, by day."""
    return store.rows("SELECT day, is_workday, note, updated_at, updated_by"
                      " FROM calendar_override ORDER BY day")


def get_override(store: Store, day: str) -> dict | None:
    """One override by ISO day."""
    return store.row("SELECT day, is_workday, note FROM calendar_override WHERE day = ?", (day,))


def put_override(store: Store, day: str, is_workday: bool, note: str, by: str) -> None:
    """Insert or replace an override."""
    store.require_transaction()
    store.execute(
        "INSERT INTO calendar_override (day, is_workday, note, updated_at, updated_by)"
        " VALUES (?,?,?,?,?) ON CONFLICT(day) DO UPDATE SET is_workday=excluded.is_workday,"
        " note=excluded.note, updated_at=excluded.updated_at, updated_by=excluded.updated_by",
        (day, int(is_workday), note, now_text(), by),
    )


def remove_override(store: Store, day: str) -> None:
    """Drop an override (the day follows chinesecalendar again)."""
    store.require_transaction()
    store.execute("DELETE FROM calendar_override WHERE day = ?", (day,))


def version(store: Store, notice_catalog: str) -> tuple:
    """What the calendar is built from, cheaply: every override (a handful of rows) and the
    ids and void marks of the yearly holiday notices (a version's items never change)."""
    row = store.row(
        "SELECT (SELECT group_concat(day || ':' || is_workday || ':' || note, '|')"
        "        FROM calendar_override) AS overrides,"
        "       (SELECT group_concat(id || ':' || coalesce(voided_at, ''), '|')"
        "        FROM catalog_version WHERE catalog = ?) AS notices", (notice_catalog,))
    return (row["overrides"], row["notices"]) if row else (None, None)
