# SPDX-License-Identifier: MIT
"""Training samples of the unknown official lists: labelled, loaded, in force only while the
official version is empty, voided (never deleted) on removal, administrators only; the demo
loads them so that triage and a certificate work end to end, marked 示例 on screen and paper."""

import io
import json
import tomllib

import pytest
from pypdf import PdfReader
from stdnum.cn import ric

from jiedao_desk import demo
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import catalog, catalog_samples
from jiedao_desk.core.permissions import ROLES
from jiedao_desk.domains import access
from jiedao_desk.domains.access import triage
from jiedao_desk.domains.certificates import service as certificates
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import audit
from jiedao_desk.store import catalog as catalog_store

ADMIN = Actor(1, "管理员甲", "admin")
KEYS = {"duty_list", "certificate_catalog", "approved_forms"}
CERT_LINE = "【示例】本证明按培训用的示例目录开具，不具有证明效力"


def test_every_sample_file_says_it_is_not_official():
    files = sorted(catalog_samples.samples_dir().glob("*.toml"))
    assert {f.name.split("--")[0] for f in files} == KEYS
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert "不是正式" in text.splitlines()[0] or "不是正式" in text.splitlines()[1], f.name
        doc = tomllib.loads(text)
        assert doc["catalog"]["title"].startswith("【示例】")
        assert doc["version"]["confidence"] == "unknown"
        assert doc["version"]["issuer"] == doc["version"]["doc_number"] == ""
        assert "不是正式文件" in doc["version"]["notes"]
        assert doc["items"] and all(i["text"].startswith("【示例】") for i in doc["items"])


def test_samples_stand_in_for_an_empty_official_list_only(store, actor):
    catalog.load_builtin(store, actor)
    assert catalog.current_version(store, "duty_list").item_count == 0
    loaded = catalog_samples.load_samples(store, ADMIN)
    assert {v.catalog for v in loaded} == KEYS
    assert all(v.origin.startswith("sample:") and v.confidence == "unknown" for v in loaded)
    assert {r["action"] for r in audit.query(store, entity="catalog_version")} >= {
        "catalog.load_samples"}
    duty = catalog.current_version(store, "duty_list")
    assert catalog.is_sample(duty) and duty.title == "【示例】社区职责清单"
    # The shipped 2019-08 目录 (4 items, not in force) stays no fallback; the sample stands in.
    assert catalog.is_sample(catalog.current_version(store, "certificate_catalog"))
    # Loading again writes nothing.
    before = catalog_store.row_counts(store), audit.head(store)
    assert catalog_samples.load_samples(store, ADMIN) == []
    assert (catalog_store.row_counts(store), audit.head(store)) == before


def test_an_official_list_with_items_displaces_the_sample(store, actor, tmp_path):
    catalog_samples.load_samples(store, ADMIN)
    path = tmp_path / "duty.toml"
    path.write_text('[catalog]\nkey = "duty_list"\ntitle = "社区职责清单"\n[version]\n'
                    'label = "2026"\nconfidence = "exact"\n'
                    '[[items]]\nseq = 1\ntext = "测试事项"\ncategory = "own"\n', encoding="utf-8")
    official = catalog.import_version(store, ADMIN, path).version
    assert catalog.current_version(store, "duty_list").id == official.id
    # Loading the samples after the official list does not displace it either.
    catalog_samples.remove_samples(store, ADMIN)
    catalog_samples.load_samples(store, ADMIN)
    assert catalog.current_version(store, "duty_list").id == official.id


def test_remove_voids_and_loading_again_takes_a_new_label(store, actor):
    catalog.load_builtin(store, actor)
    first = catalog_samples.load_samples(store, ADMIN)
    rows = catalog_store.row_counts(store)
    removed = catalog_samples.remove_samples(store, ADMIN)
    assert {v.id for v in removed} == {v.id for v in first}
    assert all(v.voided_at and "示例" in v.void_reason for v in removed)
    assert catalog_store.row_counts(store) == rows  # voided, not deleted
    assert not catalog.is_sample(catalog.current_version(store, "duty_list"))
    assert catalog_samples.remove_samples(store, ADMIN) == []
    again = catalog_samples.load_samples(store, ADMIN)
    assert {v.label for v in again} == {"示例-2"}
    assert catalog.is_sample(catalog.current_version(store, "duty_list"))


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"admin"}))
def test_only_administrators_load_or_remove_samples(store, role):
    who = Actor(9, "某人", role, 1 if role == "community_worker" else None)
    with pytest.raises(PermissionDenied):
        catalog_samples.load_samples(store, who)
    assert catalog_store.row_counts(store) == (0, 0)
    catalog_samples.load_samples(store, ADMIN)
    with pytest.raises(PermissionDenied):
        catalog_samples.remove_samples(store, who)
    assert catalog_samples.live_samples(store)


