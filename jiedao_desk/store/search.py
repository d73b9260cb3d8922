# SPDX-License-Identifier: MIT
"""Full-text search over any entity (one ``search_doc`` row per indexed record).

Two FTS5 indexes are fed by triggers on ``search_doc`` (see migration m001):

* ``search_tri`` (trigram tokenizer over ``text``) answers terms of three or more characters
  as substring matches;
* ``search_bi`` (unicode61 over ``grams``, a bigram token string made by ``grams()``) answers
  terms of one or two characters.

The trigram tokenizer cannot match a term shorter than three characters, and on SQLite 3.40 a
``LIKE`` on a trigram table silently returns no rows for such patterns (shared/reference/
baselines.md §3c), so short terms must never go through the trigram table.

Domains decide what text a record contributes; this module never reads their tables.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable

from jiedao_desk.store import Store

# A run of letters or digits: CJK ideographs count as letters; "_" is not part of a run.
_RUN = re.compile(r"[^\W_]+")
# Anything that is not a letter or digit at either end of a query term.
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")

_UPSERT = (
    "INSERT INTO search_doc (entity, entity_id, text, grams) VALUES (?,?,?,?)"
    " ON CONFLICT (entity, entity_id) DO UPDATE SET text = excluded.text,"
    " grams = excluded.grams WHERE search_doc.text IS NOT excluded.text"
)
# The same upsert for a JSON array of [entity_id, text, grams]; "WHERE 1" keeps SQLite from
# reading ON CONFLICT as a join constraint of the SELECT.
_BULK_UPSERT = (
    "INSERT INTO search_doc (entity, entity_id, text, grams)"
    " SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
    " json_extract(value, '$[2]') FROM json_each(?) WHERE 1"
    " ON CONFLICT (entity, entity_id) DO UPDATE SET text = excluded.text,"
    " grams = excluded.grams WHERE search_doc.text IS NOT excluded.text"
)


def grams(text: str) -> str:
    """The bigram token string stored in ``search_doc.grams``.

    Each run of letters/digits (latin lowercased) yields every overlapping two-character gram
    plus its last character as a one-character token, so that a one-character prefix query
    ``"X"*`` finds X anywhere in the run; a one-character run yields that character.

    Args:
        text: free text of a record.

    Returns:
        Space-separated tokens, e.g. ``grams("张伟 3号")`` → ``"张伟 伟 3号 号"``.
    """
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        if len(run) > 1:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return " ".join(out)


def index(store: Store, entity: str, entity_id: int, text: str) -> None:
    """Index (or re-index) one record; the old text of the record is replaced.

    Args:
        store: open store, inside a transaction.
        entity: entity name, e.g. ``"resident"``.
        entity_id: id of the record in its own table.
        text: the searchable text (callers leave out private numbers).
    """
    store.require_transaction()
    store.execute(_UPSERT, (entity, entity_id, text, grams(text)))


def unindex(store: Store, entity: str, entity_id: int) -> None:
    """Remove one record from the index (no error if it was not indexed)."""
    store.require_transaction()
    store.execute("DELETE FROM search_doc WHERE entity = ? AND entity_id = ?",
                  (entity, entity_id))


def bulk_index(store: Store, entity: str, rows: Iterable[tuple[int, str]],
               chunk: int = 50_000) -> None:
    """Index many records at once (demo data, imports).

    Rows go in as one ``INSERT … SELECT FROM json_each(?)`` per chunk instead of an
    ``executemany``: FTS5 flushes its in-memory index at every statement savepoint, and each
    row of an ``executemany`` is its own statement, so row-by-row loading writes one tiny
    segment per record. Measured on 200,000 residents: executemany 12.5 s, json_each 2.8 s.

    Args:
        store: open store, inside a transaction.
        entity: entity name shared by all rows.
        rows: ``(entity_id, text)`` pairs.
        chunk: records per statement.
    """
    store.require_transaction()
    it = iter(rows)
    while batch := [[eid, text, grams(text)] for eid, text in itertools.islice(it, chunk)]:
        store.execute(_BULK_UPSERT, (entity, json.dumps(batch, ensure_ascii=False)))


def _phrase(term: str) -> str:
    # An FTS5 string: double quotes inside are doubled; everything else is literal.
    return '"' + term.replace('"', '""') + '"'


def match_expressions(text: str) -> tuple[str, str]:
    """Split a query into FTS5 expressions for the trigram and the bigram table.

    Every whitespace-separated term must match (AND). A term of three or more characters
    becomes a trigram phrase; a shorter one a bigram phrase or a prefix query. Punctuation
    at either end of a term is dropped; terms without any letter or digit are ignored.

    Returns:
        ``(tri_expr, bi_expr)``; either may be "" (both "" means: nothing to search).
    """
    tri: list[str] = []
    bi: list[str] = []
    for raw in text.split():
        # Quotes or punctuation around a term ("朝阳里", 张伟，) are not part of it.
        term = _EDGE.sub("", raw.lower())
        if not term:
            continue  # punctuation only
        if len(term) >= 3:
            tri.append(_phrase(term))
        elif len(term) == 2:
            bi.append(_phrase(term))
        else:
            bi.append(_phrase(term) + "*")
    return " AND ".join(tri), " AND ".join(bi)


def _matching(tri: str, bi: str) -> tuple[str, list]:
    """FROM/WHERE text joining ``search_doc AS d`` to the FTS table that drives the query.

    The FTS table is the outer loop (so its rowids arrive in index order and a LIMIT stops
    early); the other table's matches are a filter. The unary "+" keeps SQLite from handing
    that IN to the FTS table, which would lose the order and sort every match.
    """
    table, expr = ("search_tri", tri) if tri else ("search_bi", bi)
    sql = (f"FROM {table} AS f JOIN search_doc AS d ON d.id = f.rowid"
           f" WHERE f.{table} MATCH ?")
    params: list = [expr]
    if tri and bi:
        sql += " AND +f.rowid IN (SELECT rowid FROM search_bi WHERE search_bi MATCH ?)"
        params.append(bi)
    return sql, params


def id_subquery(entity: str, text: str) -> tuple[str, list]:
    """A SELECT of ``entity_id`` for the records of ``entity`` matching every term of ``text``.

    Used by ``ListSource.set_search`` as ``t.id IN (<sql>)``.

    Returns:
        ``(sql, params)``; a query with no usable term selects nothing.
    """
    tri, bi = match_expressions(text)
    if not tri and not bi:
        return "SELECT NULL WHERE 0", []
    table, expr = ("search_tri", tri) if tri else ("search_bi", bi)
    # The narrow id table (m022), not the wide search_doc rows: a common term matches 100,000+
    # records, and their ids are all this needs. "+n.entity": filter, never scan for it.
    sql = (f"SELECT n.entity_id FROM {table} AS f JOIN search_id AS n ON n.id = f.rowid"
           f" WHERE f.{table} MATCH ?")
    params: list = [expr]
    if tri and bi:
        sql += " AND +f.rowid IN (SELECT rowid FROM search_bi WHERE search_bi MATCH ?)"
        params.append(bi)
    return sql + " AND +n.entity = ?", [*params, entity]


def matches_over(store: Store, text: str, n: int) -> bool:
    """True when more than ``n`` indexed records (of any entity) match ``text``; reads at most
    ``n + 1`` entries of the full-text index."""
    tri, bi = match_expressions(text)
    if not tri and not bi:
        return False
    table, expr = ("search_tri", tri) if tri else ("search_bi", bi)
    found = store.scalar(f"SELECT count(*) FROM (SELECT rowid FROM {table}"
                         f" WHERE {table} MATCH ? LIMIT ?)", (expr, n + 1))
    return int(found) > n


def matching_docs(store: Store, text: str, docs: list[int]) -> set[int]:
    """Which of the ``search_doc`` ids ``docs`` match every term of ``text``.

    The full-text index is read only between the smallest and the largest of ``docs`` (FTS5
    seeks to a rowid range), so a list that walks its records in id order reads the index in
    short stretches instead of collecting every match of a common term; the ids are a filter
    on that stretch ("+": never handed to FTS5 one by one, which would run the match per id).
    """
    tri, bi = match_expressions(text)
    if not docs or (not tri and not bi):
        return set()
    lo, hi, wanted = min(docs), max(docs), json.dumps(docs)
    table, expr = ("search_tri", tri) if tri else ("search_bi", bi)
    sql = (f"SELECT f.rowid FROM {table} AS f WHERE f.{table} MATCH ?"
           " AND f.rowid BETWEEN ? AND ? AND +f.rowid IN (SELECT value FROM json_each(?))")
    params: list = [expr, lo, hi, wanted]
    if tri and bi:
        sql += (" AND +f.rowid IN (SELECT rowid FROM search_bi WHERE search_bi MATCH ?"
                " AND rowid BETWEEN ? AND ?)")
        params += [bi, lo, hi]
    return {r[0] for r in store.execute(sql, params)}


def search(store: Store, text: str, entity: str | None = None,
           limit: int = 50) -> list[tuple[str, int]]:
    """Records matching every term of ``text``, most recently indexed first.

    Args:
        store: open store.
        text: the query (whitespace separates terms).
        entity: restrict to one entity, or None for all.
        limit: maximum number of hits.

    Returns:
        ``(entity, entity_id)`` pairs ordered by ``search_doc.id`` descending.
    """
    tri, bi = match_expressions(text)
    if not tri and not bi:
        return []
    sql, params = _matching(tri, bi)
    sql = f"SELECT d.entity, d.entity_id {sql}"
    if entity is not None:
        sql += " AND +d.entity = ?"
        params.append(entity)
    sql += " ORDER BY f.rowid DESC LIMIT ?"
    params.append(limit)
    return [(e, int(i)) for e, i in store.execute(sql, params).fetchall()]


def indexed_text(store: Store, entity: str, entity_id: int) -> str | None:
    """The text currently indexed for one record (None if not indexed)."""
    return store.scalar("SELECT text FROM search_doc WHERE entity = ? AND entity_id = ?",
                        (entity, entity_id))
