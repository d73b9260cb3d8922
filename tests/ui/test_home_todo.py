# SPDX-License-Identifier: MIT
"""The home todo list is collected on the reading worker thread: the page is there before the
list, the counts come first and the rows are added in batches."""

import pytest
from PySide6.QtCore import QEvent, QObject, QThread

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import todo
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import tasks
from jiedao_desk.ui.pages import home
from tests.access.support import register

ADMIN = Actor(1, "管理员", "admin")


@pytest.fixture
def seeded(file_store, actor):
    org.set_street(file_store, actor, "测试街道办事处")
    a = org.add_community(file_store, actor, "甲社区", "A01")
    for n in range(7):
        register(file_store, actor, [a.id], title=f"入户登记{n}", planned_start="2027-03-01")
    return file_store


def test_the_list_arrives_from_the_worker_in_batches(qtbot, qtmodeltester, seeded,
                                                    monkeypatch):
    threads = []
    collect = todo.collect

    def spy(store, actor, providers):
        threads.append(QThread.currentThread())
        return collect(store, actor, providers)

    monkeypatch.setattr(todo, "collect", spy)
    monkeypatch.setattr(home, "BATCH", 3)
    page = home.HomePage(seeded, ADMIN)
    qtbot.addWidget(page)
    assert page.summary.text() == "正在收集待办事项……"  # the page is up, the list is not
    inserted = []
    page.model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=60_000)  # 7 + the calendar
    assert threads and threads[0] is not QThread.currentThread()
    assert inserted == [(3, 5), (6, 7)]  # the first batch came with the reset
    assert "共 8 项" in page.summary.text()
    expected = collect(seeded, ADMIN, registry.todo_providers())
    assert [i.title for i in page.model.items] == [i.title for i in expected]
    qtmodeltester.check(page.model)


def test_a_refresh_while_collecting_collects_again(qtbot, seeded):
    page = home.HomePage(seeded, ADMIN)
    qtbot.addWidget(page)
    page.refresh()
    page.refresh()  # the first run is still going: remembered, not started twice
    assert page.again
    qtbot.waitUntil(lambda: not page.again and not page.task.running
                    and page.model.rowCount() == 8, timeout=60_000)
    tasks.wait_idle(5000)


def test_the_remaining_column_shows_its_longest_wording_whole(qtbot, file_store):
    page = home.HomePage(file_store, ADMIN)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    longest = page.view.fontMetrics().horizontalAdvance("已超期（今天 23:59）")
    assert page.view.columnWidth(2) >= longest + 8  # the cell's margins
    assert page.view.columnWidth(1) >= page.view.fontMetrics().horizontalAdvance(
        "2026-12-05 22:28") + 8


def test_the_basis_column_shows_each_basis_whole(qtbot, store):
    """Every basis a provider writes fits the 依据 column at 1366×768 (not only its tooltip),
    the widest statutory one included; a short list leaves the room to 事项."""
    from jiedao_desk.base import clock

    page = home.HomePage(store, ADMIN)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    metrics = page.view.fontMetrics()
    bases = ["行政强制法 第五十三条、第五十四条、第六十九条", "接诉即办时限（本地设置）",
             "人民调解法 第三十一条；回访期为本地设置", "人民调解工作若干规定 第三十三条（建议）",
             "西城区2018年做法：5个工作日内决定", "西城区2018年准入做法（本地设置，非法定）",
             "报送期限（本地约定，见设置）"]
    items = [todo.TodoItem("enforcement", f"事项{n}", clock.today(), "x", n, True, basis)
             for n, basis in enumerate(bases)]
    page.show_items(items)
    for basis in bases:
        assert page.view.columnWidth(4) >= metrics.horizontalAdvance(basis) + 8, basis
    page.show_items(items[1:2])
    assert page.view.columnWidth(4) < metrics.horizontalAdvance(bases[0])


def test_a_shown_page_collects_once_it_has_painted(qtbot, file_store):
    """The window a page is shown in paints before its collections start (they share the
    GIL with the GUI thread); a page made without being shown collects at once (above)."""
    page = home.HomePage(file_store, ADMIN)
    qtbot.addWidget(page)
    page.show()
    painted = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if obj is page and event.type() == QEvent.Type.Paint:
                painted.append(page.task)
            return False

    watch = Watch()
    page.installEventFilter(watch)
    assert page.task is None
    qtbot.waitUntil(lambda: page.task is not None, timeout=10_000)
    assert painted and painted[0] is None  # nothing was collecting when it first painted
    qtbot.waitUntil(lambda: not page.task.running, timeout=60_000)
    assert page.summary.text().startswith("共 ")
    tasks.wait_idle(5000)
