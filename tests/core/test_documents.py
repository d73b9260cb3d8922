# SPDX-License-Identifier: MIT
"""Issuing documents: one transaction, frozen bytes, reprint, lock, void, correction."""

import hashlib
import io
import json
import sqlite3

import pytest
from pypdf import PdfReader

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import documents
from jiedao_desk.store import Store
from tests import records

NOTICE = {"issuer": "测试街道办事处", "addressee": "王喆：", "body": ["请于三日内到街道办事处。"],
          "issue_date": "2026-11-23"}


@pytest.fixture(autouse=True)
def _records(request):
    """Communities 1–12: the records the documents and files below belong to."""
    for name in ("store", "file_store"):
        if name in request.fixturenames:
            records.communities(request.getfixturevalue(name))


def _counts(store):
    return tuple(store.scalar(f"SELECT COUNT(*) FROM {t}")
                 for t in ("document", "doc_serial", "audit_log"))


def test_issue_freezes_bytes_hash_pages_data_and_audits(store, actor):
    doc = documents.issue(store, actor, "generic_notice", NOTICE, "community", 7)
    pdf = documents.reprint(store, doc.id)
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == doc.pdf_sha256
    assert doc.pages == len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "街通〔2026〕第1号" in text and "王喆" in text
    assert doc.data(store) == NOTICE
    audit = store.row("SELECT * FROM audit_log WHERE action = 'document.issue'")
    assert audit["entity_id"] == str(doc.id)
    assert json.loads(audit["after_json"])["pdf_sha256"] == doc.pdf_sha256


def test_reprint_gives_identical_bytes(store, actor):
    doc = documents.issue(store, actor, "generic_notice", NOTICE)
    assert documents.reprint(store, doc.id) == documents.reprint(store, doc.id)
    with pytest.raises(NotFound):
        documents.reprint(store, 999)


def test_database_refuses_to_change_or_delete_an_issued_document(store, actor):
    doc = documents.issue(store, actor, "generic_notice", NOTICE)
    for sql in ("UPDATE document SET pdf = x'00' WHERE id = ?",
                "UPDATE document SET data_json = '{}' WHERE id = ?",
                "UPDATE document SET doc_number = 'x' WHERE id = ?",
                "DELETE FROM document WHERE id = ?"):
        with pytest.raises(sqlite3.IntegrityError, match="不可"):
            store.execute(sql, (doc.id,))
    assert hashlib.sha256(documents.reprint(store, doc.id)).hexdigest() == doc.pdf_sha256


def test_reprint_detects_bytes_that_no_longer_match_their_hash(store, actor):
    doc = documents.issue(store, actor, "generic_notice", NOTICE)
    store.execute("DROP TRIGGER document_frozen")  # simulate tampering outside the app
    store.execute("UPDATE document SET pdf = x'255044462d' WHERE id = ?", (doc.id,))
    with pytest.raises(Conflict, match="校验值不符"):
        documents.reprint(store, doc.id)


def test_render_error_writes_nothing_and_consumes_no_number(store, actor):
    documents.issue(store, actor, "generic_notice", NOTICE)
    before = _counts(store)
    with pytest.raises(ValidationError, match="缺少以下内容：addressee"):
        documents.issue(store, actor, "generic_notice", {**NOTICE, "addressee": None})
    assert _counts(store) == before
    assert documents.issue(store, actor, "generic_notice", NOTICE).serial == 2


@pytest.mark.parametrize("kind, data, message", [
    ("no_such_kind", NOTICE, "没有“no_such_kind”这种文书"),
    ("generic_notice", ["not", "a", "dict"], "JSON 对象"),
    ("generic_notice", {**NOTICE, "when": object()}, "无法保存"),
])
def test_bad_input_is_refused_in_chinese(store, actor, kind, data, message):
    with pytest.raises(ValidationError, match=message):
        documents.issue(store, actor, kind, data)
    assert _counts(store)[0] == 0


def test_readonly_user_cannot_issue(store):
    reader = Actor(5, "只读用户", "readonly")
    with pytest.raises(PermissionDenied, match="出具通用文书"):
        documents.issue(store, reader, "generic_notice", NOTICE)
    mediator = Actor(6, "调解员", "mediator")
    assert documents.issue(store, mediator, "generic_notice", NOTICE).issued_by == "调解员"


def test_live_document_locks_its_source_record_until_voided(store, actor):
    assert not documents.is_locked(store, "community", 3)
    doc = documents.issue(store, actor, "generic_notice", NOTICE, "community", 3)
    assert documents.is_locked(store, "community", 3)
    assert not documents.is_locked(store, "community", 4)
    with pytest.raises(Conflict, match="街通〔2026〕第1号"):
        documents.require_unlocked(store, "community", 3)
    documents.void(store, actor, doc.id, "当事人姓名写错")
    assert not documents.is_locked(store, "community", 3)


def test_void_needs_a_reason_happens_once_and_keeps_the_document(store, actor):
    doc = documents.issue(store, actor, "generic_notice", NOTICE)
    with pytest.raises(ValidationError, match="作废原因"):
        documents.void(store, actor, doc.id, "  ")
    voided = documents.void(store, actor, doc.id, "重复签发")
    assert voided.voided and voided.void_reason == "重复签发"
    assert voided.doc_number == doc.doc_number
    assert documents.reprint(store, doc.id)  # still on record, still printable
    with pytest.raises(Conflict, match="已经作废"):
        documents.void(store, actor, doc.id, "再次")
    with pytest.raises(NotFound):
        documents.void(store, actor, 999, "x")


