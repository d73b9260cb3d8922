# SPDX-License-Identifier: MIT
"""Page polish: 出具文书 grouped by stage, document fields labelled from the TOML texts."""

import pytest
from PySide6.QtWidgets import QLabel

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement.pages.case_docs import OTHER_STAGE, stage_groups
from jiedao_desk.domains.enforcement.pages.docs_dialog import DocumentIssueDialog
from jiedao_desk.domains.enforcement.pages.page import EnforcementPage


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


def test_every_asked_field_has_a_label(qtbot, store, actor, case):
    for kind in edocs.KINDS:
        dialog = DocumentIssueDialog(store, actor, case, kind)
        qtbot.addWidget(dialog)
        labels = [w.text() for w in dialog.findChildren(QLabel)]
        assert not [t for t in labels if "补充内容（" in t], kind
    dialog = DocumentIssueDialog(store, actor, case, "enforcement_case_source")
    qtbot.addWidget(dialog)
    labels = {w.text() for w in dialog.findChildren(QLabel)}
    assert {"举报人：", "举报人联系方式：", "审批意见："} <= labels
    assert edocs.field_labels("enforcement_rectification_notice")["deadline"] == \
        "改正期限（YYYY-MM-DD）"
    assert edocs.field_labels("no_such_kind") == {}


def test_labels_follow_a_street_override(tmp_path, monkeypatch):
    from jiedao_desk import paths

    shipped = paths.resources_dir() / "documents" / "enforcement_case_source.toml"
    own = tmp_path / "documents"
    own.mkdir()
    (own / "enforcement_case_source.toml").write_text(
        shipped.read_text(encoding="utf-8").replace('reporter = "举报人"',
                                                    'reporter = "举报人姓名"'), encoding="utf-8")
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path)
    assert edocs.field_labels("enforcement_case_source")["reporter"] == "举报人姓名"
