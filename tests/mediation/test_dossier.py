# SPDX-License-Identifier: MIT
"""The case file: which items a case needs, attachments under dossier labels, archiving only
when complete, and the assembled PDF in the index order."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import documents as docs
from jiedao_desk.domains.mediation import dossier
from jiedao_desk.domains.org import service as org
from tests.mediation.samples import accepted, persons, referred_agreement, to_agreement


def test_archive_needs_complete_dossier(file_store, actor, tmp_path):
    store = file_store
    c = org.add_community(store, actor, "安定门社区", "ADM")
    case = referred_agreement(store, actor, c.id, written=False)
    case = act.close_case(store, actor, case.id)
    missing = dossier.dossier_missing(store, actor, case.id)
    assert "人民调解当事人权利义务告知书" in missing and "当事人身份证明" in missing
    with pytest.raises(ValidationError, match="卷宗不完整"):
        act.archive(store, actor, case.id)
    for kind in ("mediation_intake", "mediation_rights_notice", "mediation_session_record",
                 "mediation_oral_agreement"):
        docs.issue_document(store, actor, case.id, kind)
    scan = tmp_path / "id.png"
    Image.new("RGB", (40, 30), "white").save(scan)
    with pytest.raises(ValidationError, match="附件标签"):
        dossier.attach(store, actor, case.id, scan, "selfie")
    dossier.attach(store, actor, case.id, scan, "party_identity")
    # as-needed items this case calls for: it has an agent and an investigation record
    assert dossier.dossier_missing(store, actor, case.id) == ["授权委托书", "人民调解调查记录"]
    dossier.attach(store, actor, case.id, scan, "power_of_attorney")
    docs.issue_document(store, actor, case.id, "mediation_investigation_record")
    assert dossier.dossier_missing(store, actor, case.id) == []
    assert act.archive(store, actor, case.id).state == "archived"
    pdf = dossier.dossier_pdf(store, actor, case.id)
    pages = [p.extract_text().replace("\n", "") for p in PdfReader(io.BytesIO(pdf)).pages]
    assert case.case_number in pages[0]  # cover carries the 卷号
    index = pages[1]
    assert index.index("人民调解受理登记表") < index.index("权利义务告知书") < \
        index.index("id.png") < index.index("人民调解记录") < index.index("口头协议登记表")
    assert "当事人身份证明：id.png" in index and "授权委托书：id.png" in index
    # 备注 marks: 必须 for required lines and for as-needed lines this case calls for
    assert index.count("必须") == 7 and "按需" not in index


def test_new_kinds_take_their_place_in_the_dossier(file_store, actor, tmp_path):
    store = file_store
    case = to_agreement(store, actor, accepted(store, actor))
    for kind in ("mediation_case_note", "mediation_agreement", "mediation_rights_notice",
                 "mediation_application", "mediation_judicial_confirmation"):
        docs.issue_document(store, actor, case.id, kind)
    scan = tmp_path / "id.png"
    Image.new("RGB", (40, 30), "white").save(scan)
    dossier.attach(store, actor, case.id, scan, "party_identity")
    pdf = dossier.dossier_pdf(store, actor, case.id)
    index = PdfReader(io.BytesIO(pdf)).pages[1].extract_text().replace("\n", "")
    order = ["人民调解申请书", "权利义务告知书", "当事人身份证明", "人民调解协议书",
             "司法确认申请书", "卷宗情况说明"]
    assert [index.index(t) for t in order] == sorted(index.index(t) for t in order)


def test_terminated_case_archives_without_an_agreement(file_store, actor, tmp_path):
    store = file_store
    case = accepted(store, actor, persons())
    act.notify_rights(store, actor, case.id)
    act.add_record(store, actor, case.id, "session", {"place": "调解室", "matter": "漏水",
                                                      "content": "双方分歧大"})
    act.terminate(store, actor, case.id, "被申请人拒绝调解", "可向人民法院起诉")
    act.close_case(store, actor, case.id)
    for kind in ("mediation_application", "mediation_rights_notice",
                 "mediation_session_record"):
        docs.issue_document(store, actor, case.id, kind)
    assert dossier.dossier_missing(store, actor, case.id) == ["当事人身份证明"]
    scan = tmp_path / "id.png"
    Image.new("RGB", (40, 30), "white").save(scan)
    dossier.attach(store, actor, case.id, scan, "party_identity")
    assert act.archive(store, actor, case.id).state == "archived"

