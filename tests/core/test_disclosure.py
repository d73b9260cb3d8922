# SPDX-License-Identifier: MIT
"""Personal data that leaves the app is audited: who, what, how many records, which data
(个人信息保护法 第五十一条、第五十五条) — reprints, dossiers and ledger exports alike."""

import json

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import disclosure, documents, dossier, ledgers
from jiedao_desk.domains import residents
from tests import records

NOTICE = {"title": "通知", "addressee": "当事人", "body": ["某某事项。"],
          "issuer": "示例街道办事处", "issue_date": "2026-11-23"}
MEDIATOR = Actor(8, "调解员", "mediator")
CLERK = Actor(9, "街道科员", "street_staff")


def _outputs(store):
    return [(r["actor_name"], json.loads(r["after_json"])) for r in store.rows(
        "SELECT actor_name, after_json FROM audit_log WHERE action = 'personal_data.output' "
        "ORDER BY id")]


def test_personal_fields_are_recognised_by_their_headers():
    assert disclosure.personal_fields(["姓名", "身份证号", "出生日期", "电话", "当事人证件号码",
                                       "住址"]) == ["身份证号", "电话", "当事人证件号码", "住址"]


def test_reprint_and_dossier_are_audited_once_each(file_store):
    med, _ = records.one_case_each(file_store)
    a = documents.issue(file_store, MEDIATOR, "generic_notice", NOTICE,
                        entity="mediation_case", entity_id=med)
    b = documents.issue(file_store, MEDIATOR, "generic_notice", NOTICE,
                        entity="mediation_case", entity_id=med)
    assert _outputs(file_store) == []  # issuing is audited as an issue, not as an output
    documents.reprint(file_store, a.id, MEDIATOR)
    assert _outputs(file_store) == [("调解员", {"what": f"重新打印：{a.doc_number}",
                                               "records": 1, "fields": []})]
    items = [dossier.DossierItem("通知", doc_id=a.id), dossier.DossierItem("通知", doc_id=b.id)]
    dossier.assemble(file_store, items, {"title": "王建国邻里纠纷"}, "generic", MEDIATOR)
    last = _outputs(file_store)[-1][1]
    assert len(_outputs(file_store)) == 2  # the dossier's documents are not counted again
    assert last["records"] == 2 and "王建国邻里纠纷" in last["what"]
    documents.reprint(file_store, a.id)  # no actor: an internal read, nothing to audit
    assert len(_outputs(file_store)) == 2


def test_ledger_export_names_its_personal_columns_and_count(file_store, tmp_path):
    community = records.communities(file_store, 1)[0]
    for name in ("张三", "李四", "王五"):
        residents.add_resident(file_store, CLERK, community, name, phone="13800138000")
    spec = ledgers.export(file_store, CLERK, registry.ledger("residents"), tmp_path / "r.xlsx")
    assert spec[1] == 3
    who, detail = _outputs(file_store)[-1]
    assert who == "街道科员" and detail["records"] == 3 and detail["file"] == "r.xlsx"
    assert {"身份证号", "电话"} <= set(detail["fields"])
