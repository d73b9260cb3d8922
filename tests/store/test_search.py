# SPDX-License-Identifier: MIT
import pytest

from jiedao_desk.domains.residents import service as residents
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.store import search


def _index(store, rows, entity="note"):
    with store.atomic():
        for eid, text in rows:
            search.index(store, entity, eid, text)


@pytest.fixture
def docs(store):
    _index(store, [
        (1, "张伟 和平里北街3号楼2单元501"),
        (2, "李娜 安华西里12号楼 独居老人"),
        (3, "王芳 和平家园 低保户"),
        (4, "张三丰 青年湖小区"),
        (5, 'Alice 昵称"小李" O\'Neil'),
    ])
    return store


def ids(hits):
    return [eid for _, eid in hits]


def test_grams_bigrams_plus_last_character():
    assert search.grams("张伟 3号楼") == "张伟 伟 3号 号楼 楼"
    assert search.grams("王") == "王"
    # runs are split at punctuation; latin is lowercased; "_" separates runs
    assert search.grams("AB-c_d") == "ab b c d"
    assert search.grams("，。") == ""


def test_two_character_term(docs):
    assert ids(search.search(docs, "和平")) == [3, 1]  # newest first
    assert ids(search.search(docs, "张伟")) == [1]
    # a two-character term does not match across a space between words
    assert search.search(docs, "伟和") == []


def test_three_and_more_character_terms(docs):
    assert ids(search.search(docs, "和平里")) == [1]
    assert ids(search.search(docs, "安华西里")) == [2]
    assert ids(search.search(docs, "501")) == [1]
    assert search.search(docs, "和平路") == []


def test_one_character_term_finds_the_character_anywhere(docs):
    assert ids(search.search(docs, "张")) == [4, 1]  # first character of a word
    assert ids(search.search(docs, "丰")) == [4]  # last character of a word
    assert ids(search.search(docs, "湖")) == [4]  # middle of a word
    assert ids(search.search(docs, "a")) == [5]  # latin, case-insensitive


def test_all_terms_must_match(docs):
    assert ids(search.search(docs, "张 和平")) == [1]
    assert ids(search.search(docs, "和平 低保户")) == [3]
    assert ids(search.search(docs, "张 青年湖 丰")) == [4]
    assert search.search(docs, "李娜 低保户") == []


def test_quotes_and_punctuation(docs):
    assert ids(search.search(docs, '"小李"')) == [5]  # surrounding quotes are dropped
    assert ids(search.search(docs, '称"小')) == [5]  # a quote inside is matched literally
    assert ids(search.search(docs, "o'neil")) == [5]
    assert ids(search.search(docs, "，张伟。")) == [1]
    assert search.search(docs, '" -- ，') == []  # only punctuation: nothing to search
    assert search.search(docs, "   ") == []


def test_entity_filter_and_limit(docs):
    _index(docs, [(1, "和平里 别的实体")], entity="other")
    assert set(search.search(docs, "和平里")) == {("note", 1), ("other", 1)}
    assert search.search(docs, "和平里", entity="other") == [("other", 1)]
    assert len(search.search(docs, "和", limit=1)) == 1


def test_reindex_replaces_old_text_and_unindex_removes(docs):
    _index(docs, [(1, "赵六 槐树院")])
    assert search.search(docs, "张伟") == []
    assert search.search(docs, "和平里") == []
    assert ids(search.search(docs, "槐树")) == [1]
    with docs.atomic():
        search.unindex(docs, "note", 1)
    assert search.search(docs, "槐树") == []
    assert search.indexed_text(docs, "note", 1) is None


def test_bulk_index_matches_single_index(store):
    with store.atomic():
        search.bulk_index(store, "note", [(i, f"居民{i}号 柳荫胡同") for i in range(1, 121)],
                          chunk=50)
    assert store.scalar("SELECT COUNT(*) FROM search_doc") == 120
    assert len(search.search(store, "柳荫胡同", limit=500)) == 120
    assert ids(search.search(store, "民7号")) == [7]
    assert store.execute(  # the FTS tables are consistent with search_doc
        "INSERT INTO search_tri(search_tri, rank) VALUES ('integrity-check', 1)") is not None
    store.execute("INSERT INTO search_bi(search_bi, rank) VALUES ('integrity-check', 1)")


def test_writes_need_a_transaction(store):
    with pytest.raises(RuntimeError):
        search.index(store, "note", 1, "x")


def test_id_subquery_for_lists(docs):
    sql, params = search.id_subquery("note", "张 和平")
    assert [r[0] for r in docs.execute(sql, params)] == [1]
    sql, params = search.id_subquery("note", "，")
    assert docs.execute(sql, params).fetchall() == []


