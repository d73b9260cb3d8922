# SPDX-License-Identifier: MIT
"""WindowedTableModel: qtmodeltester on 200,000 rows, paging, LRU, sort, filter, view setup.

The lists are built here directly over the ``resident`` table (rows inserted in bulk through
the store connection), so these tests do not depend on the residents domain module.
"""

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView

from jiedao_desk.store import Store
from jiedao_desk.store import search as search_store
from jiedao_desk.store.lists import Column, ListSource
from jiedao_desk.ui.kit.windowed import (
    FIRST_COUNT,
    ID_ROLE,
    WindowedTableModel,
    configure_view,
    follow_count,
    wait_counts,
)

BIG = 200_000

COLUMNS = [
    Column("name", "姓名", "t.name", sortable=True, filter="prefix", width=8),
    Column("gender", "性别", "t.gender", width=4),
    Column("birth_date", "出生日期", "t.birth_date", sortable=True, width=10),
    Column("phone", "电话", "t.phone", width=12),
    Column("community", "社区", "(SELECT c.name FROM community c WHERE c.id = t.community_id)",
           width=10),
    Column("community_id", "社区编号", "t.community_id", filter="equals", width=4),
    Column("address", "住址", "t.address", sortable=True, width=20),
]

_INSERT = ("INSERT INTO resident (community_id, name, gender, birth_date, phone, address,"
           " created_at, updated_at) VALUES (?,?,?,?,?,?,'2026-01-01','2026-01-01')")


def _fill(store: Store, n: int, communities: int = 2) -> None:
    """n residents; names are a permutation so the id order is not the name order."""
    with store.atomic():
        for c in range(1, communities + 1):
            store.execute("INSERT INTO community (name, code, sort_order, created_at)"
                          " VALUES (?,?,?,'2026-01-01')", (f"第{c}社区", f"C{c}", c))
        # 7919 is prime and does not divide n, so i*7919 % n visits every number once.
        store.conn.executemany(_INSERT, (
            (1 + i % communities, f"居民{(i * 7919) % n:06d}", "男" if i % 2 else "女",
             f"{1940 + i % 60}-{1 + i % 12:02d}-{1 + i % 28:02d}", f"1380000{i:04d}"[-11:],
             f"朝阳路{i % 997}号")
            for i in range(n)))


def _source(store: Store, **kw) -> ListSource:
    return ListSource(store, "resident", COLUMNS, search_entity="resident", **kw)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    s = Store.open(tmp_path_factory.mktemp("big") / "big.sqlite3")
    _fill(s, BIG)
    yield s
    s.close()


@pytest.fixture
def small(store):
    _fill(store, 95)
    src = _source(store)
    src.page_size = 10  # instance override: many pages on a small table
    return store, src


@pytest.mark.slow
@pytest.mark.qt_log_level_fail("WARNING")  # the C++ tester reports failures as warnings
def test_qtmodeltester_on_200k_rows_jump_and_sort(big_store, qtmodeltester, qtbot):
    model = WindowedTableModel(_source(big_store))
    with qtbot.waitSignal(model.count_known, timeout=60_000):  # counted on a worker thread
        assert model.rowCount() == FIRST_COUNT
    qtmodeltester.check(model)  # walks every one of the 1.4 million cells' indexes
    assert model.rowCount() == BIG
    # The tester visits every index but reads data of a few cells only: one page is read.
    assert model.page_reads <= 2

    # Jump to the last row: one OFFSET page, the row the table has last in id order.
    last = model.index(BIG - 1, 0)
    expected = big_store.row("SELECT id, name FROM resident ORDER BY id DESC LIMIT 1")
    assert model.data(last) == expected["name"]
    assert model.id_at(BIG - 1) == expected["id"]
    assert model.data(model.index(BIG - 1, 4)) == "第2社区"

    # Sort by name: the tester re-runs on the reset; row 0 is the minimum, the last the max.
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.source.sort_key == "name"
    assert model.data(model.index(0, 0)) == big_store.scalar("SELECT MIN(name) FROM resident")
    assert model.data(model.index(0, 0)) == "居民000000"
    assert model.data(model.index(BIG - 1, 0)) == "居民199999"


def test_python_modeltester_and_values(small, qtmodeltester):
    store, src = small
    model = WindowedTableModel(src)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 95
    assert model.columnCount() == len(COLUMNS)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    assert model.headerData(6, Qt.Orientation.Horizontal) == "住址"
    assert model.headerData(4, Qt.Orientation.Vertical) == "5"
    for row in (0, 9, 10, 57, 94):
        rid = model.id_at(row)
        db = store.row("SELECT name, address FROM resident WHERE id = ?", (rid,))
        assert model.data(model.index(row, 0)) == db["name"]
        assert model.data(model.index(row, 6)) == db["address"]
        assert model.data(model.index(row, 0), ID_ROLE) == rid
    assert model.id_at(95) is None and model.id_at(-1) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.EditRole) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.row_values(0)["gender"] in ("男", "女")


