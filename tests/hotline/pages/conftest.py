# SPDX-License-Identifier: MIT
"""Fixtures of the 接诉即办 page tests."""

import pytest

from jiedao_desk.core import catalog
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.pages.page import HotlinePage


@pytest.fixture
def rated(store, actor, make_community):
    """T1 (甲社区, this month, no visit), T2 (甲, 2026-10) and T3 (乙, 2026-09, another caller),
    all at 和平里小区3号楼; T2 and T3 replied and return-visited."""
    catalog.load_builtin(store, actor)
    a, b = make_community("甲社区"), make_community("乙社区")

    def add(no, cid, when, visit=None, **kw):
        v = {"ticket_no": no, "received_at": when, "community_id": cid, "title": no,
             "claimant_name": "张三", "claimant_phone": "13800138000",
             "place": "和平里小区3号楼", "category": "市容环境"}
        v.update(kw)
        tid = hotline.add_ticket(store, actor, v)
        if visit:
            hotline_actions.reply(store, actor, tid, "已办理", closed_at=when)
            hotline_actions.record_visit(store, actor, tid, *visit)
        return tid

    add("T1", a.id, "2026-11-20 09:00", content="楼上漏水")
    add("T2", a.id, "2026-10-03 09:00", (True, True, "满意"))
    add("T3", b.id, "2026-09-03 09:00", (True, False, "基本满意"), claimant_name="李四",
        claimant_phone="13900000000")
    return a, b


@pytest.fixture
def open_page(qtbot, store):
    """Factory: the page as ``actor`` sees it, shown, every month listed."""

    def make(actor):
        page = HotlinePage(store, actor)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        page.month.clear()
        page.month.editingFinished.emit()
        return page

    return make
