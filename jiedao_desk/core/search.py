# SPDX-License-Identifier: MIT
"""Global search (全局搜索) over every domain that indexes its records.

Domains index their records through ``jiedao_desk.store.search`` and register a *describer*
that turns a hit into a title and a one-line snippet. A describer may return None to hide a
hit (record gone, or not visible to this actor).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.store import Store
from jiedao_desk.store import search as search_store

Describer = Callable[[Store, Actor, int], "tuple[str, str] | None"]

_DESCRIBERS: dict[str, Describer] = {}
_LABELS: dict[str, str] = {}

# Domain modules that register describers when imported; loaded before the first search so a
# caller (CLI, home page) does not have to import every domain itself.
DESCRIBER_MODULES = ["jiedao_desk.domains.residents.service"]


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


def register_describer(entity: str, fn: Describer, label: str = "") -> Describer:
    """Register how hits of ``entity`` are shown.

    Args:
        entity: entity name used in the search index.
        fn: ``fn(store, actor, entity_id) -> (title, snippet) | None``.
        label: Chinese name of the entity kind shown next to hits.

    Returns:
        ``fn`` unchanged.
    """
    _DESCRIBERS[entity] = fn
    _LABELS[entity] = label or entity
    return fn


def entity_label(entity: str) -> str:
    """Chinese name of an entity kind (the entity key if none was registered)."""
    _load_describers()
    return _LABELS.get(entity, entity)


def _load_describers() -> None:
    from jiedao_desk.core import domains

    for name in DESCRIBER_MODULES:
        importlib.import_module(name)
    domains.load_all()


def search(store: Store, actor: Actor, text: str, limit: int = 50) -> list[SearchHit]:
    """Records of any domain matching every term of ``text``, most recently indexed first.

    Args:
        store: open store.
        actor: who searches (describers may hide records from them).
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
    _load_describers()
    hits = []
    for entity, entity_id in search_store.search(store, text, limit=limit):
        describer = _DESCRIBERS.get(entity)
        if describer is None:
            described = (f"{entity} {entity_id}",
                         search_store.indexed_text(store, entity, entity_id) or "")
        else:
            described = describer(store, actor, entity_id)
        if described is not None:
            hits.append(SearchHit(entity, entity_id, described[0], described[1],
                                  _LABELS.get(entity, entity)))
    return hits
