# SPDX-License-Identifier: MIT
"""Discretion (行政裁量) applied to an enforcement case: the officer's choice of the 裁量基准
version, the tier and the reasons (the facts that support the tier, reference §4).

When tiers are known for the case's power (``tiers.tiers_for``) one must be chosen; when none
is known the choice records the version and the reasons only (never an invented tier). The
事先告知 and the decision then refuse a fine outside the chosen tier's range (``rules.py``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import validate
from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import case_for, get_case
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import ENTITY, Discretion
from jiedao_desk.domains.enforcement.tiers import tiers_for
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store


def _fen(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def choose(store: Store, actor: Actor, case_id: int, day, reasons: str,
           tier_code: str = "", version_id: int | None = None) -> Discretion:
    """Record the discretion applied to a case: 裁量基准 version, tier and reasons.

    A new choice voids the previous one (kept in the history).

    Returns:
        The stored choice, with ``warning`` when the tiers of the power are unknown.
    """
    case = case_for(store, actor, case_id, "discretion")
    day = validate.date(day, "裁量日期", not_after_today=True)
    reasons = validate.required_text(reasons, "裁量理由（支持所选档次的事实和情节）", 2000)
    tiers, version, warning = tiers_for(store, case, day, version_id)
    tier_code = (tier_code or "").strip()
    chosen = None
    if tiers:
        chosen = next((t for t in tiers if t.code == tier_code), None)
        if chosen is None:
            listing = "；".join(t.label for t in tiers)
            raise ValidationError(f"请从本事项的裁量档次中选择一档：{listing}", "tier")
    elif tier_code:
        raise ValidationError(f"裁量档次“{tier_code}”不在任何已导入的裁量基准中。{warning}", "tier")
    rules.require("discretion", Facts(store, case, day))
    values: dict[str, Any] = {"standard_version_id": version.id if version else None,
              "standard_label": f"{version.label} {version.doc_number}".strip() if version
              else "",
              "tier_code": chosen.code if chosen else "", "tier": chosen.tier if chosen else "",
              "tier_text": chosen.text if chosen else "",
              "fine_min_fen": _fen(chosen.fine_min) if chosen else None,
              "fine_max_fen": _fen(chosen.fine_max) if chosen else None,
              "reasons": reasons, "chosen_on": day.isoformat()}
    with store.atomic():
        rid = es.insert_discretion(store, case_id, values, actor.name)
        audit_store.record(store, actor, "enforcement.discretion", ENTITY, case_id, None,
                           {**values, "id": rid})
    return Discretion(id=rid, case_id=case_id, **{k: values[k] for k in (
        "standard_version_id", "standard_label", "tier_code", "tier", "tier_text",
        "fine_min_fen", "fine_max_fen", "reasons")}, chosen_on=day, chosen_by=actor.name,
        warning=warning)


def current(store: Store, actor: Actor, case_id: int) -> Discretion | None:
    """The live discretion choice of a case (None if none was recorded)."""
    get_case(store, actor, case_id)
    return es.current_discretion(store, case_id)