# -- the resident list screen's data source ------------------------------------------------
def _id(prefix17: str) -> str:
    from stdnum.cn import ric

    return prefix17 + ric.calc_check_digit(prefix17 + "0")


def test_resident_rename_updates_index_and_void_hides(store, actor, make_community):
    c = make_community()
    a = residents.add_resident(store, actor, c.id, "张伟", _id("11010519800101001"),
                               address="和平里北街1号")
    b = residents.add_resident(store, actor, c.id, "李娜", address="和平家园2号")
    src = residents_store.list_source(store)
    src.set_search("张伟")
    assert [r[0] for r in src.page(0)] == [a.id]

    residents.update_resident(store, actor, a.id, name="张卫")
    src.set_search("张伟")
    assert src.count() == 0
    src.set_search("张卫")
    assert [r[1] for r in src.page(0)] == ["张卫"]

    src.set_search("和平")
    assert src.count() == 2
    residents.void_resident(store, actor, b.id, "迁出")
    src.refresh()
    assert src.count() == 1
    src.set_search("")
    assert [r[0] for r in src.page(0)] == [a.id]


def test_resident_list_masks_id_and_filters(store, actor, make_community):
    c1, c2 = make_community("甲社区"), make_community("乙社区")
    residents.add_resident(store, actor, c1.id, "张伟", _id("11010519800101001"))
    residents.add_resident(store, actor, c2.id, "张三", address="青年湖1号")
    residents.add_resident(store, actor, c2.id, "王芳")
    src = residents_store.list_source(store)
    keys = [c.key for c in src.columns]
    row = src.page(0)[0]
    masked = row[1 + keys.index("id_number")]
    assert masked.startswith("110105********") and len(masked) == 18
    assert row[1 + keys.index("community")] == "甲社区"
    src.set_filter("name", "张")
    assert src.count() == 2
    src.set_filter("community_id", c2.id)
    assert [r[1] for r in src.page(0)] == ["张三"]
    assert residents_store.list_source(store, community_id=c1.id).count() == 1


def _plans_of_pages(store, src, offsets):
    """EXPLAIN QUERY PLAN of the exact statements ``src.page`` runs (values inlined)."""
    seen = []
    store.conn.set_trace_callback(seen.append)
    try:
        for offset in offsets:
            src.page(offset, 10)
    finally:
        store.conn.set_trace_callback(None)
    pages = [sql for sql in seen if sql.startswith("SELECT t.id")]
    assert len(pages) == len(offsets)
    return [" | ".join(r[3] for r in store.execute("EXPLAIN QUERY PLAN " + sql))
            for sql in pages]


@pytest.mark.parametrize(("key", "index"), [("name", "resident_name"),
                                            ("birth_date", "resident_birth"),
                                            ("address", "resident_address")])
@pytest.mark.parametrize("descending", [False, True])
def test_sorted_pages_walk_an_index(store, actor, make_community, key, index, descending):
    c = make_community()
    for i in range(30):
        residents.add_resident(store, actor, c.id, f"居民{i % 7}",
                               _id(f"1101051980{i % 12 + 1:02d}{i % 28 + 1:02d}{i:03d}"),
                               address=f"柳荫胡同{i % 5}号")
    src = residents_store.list_source(store)
    assert src.set_sort(key, descending)
    # offset 0, then the following page by key, then a jump by OFFSET
    plans = _plans_of_pages(store, src, [0, 10, 25])
    for plan in plans:
        assert "TEMP B-TREE" not in plan, plan
        assert index in plan, plan
    assert not src.set_sort("phone")  # no index: refused rather than sorting the table


def test_the_narrow_id_table_follows_every_index_change_and_answers_list_searches(store):
    def same() -> bool:
        q = "SELECT id, entity, entity_id FROM {} ORDER BY id"
        return store.rows(q.format("search_id")) == store.rows(q.format("search_doc"))

    _index(store, [(1, "和平里 张伟"), (2, "北苑家园 王芳"), (3, "和平里 李娜")])
    _index(store, [(1, "柳荫胡同 张伟")], entity="other")
    assert same() and store.scalar("SELECT count(*) FROM search_id") == 4
    with store.atomic():
        search.index(store, "note", 2, "和平里 王芳（搬家）")  # text changed: an upsert
        search.bulk_index(store, "note", [(4, "和平里 赵强"), (5, "北苑 孙丽")])
        search.unindex(store, "note", 3)
    assert same()

    def hits(text, entity="note"):
        sql, params = search.id_subquery(entity, text)
        return sorted(r[0] for r in store.execute(sql, params))

    assert hits("和平里") == [1, 2, 4]  # 3 is gone, 2 was re-indexed into it
    assert hits("柳荫") == [] and hits("柳荫", "other") == [1]  # one entity's ids only
    assert hits("和平 王") == [2]  # the trigram and bigram tables together
    assert hits("，。") == []
