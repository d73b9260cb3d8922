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

A list search looks the matching records up in the full-text index once, through the narrow
``search_id`` table (not the wide ``search_doc`` rows with their text): their ids go into a
temporary table of this connection, which the count and every page then read (looking the
matches up again for each query cost another pass over the index).
"""

from __future__ import annotations

import itertools
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

    # -- SQL -----------------------------------------------------------------------------
    def _where(self) -> tuple[list[str], list[Any]]:
        where, params = list(self._base[0]), list(self._base[1])
        for key, value in self._filters.items():
            col = self._by_key[key]
            if col.filter == "equals":
                where.append(f"{col.sql} = ?")
                params.append(value)
            else:  # prefix: a range on the index instead of LIKE, which would scan
                where.append(f"{col.sql} >= ? AND {col.sql} < ?")
                params += [str(value), str(value) + "\U0010ffff"]
        if self._search and self.search_entity:  # set_search refuses a list without index
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
        if boundary is not None and boundary[0] is None:
            boundary = None  # a NULL sort value cannot be compared: read by OFFSET instead
        if boundary is not None:
            op = "<" if self._desc else ">"
            if self._sort is None:
                where = [*where, f"t.id {op} ?"]
                params = [*params, boundary[1]]
            else:
                where = [*where, f"({sort_sql}, t.id) {op} (?, ?)"]
                params = [*params, boundary[0], boundary[1]]
        sql = f"SELECT {select} FROM {self.table} AS t"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order} LIMIT ?"
        params = [*params, limit]
        if boundary is None:
            sql += " OFFSET ?"
            params.append(offset)
        rows = self.store.execute(sql, params).fetchall()
        if rows:
            last = rows[-1]
            value = last[0] if sort_idx is None else last[sort_idx]
            self._boundaries[offset + len(rows) - 1] = (value, last[0])
        return rows

    def row_for_id(self, row_id: int) -> tuple | None:
        """One row by id, in the same shape as ``page`` rows."""
        select = ", ".join(["t.id"] + [f"{c.sql} AS {c.key}" for c in self.columns])
        return self.store.execute(f"SELECT {select} FROM {self.table} AS t WHERE t.id = ?",
                                  (row_id,)).fetchone()
