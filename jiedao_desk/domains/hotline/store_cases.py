# SPDX-License-Identifier: MIT
"""Reads of the mediation and enforcement cases a 12345 ticket meets: the brief of a linked
case (for its label) and the cases of a person or at an address (for the history).

Only reads here: the mediation and enforcement tables belong to their own domains; this
module looks into them with the same matching as the tickets' (``store.person_where``,
``store.address_match``). Voided rows are left out everywhere (they were entered by mistake).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jiedao_desk.domains.hotline.store import address_match, person_where, use_address_key
from jiedao_desk.store import Store


def mediation_brief(store: Store, case_id: int) -> dict | None:
    """Number, state and dates of a mediation case (for a link label), or None."""
    return store.row("SELECT id, case_number, state, received_on, dispute_type, community_id,"
                     " voided_at FROM mediation_case WHERE id = ?", (case_id,))


def enforcement_brief(store: Store, case_id: int) -> dict | None:
    """State, source and place of an enforcement case (for a link label), or None.

    ``case_no`` keeps its column name: ``enforcement.case_label`` reads it.
    """
    return store.row("SELECT id, case_no, status AS state, source, found_on, place, archive_no,"
                     " voided_at FROM enforcement_case WHERE id = ?", (case_id,))


_MEDIATION = ("SELECT m.id, m.case_number, m.state, m.received_on, m.dispute_type, m.summary,"
              " m.community_id, p.role, p.name, p.phone, p.id_number, p.address"
              " FROM mediation_party AS p JOIN mediation_case AS m ON m.id = p.case_id"
              " WHERE m.voided_at IS NULL")
_ENFORCEMENT = ("SELECT e.id, e.status AS state, e.source, e.found_on, e.place AS case_place,"
                " e.description, e.archive_no, p.name, p.phone, p.id_number, p.address"
                " FROM enforcement_case AS e {join} enforcement_party AS p ON p.case_id = e.id"
                " WHERE e.voided_at IS NULL")
_PARTY = {"phone": "p.phone", "id_number": "p.id_number", "name": "p.name"}


def mediation_of_person(store: Store, phone: str, id_number: str, name: str) -> list[dict]:
    """Live mediation cases with a party (or agent) of this phone, ID number or name."""
    where, params = person_where(_PARTY, phone, id_number, name)
    return store.rows(f"{_MEDIATION} AND ({where}) ORDER BY m.received_on DESC, m.id DESC"
                      " LIMIT 500", params)


def enforcement_of_person(store: Store, phone: str, id_number: str, name: str) -> list[dict]:
    """Live enforcement cases with a party of this phone, ID number (or USCC) or name."""
    where, params = person_where(_PARTY, phone, id_number, name)
    return store.rows(f"{_ENFORCEMENT.format(join='JOIN')} AND ({where})"
                      " ORDER BY e.found_on DESC, e.id DESC LIMIT 500", params)


def mediation_at(store: Store, key: str, key_fn: Callable[[str], str],
                 min_len: int) -> list[dict]:
    """Live mediation cases with a party living at the address ``key``."""
    use_address_key(store, key_fn)
    return store.rows(f"{_MEDIATION} AND {address_match('p.address')}"
                      " ORDER BY m.received_on DESC, m.id DESC LIMIT 500",
                      {"key": key, "min": min_len})


def enforcement_at(store: Store, key: str, key_fn: Callable[[str], str],
                   min_len: int) -> list[dict]:
    """Live enforcement cases whose place, or a party's address, matches ``key``."""
    use_address_key(store, key_fn)
    params: dict[str, Any] = {"key": key, "min": min_len}
    return store.rows(f"{_ENFORCEMENT.format(join='LEFT JOIN')} AND"
                      f" ({address_match('e.place')} OR {address_match('p.address')})"
                      " ORDER BY e.found_on DESC, e.id DESC LIMIT 500", params)
