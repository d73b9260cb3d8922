# SPDX-License-Identifier: MIT
"""The 强制执行申请书 (行政强制法 第五十三至五十五条): issued by the court application, its
attachments required, its printed lines, its dossier item and its command."""

import datetime as dt

import pytest

from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import documents as core_docs
from jiedao_desk.domains.enforcement import closing, documents, execution
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.required_documents import missing_documents
from jiedao_desk.store import Store
from tests.enforcement.conftest import set_bank, set_district
from tests.enforcement.test_decision_wording import pdf_lines
from tests.enforcement.test_execution import COURT, _decided, _filer

pytest.importorskip("pypdf")


def _demanded(store, actor, filed, *, papers=True) -> int:
    """A fine of 100 yuan decided 09-01, served 09-01, demanded and served 09-17; with the
    决定书 and 催告书 issued unless ``papers`` is False."""
    cid = _decided(store, actor, filed)
    execution.serve(store, actor, cid, "decision", "direct", "2026-09-01", receiver="赵某")
    execution.demand(store, actor, cid, "2026-09-17")
    execution.serve(store, actor, cid, "demand", "direct", "2026-09-17", receiver="赵某")
    if papers:
        documents.issue_document(store, actor, cid, "enforcement_penalty_decision")
        documents.issue_document(store, actor, cid, "enforcement_demand")
    return cid


def test_the_application_needs_the_decision_and_the_demand_issued(store, actor, filed):
    # 第五十五条第（二）、（三）项: the decision and the 催告 are attached to the application
    cid = _demanded(store, actor, filed, papers=False)
    with clock.frozen(dt.date(2027, 3, 5)):
        with pytest.raises(Conflict, match="^请先出具行政处罚决定书：.*第五十五条第（二）项"):
            execution.court_application(store, actor, cid, "2027-03-02", COURT, "未提出")
        documents.issue_document(store, actor, cid, "enforcement_penalty_decision")
        with pytest.raises(Conflict, match="^请先出具催告书：.*第五十五条第（三）项"):
            execution.court_application(store, actor, cid, "2027-03-02", COURT, "未提出")
        documents.issue_document(store, actor, cid, "enforcement_demand")
        with pytest.raises(ValidationError, match="受理法院"):
            execution.court_application(store, actor, cid, "2027-03-02", " ", "未提出")
        with pytest.raises(ValidationError, match="当事人的意见"):
            execution.court_application(store, actor, cid, "2027-03-02", COURT, "")
        assert not es.events(store, cid, "court_application")  # nothing written
        assert not [d for d in core_docs.list_documents(store, "enforcement_case", cid)
                    if d.kind == "enforcement_court_application"]
        res = execution.court_application(store, actor, cid, "2027-03-02", COURT,
                                          "收到催告书后未提出陈述、申辩")
    assert res.event_id == es.events(store, cid, "court_application")[0].id
    assert res.document.kind == "enforcement_court_application"
    assert res.document.doc_number == "执申〔2027〕第1号"


def test_the_application_prints_what_article_55_requires(store, actor, filed):
    cid = _demanded(store, actor, filed)
    with clock.frozen(dt.date(2027, 3, 5)):
        res = execution.court_application(store, actor, cid, "2027-03-02", COURT,
                                          "收到催告书后未提出陈述、申辩。")
        lines = pdf_lines(store, actor, res.document)
    text = "".join(lines)
    decision_no = next(d.doc_number for d in core_docs.list_documents(
        store, "enforcement_case", cid) if d.kind == "enforcement_penalty_decision")
    demand_no = next(d.doc_number for d in core_docs.list_documents(
        store, "enforcement_case", cid) if d.kind == "enforcement_demand")
    assert "强制执行申请书" in lines and "执申〔2027〕第1号" in lines
    assert "被申请人：赵某" in lines and "住址：某路1号" in lines
    assert "法定代表人" not in text  # a natural person
    # (四) what is enforced: the unpaid fine and the 加处罚款, capped at the fine (Art. 72)
    assert (f"请求依法强制执行本机关作出的{decision_no}行政处罚决定，被申请人尚未缴纳的罚款"
            "人民币壹佰元整及截至本申请之日的加处罚款人民币壹佰元整，合计人民币贰佰元整") in text
    # (二) the decision with its facts, reasons and basis; the period passed without appeal
    assert "本机关于二〇二六年九月一日对被申请人作出" in text
    assert "经查，事实，违反了依据的规定，依据《测试条例》第二十条的规定" in text
    assert "未申请行政复议，也未提起行政诉讼，又不履行该决定" in text
    # (三) the 催告 and the party's opinion
    assert (f"本机关于二〇二六年九月十七日作出催告书（{demand_no}），于二〇二六年九月十七日送达"
            "被申请人。催告书送达十个工作日后，被申请人仍未履行。") in text
    assert "当事人的意见：收到催告书后未提出陈述、申辩。" in text
    assert "此致" in lines and COURT in lines
    assert "第五十三条、第五十四条、第五十五条" in text
    assert f"附：1．行政处罚决定书（{decision_no}）及送达回证；" in lines
    assert "4．申请强制执行标的情况（罚款及加处罚款计算）。" in lines
    # 第五十五条第二款: signed by the authority's head, sealed and dated (its application day)
    assert "行政机关负责人（签名）：" in lines and "（印章）" in lines
    assert lines[-1] == "二〇二七年三月二日"


def test_the_dossier_needs_the_application_once_the_case_applied(store, actor, filed):
    cid = _demanded(store, actor, filed)
    names = [r.name for r in missing_documents(store, cid, for_archive=True)]
    assert "强制执行申请书" not in names  # not applied: not required
    with clock.frozen(dt.date(2027, 3, 5)):
        res = execution.court_application(store, actor, cid, "2027-03-02", COURT, "未提出")
        assert "强制执行申请书" not in [r.name for r in missing_documents(store, cid)]
        core_docs.void(store, actor, res.document.id, "法院名称写错")
        assert "强制执行申请书" in [r.name for r in missing_documents(store, cid)]
        with pytest.raises(ValidationError, match="案卷缺少必备文书，不能结案：.*强制执行申请书"):
            closing.close_case(store, actor, cid, "2027-03-05", "王队长", "已申请法院强制执行")
        again = documents.issue_document(store, actor, cid, "enforcement_court_application")
    assert again.doc_number == "执申〔2027〕第2号"  # never reused
    assert again.data(store)["court"] == COURT


def test_court_command_issues_the_application(tmp_path, cli_admin, capsys):
    from jiedao_desk.cli import main

    db = tmp_path / "d.sqlite3"
    assert main(["--db", str(db), "init"]) == 0
    cli_admin(db)
    with Store.open(db) as store:
        set_district(store, SYSTEM)
        set_bank(store, SYSTEM)
        cid = _demanded(store, SYSTEM, _filer(store))
    capsys.readouterr()
    with clock.frozen(dt.date(2027, 3, 5)):
        assert main(["--db", str(db), "enforcement", "court", str(cid), "--day", "2027-03-02",
                     "--court", COURT, "--opinion", "未提出陈述、申辩"]) == 0
    assert "出具强制执行申请书 执申〔2027〕第1号" in capsys.readouterr().out
