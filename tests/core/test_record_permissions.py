# SPDX-License-Identifier: MIT
"""Documents, dossiers and attachments inherit the confidentiality of their record, whoever
asks and however (core functions, so the GUI and the CLI cannot differ)."""

import json

import pytest

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.cli import main
from jiedao_desk.core import attachments, documents, dossier
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store
from tests import records

NOTICE = {"title": "通知", "addressee": "当事人", "body": ["某某事项。"],
          "issuer": "示例街道办事处", "issue_date": "2026-11-23"}
READONLY = Actor(7, "统计员", "readonly")
MEDIATOR = Actor(8, "调解员", "mediator")
OFFICER = Actor(9, "执法员", "enforcement_officer")
WORKER = Actor(10, "社区员", "community_worker", community_id=1)


@pytest.fixture
def docs(file_store):
    assert records.one_case_each(file_store) == (1, 1)
    med = documents.issue(file_store, SYSTEM, "generic_notice", NOTICE,
                          entity="mediation_case", entity_id=1)
    enf = documents.issue(file_store, SYSTEM, "generic_notice", NOTICE,
                          entity="enforcement_case", entity_id=1)
    return file_store, med, enf


def test_lists_leave_out_what_the_role_may_not_see(docs):
    store, med, enf = docs
    assert documents.documents_for(store, READONLY) == []
    assert [d.id for d in documents.documents_for(store, MEDIATOR)] == [med.id]
    assert [d.id for d in documents.documents_for(store, OFFICER)] == [enf.id]
    with pytest.raises(PermissionDenied):
        documents.documents_for(store, OFFICER, "mediation_case", 1)
    assert {d.id for d in documents.documents_for(store, SYSTEM)} == {med.id, enf.id}


def test_print_and_dossier_refuse_a_closed_record(docs):
    store, med, enf = docs
    with pytest.raises(PermissionDenied):
        documents.reprint(store, med.id, READONLY)
    with pytest.raises(PermissionDenied):
        documents.reprint(store, enf.id, MEDIATOR)
    assert documents.reprint(store, med.id, MEDIATOR).startswith(b"%PDF")
    items = [dossier.DossierItem("决定", doc_id=enf.id)]
    with pytest.raises(PermissionDenied):
        dossier.assemble(store, items, {"title": "卷"}, "generic", MEDIATOR)
    pdf, _ = dossier.assemble(store, items, {"title": "卷"}, "generic", OFFICER)
    assert pdf.startswith(b"%PDF")