@pytest.fixture(scope="module")
def demo_store():
    """A small demo database with the shipped lists, as the GUI's --demo makes it."""
    from jiedao_desk.store import Store

    s = Store.memory()
    catalog.load_builtin(s, ADMIN)
    s.result = demo.generate(s, 30, seed=3, actor=ADMIN)
    yield s
    s.conn.close()


def test_demo_loads_the_samples(demo_store):
    assert demo_store.result.sample_catalogs == 3
    assert {v.catalog for v in catalog_samples.live_samples(demo_store)} == KEYS


def test_triage_on_the_demo_suggests_and_admits_marked_as_sample(demo_store):
    community = org.list_communities(demo_store)[0]
    req = access.register_request(
        demo_store, ADMIN, applicant_unit="区文化和旅游局", applicant_level="区",
        title="组织居民开展社区文化体育活动", content="组织居民开展社区文化体育活动，每季度一次",
        task_type="其他", community_ids=[community.id], planned_start="2027-03-01")
    res = triage.triage_request(demo_store, ADMIN, req.id)
    assert res.suggestions and res.suggestions[0].text == "【示例】组织居民开展社区文化体育活动"
    res = triage.confirm_match(demo_store, ADMIN, req.id, res.suggestions[0].seq)
    assert res.outcome == "own"  # not 需审批: the demo can show an admitted request
    assert res.message.startswith("【示例】") and "不能作为准入依据" in res.message
    assert res.version_text.startswith("【示例】社区职责清单")


def _pdf_text(store, cert):
    pdf = certificates.pdf_bytes(store, ADMIN, cert.id)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_certificate_from_the_sample_catalogue_prints_the_sample_line(demo_store):
    community = org.list_communities(demo_store)[0]
    body = "11010519800101001"
    cert = certificates.issue_certificate(
        demo_store, ADMIN, community.id, item_seq=1, name="张喆",
        id_number=body + ric.calc_check_digit(body + "0"), purpose="办理志愿者评优")
    text = _pdf_text(demo_store, cert).replace("\n", "")
    assert CERT_LINE in text
    assert "【示例】参加社区志愿服务活动证明" in text


def test_certificate_from_an_official_catalogue_has_no_sample_line(store, actor, tmp_path,
                                                                   make_community):
    catalog.load_builtin(store, actor)
    catalog_samples.load_samples(store, ADMIN)
    path = tmp_path / "cat.toml"  # TEST DATA ONLY, not the real 目录
    path.write_text('[catalog]\nkey = "certificate_catalog"\ntitle = "社区开具证明目录"\n'
                    '[version]\nlabel = "test"\nconfidence = "secondary"\n'
                    '[[items]]\nseq = 1\ntext = "测试证明甲"\n', encoding="utf-8")
    catalog.import_version(store, ADMIN, path)
    c = make_community()
    body = "11010519800101001"
    cert = certificates.issue_certificate(
        store, ADMIN, c.id, item_seq=1, name="张喆",
        id_number=body + ric.calc_check_digit(body + "0"), purpose="办理入学手续")
    assert "【示例】" not in _pdf_text(store, cert)


def test_refusal_under_the_sample_catalogue_says_so(demo_store):
    community = org.list_communities(demo_store)[0]
    cert = certificates.refuse_request(demo_store, ADMIN, community.id, name="王五",
                                       matter="房屋出租情况证明")
    text = _pdf_text(demo_store, cert).replace("\n", "")
    assert "【示例】本告知书依据培训用的示例目录出具，不具有效力" in text
    assert "《【示例】社区开具证明目录》" in text


def test_cli_samples_load_show_and_remove(tmp_path, capsys, cli_admin):
    from jiedao_desk.cli import main

    def run(*args):
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        return code, out, err

    db = tmp_path / "a.sqlite3"
    assert run("init")[0] == 0
    cli_admin(db)
    code, out, _ = run("catalog", "samples")
    assert code == 0 and "已载入示例清单" in out and "【示例】社区职责清单（5项）" in out
    code, out, _ = run("catalog", "samples")
    assert code == 0 and "未重复写入" in out
    code, out, _ = run("catalog", "show", "duty_list")
    assert "【示例】社区职责清单（duty_list）版本 示例" in out and "来源：sample:" in out
    code, out, _ = run("--json", "catalog", "samples", "--remove")
    removed = json.loads(out)["removed"]
    assert code == 0 and {v["catalog"] for v in removed} == KEYS
    assert all(v["voided_at"] for v in removed)
    code, out, _ = run("catalog", "samples", "--remove")
    assert code == 0 and "没有载入的示例清单" in out
    code, out, _ = run("catalog", "show", "duty_list", "--version", "示例")
    assert "已作废" in out  # voided, still readable


