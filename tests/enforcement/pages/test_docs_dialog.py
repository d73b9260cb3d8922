# SPDX-License-Identifier: MIT
"""The 出具文书 dialog: the fields a document needs, labelled from its TOML text."""

import pytest
from PySide6.QtWidgets import QLabel

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement.pages.docs_dialog import DocumentIssueDialog


@pytest.fixture
def case(store, actor):
    catalog.load_builtin(store, actor)
    return enf.register_lead(store, actor, "patrol", "2026-09-25", "示例路1号",
                             "占道摆摊").case_id


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
