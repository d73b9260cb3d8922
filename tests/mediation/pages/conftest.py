# SPDX-License-Identifier: MIT
"""Fixtures of the 人民调解 page tests (today is frozen to 2026-11-23)."""

from __future__ import annotations

import pytest

from jiedao_desk.core import catalog
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.org import service as org
from jiedao_desk.ui.kit import widgets
from tests.mediation.pages.helpers import open_page
from tests.mediation.samples import ID_A


@pytest.fixture
def errors(monkeypatch):
    """The errors the page showed (instead of message boxes)."""
    shown: list[BaseException] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    return shown


@pytest.fixture
def page(store, actor, make_community, qtbot):
    """An empty page with the dispute types loaded and one community (和平里社区, HPL)."""
    catalog.load_builtin(store, actor)
    make_community("和平里社区", "HPL")
    return open_page(store, qtbot)


@pytest.fixture
def seeded(file_store, actor):
    """A file store with one accepted case (张三 with ID number v 李四) and an investigation
    record; returns (store, case)."""
    catalog.load_builtin(file_store, actor)
    c = org.add_community(file_store, actor, "和平里社区", "HPL")
    case = mediation.register_case(
        file_store, actor, community_id=c.id, source="application", application_form="written",
        dispute_type="邻里纠纷", summary="楼上漏水损坏吊顶", claims=["赔偿"],
        parties=[{"role": "applicant", "name": "张三", "id_number": ID_A},
                 {"role": "respondent", "name": "李四"}], received_on="2026-11-02")
    mediation.accept(file_store, actor, case.id, on="2026-11-02")
    act.add_record(file_store, actor, case.id, "investigation",
                   {"place": "现场", "content": "查看漏水"}, on="2026-11-03")
    return file_store, case
