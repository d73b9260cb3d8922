# SPDX-License-Identifier: MIT
"""Certificates: the records core returns (dataclasses, no storage)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jiedao_desk.core.catalog import CatalogItem, CatalogVersion

# Verdicts of check_request (the page's live check line; rules.py turns them into gates).
OK, SIMILAR, DENIED, NOT_IN_CATALOG, NO_CATALOG, NO_DENYLIST, EMPTY = (
    "ok", "similar", "denied", "not_in_catalog", "no_catalog", "no_denylist", "empty")


@dataclass(frozen=True)
class ListInForce:
    """A list (目录 or negative list) as in force on a day: its version (None if none) and items."""

    key: str
    on: dt.date
    version: CatalogVersion | None
    items: tuple[CatalogItem, ...]
    older: tuple[CatalogVersion, ...] = ()  # other live versions with items, not in force

    @property
    def usable(self) -> bool:
        """True when a version is in force and it has items."""
        return self.version is not None and bool(self.items)

    def describe(self) -> str:
        """One line: title, label, confidence and item count."""
        v = self.version
        if v is None:
            return f"{self.on.isoformat()} 没有现行版本"
        return f"《{v.title}》{v.label}版（置信度：{v.confidence_label}，{len(self.items)}项）"

    def find(self, seq: int | None) -> CatalogItem | None:
        """The item with this seq, or None."""
        return next((i for i in self.items if i.seq == seq), None)


@dataclass(frozen=True)
class Check:
    """Whether a request may be issued, and why not (``message`` is the live check line)."""

    verdict: str
    message: str
    catalog: ListInForce
    denylist: ListInForce
    item: CatalogItem | None = None
    deny_item: CatalogItem | None = None
    similar: tuple[tuple[CatalogItem, float], ...] = ()

    @property
    def issuable(self) -> bool:
        """OK, or similar to a denylist item (then the clerk must confirm)."""
        return self.verdict in (OK, SIMILAR)


@dataclass(frozen=True)
class Certificate:
    """One register row: an issued certificate or a refused request."""

    id: int
    outcome: str
    reason: str
    community_id: int
    community_name: str
    day: str
    applicant_name: str
    applicant_id_number: str | None
    applicant_phone: str
    matter: str
    purpose: str
    content: str
    evidence: tuple[str, ...]
    catalog_version_id: int | None
    item_text: str
    denylist_version_id: int | None
    deny_text: str
    similar_confirmed: tuple[dict, ...]
    document_id: int | None
    doc_number: str
    recorded_by: str
    voided: bool
    void_reason: str | None

    @property
    def state(self) -> str:
        """issued / refused, or voided (rules.STATES)."""
        return "voided" if self.voided else self.outcome


@dataclass(frozen=True)
class MonthCounts:
    """Counts of one month for the monthly report (voided rows excluded)."""

    month: str
    issued: int
    refused: int
    refused_by_reason: dict[str, int]
    issued_by_item: dict[str, int]
    refused_by_item: dict[str, int]
    voided: int
