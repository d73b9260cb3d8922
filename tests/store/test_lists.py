# SPDX-License-Identifier: MIT
"""ListSource pages equal slices of the fully sorted list, whichever way they are read."""

import random

import pytest

from jiedao_desk.domains.residents import store as residents_store


@pytest.fixture
def filled(store, make_community):
    c1, c2 = make_community(), make_community()
    rng = random.Random(7)
    with store.atomic():
        store.conn.executemany(
            "INSERT INTO resident (community_id, name, address, created_at, updated_at, voided_at)"
            " VALUES (?,?,?,?,?,?)",
            [(rng.choice([c1.id, c2.id]), rng.choice("张王李赵刘") + rng.choice("伟芳娜敏静"),
              f"{rng.randint(1, 30)}号楼", "2026-01-01", "2026-01-01",
              "2026-02-01" if i % 10 == 0 else None) for i in range(1000)])
    return store, c1


@pytest.mark.parametrize("sort, desc", [(None, False), (None, True), ("name", False),
                                        ("name", True), ("address", False)])
def test_random_pages_match_full_order(filled, sort, desc):
    store, c1 = filled
    src = residents_store.list_source(store)
    src.set_sort(sort, desc)
    key = {None: 0, "name": 1, "address": None}[sort]
    rows = store.rows("SELECT id, name, address FROM resident WHERE voided_at IS NULL")
    col = "id" if sort is None else sort
    expected = [r["id"] for r in sorted(rows, key=lambda r: (r[col], r["id"]), reverse=desc)]
    assert src.count() == len(expected) == 900
    rng = random.Random(1)
    offsets = [0, 850, 899, 450, 451] + [rng.randrange(900) for _ in range(20)]
    for off in offsets:
        got = [r[0] for r in src.page(off, 37)]
        assert got == expected[off:off + 37], (off, key)
    # sequential read by key from the start gives the whole list
    src.refresh()
    seq = []
    while len(seq) < src.count():
        seq += [r[0] for r in src.page(len(seq), 100)]
    assert seq == expected


def test_filter_and_page_past_end(filled):
    store, c1 = filled
    src = residents_store.list_source(store)
    src.set_filter("community_id", c1.id)
    n = src.count()
    assert 0 < n < 900
    assert src.page(n, 10) == []
    assert len(src.page(n - 3, 10)) == 3


def test_count_within_is_exact_up_to_its_limit(filled):
    store, _ = filled
    src = residents_store.list_source(store)  # 900 live rows
    assert src.count_within(901) == (900, True)
    assert src.known_count() == 900  # no second count needed
    src.refresh()
    assert src.count_within(900) == (900, True)
    src.refresh()
    assert src.count_within(899) == (899, False)
    assert src.known_count() is None
    assert src.count() == 900


def test_first_page_and_short_jumps_need_no_count(filled, monkeypatch):
    store, _ = filled
    src = residents_store.list_source(store)
    src.set_sort("name")
    expected = [r[0] for r in store.execute(
        "SELECT id FROM resident WHERE voided_at IS NULL ORDER BY name, id").fetchall()]
    assert [r[0] for r in src.page(0, 50)] == expected[:50]
    assert src.known_count() is None
    assert [r[0] for r in src.page(600, 50)] == expected[600:650]  # forward, by OFFSET
    assert src.known_count() is None
    monkeypatch.setattr(src, "forward_offsets", 500)
    src.refresh()
    assert [r[0] for r in src.page(800, 50)] == expected[800:850]  # from the end
    assert src.known_count() == 900


def _old_search_ids(store, text: str, community_id=None) -> list[int]:
    """The list search as one query with the index subquery inline (how it was read before
    the matches were kept in a temporary table)."""
    from jiedao_desk.store import search

    sub, params = search.id_subquery("resident", text)
    where = "t.voided_at IS NULL AND t.id IN (" + sub + ")"
    if community_id is not None:
        where += " AND t.community_id = ?"
        params = [*params, community_id]
    return [r[0] for r in store.execute(
        f"SELECT t.id FROM resident AS t WHERE {where} ORDER BY t.name, t.id", params)]


def test_list_search_gives_the_same_rows_and_follows_changes(filled, actor):
    from jiedao_desk.domains import residents

    store, c1 = filled
    from jiedao_desk.store import search

    with store.atomic():  # the rows above went in without their search entries
        search.bulk_index(store, "resident", [
            (r["id"], f"{r['name']} {r['address']}")
            for r in store.rows("SELECT id, name, address FROM resident")])
    src = residents_store.list_source(store)
    src.set_sort("name")
    for text, community in (("张", None), ("张伟", None), ("号楼 张", c1.id), ("无此人", None)):
        src.set_filter("community_id", community)
        src.set_search(text)
        got = [r[0] for r in src.page(0, 1000)]
        assert got == _old_search_ids(store, text, community), text
        assert src.count() == len(got)
    src.set_filter("community_id", None)
    src.set_search("张伟")
    before = src.count()
    added = residents.add_resident(store, actor, c1.id, "张伟", address="新1号楼")
    assert src.count() == before  # the list is read as it was until it is refreshed
    src.refresh()
    assert src.count() == before + 1 and added.id in [r[0] for r in src.page(0, 1000)]
    residents.void_resident(store, actor, added.id, "测试")
    src.refresh()
    assert src.count() == before


