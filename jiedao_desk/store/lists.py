# SPDX-License-Identifier: MIT
"""Windowed list queries for list screens (the UI's windowed table model reads these).

A ``ListSource`` is one table seen through filters and one sort order. The model asks for
the row count and for pages of rows at a given offset: a page that follows a page already
read is fetched by key (``WHERE (sort, id) > (?, ?)``), any other page by OFFSET on the
sort index (a jump to row 999,900 of 1,000,000 costs ~30 ms). Only columns backed by an
index ``(column, id)`` are sortable, so no query ever sorts the whole table.

Counting a million rows takes 30–300 ms, so a list screen does not wait for it: it asks
``count_within(n)``, which counts at most n rows (exact for shorter lists), paints the first
page, and has the exact ``count()`` made on a worker thread (ui/kit/windowed.py).

A list search for a rare term looks the matching records up in the full-text index once,
through the narrow ``search_id`` table (not the wide ``search_doc`` rows with their text): their
ids go into a temporary table of this connection, which the count and every page then read
(looking the matches up again for each query cost another pass over the index).

A common term (more than ``many_matches`` indexed records, e.g. "暖气不热" in 125,000 of a
million tickets) is not collected for the first pages: collecting it costs 100–300 ms, most of
it looking each match's record up. Instead the list is walked in its own order in chunks of
``walk_chunk`` rows, each row with its ``search_doc`` id (the unique index on entity and record
id), and the full-text index is asked which of the chunk's ids match, reading only the stretch
of the index between the chunk's smallest and largest id (1–15 ms for the first page). The count
and any jump by OFFSET still collect every match (the list screen counts on a worker thread).
A walk that reads ``walk_budget`` rows without filling its page (matches of the term are mostly
other entities' or beyond the filters) stops and collects instead, so it never costs much more
than collecting.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jiedao_desk.store import Store, search

_hit_tables = itertools.count(1)  # names of the temporary tables of search matches


@dataclass(frozen=True)
class Column:
    """A column of a list screen.

    Attributes:
        key: name of the value in the result rows.
        label: Chinese header.
        sql: SQL expression over the table (alias ``t``) or a correlated subquery.
        sortable: True only when an index on ``(sql, id)`` exists.
        filter: "" (none), "equals" (exact value) or "prefix" (starts with; indexed).
        width: suggested width in characters for the view.
    """

    key: str
    label: str
    sql: str
    sortable: bool = False
    filter: str = ""
    width: int = 10


class ListSource:
    """Filtered, sorted, paged access to one table.

    Args:
        store: the open store (read on the calling thread).
        table: table name (trusted: comes from store modules, never from users).
        columns: visible columns; the row id is always fetched first.
        base_where / base_params: a fixed condition (e.g. "not voided", one community).
        search_entity: entity name in the search index, to allow ``set_search``.
    """

    page_size = 200
    forward_offsets = 10_000  # an OFFSET this long costs a few ms: no count needed to read it
    many_matches = 20_000  # a search matching more indexed records walks the list instead
    walk_chunk = 3_000  # rows read by a walk's first step (later steps: as many as needed)
    walk_budget = 50_000  # rows a walk reads at most before it collects every match instead

    def __init__(self, store: Store | None, table: str, columns: Sequence[Column],
                 base_where: str = "", base_params: Sequence[Any] = (),
                 search_entity: str | None = None):
        self._store = store
        self.table = table
        self.columns = list(columns)
        self._by_key = {c.key: c for c in self.columns}
        self._base = ([base_where] if base_where else [], list(base_params))
        self.search_entity = search_entity
        self._filters: dict[str, Any] = {}
        self._search: str = ""
        self._hits: tuple[Store, str] | None = None  # (connection, temp table) of the matches
        self._many: bool | None = None  # the search matches more than many_matches records
        self._walk_failed = False  # a walk hit its budget: collect the matches instead
        self._walked: tuple[list[int], bool] | None = None  # the last walk from the start
        self._sort: Column | None = None
        self._desc = False
        self._count: int | None = None
        self._boundaries: dict[int, tuple[Any, int]] = {}  # offset → (sort value, id) of row

    @property
    def store(self) -> Store:
        """The store the list reads through (a copy made with ``copy_for(None)`` has none
        until the reading thread sets its own)."""
        if self._store is None:
            raise RuntimeError("this list has no store: set .store on the thread that reads it")
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        self._store = store

    # -- query state ---------------------------------------------------------------------
    def set_filter(self, key: str, value: Any) -> None:
        """Filter a column ("equals"/"prefix" columns only); None or "" clears it."""
        col = self._by_key[key]
        if not col.filter:
            raise ValueError(f"column {key} is not filterable")
        if value is None or value == "":
            self._filters.pop(key, None)
        else:
            self._filters[key] = value
        self._invalidate()

    def set_search(self, text: str) -> None:
        """Restrict to records matching ``text`` in the full-text index."""
        if not self.search_entity:
            raise ValueError("this list has no search index")
        self._search = (text or "").strip()
        self._forget_hits()
        self._invalidate()

    def set_sort(self, key: str | None, descending: bool = False) -> bool:
        """Sort by a sortable column (None: by id). Returns False if the column can't sort."""
        if key is None:
            self._sort, self._desc = None, descending
        else:
            col = self._by_key[key]
            if not col.sortable:
                return False
            self._sort, self._desc = col, descending
        self._boundaries.clear()  # the same rows in another order: the count still holds
        self._walk_failed, self._walked = False, None
        return True

    @property
    def sort_key(self) -> str | None:
        """Key of the current sort column (None = by id)."""
        return self._sort.key if self._sort else None

    @property
    def descending(self) -> bool:
        """True when sorted descending."""
        return self._desc

    def copy_for(self, store: Store | None) -> ListSource:
        """The same list (filters, search, sort) read through another store — e.g. a worker
        thread's own connection, since a sqlite3 connection belongs to its thread."""
        clone = ListSource(store, self.table, self.columns, search_entity=self.search_entity)
        clone._base = (list(self._base[0]), list(self._base[1]))
        clone._filters = dict(self._filters)
        clone._search = self._search
        clone._sort, clone._desc = self._sort, self._desc
        return clone

    def refresh(self) -> None:
        """Forget counts, boundaries and search matches (data changed)."""
        self._forget_hits()
        self._invalidate()

    def _forget_hits(self) -> None:
        self._many = None
        if self._hits is not None:
            store, table = self._hits
            self._hits = None
            if store is self._store:  # a copy read on another thread leaves it to its own
                store.execute(f"DROP TABLE IF EXISTS temp.{table}")

    def _hit_table(self) -> str:
        """The temporary table holding the ids of the records matching the search (made on
        first use, on the connection that reads the list)."""
        store = self.store
        if self._hits is not None and self._hits[0] is store and store.scalar(
                "SELECT 1 FROM temp.sqlite_master WHERE name = ?", (self._hits[1],)) is None:
            self._hits = None  # made inside a transaction that was rolled back
        if self._hits is None or self._hits[0] is not store:
            assert self.search_entity  # set_search refuses a list without index
            table = f"list_hits_{next(_hit_tables)}"
            sub, params = search.id_subquery(self.search_entity, self._search)
            store.execute(f"CREATE TEMP TABLE {table} (id INTEGER PRIMARY KEY)")
            store.execute(f"INSERT OR IGNORE INTO temp.{table} {sub}", params)
            self._hits = (store, table)
        return self._hits[1]

    def _invalidate(self) -> None:
        self._count = None
        self._boundaries.clear()
        self._walk_failed, self._walked = False, None

    @property
    def searching(self) -> bool:
        """True while the list is restricted to a search."""
        return bool(self._search and self.search_entity)

    def _walking(self) -> bool:
        """Whether the next count-free read walks the list (see the module text)."""
        if not self.searching or self._walk_failed:
            return False
        if self._hits is not None and self._hits[0] is self.store:
            return False  # the matches are collected already: reading them is cheaper
        if self._many is None:
            self._many = search.matches_over(self.store, self._search, self.many_matches)
        return self._many

    def _walk(self, after: tuple[Any, int] | None, want: int) -> tuple[list[int], bool] | None:
        """The ids of the first ``want`` matching rows after the row ``after`` (its sort value
        and id; None: from the start), in list order, and whether the list ended there.

        Returns None when ``walk_budget`` rows were read first (the caller collects the
        matches instead).
        """
        assert self.search_entity  # _walking() checked it
        if after is None and self._walked is not None:  # e.g. the count's walk, for page 0
            ids, ended = self._walked
            if len(ids) >= want or ended:
                return ids[:want], ended and len(ids) <= want
        start = after is None
        where, params = self._where(search=False)
        order, sort_sql = self._order()
        # The search_doc id of each row from the (entity, entity_id) index, without the text.
        doc = "(SELECT d.id FROM search_doc AS d WHERE d.entity = ? AND d.entity_id = t.id)"
        select = f"t.id, {sort_sql}, {doc} AS doc"
        where = [*where, "doc IS NOT NULL"]  # a record never indexed matches nothing
        found: list[int] = []
        walked, chunk = 0, self.walk_chunk
        while walked < self.walk_budget:
            args = [self.search_entity, *params]
            if after is None:
                rows = self.store.execute(
                    f"SELECT {select} FROM {self.table} AS t WHERE " + " AND ".join(where)
                    + f" ORDER BY {order} LIMIT ?", [*args, chunk]).fetchall()
            else:
                rows = self._rows_after(after, chunk, select, where, args)
            walked += len(rows)
            hits = search.matching_docs(self.store, self._search, [r[2] for r in rows])
            for row in rows:
                if row[2] in hits:
                    found.append(row[0])
                    if len(found) == want:
                        if start:
                            self._walked = (found, False)
                        return found, False
            if len(rows) < chunk:
                if start:
                    self._walked = (found, True)
                return found, True
            after = (rows[-1][1], rows[-1][0])
            # the next step reads about as many rows as the matches so far say are needed
            per_row = max(len(found) / walked, 1 / 64)
            chunk = min(max(int((want - len(found)) / per_row * 1.25), 200),
                        self.walk_chunk * 8)
        return None

    # -- SQL -----------------------------------------------------------------------------
    def _where(self, search: bool = True) -> tuple[list[str], list[Any]]:
        where, params = list(self._base[0]), list(self._base[1])
        for key, value in self._filters.items():
            col = self._by_key[key]
            if col.filter == "equals":
                where.append(f"{col.sql} = ?")
                params.append(value)
            else:  # prefix: a range on the index instead of LIKE, which would scan
                where.append(f"{col.sql} >= ? AND {col.sql} < ?")
                params += [str(value), str(value) + "\U0010ffff"]
        if search and self.searching:
            where.append(f"t.id IN (SELECT id FROM temp.{self._hit_table()})")
        return where, params

    def _order(self, reverse: bool = False) -> tuple[str, str]:
        direction = "DESC" if self._desc != reverse else "ASC"
        if self._sort is None:
            return f"t.id {direction}", "t.id"
        return f"{self._sort.sql} {direction}, t.id {direction}", self._sort.sql

    def known_count(self) -> int | None:
        """The number of rows if it was counted since the last change, else None."""
        return self._count

    def remember_count(self, count: int) -> None:
        """Take the number of rows counted elsewhere (by a copy on a worker thread)."""
        self._count = count

    def count_within(self, limit: int) -> tuple[int, bool]:
        """Count the rows, but read at most ``limit + 1`` of them.

        Returns:
            ``(count, True)`` when there are at most ``limit`` rows (then ``count()`` needs no
            query any more); ``(limit, False)`` when there are more.
        """
        if self._count is not None:
            return self._count, True
        if self._walking():
            walked = self._walk(None, limit + 1)
            if walked is not None:
                n = len(walked[0])
                if n <= limit:
                    self._count = n
                    return n, True
                return limit, False
            self._walk_failed = True
        where, params = self._where()
        sql = f"SELECT 1 FROM {self.table} AS t"
        if where:
            sql += " WHERE " + " AND ".join(where)
        n = int(self.store.scalar(f"SELECT COUNT(*) FROM ({sql} LIMIT ?)", [*params, limit + 1]))
        if n <= limit:
            self._count = n
            return n, True
        return limit, False

    def count(self) -> int:
        """Number of rows under the current filters."""
        if self._count is None:
            where, params = self._where()
            sql = f"SELECT COUNT(*) FROM {self.table} AS t"
            if where:
                sql += " WHERE " + " AND ".join(where)
            self._count = int(self.store.scalar(sql, params))
        return self._count

    def page(self, offset: int, limit: int | None = None) -> list[tuple]:
        """Rows ``offset`` .. ``offset+limit-1``; each row is (id, *column values)."""
        limit = limit or self.page_size
        if self._walking() and (offset == 0 or self._boundaries.get(offset - 1)):
            rows = self._walked_page(offset, limit)
            if rows is not None:
                return rows
            self._walk_failed = True
        where, params = self._where()
        order, sort_sql = self._order()
        select = ", ".join(["t.id"] + [f"{c.sql} AS {c.key}" for c in self.columns])
        sort_idx = None if self._sort is None else self.columns.index(self._sort) + 1
        # The total decides whether a jump reads from the end. The first page and the page
        # after one read go forward and need no count; so does a jump a short OFFSET away
        # while the count is still being made elsewhere.
        jump = offset > 0 and not self._boundaries.get(offset - 1)
        if jump and self._count is None and offset >= self.forward_offsets:
            self.count()
        total = self._count if jump else None
        if total is not None and offset > total // 2:
            # A jump into the back half reads from the end with the order reversed, so the
            # OFFSET skips at most half the list (jump to the last row ≈ first page).
            back = max(total - offset - limit, 0)
            take = min(limit, total - offset)
            if take <= 0:
                return []
            flipped, _ = self._order(reverse=True)
            sql = f"SELECT {select} FROM {self.table} AS t"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += f" ORDER BY {flipped} LIMIT ? OFFSET ?"
            rows = self.store.execute(sql, [*params, take, back]).fetchall()[::-1]
            if rows:
                last = rows[-1]
                value = last[0] if sort_idx is None else last[sort_idx]
                self._boundaries[offset + len(rows) - 1] = (value, last[0])
            return rows
        boundary = self._boundaries.get(offset - 1) if offset > 0 else None
        if boundary is not None:
            rows = self._rows_after(boundary, limit, select, where, params)
        else:
            sql = f"SELECT {select} FROM {self.table} AS t"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
            rows = self.store.execute(sql, [*params, limit, offset]).fetchall()
        if rows:
            last = rows[-1]
            value = last[0] if sort_idx is None else last[sort_idx]
            self._boundaries[offset + len(rows) - 1] = (value, last[0])
        return rows

    def _segments_after(self, after: tuple[Any, int]) -> list[tuple[str, list[Any]]]:
        """The conditions, in list order, that select the rows after the row ``after`` (its
        sort value and id): one per stretch the sort index can read as a range.

        SQLite puts empty (NULL) sort values first in ascending and last in descending order,
        and a row-value comparison with NULL is never true: the rows with an empty value are
        their own stretch, read by id.
        """
        op = "<" if self._desc else ">"
        value, row_id = after
        if self._sort is None:
            return [(f"t.id {op} ?", [row_id])]
        key = self._sort.sql
        if value is None:
            nulls = (f"{key} IS NULL AND t.id {op} ?", [row_id])
            return [nulls] if self._desc else [nulls, (f"{key} IS NOT NULL", [])]
        after_value = (f"({key}, t.id) {op} (?, ?)", [value, row_id])
        return [after_value, (f"{key} IS NULL", [])] if self._desc else [after_value]

    def _rows_after(self, after: tuple[Any, int], limit: int, select: str, where: list[str],
                    params: list[Any]) -> list[tuple]:
        """Up to ``limit`` rows (``select`` columns) that follow the row ``after``, by key."""
        order, _ = self._order()
        rows: list[tuple] = []
        for cond, args in self._segments_after(after):
            sql = (f"SELECT {select} FROM {self.table} AS t WHERE "
                   + " AND ".join([*where, cond]) + f" ORDER BY {order} LIMIT ?")
            rows += self.store.execute(sql, [*params, *args, limit - len(rows)]).fetchall()
            if len(rows) == limit:
                break
        return rows

    def _walked_page(self, offset: int, limit: int) -> list[tuple] | None:
        """The page at ``offset`` (the first, or the one after a page read) by walking the
        list; None when the walk gave up."""
        walked = self._walk(self._boundaries.get(offset - 1) if offset else None, limit)
        if walked is None:
            return None
        ids = walked[0]
        if not ids:
            return []
        select = ", ".join(["t.id"] + [f"{c.sql} AS {c.key}" for c in self.columns])
        by_id = {r[0]: r for r in self.store.execute(
            f"SELECT {select} FROM {self.table} AS t WHERE t.id IN"
            " (SELECT value FROM json_each(?))", (json.dumps(ids),))}
        rows = [by_id[i] for i in ids]
        last = rows[-1]
        sort_idx = None if self._sort is None else self.columns.index(self._sort) + 1
        self._boundaries[offset + len(rows) - 1] = (
            last[0] if sort_idx is None else last[sort_idx], last[0])
        return rows

    def row_for_id(self, row_id: int) -> tuple | None:
        """One row by id, in the same shape as ``page`` rows."""
        select = ", ".join(["t.id"] + [f"{c.sql} AS {c.key}" for c in self.columns])
        return self.store.execute(f"SELECT {select} FROM {self.table} AS t WHERE t.id = ?",
                                  (row_id,)).fetchone()
