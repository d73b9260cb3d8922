# SPDX-License-Identifier: MIT
"""Change notices for pages: one Qt signal per store, fired after every committed action.

The store announces each committed transaction's ``ChangeSet`` (base/changes.py); the hub
turns that into the Qt signal ``changed`` so that a page refreshes itself when records it
shows were changed — by its own slot, another page, a dialog or a background import — instead
of every slot re-querying by hand. A page calls ``watch(self, store, entities, refresh)``.
A page that is not visible only marks itself stale and refreshes when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.store import Store


class ChangeHub(QObject):
    """Re-emits a store's change notices as a Qt signal (on the thread that committed)."""

    changed = Signal(object)  # ChangeSet

    def __init__(self, store: Store):
        super().__init__()
        self._unsubscribe = store.subscribe(self.changed.emit)

    def close(self) -> None:
        """Stop listening to the store."""
        self._unsubscribe()


def hub(store: Store) -> ChangeHub:
    """The hub of ``store`` (made on first use and kept on the store, so it lives as long)."""
    found = getattr(store, "_change_hub", None)
    if found is None:
        found = ChangeHub(store)
        store._change_hub = found  # type: ignore[attr-defined]
    return found


class _Watcher(QObject):
    """Calls ``refresh`` when one of ``entities`` changed — now if the page is visible, else
    the next time it is shown."""

    def __init__(self, page: QWidget, entities: frozenset[str],
                 refresh: Callable[[ChangeSet], None]):
        super().__init__(page)
        self.page, self.entities, self.refresh = page, entities, refresh
        self.stale: ChangeSet | None = None
        page.installEventFilter(self)

    def on_changed(self, changes: ChangeSet) -> None:
        if not changes.touches(*self.entities):
            return
        if self.page.isVisible():
            self.refresh(changes)
        else:
            self.stale = changes

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.page and event.type() == QEvent.Type.Show and self.stale is not None:
            changes, self.stale = self.stale, None
            self.refresh(changes)
        return False


def watch(page: QWidget, store: Store, entities: Iterable[str],
          refresh: Callable[[ChangeSet], None]) -> None:
    """Refresh ``page`` whenever a committed action changed one of ``entities``.

    The connection ends with the page (the watcher is its child).
    """
    watcher = _Watcher(page, frozenset(entities), refresh)
    hub(store).changed.connect(watcher.on_changed)
