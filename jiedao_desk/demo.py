# SPDX-License-Identifier: MIT
"""Demo data (演示数据) for the whole app: a fictional street, its communities and residents,
then every domain's own demo hook (12345 tickets, mediation and enforcement cases …).

One run is one transaction: it completes or leaves the database untouched. The data is
reproducible (same seed on an empty database → same records). Demo data is synthetic, so the
audit log records the generation itself (one row with the counts) instead of one row per
generated resident; the domain hooks go through the domains' own functions and audit rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog_samples
from jiedao_desk.core.auth import require
from jiedao_desk.core.demo import DemoContext
from jiedao_desk.domains import residents
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

Progress = Callable[[int, int, str], None]
MAX_SIZE = residents.demo.MAX_SIZE


@dataclass
class DemoResult:
    """What one run generated (the per-domain counts keep their historical names)."""

    residents: int
    first_id: int
    last_id: int
    communities_created: list[str] = field(default_factory=list)
    street_created: bool = False
    seconds: float = 0.0
    hotline_tickets: int = 0
    mediation_cases: int = 0
    enforcement_cases: int = 0
    sample_catalogs: int = 0


_COUNT_FIELDS = {"hotline": "hotline_tickets", "mediation": "mediation_cases",
                 "enforcement": "enforcement_cases"}


def generate(store: Store, size: int, seed: int = 1, progress: Progress | None = None,
             append: bool = False, actor: Actor = SYSTEM) -> DemoResult:
    """Fill the database with ``size`` synthetic residents and every domain's demo records.

    Args:
        store: open store.
        size: number of residents to generate (1 … 5,000,000).
        seed: random seed; the same seed on an empty database gives the same records.
        progress: called as ``progress(done, total, text)`` after each batch of residents.
        append: allow adding to a database that already has residents.
        actor: who runs the generator (audit log).

    Raises:
        ValidationError: size out of range.
        Conflict: residents exist and ``append`` is False.
        PermissionDenied: only administrators (or the system) fill demo data.
    """
    require(actor, "demo.fill")
    if not 1 <= size <= MAX_SIZE:
        raise ValidationError(f"演示数据数量应在 1 到 {MAX_SIZE:,} 之间。", "数量")
    started = time.perf_counter()
    with store.atomic():
        people = residents.demo.generate(store, size, seed, progress, append)
        result = DemoResult(size, people.first_id, people.last_id, people.communities_created,
                            people.street_created)
        ctx = DemoContext(seed, clock.today(), people.communities)
        for spec in registry.specs():
            if spec.demo is not None:
                made = spec.demo(store, actor, ctx)
                if spec.key in _COUNT_FIELDS:
                    setattr(result, _COUNT_FIELDS[spec.key], made)
        # The official duty list, 目录 and forms are not public: labelled samples let the
        # demo answer a triage and issue a certificate end to end (core/catalog_samples.py).
        result.sample_catalogs = len(catalog_samples.load_samples(store, actor))
        audit_store.record(store, actor, "demo.generate", "resident", None, None, {
            "residents": size, "seed": seed, "first_id": result.first_id,
            "last_id": result.last_id, "append": append,
            "street_created": result.street_created,
            "communities_created": result.communities_created,
            "hotline_tickets": result.hotline_tickets,
            "mediation_cases": result.mediation_cases,
            "enforcement_cases": result.enforcement_cases,
            "sample_catalogs": result.sample_catalogs})
    result.seconds = time.perf_counter() - started
    return result
