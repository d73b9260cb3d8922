# SPDX-License-Identifier: MIT
"""The 申请书, 卷宗情况说明 and both 司法确认申请书 forms; dossier rules for terminated cases."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from jiedao_desk.base.errors import Conflict
from jiedao_desk.core import catalog, documents
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation import documents as docs
from jiedao_desk.domains.org import service as org
from tests.core.test_mediation import ID_A, USCC, _parties, _to_agreement

ID_B = "110101199003078515"  # man born 1990-03-07 (valid check digit)


def _text(store, doc, actor) -> str:
    pdf = documents.reprint(store, doc.id, actor)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def _register(store, actor, parties=None, **kw):
    catalog.load_builtin(store, actor)
    c = org.add_community(store, actor, "和平里社区", "HPL")
    args = dict(community_id=c.id, source="application", application_form="oral",
                dispute_type="邻里纠纷", summary="楼上漏水，损坏吊顶",
                claims=["赔偿损失", "修复漏点"],
                parties=parties or _parties(), received_on="2026-10-10")
    args.update(kw)
    case = mediation.register_case(store, actor, **args)
    return mediation.accept(store, actor, case.id, on="2026-10-10")


def _persons():
    return [{"role": "applicant", "kind": "person", "name": "张三", "id_number": ID_A,
             "ethnicity": "回族", "occupation": "退休", "address": "和平里1号"},
            {"role": "respondent", "kind": "person", "name": "李四", "id_number": ID_B,
             "ethnicity": "汉族", "occupation": "教师", "address": "和平里2号"}]


def test_application_lists_both_parties_claims_and_oral_note(file_store, actor):
    case = _register(file_store, actor, _persons())
    text = _text(file_store, docs.issue(file_store, actor, case.id, "mediation_application"),
                 actor)
    assert "人民调解申请书" in text and case.case_number in text
    for want in ("张三", "回族", "退休", "李四", "教师", "和平里2号", "楼上漏水，损坏吊顶",
                 "1. 赔偿损失", "2. 修复漏点", "自愿申请", "口头提出", "二〇二六年十月十日"):
        assert want in text, want
    assert ID_A not in text  # the application carries no ID numbers


def test_application_only_for_cases_by_application(file_store, actor):
    case = _register(file_store, actor, source="own_initiative", application_form="")
    with pytest.raises(Conflict, match="受理登记表"):
        docs.issue(file_store, actor, case.id, "mediation_application")


def test_judicial_confirmation_form_follows_the_parties(file_store, actor):
    store = file_store
    with_org = _to_agreement(store, actor, _register(store, actor))
    doc = docs.issue(store, actor, with_org.id, "mediation_judicial_confirmation",
                     court="东城区人民法院")
    assert doc.kind == "mediation_judicial_confirmation_org"
    text = _text(store, doc, actor)
    for want in ("申请人（单位）", "某物业公司", USCC, "李四", ID_A, "王五", "一般代理",
                 "物业赔偿2000元", "东城区人民法院", "营业执照"):
        assert want in text, want
    persons = mediation.register_case(
        store, actor, community_id=None, source="own_initiative", dispute_type="邻里纠纷",
        summary="噪音", parties=_persons(), received_on="2026-10-10")
    persons = _to_agreement(store, actor, mediation.accept(store, actor, persons.id,
                                                           on="2026-10-10"))
    doc = docs.issue(store, actor, persons.id, "mediation_judicial_confirmation")
    assert doc.kind == "mediation_judicial_confirmation"
    text = _text(store, doc, actor)
    assert ID_A in text and ID_B in text and "回族" in text and "申请人（单位）" not in text
    with pytest.raises(Conflict, match="个人与个人"):
        docs.issue(store, actor, persons.id, "mediation_judicial_confirmation_org")


def test_case_note_summarises_the_file(file_store, actor):
    store = file_store
    case = _to_agreement(store, actor, _register(store, actor))
    act.add_record(store, actor, case.id, "follow_up", {"party": "张三", "performance": "已履行"})
    docs.issue(store, actor, case.id, "mediation_agreement")
    note = docs.issue(store, actor, case.id, "mediation_case_note",
                      note="被申请人拒绝在调查记录上签名。")
    text = _text(store, note, actor)
    for want in ("卷宗情况说明", case.case_number, "张三、某物业公司邻里纠纷", "调查1次，调解1次",
                 "达成书面调解协议", "人民币2,000.50元", "回访1次", "已履行", "已出具文书1份",
                 "被申请人拒绝在调查记录上签名。", "和平里社区人民调解委员会"):
        assert want in text, want
    plain = _text(store, docs.issue(store, actor, case.id, "mediation_case_note"), actor)
    assert "无其他需要说明的情况" in plain


def test_new_kinds_take_their_place_in_the_dossier(file_store, actor, tmp_path):
    from PIL import Image

    store = file_store
    case = _to_agreement(store, actor, _register(store, actor))
    for kind in ("mediation_case_note", "mediation_agreement", "mediation_rights_notice",
                 "mediation_application", "mediation_judicial_confirmation"):
        docs.issue(store, actor, case.id, kind)
    scan = tmp_path / "id.png"
    Image.new("RGB", (40, 30), "white").save(scan)
    act.attach(store, actor, case.id, scan, "party_identity")
    pdf = docs.dossier_pdf(store, actor, case.id)
    index = PdfReader(io.BytesIO(pdf)).pages[1].extract_text().replace("\n", "")
    order = ["人民调解申请书", "权利义务告知书", "当事人身份证明", "人民调解协议书",
             "司法确认申请书", "卷宗情况说明"]
    assert [index.index(t) for t in order] == sorted(index.index(t) for t in order)


def test_terminated_case_archives_without_an_agreement(file_store, actor, tmp_path):
    from PIL import Image

    store = file_store
    case = _register(store, actor, _persons())
    act.notify_rights(store, actor, case.id)
    act.add_record(store, actor, case.id, "session", {"place": "调解室", "matter": "漏水",
                                                      "content": "双方分歧大"})
    act.terminate(store, actor, case.id, "被申请人拒绝调解", "可向人民法院起诉")
    act.close_case(store, actor, case.id)
    for kind in ("mediation_application", "mediation_rights_notice",
                 "mediation_session_record"):
        docs.issue(store, actor, case.id, kind)
    assert act.dossier_missing(store, actor, case.id) == ["当事人身份证明"]
    scan = tmp_path / "id.png"
    Image.new("RGB", (40, 30), "white").save(scan)
    act.attach(store, actor, case.id, scan, "party_identity")
    assert act.archive(store, actor, case.id).state == "archived"
