# SPDX-License-Identifier: MIT
"""Global search (全局搜索) over every domain that indexes its records.

Domains index their records through ``jiedao_desk.store.search`` and declare, in their spec, a
``SearchSource`` whose describer turns a hit into a title and a one-line snippet. A describer
may return None to hide a hit (record gone, or not visible to this actor).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core.spec import SearchSource
from jiedao_desk.store import Store
from jiedao_desk.store import search as search_store


@dataclass(frozen=True)
class SearchHit:
    """One search result.

    Attributes:
        entity: entity name ("resident", …).
        entity_id: id of the record in its own table.
        title: Chinese one-line title, e.g. the resident's name.
        snippet: a short line of context (community, address …).
        label: Chinese name of the entity kind, e.g. "居民".
    """

    entity: str
    entity_id: int
    title: str
    snippet: str
    label: str = ""


def entity_label(entity: str, sources: Iterable[SearchSource]) -> str:
    """Chinese name of an entity kind (the entity key if no source declares it)."""
    return next((s.label for s in sources if s.entity == entity), entity)


def search(store: Store, actor: Actor, text: str, sources: Iterable[SearchSource],
           limit: int = 50) -> list[SearchHit]:
    """Records of any domain matching every term of ``text``, most recently indexed first.

    Args:
        store: open store.
        actor: who searches (describers may hide records from them).
        sources: the searchable entities (every domain's, see jiedao_desk/registry.py); a
            hit of an entity without a source is not shown.
        text: query; whitespace separates terms, all of which must match.
        limit: maximum number of hits.

    Raises:
        ValidationError: the query is empty or has no letter or digit.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError("请输入要搜索的内容。", "搜索")
    tri, bi = search_store.match_expressions(text)
    if not tri and not bi:
        raise ValidationError("搜索内容至少要包含一个汉字、字母或数字。", "搜索")
    if limit < 1:
        raise ValidationError("结果数量至少为 1。", "数量")
    by_entity = {s.entity: s for s in sources}
    hits = []
    for entity, entity_id in search_store.search(store, text, limit=limit):
        source = by_entity.get(entity)
        if source is None:  # an entity no registered source shows (not searchable here)
            continue
        described = source.describe(store, actor, entity_id)
        if described is not None:
            hits.append(SearchHit(entity, entity_id, described[0], described[1], source.label))
    return hits
