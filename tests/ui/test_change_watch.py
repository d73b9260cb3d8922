# SPDX-License-Identifier: MIT
"""Pages refresh from change notices: at once when visible, on show when hidden."""

from PySide6.QtWidgets import QWidget

from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import changes


def test_visible_page_refreshes_at_once_hidden_page_on_show(store, actor, qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    calls = []
    changes.watch(page, store, {"community"}, calls.append)
    page.show()
    org.add_community(store, actor, "甲社区", "A01")
    assert len(calls) == 1 and calls[0].touches("community")
    page.hide()
    org.add_community(store, actor, "乙社区", "A02")
    assert len(calls) == 1
    page.show()
    assert len(calls) == 2


def test_changes_of_other_entities_are_ignored(store, actor, qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    calls = []
    changes.watch(page, store, {"resident"}, calls.append)
    org.add_community(store, actor, "甲社区", "A01")
    assert calls == []
