# SPDX-License-Identifier: MIT
"""ui/tasks.py: work on the writer thread, progress and results back on the GUI thread."""

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QPushButton, QWidget

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import tasks, widgets


@pytest.fixture
def parent(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_progress_and_result_delivered_on_gui_thread(qtbot, parent):
    gui_thread = threading.get_ident()
    seen: dict = {"progress": [], "done_thread": None}

    def work(progress):
        for i in range(1, 4):
            progress(i, 3, f"第{i}步")
        return {"worker_thread": threading.get_ident(), "value": 42}

    def done(result):
        seen["done_thread"] = threading.get_ident()
        seen["result"] = result

    button = QPushButton("导出", parent)
    task = tasks.run_task(parent, "正在测试…", work, on_done=done, disable=[button])
    task.progressed.connect(lambda d, t, text: seen["progress"].append((d, t, text)))
    assert not button.isEnabled()          # disabled while running
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen["result"]["value"] == 42 and task.result == seen["result"]
    assert seen["result"]["worker_thread"] != gui_thread
    assert seen["done_thread"] == gui_thread
    assert task.error is None and not task.running
    assert button.isEnabled()
    # Throttled, but the final step (done == total) is always delivered.
    assert seen["progress"] and seen["progress"][-1] == (3, 3, "第3步")


def test_error_goes_to_on_error(qtbot, parent):
    errors = []
    done = []

    def work(progress):
        raise ValidationError("数据有误。")

    task = tasks.run_task(parent, "正在测试…", work, on_done=done.append,
                          on_error=errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert done == []
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert str(errors[0]) == "数据有误。" and task.error is errors[0]


def test_error_without_handler_is_shown(qtbot, parent, monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda p, exc, *a: shown.append((p, exc)))
    task = tasks.run_task(parent, "x", lambda progress: 1 / 0, progress=False)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert shown and shown[0][0] is parent and isinstance(shown[0][1], ZeroDivisionError)


def test_one_writer_at_a_time(qtbot, parent):
    active = []
    overlap = []
    lock = threading.Lock()

    def work(progress):
        with lock:
            active.append(1)
            overlap.append(len(active))
        threading.Event().wait(0.05)
        with lock:
            active.pop()
        return threading.get_ident()

    t1 = tasks.run_task(parent, "一", work, progress=False)
    t2 = tasks.run_task(parent, "二", work, progress=False)
    with qtbot.waitSignals([t1.finished, t2.finished], timeout=5000):
        pass
    assert overlap == [1, 1]


def test_worker_opens_its_own_store(qtbot, parent, file_store, actor):
    org.add_community(file_store, actor, "和平社区", "HP")
    open_store = tasks.store_factory(file_store.path)

    def work(progress):
        with open_store() as s:
            org.add_community(s, actor, "幸福社区", "XF")    # a write on the worker's connection
            return [c.name for c in org.list_communities(s)]

    task = tasks.run_task(parent, "正在写入…", work)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert task.error is None
    assert task.result == ["和平社区", "幸福社区"]
    assert [c.name for c in org.list_communities(file_store)] == ["和平社区", "幸福社区"]


def test_store_factory_refuses_memory_store(store):
    with pytest.raises(ValueError):
        tasks.store_factory(store.path)


def test_slow_task_shows_modal_progress_dialog(qtbot, parent):
    parent.show()
    release = threading.Event()

    def work(progress):
        progress(1, 4, "读取中")
        release.wait(5)
        return "ok"

    task = tasks.run_task(parent, "正在生成报表…", work)
    dialog = task.dialog
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=3000)   # after minimumDuration
    assert dialog.isModal()
    assert "正在生成报表…" in dialog.labelText()
    qtbot.waitUntil(lambda: dialog.maximum() == 4 and "读取中" in dialog.labelText())
    dialog.close()                               # the user cannot close it while running
    assert dialog.isVisible()
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert task.result == "ok" and task.dialog is None and not dialog.isVisible()


def test_parent_closed_while_running_is_harmless(qtbot):
    parent = QWidget()
    button = QPushButton("导出", parent)
    release = threading.Event()
    results = []
    task = tasks.run_task(parent, "正在导出…", lambda progress: release.wait(5) and 7,
                          on_done=results.append, disable=[button])
    parent.deleteLater()                       # the window goes away first
    qtbot.waitUntil(lambda: not shiboken6.isValid(button), timeout=2000)
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert results == [7] and task.dialog is None


def test_the_worker_never_holds_the_task(qtbot, parent, monkeypatch):
    """A Task is a QObject with timers: were the worker to hold the last reference to it,
    it would be destroyed on the worker thread (Qt: "Timers cannot be stopped from another
    thread", then a crash). The worker knows it only by its key."""
    from PySide6.QtCore import QThreadPool

    started: list = []
    real = QThreadPool.start

    def start(pool, runnable, *args):
        started.append(runnable)
        return real(pool, runnable, *args)

    monkeypatch.setattr(QThreadPool, "start", start)
    done: list = []
    task = tasks.run_task(parent, "测试", lambda progress: (progress(1, 1), 42)[1],
                          on_done=done.append, progress=False)
    qtbot.waitUntil(lambda: done == [42])
    (runnable,) = started
    held, todo = [], list(vars(runnable).values())
    while todo:  # everything the worker's side reaches through plain Python containers
        item = todo.pop()
        held.append(item)
        if isinstance(item, (list, tuple, set)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
    assert not any(item is task for item in held)
    assert not tasks.busy()
