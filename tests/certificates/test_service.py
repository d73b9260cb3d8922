# SPDX-License-Identifier: MIT
"""Certificates: the lists in force, issuing, refusing, voiding, counts, permissions."""

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from stdnum.cn import ric

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import catalog, documents
from jiedao_desk.domains.certificates import service as certificates
from jiedao_desk.store import audit as audit_store


def valid_id(prefix17: str) -> str:
    return prefix17 + ric.calc_check_digit(prefix17 + "0")


ID = valid_id("11010519800101001")
BAD_ID = ID[:-1] + ("0" if ID[-1] != "0" else "1")  # same number, wrong check digit

# TEST DATA ONLY: two made-up 目录 versions so issuing can be exercised. The real Beijing
# 目录 annex is not public (shared/reference/access-lists.md §1.3); these items are not it.
TEST_CATALOG = """
[catalog]
key = "certificate_catalog"
title = "社区开具证明目录"

[version]
label = "{label}"
effective_from = "{start}"
effective_to = "{end}"
confidence = "secondary"
notes = "测试数据，不是正式目录。"
{items}
"""


def _item(seq, text):
    return f'\n[[items]]\nseq = {seq}\ntext = "{text}"\n'


def import_test_catalog(store, tmp_path, label, start, end, *texts):
    body = TEST_CATALOG.format(label=label, start=start, end=end,
                               items="".join(_item(i + 1, t) for i, t in enumerate(texts)))
    path = tmp_path / f"{label}.toml"
    path.write_text(body, encoding="utf-8")
    return catalog.import_version(store, Actor(None, "管理员", "admin"), path).version


@pytest.fixture
def lists(store, actor):
    catalog.load_builtin(store, actor)  # shipped: 2019-08 (4), 2019-12 (empty), denylist (20)


@pytest.fixture
def test_catalogs(store, tmp_path, lists):
    a = import_test_catalog(store, tmp_path, "测试A", "2026-01-01", "2026-06-30", "测试证明甲")
    b = import_test_catalog(store, tmp_path, "测试B", "2026-07-01", "", "测试证明乙",
                            "亲属关系证明")
    return a, b


def counts(store):
    return (store.scalar("SELECT COUNT(*) FROM certificate"),
            store.scalar("SELECT COUNT(*) FROM document"))


def pdf_text(store, actor, cert):
    pdf = certificates.pdf_bytes(store, actor, cert.id)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def issue(store, actor, community, seq=1, **kw):
    args = {"name": "张喆", "id_number": ID, "purpose": "办理入学手续"} | kw
    return certificates.issue_certificate(store, actor, community.id, item_seq=seq, **args)


def test_empty_catalog_in_force_blocks_issue_with_explanation(store, actor, lists,
                                                              make_community):
    c = make_community()
    cat = certificates.list_in_force(store, certificates.CATALOG_KEY)
    assert cat.version.label == "2019-12" and cat.version.confidence == "unknown"
    assert not cat.usable and [v.label for v in cat.older] == ["2019-08"]
    with pytest.raises(ValidationError) as e:
        issue(store, actor, c)
    msg = str(e.value)
    assert "2019-12" in msg and "没有条目" in msg and "参考目录" in msg
    assert "“2019-08”版（4项），不是现行版本，不能作为开具依据" in msg  # no fallback
    assert counts(store) == (0, 0)
    # …and "not in the 目录" cannot be claimed while the 目录 is unknown.
    with pytest.raises(ValidationError, match="不能以“不在目录中”为由拒绝"):
        certificates.refuse_request(store, actor, c.id, name="王五", matter="居住证明")
    assert counts(store) == (0, 0)