def test_correction_is_a_new_document_and_old_one_stays(store, actor):
    old = documents.issue(store, actor, "generic_notice", NOTICE, "community", 9)
    old_pdf = documents.reprint(store, old.id)
    new = documents.issue(store, actor, "generic_notice", {**NOTICE, "addressee": "王喆（更正）："},
                          corrects=documents.Correction(old.id, void=True))
    assert new.corrects_id == old.id and new.id != old.id and new.serial == 2
    assert (new.entity, new.entity_id) == ("community", 9)  # inherited from the corrected one
    again = documents.get_document(store, old.id)
    assert again.voided and again.void_reason == "已更正"
    assert documents.reprint(store, old.id) == old_pdf
    assert documents.is_locked(store, "community", 9)  # the correction now locks the record
    with pytest.raises(NotFound):
        documents.issue(store, actor, "generic_notice", NOTICE,
                        corrects=documents.Correction(999))


def test_list_documents_newest_first(store, actor):
    a = documents.issue(store, actor, "generic_notice", NOTICE, "community", 1)
    b = documents.issue(store, actor, "generic_notice", NOTICE, "community", 2)
    assert [d.id for d in documents.list_documents(store)] == [b.id, a.id]
    assert [d.id for d in documents.list_documents(store, "community", 1)] == [a.id]


def test_cli_issue_print_dossier_void_round_trip(tmp_path, capsys, cli_admin):
    from jiedao_desk.cli import main

    db = str(tmp_path / "cli.sqlite3")

    cli_admin(db)
    with Store.open(db) as s:
        records.communities(s, 5)

    def run(*args):
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    data = tmp_path / "notice.json"
    data.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("print", "--list")
    assert code == 0 and "generic_notice" in out and "通知书" in out
    code, out, _ = run("--json", "issue", "generic_notice", "--data", str(data),
                       "--entity", "community", "--entity-id", "5")
    issued = json.loads(out)
    assert code == 0 and issued["doc_number"] == "街通〔2026〕第1号"
    code, out, _ = run("issue", "generic_notice", "--data", str(data),
                       "--paper-number", "街通〔2026〕第8号")
    assert code == 0 and "第8号" in out
    code, _, err = run("issue", "generic_notice", "--data", str(data),
                       "--paper-number", "街通〔2026〕第8号")
    assert code == 1 and "已被使用" in err
    code, _, _ = run("print", "generic_notice", str(issued["id"]), "-o", str(tmp_path / "a.pdf"))
    assert code == 0
    with Store.open(tmp_path / "cli.sqlite3") as s:
        assert (tmp_path / "a.pdf").read_bytes() == documents.reprint(s, issued["id"])
    code, _, err = run("print", "record", str(issued["id"]), "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and "不是“record”" in err
    code, out, _ = run("dossier", "generic", "1", "2", "-o", str(tmp_path / "d.pdf"),
                       "--title", "测试卷")
    assert code == 0 and "缺少必备材料：审批表、笔录" in out
    assert len(PdfReader(tmp_path / "d.pdf").pages) == 4
    code, out, _ = run("document", "void", "1", "--reason", "重复")
    assert code == 0 and "文号保留" in out
    code, out, _ = run("document", "list")
    assert "[作废：重复]" in out


def test_documents_follow_the_confidentiality_of_their_record(store):
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.base.errors import PermissionDenied
    from jiedao_desk.core import documents as doc_core

    admin = Actor(1, "管理员", "admin")
    from jiedao_desk.documents.render import sample_notice_data

    assert records.one_case_each(store) == (1, 1)

    data = sample_notice_data()
    med = doc_core.issue(store, admin, "generic_notice", data, entity="mediation_case", entity_id=1)
    enf = doc_core.issue(store, admin, "generic_notice", data, entity="enforcement_case",
                         entity_id=1)
    mediator = Actor(2, "调解员", "mediator")
    officer = Actor(3, "执法队员", "enforcement_officer")
    assert doc_core.reprint(store, med.id, mediator)
    with pytest.raises(PermissionDenied):
        doc_core.reprint(store, enf.id, mediator)
    with pytest.raises(PermissionDenied):
        doc_core.reprint(store, med.id, officer)
    seen = {r[0] for r in doc_core.list_source(store, officer).page(0)}
    assert seen == {enf.id}
    assert {r[0] for r in doc_core.list_source(store, admin).page(0)} == {med.id, enf.id}


@pytest.mark.parametrize("make", ["memory", "file"])
def test_two_documents_of_one_kind_issue_in_one_transaction(make, store, file_store, actor):
    # The serial row of a kind is written twice in one transaction (insert, then update of
    # the same row): the seal's row tracking must note it once, not fail on the second write.
    s = store if make == "memory" else file_store
    with s.atomic():
        first = documents.issue(s, actor, "generic_notice", NOTICE, "community", 7)
        second = documents.issue(s, actor, "generic_notice", NOTICE, "community", 8)
    assert (first.serial, second.serial) == (1, 2)
    assert s.scalar("SELECT last FROM doc_serial WHERE kind = 'generic_notice'") == 2