@pytest.fixture
def indexed(filled):
    """The filled list with search entries made in a shuffled order (so search_doc ids do not
    follow the residents' ids) and birth dates, some of them unknown (NULL sort values)."""
    from jiedao_desk.store import search

    store, c1 = filled
    rows = store.rows("SELECT id, name, address FROM resident")
    random.Random(3).shuffle(rows)
    with store.atomic():
        store.execute("UPDATE resident SET birth_date = date('1950-01-01', '+' ||"
                      " (id * 37 % 20000) || ' days') WHERE id % 17 != 0")
        search.bulk_index(store, "resident", [
            (r["id"], f"{r['name']} {r['address']}") for r in rows], chunk=100)
    return store, c1


def _walker(store, **settings):
    src = residents_store.list_source(store)
    for name, value in settings.items():
        setattr(src, name, value)  # instance overrides of the class settings
    return src


def _hit_tables(store) -> int:
    return store.scalar("SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'list_hits%'")


@pytest.mark.parametrize("sort, desc", [(None, False), (None, True), ("name", False),
                                        ("name", True), ("address", False),
                                        ("birth_date", False), ("birth_date", True)])
def test_walking_a_common_search_gives_the_rows_collecting_gives(indexed, sort, desc):
    store, c1 = indexed
    for text, community in (("张", None), ("伟", c1.id), ("张伟", None), ("10号楼 张", None),
                            ("号楼", c1.id), ("无此人", None)):
        collect = _walker(store, many_matches=10**9)  # how every search was read before
        walk = _walker(store, many_matches=-1, walk_chunk=7)  # always walk
        for src in (collect, walk):
            src.set_sort(sort, desc)
            src.set_filter("community_id", community)
            src.set_search(text)
        expected = [r[0] for r in collect.page(0, 1000)]
        assert len(expected) == collect.count()
        tables = _hit_tables(store)
        first = walk.page(0, 25)
        assert first == collect.page(0, 25), (text, community)
        seq = [r[0] for r in first]
        while page := walk.page(len(seq), 25):  # the next pages continue by key
            seq += [r[0] for r in page]
        assert seq == expected, (text, community)
        assert _hit_tables(store) == tables  # no full set of matches was collected
        walk.refresh()
        n = len(expected)
        assert walk.count_within(n) == (n, True) and walk.known_count() == n
        if n:
            walk.refresh()
            assert walk.count_within(n - 1) == (n - 1, False) and walk.known_count() is None
        assert _hit_tables(store) == tables
        assert walk.count() == n  # the exact count collects


def test_a_walk_that_reads_too_many_rows_collects_the_matches_instead(indexed):
    store, _ = indexed
    collect = _walker(store, many_matches=10**9)
    walk = _walker(store, many_matches=0, walk_chunk=5, walk_budget=40)
    for src in (collect, walk):
        src.set_search("赵敏")  # about 1 in 25 rows: 200 rows hold fewer than 10
    expected = collect.page(0, 1000)
    tables = _hit_tables(store)
    assert walk.page(0, 10) == expected[:10]
    assert _hit_tables(store) == tables + 1  # gave up walking and collected
    assert walk.page(10, 1000) == expected[10:]
    walk.set_search("李")  # drops the collected matches of the last search
    assert _hit_tables(store) == tables
    assert walk.count_within(5) == (5, False)  # within the budget again: walked
    assert _hit_tables(store) == tables


def test_a_walked_search_follows_changes_after_a_refresh(indexed, actor):
    from jiedao_desk.domains import residents

    store, c1 = indexed
    walk = _walker(store, many_matches=0, walk_chunk=50)
    walk.set_search("张伟")
    before = [r[0] for r in walk.page(0, 1000)]
    added = residents.add_resident(store, actor, c1.id, "张伟", address="新1号楼")
    walk.refresh()
    assert [r[0] for r in walk.page(0, 1000)] == [*before, added.id]
    residents.void_resident(store, actor, before[0], "测试")
    walk.refresh()
    assert [r[0] for r in walk.page(0, 1000)] == [*before[1:], added.id]


@pytest.mark.parametrize("desc", [False, True])
def test_pages_read_by_key_keep_the_rows_with_an_empty_sort_value(indexed, desc):
    store, _ = indexed  # 1 resident in 17 has no birth date: first ascending, last descending
    src = residents_store.list_source(store)
    src.set_sort("birth_date", desc)
    rows = store.rows("SELECT id, birth_date FROM resident WHERE voided_at IS NULL")
    nulls = sorted((r["id"] for r in rows if r["birth_date"] is None), reverse=desc)
    dated = [r["id"] for r in sorted((r for r in rows if r["birth_date"] is not None),
                                     key=lambda r: (r["birth_date"], r["id"]), reverse=desc)]
    expected = [*dated, *nulls] if desc else [*nulls, *dated]
    assert len(nulls) > 40
    seq: list[int] = []
    while page := src.page(len(seq), 25):  # each page continues after the last by key
        seq += [r[0] for r in page]
    assert seq == expected