def test_denylist_request_refused_with_item_and_notice(store, actor, lists, make_community):
    c = make_community("和平里社区")
    check = certificates.check_request(store, None, "开婚姻状况证明")
    assert check.verdict == certificates.DENIED and "婚姻状况证明" in check.message
    r = certificates.refuse_request(store, actor, c.id, name="张喆", matter="婚姻状况证明",
                                    purpose="办理贷款", deny_seq=8)
    assert (r.outcome, r.reason, r.deny_text) == ("refused", "denylist", "婚姻状况证明")
    deny = catalog.current_version(store, "certificate_denylist")
    assert r.denylist_version_id == deny.id and r.doc_number == "社证告〔2026〕1号"
    text = pdf_text(store, actor, r)
    assert "不予出具证明告知书" in text and "婚姻状况证明" in text and "民发〔2020〕20号" in text
    assert "第8项" in text and "张喆" in text and "和平里社区居民委员会" in text
    assert store.scalar("SELECT COUNT(*) FROM certificate WHERE outcome = 'issued'") == 0
    assert documents.get_document(store, r.document_id).kind == "certificate_refusal"


def test_catalog_item_on_denylist_is_not_issued(store, actor, test_catalogs, make_community):
    c = make_community()
    with pytest.raises(Conflict, match="亲属关系证明") as e:
        issue(store, actor, c, seq=2)
    assert "民发〔2020〕20号" in str(e.value)
    assert counts(store) == (0, 0)


def test_issue_numbers_per_year_and_pdf_text(store, actor, test_catalogs, make_community):
    c = make_community("和平里社区")
    first = issue(store, actor, c, evidence=["户口簿", "身份证"], content="张喆现居住在本社区。")
    second = issue(store, actor, c, name="李四")
    assert first.doc_number == "社证〔2026〕1号" and second.doc_number == "社证〔2026〕2号"
    assert first.item_text == "测试证明乙" and first.evidence == ("户口簿", "身份证")
    assert first.catalog_version_id == test_catalogs[1].id
    text = pdf_text(store, actor, first)
    for part in ("证", "张喆", ID, "测试证明乙", "办理入学手续", "和平里社区居民委员会",
                 "测试B", "户口簿", "社证〔2026〕1号", "2026年11月23日"):
        assert part in text, part
    with clock.frozen(dt.date(2027, 1, 4)):  # serial restarts with the year
        assert issue(store, actor, c).doc_number == "社证〔2027〕1号"


def test_version_in_force_on_the_issue_date(store, actor, test_catalogs, make_community):
    audit_store.excuse_clock(store, actor, "测试：按历史日期补录")  # the test travels back in time
    a, b = test_catalogs
    c = make_community()
    with clock.frozen(dt.date(2026, 3, 1)):
        early = issue(store, actor, c)
    assert (early.item_text, early.catalog_version_id) == ("测试证明甲", a.id)
    late = issue(store, actor, c)
    assert (late.item_text, late.catalog_version_id) == ("测试证明乙", b.id)
    with clock.frozen(dt.date(2025, 6, 1)), pytest.raises(ValidationError, match="2019-12"):
        issue(store, actor, c)
    # the earlier row keeps the version it was issued under
    assert certificates.get_certificate(store, actor, early.id).catalog_version_id == a.id


def test_bad_id_checksum_writes_nothing(store, actor, test_catalogs, make_community):
    c = make_community()
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(ValidationError, match="校验位"):
        issue(store, actor, c, id_number=BAD_ID)
    assert counts(store) == (0, 0)
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before


def test_void_keeps_number(store, actor, test_catalogs, make_community):
    c = make_community()
    first = issue(store, actor, c)
    with pytest.raises(ValidationError):
        certificates.void_certificate(store, actor, first.id, " ")
    voided = certificates.void_certificate(store, actor, first.id, "申请人信息有误")
    assert voided.voided and voided.doc_number == "社证〔2026〕1号"
    assert documents.get_document(store, first.document_id).voided
    with pytest.raises(Conflict, match="已经作废"):
        certificates.void_certificate(store, actor, first.id, "再次")
    assert issue(store, actor, c).doc_number == "社证〔2026〕2号"
    assert counts(store) == (2, 2)


