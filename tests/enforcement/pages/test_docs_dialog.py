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
        "改正期限（如 2026-12-31）"
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


def test_service_receipt_is_issued_for_the_chosen_service(qtbot, store, actor, case):
    from jiedao_desk.domains.enforcement import decision as ed
    from jiedao_desk.domains.enforcement import execution
    from jiedao_desk.domains.enforcement import store as es

    enf.file_case(store, actor, case, "2026-09-26", "王队长",
                  enf.power_choices(store)[0][0].item_id)
    enf.add_party(store, actor, case, "person", "赵某", "11010519491231002X")
    ed.prior_notice(store, actor, case, "2026-09-29", 100, "事实", "《某条例》第十条",
                    hearing=False, penalty_basis="《某条例》第三十条")
    execution.serve(store, actor, case, "prior_notice", "post", "2026-09-30", receipt="EMS1")
    execution.serve(store, actor, case, "prior_notice", "direct", "2026-10-09",
                    receiver="赵某")
    first, latest = es.events(store, case, "service")
    dialog = DocumentIssueDialog(store, actor, case, "enforcement_service_receipt")
    qtbot.addWidget(dialog)
    assert dialog.service is not None and dialog.service.count() == 2
    assert dialog.service.currentData() == latest.id  # newest first
    assert dialog.service.itemText(1) == "2026-09-30 行政处罚事先告知书（邮寄送达）"
    dialog.service.setCurrentIndex(1)
    assert dialog.values()["event_id"] == str(first.id)
    dialog.accept()
    assert dialog.issued is not None
    data = dialog.issued.data(store)
    assert (data["method_label"], data["served_on"]) == ("邮寄送达", "2026-09-30")
