# SPDX-License-Identifier: MIT
"""Background work with a progress dialog (after Anki's ``QueryOp``/``CollectionOp``).

Anything that can take over ~200 ms (export, import, print, backup, report, demo data) runs
through ``run_task``::

    open_store = tasks.store_factory(store.path)

    def work(progress):
        with open_store() as s:             # the worker's own connection
            return exports.monthly(s, month, progress=progress)

    tasks.run_task(self, "正在导出月报…", work, on_done=self._exported,
                   disable=[self.export_button])

Rules (design.md "Layers"):

* ``fn(progress_cb)`` runs on a worker thread. It must never touch a widget, and it must
  not use the GUI thread's ``Store``: a ``sqlite3`` connection belongs to the thread that
  opened it. Either hand the worker plain data read beforehand, or let it open its own
  ``Store`` on the same file with ``store_factory(path)`` (and close it).
* ``progress_cb(done, total, text="")`` may be called as often as convenient; updates are
  throttled and delivered to the GUI thread by signal. ``total == 0`` shows a busy bar.
* There is one worker thread, so at most one task writes at a time (Anki's
  ``max_workers=1``); a second task waits in the queue until the first has finished.
  Work that only reads (``reads=True``: the home todo list) runs on a second thread of its
  own, so a long read never holds up an export or an import, nor waits behind one.
* ``on_done(result)`` / ``on_error(exc)`` run on the GUI thread. Without ``on_error`` the
  error is shown in a message box.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from jiedao_desk.store import Store
from jiedao_desk.ui.kit import widgets

ProgressCallback = Callable[..., None]

_pool: QThreadPool | None = None
_read_pool: QThreadPool | None = None
# Every task from its start until its result has been handled on the GUI thread, by key. The
# worker knows a task only by its key: it must never hold the last reference to a Task (a
# QObject with timers), or the Task would be destroyed on the worker thread when the worker
# lets go of it after the GUI thread has — Qt's "Timers cannot be stopped from another
# thread", and a crash in the event loop that follows.
_running: dict[int, Task] = {}
_keys = iter(range(1, 1 << 62))
_relay: _Relay | None = None
_THROTTLE_S = 0.05  # at most ~20 progress updates a second reach the event loop
_SHOW_AFTER_MS = 300  # quick tasks finish without a flashing dialog


def _writer_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)  # one writer at a time
    return _pool


def _reader_pool() -> QThreadPool:
    global _read_pool
    if _read_pool is None:
        _read_pool = QThreadPool()
        _read_pool.setMaxThreadCount(1)
    return _read_pool


def store_factory(path: str | Path | None) -> Callable[[], Store]:
    """Return a function that opens a new ``Store`` on ``path`` for a worker thread.

    The returned store must be closed by the worker (use it as a context manager).

    Raises:
        ValueError: for an in-memory store (``path`` None), which no other thread can see.
    """
    if path is None:
        raise ValueError("an in-memory store cannot be opened on a worker thread")
    target = Path(path)

    def open_store() -> Store:
        return Store.open(target, migrate=False)

    return open_store


def run_task(parent: QWidget | None, title: str, fn: Callable[[ProgressCallback], Any],
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             progress: bool = True, disable: Iterable[Any] = (), reads: bool = False) -> Task:
    """Run ``fn(progress_cb)`` on the worker thread (see the module docstring).

    Args:
        parent: widget the progress dialog and error box belong to.
        title: Chinese text of the progress dialog, e.g. "正在导出…".
        fn: the work; receives ``progress_cb(done, total, text="")``.
        on_done: called with ``fn``'s return value on the GUI thread.
        on_error: called with the exception on the GUI thread (default: message box).
        progress: show a modal progress dialog while the task runs.
        disable: actions/widgets disabled while the task runs (e.g. the button that started it).
        reads: the work writes nothing: run it on the reading thread, beside the writer.

    Returns:
        The running ``Task``; its ``finished`` signal fires after on_done/on_error.
    """
    task = Task(parent, title, fn, on_done, on_error, progress, list(disable))
    task.start(_reader_pool() if reads else _writer_pool())
    return task


def busy() -> bool:
    """True while a task is queued or running (a timed job then waits for its next turn)."""
    return bool(_running)


def wait_idle(msecs: int = -1) -> bool:
    """Wait until queued tasks have finished (e.g. before closing the store at exit)."""
    done = _pool.waitForDone(msecs) if _pool is not None else True
    return (_read_pool.waitForDone(msecs) if _read_pool is not None else True) and done


class _Relay(QObject):
    """Carries a worker's progress and result to the GUI thread, where it lives: signals
    emitted on a worker are queued to its slots, which hand them to the task by key."""

    progress = Signal(int, int, int, str)
    done = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.progress.connect(self._on_progress)
        self.done.connect(self._on_done)
        self.failed.connect(self._on_failed)

    @Slot(int, int, int, str)
    def _on_progress(self, key: int, done: int, total: int, text: str) -> None:
        task = _running.get(key)
        if task is not None:
            task._on_progress(done, total, text)

    @Slot(int, object)
    def _on_done(self, key: int, result: Any) -> None:
        task = _running.get(key)
        if task is not None:
            task._on_success(result)

    @Slot(int, object)
    def _on_failed(self, key: int, exc: Any) -> None:
        task = _running.get(key)
        if task is not None:
            task._on_failure(exc)


def _the_relay() -> _Relay:
    """The relay, made on the GUI thread by the first task (run_task is called there)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