def test_similar_purpose_needs_confirmation_which_is_recorded(store, actor, test_catalogs,
                                                               make_community):
    c = make_community()
    with pytest.raises(ValidationError, match="婚姻状况证明"):
        issue(store, actor, c, purpose="办理婚姻状况登记")
    assert counts(store) == (0, 0)
    cert = issue(store, actor, c, purpose="办理婚姻状况登记", confirm_not_same=True)
    assert [d["text"] for d in cert.similar_confirmed] == ["婚姻状况证明"]
    audit = store.row("SELECT after_json FROM audit_log WHERE action = 'certificate.issue'")
    assert "婚姻状况证明" in json.loads(audit["after_json"])["similar_confirmed"]


def test_not_in_catalog_refusal_names_the_version(store, actor, test_catalogs, make_community):
    c = make_community()
    assert certificates.check_request(store, 9).verdict == certificates.NOT_IN_CATALOG
    with pytest.raises(ValidationError, match="不在目录中"):
        issue(store, actor, c, seq=9)
    with pytest.raises(ValidationError, match="是目录第1项"):
        certificates.refuse_request(store, actor, c.id, name="王五", matter="测试证明乙")
    r = certificates.refuse_request(store, actor, c.id, name="王五", matter="居住证明",
                                    purpose="租房")
    assert (r.reason, r.catalog_version_id) == ("not_in_catalog", test_catalogs[1].id)
    text = pdf_text(store, actor, r)
    assert "居住证明" in text and "社区开具证明目录" in text and "测试B" in text


