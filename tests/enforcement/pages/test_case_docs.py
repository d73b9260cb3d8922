# SPDX-License-Identifier: MIT
"""The 出具文书 menu of the case view, grouped by stage."""

import pytest

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement.pages import EnforcementPage
from jiedao_desk.domains.enforcement.pages.case_docs import OTHER_STAGE, stage_groups


@pytest.fixture
def case(store, actor):
    catalog.load_builtin(store, actor)
    return enf.register_lead(store, actor, "patrol", "2026-09-25", "示例路1号",
                             "占道摆摊").case_id


def test_doc_menu_grouped_by_stage(qtbot, store, actor, case):
    page = EnforcementPage(store, actor)
    qtbot.addWidget(page)
    page.select_case(case)
    detail = page.detail
    detail.doc_menu.aboutToShow.emit()
    titles = [a.text() for a in detail.doc_menu.actions()]
    assert titles == ["立案", "调查取证", "审查与告知", "决定与送达", "执行", "结案归档"]
    assert set(detail.doc_actions) == set(edocs.KINDS)
    assert [a.text() for a in detail.doc_submenus["立案"].actions()] == \
        ["案件来源登记表", "立案审批表"]
    assert "行政处罚决定书" in [a.text() for a in detail.doc_submenus["决定与送达"].actions()]
    # A kind a street adds lands under 其他文书 instead of disappearing.
    groups = dict(stage_groups({**edocs.KINDS, "enforcement_x": "新文书"}))
    assert groups[OTHER_STAGE] == ["enforcement_x"]
    detail.doc_actions["enforcement_case_source"].trigger()
    assert detail.doc_dialog is not None and detail.doc_dialog.kind == "enforcement_case_source"
    qtbot.addWidget(detail.doc_dialog)