def test_only_who_may_change_the_record_voids_or_attaches(docs, tmp_path):
    store, med, enf = docs
    with pytest.raises(PermissionDenied):
        documents.void(store, WORKER, enf.id, "试图作废")
    with pytest.raises(PermissionDenied):
        documents.void(store, OFFICER, med.id, "试图作废")
    assert documents.void(store, OFFICER, enf.id, "误出具").voided
    photo = tmp_path / "p.txt"
    photo.write_text("证据", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        attachments.add_attachment(store, WORKER, photo, "enforcement_case", 1)
    att = attachments.add_attachment(store, OFFICER, photo, "enforcement_case", 1)
    with pytest.raises(PermissionDenied):
        attachments.open_attachment(store, att.id, MEDIATOR)
    with pytest.raises(PermissionDenied):
        attachments.read_attachment(store, att.id, MEDIATOR)
    with pytest.raises(PermissionDenied):
        attachments.void_attachment(store, MEDIATOR, att.id, "试图作废")
    assert attachments.open_attachment(store, att.id, OFFICER).is_file()
    assert attachments.read_attachment(store, att.id, OFFICER)[1] == "证据".encode()


def test_cli_readonly_user_lists_no_case_documents(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Admin-2026-desk")
    assert main(["--db", db, "user", "create-admin", "boss"]) == 0
    with Store.open(db) as s:
        records.one_case_each(s)
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Admin-2026-desk")
    data = tmp_path / "n.json"
    data.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", db, "--user", "boss", "issue", "generic_notice", "--data", str(data),
                 "--entity", "mediation_case", "--entity-id", "1"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Reader-2026-temp")
    assert main(["--db", db, "--user", "boss", "user", "add", "ro", "--role", "readonly"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Reader-2026-temp")
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Reader-2026-own")
    assert main(["--db", db, "--user", "ro", "user", "passwd"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Reader-2026-own")
    capsys.readouterr()
    assert main(["--db", db, "--json", "--user", "ro", "document", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", db, "--user", "ro", "print", "generic_notice", "1", "-o",
                 str(tmp_path / "x.pdf")]) == 1
    assert "没有此项权限" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_attach_or_issue_only_to_a_live_record_of_ones_own(file_store, tmp_path):
    photo = tmp_path / "p.txt"
    photo.write_text("证据", encoding="utf-8")
    own, other = records.communities(file_store, 2)
    worker = Actor(10, "社区员", "community_worker", community_id=own)
    with pytest.raises(NotFound, match="没有编号为 99 的记录"):
        attachments.add_attachment(file_store, SYSTEM, photo, "enforcement_case", 99)
    with pytest.raises(ValidationError, match="没有“no_such_table”这种记录"):
        attachments.add_attachment(file_store, SYSTEM, photo, "no_such_table", 1)
    with pytest.raises(NotFound):
        documents.issue(file_store, SYSTEM, "generic_notice", NOTICE,
                        entity="mediation_case", entity_id=99)
    # a community worker files under their own community's records only
    assert attachments.add_attachment(file_store, worker, photo, "community", own).entity_id == own
    with pytest.raises(PermissionDenied, match="本社区"):
        attachments.add_attachment(file_store, worker, photo, "community", other)
    with pytest.raises(PermissionDenied):  # nor under a mediation case, by role
        documents.issue(file_store, worker, "generic_notice", NOTICE,
                        entity="mediation_case", entity_id=1)
    org.void_community(file_store, SYSTEM, other, "撤并")
    with pytest.raises(Conflict, match="已作废"):
        attachments.add_attachment(file_store, SYSTEM, photo, "community", other)
    # nothing of the refused attempts was written
    assert [a.entity_id for a in attachments.list_attachments(file_store, "community", own)] \
        == [own]
    assert attachments.list_attachments(file_store, "community", other) == []


def test_a_community_worker_reads_only_documents_and_files_of_their_community(file_store,
                                                                              tmp_path):
    own, other = records.communities(file_store, 2)
    worker = Actor(10, "社区员", "community_worker", community_id=own)
    mine = documents.issue(file_store, SYSTEM, "generic_notice", NOTICE,
                           entity="community", entity_id=own)
    theirs = documents.issue(file_store, SYSTEM, "generic_notice", NOTICE,
                             entity="community", entity_id=other)
    assert [d.id for d in documents.documents_for(file_store, worker)] == [mine.id]
    # the 文书档案 list (a windowed SQL list) leaves the other community's out too
    listed = documents.list_source(file_store, worker)
    assert [row[0] for row in listed.page(0, 10)] == [mine.id]
    assert listed.count() == 1
    assert documents.list_source(file_store, SYSTEM).count() == 2
    assert documents.reprint(file_store, mine.id, worker).startswith(b"%PDF")
    with pytest.raises(PermissionDenied, match="本社区"):
        documents.reprint(file_store, theirs.id, worker)
    with pytest.raises(PermissionDenied, match="本社区"):
        documents.void(file_store, worker, theirs.id, "试图作废")
    photo = tmp_path / "p.txt"
    photo.write_text("证据", encoding="utf-8")
    att = attachments.add_attachment(file_store, SYSTEM, photo, "community", other)
    with pytest.raises(PermissionDenied, match="本社区"):
        attachments.open_attachment(file_store, att.id, worker)
    with pytest.raises(PermissionDenied, match="本社区"):
        attachments.void_attachment(file_store, worker, att.id, "试图作废")