def test_community_worker_only_own_community(store, actor, test_catalogs, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    worker = Actor(7, "社工小王", "community_worker", a.id)
    mine = issue(store, worker, a)
    with pytest.raises(PermissionDenied, match="本社区"):
        issue(store, worker, b)
    theirs = issue(store, actor, b)
    with pytest.raises(PermissionDenied):
        certificates.get_certificate(store, worker, theirs.id)
    with pytest.raises(PermissionDenied):
        certificates.void_certificate(store, worker, theirs.id, "不是我的")
    src = certificates.list_source(store, worker)
    assert src.count() == 1 and src.page(0)[0][0] == mine.id
    assert certificates.month_counts(store, worker, "2026-11").issued == 1
    with pytest.raises(PermissionDenied):
        certificates.issue_certificate(store, Actor(8, "调解员", "mediator"), a.id, item_seq=1,
                                       name="张三", id_number=ID, purpose="x")


def test_ledger_filters_and_month_counts(store, actor, test_catalogs, make_community):
    audit_store.excuse_clock(store, actor, "测试：按历史日期补录")  # the test travels back in time
    c = make_community()
    issue(store, actor, c)
    v = issue(store, actor, c)
    certificates.void_certificate(store, actor, v.id, "重复")
    certificates.refuse_request(store, actor, c.id, name="王五", matter="无犯罪记录证明")
    certificates.refuse_request(store, actor, c.id, name="赵六", matter="居住证明", notice=False)
    with clock.frozen(dt.date(2026, 10, 9)):
        issue(store, actor, c)
    m = certificates.month_counts(store, actor, "2026-11")
    assert (m.issued, m.refused, m.voided) == (1, 2, 1)
    assert m.refused_by_reason == {"denylist": 1, "not_in_catalog": 1}
    assert m.issued_by_item == {"测试证明乙": 1}
    assert m.refused_by_item == {"无犯罪记录证明": 1, "居住证明": 1}
    src = certificates.list_source(store, actor)
    assert src.count() == 5
    src.set_filter("month", "2026-11")
    assert src.count() == 4
    src.set_filter("state", "refused")
    assert src.count() == 2
    src.set_filter("state", "voided")
    assert src.count() == 1
    src.set_filter("state", None)
    src.set_filter("item_text", "测试证明乙")
    assert src.count() == 2
    with pytest.raises(ValidationError):
        certificates.month_counts(store, actor, "2026-13")


def test_attachment_evidence_on_file_store(file_store, actor, tmp_path):
    from jiedao_desk.core import attachments
    from jiedao_desk.domains.org import service as org

    catalog.load_builtin(file_store, actor)
    import_test_catalog(file_store, tmp_path, "测试B", "2026-07-01", "", "测试证明乙")
    c = org.add_community(file_store, actor, "甲社区", "A1")
    scan = tmp_path / "户口簿.png"
    scan.write_bytes(b"\x89PNG fake scan bytes")
    cert = certificates.issue_certificate(file_store, actor, c.id, item_seq=1, name="张喆",
                                          id_number=ID, purpose="入学", attachments=[scan])
    found = attachments.list_attachments(file_store, "certificate", cert.id)
    assert [a.filename for a in found] == ["户口簿.png"]


def test_cli_catalog_issue_list_void(tmp_path, capsys, cli_admin):
    from jiedao_desk.cli import main

    db = str(tmp_path / "c.sqlite3")

    cli_admin(db)
    assert main(["--db", db, "init"]) == 0
    assert main(["--db", db, "org", "add-community", "甲社区", "A1"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "certificate", "catalog"]) == 0
    out = capsys.readouterr().out
    assert "2019-12" in out and "未知" in out and "没有条目" in out
    args = ["--db", db, "certificate", "issue", "--community", "A1", "--item", "1", "--name",
            "张喆", "--id-number", ID, "--purpose", "入学"]
    assert main(args) == 1
    assert "没有条目" in capsys.readouterr().err
    out_pdf = tmp_path / "n.pdf"
    assert main(["--db", db, "certificate", "refuse", "--community", "A1", "--name", "王五",
                 "--matter", "出生证明", "--deny-item", "9", "-o", str(out_pdf)]) == 0
    assert "负面清单“出生证明”" in capsys.readouterr().out
    assert out_pdf.read_bytes().startswith(b"%PDF")
    assert main(["--db", db, "--json", "certificate", "list", "--month", "2026-11"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["month_counts"]["refused"] == 1 and data["rows"][0]["applicant_name"] == "王五"
    assert main(["--db", db, "certificate", "void", str(data["rows"][0]["id"]), "--reason",
                 "登记错误"]) == 0


# TEST DATA ONLY: a negative-list version whose item names sub-items, as an administrator
# imports one from the official annex; these sub-items are made up, not the official text.
DENY_WITH_SUB_ITEMS = """
[catalog]
key = "certificate_denylist"
title = "不应由社区出具证明事项清单"

[version]
label = "测试子项"
effective_from = "2026-01-01"
confidence = "secondary"
notes = "测试数据。"

[[items]]
seq = 1
text = "居民就业状况证明"
[items.extra]
includes = ["测试收入证明", "测试失业证明"]

[[items]]
seq = 2
text = "居民财产证明"
[items.extra]
includes = "测试房产证明、测试存款证明"
"""


def test_sub_items_of_the_negative_list_are_caught(store, tmp_path, lists):
    assert certificates.check_request(store, matter="测试收入证明").verdict != certificates.DENIED
    path = tmp_path / "deny.toml"
    path.write_text(DENY_WITH_SUB_ITEMS, encoding="utf-8")
    catalog.import_version(store, Actor(None, "管理员", "admin"), path)
    check = certificates.check_request(store, matter="开具测试收入证明")
    assert check.verdict == certificates.DENIED
    assert check.message.startswith("不应出具：测试收入证明（属“居民就业状况证明”）")
    assert check.deny_item.seq == 1
    check = certificates.check_request(store, matter="测试存款证明")  # from an Excel-style cell
    assert check.verdict == certificates.DENIED and check.deny_item.text == "居民财产证明"
    assert certificates.check_request(store, matter="居民就业状况证明").message == \
        "不应出具：居民就业状况证明（《不应由社区出具证明事项清单》（测试子项）第1项）"
