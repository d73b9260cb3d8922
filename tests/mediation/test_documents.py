# SPDX-License-Identifier: MIT
"""Mediation documents: what each kind prints — agreement, intake, session record, 申请书,
both 司法确认申请书 forms, 卷宗情况说明 — and who may reprint them."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied
from jiedao_desk.core import documents
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation import documents as docs
from jiedao_desk.domains.org import service as org
from tests.mediation.samples import (
    ID_A,
    ID_B,
    USCC,
    accepted,
    persons,
    referred_agreement,
    to_agreement,
)


def _text(store, doc, actor) -> str:
    pdf = documents.reprint(store, doc.id, actor)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_documents_carry_parties_and_terms(file_store, actor, make_community):
    store = file_store
    c = org.add_community(store, actor, "和平里社区", "HPL")
    case = referred_agreement(store, actor, c.id)
    agreement = docs.issue_document(store, actor, case.id, "mediation_agreement")
    text = _text(store, agreement, actor)
    assert "张三" in text and "某物业公司" in text and "物业赔偿2000元" in text
    assert "人民币2,000.50元" in text and case.case_number in text
    assert "和平里社区人民调解委员会" in text and "110105" not in text  # no ID on agreement
    intake = _text(store, docs.issue_document(store, actor, case.id, "mediation_intake"), actor)
    assert "接受委托移送调解（和平里派出所）" in intake and "楼上漏水" in intake
    session = _text(store, docs.issue_document(store, actor, case.id,
                                               "mediation_session_record"), actor)
    assert "调解室" in session and "双方同意" in session
    with pytest.raises(Conflict, match="口头协议"):
        docs.issue_document(store, actor, case.id, "mediation_oral_agreement")
    jc = _text(store, docs.issue_document(store, actor, case.id,
                                          "mediation_judicial_confirmation",
                                          court="某区人民法院"), actor)
    assert "某区人民法院" in jc and "11010519491231002X" in jc  # the court needs identity
    enforcer = Actor(5, "执法队员", "enforcement_officer")
    with pytest.raises(PermissionDenied):
        documents.reprint(store, agreement.id, enforcer)


def test_application_lists_both_parties_claims_and_oral_note(file_store, actor):
    case = accepted(file_store, actor, persons())
    text = _text(file_store,
                 docs.issue_document(file_store, actor, case.id, "mediation_application"), actor)
    assert "人民调解申请书" in text and case.case_number in text
    for want in ("张三", "回族", "退休", "李四", "教师", "和平里2号", "楼上漏水，损坏吊顶",
                 "1、赔偿损失", "2、修复漏点", "自愿申请", "口头提出", "二〇二六年十月十日"):
        assert want in text, want
    assert ID_A not in text  # the application carries no ID numbers


def test_application_only_for_cases_by_application(file_store, actor):
    case = accepted(file_store, actor, source="own_initiative", application_form="")
    with pytest.raises(Conflict, match="受理登记表"):
        docs.issue_document(file_store, actor, case.id, "mediation_application")


def test_judicial_confirmation_form_follows_the_parties(file_store, actor):
    store = file_store
    with_org = to_agreement(store, actor, accepted(store, actor))
    doc = docs.issue_document(store, actor, with_org.id, "mediation_judicial_confirmation",
                              court="东城区人民法院")
    assert doc.kind == "mediation_judicial_confirmation_org"
    text = _text(store, doc, actor)
    for want in ("申请人（单位）", "某物业公司", USCC, "李四", ID_A, "王五", "一般代理",
                 "物业赔偿2000元", "东城区人民法院", "营业执照"):
        assert want in text, want
    people = mediation.register_case(
        store, actor, community_id=None, source="own_initiative", dispute_type="邻里纠纷",
        summary="噪音", parties=persons(), received_on="2026-10-10")
    people = to_agreement(store, actor, mediation.accept(store, actor, people.id,
                                                         on="2026-10-10"))
    doc = docs.issue_document(store, actor, people.id, "mediation_judicial_confirmation")
    assert doc.kind == "mediation_judicial_confirmation"
    text = _text(store, doc, actor)
    assert ID_A in text and ID_B in text and "回族" in text and "申请人（单位）" not in text
    with pytest.raises(Conflict, match="个人与个人"):
        docs.issue_document(store, actor, people.id, "mediation_judicial_confirmation_org")


def test_case_note_summarises_the_file(file_store, actor):
    store = file_store
    case = to_agreement(store, actor, accepted(store, actor))
    act.add_record(store, actor, case.id, "follow_up", {"party": "张三", "performance": "已履行"})
    docs.issue_document(store, actor, case.id, "mediation_agreement")
    note = docs.issue_document(store, actor, case.id, "mediation_case_note",
                               note="被申请人拒绝在调查记录上签名。")
    text = _text(store, note, actor)
    for want in ("卷宗情况说明", case.case_number, "张三、某物业公司邻里纠纷", "调查1次，调解1次",
                 "达成书面调解协议", "人民币2,000.50元", "回访1次", "已履行", "已出具文书1份",
                 "被申请人拒绝在调查记录上签名。", "和平里社区人民调解委员会"):
        assert want in text, want
    plain = _text(store, docs.issue_document(store, actor, case.id, "mediation_case_note"), actor)
    assert "无其他需要说明的情况" in plain
