# SPDX-License-Identifier: MIT
"""WindowedTableModel: qtmodeltester on 200,000 rows, paging, LRU, sort, filter, view setup.

The lists are built here directly over the ``resident`` table (rows inserted in bulk through
the store connection), so these tests do not depend on the residents domain module.
"""

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from jiedao_desk.store import Store
from jiedao_desk.store import search as search_store
from jiedao_desk.store.lists import Column, ListSource
from jiedao_desk.ui.kit.windowed import ID_ROLE, WindowedTableModel, configure_view

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
def test_qtmodeltester_on_200k_rows_jump_and_sort(big_store, qtmodeltester):
    model = WindowedTableModel(_source(big_store))
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