class _Runnable(QRunnable):
    def __init__(self, key: int, fn: Callable[[ProgressCallback], Any], relay: _Relay):
        super().__init__()
        self._key, self._fn, self._relay = key, fn, relay

    def run(self) -> None:  # worker thread: emit signals only, touch nothing else
        key, relay = self._key, self._relay
        last = [0.0]

        def report(done: int, total: int, text: str = "") -> None:
            now = time.monotonic()
            if now - last[0] >= _THROTTLE_S or (total and done >= total):
                last[0] = now
                relay.progress.emit(key, int(done), int(total), str(text))

        try:
            result = self._fn(report)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            relay.failed.emit(key, exc)
        else:
            relay.done.emit(key, result)


class _ProgressDialog(QProgressDialog):
    """A progress dialog the user cannot close while the work is still running."""

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        event.ignore()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)


class Task(QObject):
    """One background job; lives on the GUI thread, its ``fn`` runs on the worker.

    Attributes:
        result: ``fn``'s return value once done.
        dialog: the progress dialog while running (None without one or once finished).
        error: the exception ``fn`` raised, if any.
        progressed: (done, total, text) on the GUI thread.
        finished: emitted on the GUI thread after on_done / on_error ran.
    """

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str, fn: Callable[[ProgressCallback], Any],
                 on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None,
                 progress: bool, disable: list[Any]):
        super().__init__()
        self._parent = parent
        self.title = title
        self._fn = fn
        self._on_done = on_done
        self._on_error = on_error
        self._disable = disable
        self.result: Any = None
        self.error: BaseException | None = None
        self.running = False
        self.dialog: QProgressDialog | None = None
        self._key = next(_keys)
        if progress:
            self.dialog = self._make_dialog(parent, title)

    @staticmethod
    def _make_dialog(parent: QWidget | None, title: str) -> QProgressDialog:
        dlg = _ProgressDialog(title, "", 0, 0, parent)
        dlg.setCancelButton(None)
        dlg.setWindowTitle("请稍候")
        dlg.setWindowModality(Qt.WindowModality.WindowModal if parent is not None
                              else Qt.WindowModality.ApplicationModal)
        # Shown by our own timer (see start): QProgressDialog only shows itself from
        # setValue(), and a busy task may never call it.
        dlg.setMinimumDuration(1_000_000)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumWidth(360)
        return dlg

    def start(self, pool: QThreadPool | None = None) -> None:
        """Queue the work on ``pool`` (default: the writer thread)."""
        for item in self._disable:
            item.setEnabled(False)
        self.running = True
        _running[self._key] = self
        (pool or _writer_pool()).start(_Runnable(self._key, self._fn, _the_relay()))
        if self.dialog is not None:
            QTimer.singleShot(_SHOW_AFTER_MS, self._show_dialog)

    @Slot()
    def _show_dialog(self) -> None:
        if self.running and self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if not self.running:
            return
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.setMaximum(max(total, 0))
            if total > 0:
                self.dialog.setValue(min(done, total))
            if text:
                self.dialog.setLabelText(f"{self.title}\n{text}")
        self.progressed.emit(done, total, text)

    @Slot(object)
    def _on_success(self, result: Any) -> None:
        self.result = result
        self._finish()
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self.finished.emit()

    @Slot(object)
    def _on_failure(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        try:
            if self._on_error is not None:
                self._on_error(exc)
            else:
                parent = self._parent if shiboken6.isValid(self._parent) else None
                widgets.show_error(parent, exc)
        finally:
            self.finished.emit()

    def _finish(self) -> None:
        self.running = False
        _running.pop(self._key, None)
        # The window that started the task may have been closed meanwhile: skip dead widgets.
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            # hide + deleteLater, not close(): this slot may run inside the dialog's own
            # setValue() (a modal QProgressDialog processes events there).
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None
        for item in self._disable:
            if shiboken6.isValid(item):
                item.setEnabled(True)