def test_pages_are_fetched_on_demand_and_evicted_lru(small):
    _, src = small
    model = WindowedTableModel(src, cache_pages=3)
    assert model.page_reads == 0
    model.data(model.index(0, 0))
    model.data(model.index(5, 1))          # same page
    assert model.page_reads == 1
    model.data(model.index(15, 0))          # page 1
    model.data(model.index(25, 0))          # page 2
    model.data(model.index(3, 0))           # page 0 again: cached, becomes most recent
    assert model.page_reads == 3
    model.data(model.index(35, 0))          # page 3 evicts the least recent: page 1
    assert model.page_reads == 4
    model.data(model.index(2, 0))           # page 0 still cached
    assert model.page_reads == 4
    model.data(model.index(11, 0))          # page 1 was evicted: read again
    assert model.page_reads == 5
    model.data(model.index(94, 0))          # last, short page
    assert model.data(model.index(94, 3)) != ""


def test_sort_ignores_unsortable_columns(small, qtbot):
    _, src = small
    model = WindowedTableModel(src)
    with qtbot.assertNotEmitted(model.modelReset):
        model.sort(1, Qt.SortOrder.AscendingOrder)   # 性别: no index, not sortable
    assert src.sort_key is None
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.sort(2, Qt.SortOrder.DescendingOrder)  # 出生日期
    assert src.sort_key == "birth_date" and src.descending
    dates = [model.data(model.index(r, 2)) for r in range(95)]
    assert dates == sorted(dates, reverse=True)
    model.sort(-1)                                   # back to id order
    ids = [model.id_at(r) for r in range(95)]
    assert ids == sorted(ids)


def test_filter_search_and_refresh(small, qtbot):
    store, src = small
    model = WindowedTableModel(src)
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.set_filter("community_id", 2)
    assert model.rowCount() == 47
    assert {model.data(model.index(r, 4)) for r in range(47)} == {"第2社区"}
    model.set_filter("community_id", None)
    assert model.rowCount() == 95

    with store.atomic():
        search_store.bulk_index(store, "resident", [
            (r["id"], f"{r['name']} {r['address']}")
            for r in store.rows("SELECT id, name, address FROM resident")])
    model.set_search("朝阳路1")   # substring: 朝阳路1号, 朝阳路10号 … 朝阳路19号
    expected = store.scalar("SELECT COUNT(*) FROM resident WHERE address LIKE '朝阳路1%'")
    assert model.rowCount() == expected == 11
    assert model.search_text == "朝阳路1"
    model.set_search("")
    assert model.rowCount() == 95

    with store.atomic():
        store.execute(_INSERT, (1, "新居民", "女", "2000-01-01", "", "新址"))
    assert model.rowCount() == 95           # cached until refreshed
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.refresh()
    assert model.rowCount() == 96
    assert model.data(model.index(95, 0)) == "新居民"


def test_set_source_keeps_sort(small):
    store, src = small
    model = WindowedTableModel(src)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    other = _source(store, base_where="t.community_id = ?", base_params=[1])
    model.set_source(other)
    assert model.source is other and other.sort_key == "name" and other.descending
    assert model.rowCount() == 48
    names = [model.data(model.index(r, 0)) for r in range(48)]
    assert names == sorted(names, reverse=True)


def test_configure_view_fixed_rows_and_header_click_sorting(small, qtbot):
    _, src = small
    model = WindowedTableModel(src)
    view = QTableView()
    qtbot.addWidget(view)
    configure_view(view, model, char_width=10, row_height=24)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)

    vh, hh = view.verticalHeader(), view.horizontalHeader()
    assert not view.wordWrap()
    assert vh.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert vh.defaultSectionSize() == 24
    assert hh.sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive
    assert not view.isSortingEnabled()
    assert view.columnWidth(0) == 8 * 10 + 16
    assert view.columnWidth(3) == 12 * 10 + 16

    def click(section: int) -> None:
        x = hh.sectionViewportPosition(section) + 5
        qtbot.mouseClick(hh.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click(1)                                   # 性别: not sortable, nothing happens
    assert src.sort_key is None and hh.sortIndicatorSection() == -1
    click(0)                                   # 姓名 ascending
    assert src.sort_key == "name" and not src.descending
    assert hh.sortIndicatorSection() == 0
    first = model.data(model.index(0, 0))
    assert first == min(model.data(model.index(r, 0)) for r in range(95))
    click(0)                                   # again: descending
    assert src.descending and hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    click(1)                                   # unsortable click keeps the indicator on 姓名
    assert src.sort_key == "name" and hh.sortIndicatorSection() == 0
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(QModelIndex()) == 7


@pytest.fixture
def file_list(tmp_path, monkeypatch):
    """95 rows in a database file, and a first count that stops at 30 rows."""
    monkeypatch.setattr("jiedao_desk.ui.kit.windowed.FIRST_COUNT", 30)
    s = Store.open(tmp_path / "list.sqlite3")
    _fill(s, 95)
    src = _source(s)
    src.page_size = 10
    yield s, src
    wait_counts()
    s.close()


def test_first_paint_counts_a_few_rows_and_the_exact_count_arrives_later(file_list, qtbot):
    store, src = file_list
    model = WindowedTableModel(src)
    label = QLabel()
    follow_count(model, label)
    inserted = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.count_known, timeout=10_000) as arrived:
        assert model.rowCount() == 30 and not model._exact
        label.setText(f"共 {model.count_text()} 人")
        assert label.text() == "共 30+ 人"
        assert model.data(model.index(0, 0)) is not None  # painted before the count
    assert arrived.args == [95]
    assert model.rowCount() == 95 and model.count_exact
    assert inserted == [(30, 94)]
    assert label.text() == "共 95 人"
    assert src.known_count() == 95  # the list itself needs no second count
    expected = store.rows("SELECT name FROM resident ORDER BY id")
    assert [model.data(model.index(r, 0)) for r in range(95)] == [r["name"] for r in expected]


