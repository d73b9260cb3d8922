# SPDX-License-Identifier: MIT
"""Mediation documents, dossier completeness and archiving."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog, documents
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation import documents as docs
from tests.core.test_mediation import _parties, _to_agreement


def _text(store, doc_id, actor) -> str:
    import io

    pdf = documents.reprint(store, doc_id, actor)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def _case(store, actor, community_id, written=True):
    catalog.load_builtin(store, actor)
    case = mediation.register_case(
        store, actor, community_id=community_id, source="referral", referred_by="和平里派出所",
        dispute_type="物业纠纷", summary="楼上漏水", parties=_parties(), received_on="2026-10-10")
    mediation.accept(store, actor, case.id, on="2026-10-10")
    return _to_agreement(store, actor, case, written)


def test_documents_carry_parties_and_terms(file_store, actor, make_community):
    store = file_store
    from jiedao_desk.domains.org import service as org

    c = org.add_community(store, actor, "和平里社区", "HPL")
    case = _case(store, actor, c.id)
    agreement = docs.issue(store, actor, case.id, "mediation_agreement")
    text = _text(store, agreement.id, actor)
    assert "张三" in text and "某物业公司" in text and "物业赔偿2000元" in text
    assert "人民币2,000.50元" in text and case.case_number in text
    assert "和平里社区人民调解委员会" in text and "110105" not in text  # no ID on agreement
    intake = _text(store, docs.issue(store, actor, case.id, "mediation_intake").id, actor)
    assert "接受委托移送调解（和平里派出所）" in intake and "楼上漏水" in intake
    session = _text(store, docs.issue(store, actor, case.id, "mediation_session_record").id,
                    actor)
    assert "调解室" in session and "双方同意" in session
    with pytest.raises(Conflict, match="口头协议"):
        docs.issue(store, actor, case.id, "mediation_oral_agreement")
    jc = _text(store, docs.issue(store, actor, case.id, "mediation_judicial_confirmation",
                                 court="某区人民法院").id, actor)
    assert "某区人民法院" in jc and "11010519491231002X" in jc  # the court needs identity
    enforcer = Actor(5, "执法队员", "enforcement_officer")
    with pytest.raises(PermissionDenied):
        documents.reprint(store, agreement.id, enforcer)


def test_archive_needs_complete_dossier(file_store, actor, tmp_path):
    store = file_store
    from jiedao_desk.domains.org import service as org

    c = org.add_community(store, actor, "安定门社区", "ADM")
    case = _case(store, actor, c.id, written=False)
    case = act.close_case(store, actor, case.id)
    missing = act.dossier_missing(store, actor, case.id)
    assert "人民调解当事人权利义务告知书" in missing and "当事人身份证明" in missing
    with pytest.raises(ValidationError, match="卷宗不完整"):
        act.archive(store, actor, case.id)
    for kind in ("mediation_intake", "mediation_rights_notice", "mediation_session_record",
                 "mediation_oral_agreement"):
        docs.issue(store, actor, case.id, kind)
    scan = tmp_path / "id.png"
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(scan)
    with pytest.raises(ValidationError, match="附件标签"):
        act.attach(store, actor, case.id, scan, "selfie")
    act.attach(store, actor, case.id, scan, "party_identity")
    # as-needed items this case calls for: it has an agent and an investigation record
    assert act.dossier_missing(store, actor, case.id) == ["授权委托书", "人民调解调查记录"]
    act.attach(store, actor, case.id, scan, "power_of_attorney")
    docs.issue(store, actor, case.id, "mediation_investigation_record")
    assert act.dossier_missing(store, actor, case.id) == []
    assert act.archive(store, actor, case.id).state == "archived"
    pdf = docs.dossier_pdf(store, actor, case.id)
    import io

    pages = [p.extract_text().replace("\n", "") for p in PdfReader(io.BytesIO(pdf)).pages]
    assert case.case_number in pages[0]  # cover carries the 卷号
    index = pages[1]
    assert index.index("人民调解受理登记表") < index.index("权利义务告知书") < \
        index.index("id.png") < index.index("人民调解记录") < index.index("口头协议登记表")
    assert "当事人身份证明：id.png" in index and "授权委托书：id.png" in index
    # 备注 marks: 必须 for required lines and for as-needed lines this case calls for
    assert index.count("必须") == 7 and "按需" not in index


def test_monthly_statistics_on_seeded_cases(store, actor, make_community):
    from jiedao_desk.domains.mediation import stats as mediation_stats

    catalog.load_builtin(store, actor)
    a, b = make_community("和平里社区"), make_community("安定门社区")

    def new(cid, source="own_initiative", **kw):
        case = mediation.register_case(store, actor, community_id=cid, source=source,
                                       dispute_type=kw.pop("dtype", "邻里纠纷"), summary="s",
                                       parties=_parties(), received_on="2026-11-02")
        return mediation.accept(store, actor, case.id, on="2026-11-02")

    c1 = _to_agreement(store, actor, new(a.id),                      # written, 2000.50
                       days=("2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"))
    c2 = new(a.id, dtype="物业纠纷")
    act.notify_rights(store, actor, c2.id)
    act.add_record(store, actor, c2.id, "session", {"place": "p", "matter": "m", "content": "c"})
    act.record_agreement(store, actor, c2.id, written=False, facts="f", terms=["t"],
                         amount_yuan=500)
    c3 = new(b.id)
    act.add_record(store, actor, c3.id, "risk", {"sign": "s", "measure": "m",
                                                 "prevented": "criminal", "persons": 4})
    act.terminate(store, actor, c3.id, "拒绝", "诉讼")
    act.add_record(store, actor, c1.id, "follow_up", {"party": "张三", "performance": "已履行"})
    act.apply_judicial_confirmation(store, actor, c1.id, "法院")
    new(b.id)                                                        # still open
    rows = {r.committee: r for r in mediation_stats.monthly(store, actor, "2026-11")}
    ha, total = rows["和平里社区人民调解委员会"], rows["合计"]
    assert (ha.accepted, ha.succeeded, ha.written, ha.oral) == (2, 2, 1, 1)
    assert ha.amount_fen == 250050 and ha.success_rate == 100.0
    assert ha.by_type == {"邻里纠纷": 1, "物业纠纷": 1}
    assert (total.accepted, total.succeeded, total.terminated) == (4, 2, 1)
    assert total.success_rate == 50.0 and total.follow_ups == 1 and total.jc_applied == 1
    assert total.by_source == {"own_initiative": 4}
    assert total.as_dict()["prevented"]["防止民转刑"] == [1, 4]
    assert mediation_stats.monthly(store, actor, "2026-10")[-1].accepted == 0
    with pytest.raises(ValidationError):
        mediation_stats.monthly(store, actor, "2026-13")
