# SPDX-License-Identifier: MIT
"""Reads across domains for the 12345 links and the person / address history.

Only reads here: the mediation and enforcement tables belong to their own store modules;
this module looks into them to label a linked case and to find a person's or an address's
records. Voided rows are left out everywhere (they were entered by mistake).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jiedao_desk.store import Store, now_text

ADDRESS_FN = "jd_address_key"  # SQL function name registered for address matching


def get_link(store: Store, link_id: int) -> dict | None:
    """One link row (voided or not), or None."""
    return store.row("SELECT * FROM hotline_link WHERE id = ?", (link_id,))


def created_link(store: Store, ticket_id: int, domain: str) -> dict | None:
    """The live link of a case created from this ticket in ``domain``, or None."""
    return store.row("SELECT * FROM hotline_link WHERE ticket_id = ? AND domain = ?"
                     " AND origin = 'created' AND voided_at IS NULL", (ticket_id, domain))


def void_link(store: Store, link_id: int, reason: str) -> None:
    """Void a link (it stays on record)."""
    store.require_transaction()
    store.execute("UPDATE hotline_link SET voided_at = ?, void_reason = ? WHERE id = ?",
                  (now_text(), reason, link_id))


def mediation_brief(store: Store, case_id: int) -> dict | None:
    """Number, state and dates of a mediation case (for a link label), or None."""
    return store.row("SELECT id, case_number, state, received_on, dispute_type, community_id,"
                     " voided_at FROM mediation_case WHERE id = ?", (case_id,))


def enforcement_brief(store: Store, case_id: int) -> dict | None:
    """Status, source and place of an enforcement case (for a link label), or None."""
    return store.row("SELECT id, case_no, status, source, found_on, place, archive_no, voided_at"
                     " FROM enforcement_case WHERE id = ?", (case_id,))


# -- history ---------------------------------------------------------------------------------
_DIGITS = "replace(replace(replace({}, ' ', ''), '-', ''), '+86', '')"


def _person_where(columns: dict[str, str], phone: str, id_number: str, name: str,
                  ) -> tuple[str, list[Any]]:
    """OR of the given criteria over ``columns`` {criterion: SQL column}."""
    parts, params = [], []
    if phone and "phone" in columns:
        parts.append(_DIGITS.format(columns["phone"]) + " = ?")
        params.append(phone)
    if id_number and "id_number" in columns:
        parts.append(f"upper({columns['id_number']}) = ?")
        params.append(id_number)
    if name and "name" in columns:
        parts.append(f"{columns['name']} = ?")
        params.append(name)
    return " OR ".join(parts) or "0", params


def tickets_of_person(store: Store, phone: str, name: str,
                      community_id: int | None = None) -> list[dict]:
    """Live tickets whose caller has this phone (digits only) or this name."""
    where, params = _person_where({"phone": "t.claimant_phone", "name": "t.claimant_name"},
                                  phone, "", name)
    return _tickets(store, f"({where})", params, community_id)


def _tickets(store: Store, where: str, params: list[Any],
             community_id: int | None) -> list[dict]:
    sql = ("SELECT t.id, t.ticket_no, t.received_at, t.title, t.category, t.status, t.place,"
           " t.claimant_name, t.claimant_phone, t.community_id, c.name AS community_name"
           " FROM hotline_ticket AS t LEFT JOIN community AS c ON c.id = t.community_id"
           f" WHERE t.voided_at IS NULL AND {where}")
    if community_id is not None:
        sql += " AND t.community_id = ?"
        params = [*params, community_id]
    return store.rows(sql + " ORDER BY t.received_at DESC LIMIT 500", params)


def mediation_of_person(store: Store, phone: str, id_number: str, name: str) -> list[dict]:
    """Live mediation cases with a party (or agent) of this phone, ID number or name."""
    where, params = _person_where({"phone": "p.phone", "id_number": "p.id_number",
                                   "name": "p.name"}, phone, id_number, name)
    return _mediation(store, where, params)


def _mediation(store: Store, where: str, params: list[Any]) -> list[dict]:
    return store.rows(
        "SELECT m.id, m.case_number, m.state, m.received_on, m.dispute_type, m.summary,"
        " m.community_id, p.role, p.name, p.phone, p.id_number, p.address"
        " FROM mediation_party AS p JOIN mediation_case AS m ON m.id = p.case_id"
        f" WHERE m.voided_at IS NULL AND ({where}) ORDER BY m.received_on DESC, m.id DESC"
        " LIMIT 500", params)


def enforcement_of_person(store: Store, phone: str, id_number: str, name: str) -> list[dict]:
    """Live enforcement cases with a party of this phone, ID number (or USCC) or name."""
    where, params = _person_where({"phone": "p.phone", "id_number": "p.id_number",
                                   "name": "p.name"}, phone, id_number, name)
    return _enforcement(store, where, params)


def _enforcement(store: Store, where: str, params: list[Any], join: str = "JOIN") -> list[dict]:
    return store.rows(
        "SELECT e.id, e.status, e.source, e.found_on, e.place AS case_place, e.description,"
        " e.archive_no, p.name, p.phone, p.id_number, p.address"
        f" FROM enforcement_case AS e {join} enforcement_party AS p ON p.case_id = e.id"
        f" WHERE e.voided_at IS NULL AND ({where}) ORDER BY e.found_on DESC, e.id DESC"
        " LIMIT 500", params)


def _register(store: Store, key_fn: Callable[[str], str]) -> None:
    store.conn.create_function(ADDRESS_FN, 1, lambda v: key_fn(v or ""), deterministic=True)


def _address_match(column: str) -> str:
    # Same place when one key contains the other; short keys ("3号楼") never match alone.
    return (f"(length({ADDRESS_FN}({column})) >= :min AND"
            f" (instr(:key, {ADDRESS_FN}({column})) > 0"
            f" OR instr({ADDRESS_FN}({column}), :key) > 0))")


def tickets_at(store: Store, key: str, key_fn: Callable[[str], str], min_len: int,
               community_id: int | None = None) -> list[dict]:
    """Live tickets whose place matches the normalised address ``key``."""
    _register(store, key_fn)
    sql = ("SELECT t.id, t.ticket_no, t.received_at, t.title, t.category, t.status, t.place,"
           " t.claimant_name, t.claimant_phone, t.community_id, c.name AS community_name"
           " FROM hotline_ticket AS t LEFT JOIN community AS c ON c.id = t.community_id"
           f" WHERE t.voided_at IS NULL AND {_address_match('t.place')}")
    params: dict[str, Any] = {"key": key, "min": min_len}
    if community_id is not None:
        sql += " AND t.community_id = :cid"
        params["cid"] = community_id
    return store.rows(sql + " ORDER BY t.received_at DESC LIMIT 500", params)


def mediation_at(store: Store, key: str, key_fn: Callable[[str], str],
                 min_len: int) -> list[dict]:
    """Live mediation cases with a party living at the address ``key``."""
    _register(store, key_fn)
    return store.rows(
        "SELECT m.id, m.case_number, m.state, m.received_on, m.dispute_type, m.summary,"
        " m.community_id, p.role, p.name, p.phone, p.id_number, p.address"
        " FROM mediation_party AS p JOIN mediation_case AS m ON m.id = p.case_id"
        f" WHERE m.voided_at IS NULL AND {_address_match('p.address')}"
        " ORDER BY m.received_on DESC, m.id DESC LIMIT 500", {"key": key, "min": min_len})


def enforcement_at(store: Store, key: str, key_fn: Callable[[str], str],
                   min_len: int) -> list[dict]:
    """Live enforcement cases whose place, or a party's address, matches ``key``."""
    _register(store, key_fn)
    return store.rows(
        "SELECT e.id, e.status, e.source, e.found_on, e.place AS case_place, e.description,"
        " e.archive_no, p.name, p.phone, p.id_number, p.address"
        " FROM enforcement_case AS e LEFT JOIN enforcement_party AS p ON p.case_id = e.id"
        f" WHERE e.voided_at IS NULL AND ({_address_match('e.place')}"
        f" OR {_address_match('p.address')}) ORDER BY e.found_on DESC, e.id DESC LIMIT 500",
        {"key": key, "min": min_len})
