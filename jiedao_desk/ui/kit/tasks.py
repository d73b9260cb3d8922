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
_running: set[Task] = set()
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


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self._task = task

    def run(self) -> None:  # worker thread: emit signals only, touch nothing else
        task = self._task
        last = [0.0]

        def report(done: int, total: int, text: str = "") -> None:
            now = time.monotonic()
            if now - last[0] >= _THROTTLE_S or (total and done >= total):
                last[0] = now
                task._progress_sig.emit(int(done), int(total), str(text))

        try:
            result = task._fn(report)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            task._failed_sig.emit(exc)
        else:
            task._done_sig.emit(result)


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
    # Emitted from the worker; queued to this object's (GUI) thread.
    _progress_sig = Signal(int, int, str)
    _done_sig = Signal(object)
    _failed_sig = Signal(object)

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
        if progress:
            self.dialog = self._make_dialog(parent, title)
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_sig.connect(self._on_progress, queued)
        self._done_sig.connect(self._on_success, queued)
        self._failed_sig.connect(self._on_failure, queued)

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
        _running.add(self)
        (pool or _writer_pool()).start(_Runnable(self))
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
        _running.discard(self)
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
