# SPDX-License-Identifier: MIT
"""Enforcement cases in global search (全局搜索): the index entry and how a hit reads.

A case is indexed by its case number (立案编号; "线索第N号" for a lead), archive / paper
decision numbers, party names, place and description (never ID numbers), and re-indexed
whenever one of them changes (lead, 立案, party, 简易程序, archive, void).
Only roles with ``enforcement.view`` see a hit: case files are confidential from the other
teams (auth.py).
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth
from jiedao_desk.core.spec import SearchSource
from jiedao_desk.domains.enforcement import rules
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.model import ENTITY, SOURCES
from jiedao_desk.store import Store
from jiedao_desk.store import search as search_store


def reindex(store: Store, case_id: int) -> None:
    """Refresh a case's search entry (inside the caller's transaction); a void case leaves."""
    row = es.case_search_row(store, case_id)
    if row is None or row["voided_at"]:
        search_store.unindex(store, ENTITY, case_id)
    else:
        search_store.index(store, ENTITY, case_id, es.search_text(row))


def describe(store: Store, actor: Actor, case_id: int) -> tuple[str, str] | None:
    """(title, snippet) of a hit, or None for a void case or a role without case files."""
    if not auth.can(actor, "enforcement.view"):
        return None
    case = es.get_case(store, case_id)
    if case is None or case.voided_at:
        return None
    names = "、".join(p.name for p in es.parties(store, case_id))
    title = f"执法案件 {case.label}" + (f" {names}" if names else "")
    snippet = (f"{case.found_on.isoformat()} {SOURCES.get(case.source, case.source)} "
               f"{rules.label(case.state)}　{case.place}：{case.description[:40]}")
    return title, snippet


SOURCE = SearchSource(ENTITY, "执法案件", describe, reindex)