def test_the_exact_count_starts_only_after_the_first_rows_are_painted(file_list, qtbot):
    store, src = file_list
    model = WindowedTableModel(src)
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    painted_before_count = []

    def data(index, role=Qt.ItemDataRole.DisplayRole, _data=model.data):
        painted_before_count.append(not model.count_started)
        return _data(index, role)

    model.data = data  # the view calls the Python override: record what it saw
    configure_view(view, model)
    assert model.rowCount() == 30 and not model.count_started  # first count only
    with qtbot.waitSignal(model.count_known, timeout=10_000) as arrived:
        view.show()
        qtbot.waitExposed(view)
    assert painted_before_count and painted_before_count[0]  # rows painted, count not begun
    assert arrived.args == [95] and model.rowCount() == 95 and model.count_exact
    expected = [r["name"] for r in store.rows("SELECT name FROM resident ORDER BY id")]
    assert [model.data(model.index(r, 0)) for r in range(95)] == expected


def test_an_unpainted_list_is_counted_after_a_delay_or_when_counts_are_awaited(file_list,
                                                                                qtbot):
    store, src = file_list
    model = WindowedTableModel(src)
    assert model.rowCount() == 30 and not model.count_started
    with qtbot.waitSignal(model.count_known, timeout=10_000) as arrived:
        pass  # no view: the delay starts it
    assert arrived.args == [95] and model.count_exact
    other = WindowedTableModel(src.copy_for(store))
    other.set_filter("community_id", 2)  # 47 rows
    assert other.rowCount() == 30 and not other.count_started
    wait_counts()  # starts what is due, then waits for it (exit, tests)
    assert other.count_started
    with qtbot.waitSignal(other.count_known, timeout=10_000) as arrived:
        pass  # the worker's result is delivered through the event loop
    assert arrived.args == [47] and other.rowCount() == 47


def test_a_common_search_paints_walked_rows_and_its_count_arrives_later(file_list, qtbot,
                                                                      monkeypatch):
    store, src = file_list
    with store.atomic():
        search_store.bulk_index(store, "resident", [
            (r["id"], r["address"]) for r in store.rows("SELECT id, address FROM resident")])
    monkeypatch.setattr("jiedao_desk.ui.kit.windowed.FIRST_SEARCH_COUNT", 5)
    src.many_matches, src.walk_chunk = -1, 7  # walk even on 95 rows, a few rows at a time
    model = WindowedTableModel(src)
    model.set_search("朝阳路1")  # 朝阳路1号 and 朝阳路10–19号: 11 residents
    expected = [r["name"] for r in store.rows(
        "SELECT name FROM resident WHERE address LIKE '朝阳路1%' ORDER BY id")]
    with qtbot.waitSignal(model.count_known, timeout=10_000) as arrived:
        assert model.rowCount() == 5 and not model.count_exact  # first rows only
        assert [model.data(model.index(r, 0)) for r in range(5)] == expected[:5]
        assert store.scalar("SELECT count(*) FROM temp.sqlite_master"
                            " WHERE name LIKE 'list_hits%'") == 0  # nothing collected here
    assert arrived.args == [11] and model.rowCount() == 11 and model.count_exact
    assert [model.data(model.index(r, 0)) for r in range(11)] == expected


def test_a_count_for_a_list_changed_meanwhile_is_dropped(file_list, qtbot):
    store, src = file_list
    model = WindowedTableModel(src)
    assert model.rowCount() == 30
    model._counted(model._generation - 1, 95)  # a count started before a search or filter
    assert model.rowCount() == 30 and not model._exact
    model.set_filter("community_id", 1)  # 48 rows: still more than the first count
    with qtbot.waitSignal(model.count_known, timeout=10_000) as arrived:
        assert model.rowCount() == 30
    assert arrived.args == [48] and model.rowCount() == 48


def test_short_list_and_in_memory_list_are_counted_at_once(file_list, small, qtbot):
    store, src = file_list
    src.set_filter("name", "居民00001")  # 居民000010 … 居民000019: 10 rows
    model = WindowedTableModel(src)
    assert model.rowCount() == 10 and model.count_exact and model.count_text() == "10"
    _, memory_src = small  # an in-memory database: no other connection can count it
    memory = WindowedTableModel(memory_src)
    assert memory.rowCount() == 95 and memory.count_exact