def test_cli_import_stores_the_issuer_and_document_number(tmp_path, capsys, cli_admin):
    from jiedao_desk.cli import main

    db = tmp_path / "a.sqlite3"
    assert main(["--db", str(db), "init"]) == 0
    cli_admin(db)
    path = tmp_path / "duty.toml"
    path.write_text('[catalog]\nkey = "duty_list"\ntitle = "社区职责清单"\n[version]\n'
                    'label = "2026"\nconfidence = "exact"\n'
                    '[[items]]\nseq = 1\ntext = "测试事项"\ncategory = "own"\n', encoding="utf-8")
    capsys.readouterr()
    code = main(["--db", str(db), "--json", "catalog", "import", str(path), "--issuer",
                 "某某区民政局", "--doc-number", "测民发〔2026〕3号"])
    v = json.loads(capsys.readouterr().out)["version"]
    assert code == 0 and (v["issuer"], v["doc_number"]) == ("某某区民政局", "测民发〔2026〕3号")
    code = main(["--db", str(db), "catalog", "import", str(tmp_path / "missing.toml")])
    assert code == 1 and "找不到文件" in capsys.readouterr().err


def _list_file(tmp_path, name, label, items):
    body = (f'[catalog]\nkey = "duty_list"\ntitle = "社区职责清单"\n[version]\n'
            f'label = "{label}"\nconfidence = "exact"\n')
    for seq, text in items:
        body += f'\n[[items]]\nseq = {seq}\ntext = "{text}"\ncategory = "own"\n'
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_preview_lists_added_changed_and_removed_items_and_writes_nothing(store, tmp_path):
    catalog.import_version(store, ADMIN, _list_file(tmp_path, "a.toml", "2025",
                                                    [(1, "甲事项"), (2, "乙事项"), (3, "丙事项")]))
    before = catalog_store.row_counts(store), audit.head(store)
    new = _list_file(tmp_path, "b.toml", "2026",
                     [(1, "甲事项"), (2, "乙事项（修订）"), (4, "丁事项")])
    p = catalog.preview_import(store, ADMIN, new, issuer="某某部门", doc_number="测发〔2026〕1号")
    assert (catalog_store.row_counts(store), audit.head(store)) == before
    assert p.base.label == "2025" and not p.same
    assert [(c.seq, c.text) for c in p.added] == [(4, "丁事项")]
    assert [(c.seq, c.before, c.text) for c in p.changed] == [(2, "乙事项", "乙事项（修订）")]
    assert [(c.seq, c.text) for c in p.removed] == [(3, "丙事项")]
    assert (p.parsed.version.issuer, p.parsed.version.doc_number) == ("某某部门", "测发〔2026〕1号")
    v = catalog.import_version(store, ADMIN, new, issuer="某某部门",
                               doc_number="测发〔2026〕1号").version
    assert (v.issuer, v.doc_number) == ("某某部门", "测发〔2026〕1号")
    assert catalog.preview_import(store, ADMIN, new).same


def test_preview_refuses_what_the_import_would_refuse(store, tmp_path):
    from jiedao_desk.base.errors import Conflict, ImportRejected, ValidationError

    catalog.import_version(store, ADMIN, _list_file(tmp_path, "a.toml", "2025", [(1, "甲事项")]))
    other = _list_file(tmp_path, "b.toml", "2025", [(1, "另一事项")])
    with pytest.raises(Conflict, match="已有版本“2025”"):
        catalog.preview_import(store, ADMIN, other)
    bad = tmp_path / "bad.toml"
    bad.write_text("[catalog\nkey = 1", encoding="utf-8")
    with pytest.raises(ImportRejected, match="无法解析"):
        catalog.preview_import(store, ADMIN, bad)
    with pytest.raises(ValidationError, match="文号"):
        catalog.preview_import(store, ADMIN, _list_file(tmp_path, "c.toml", "x", [(1, "甲")]),
                               doc_number="号" * 61)
    with pytest.raises(PermissionDenied):
        catalog.preview_import(store, Actor(2, "街道王", "street_staff"), other)
