# SPDX-License-Identifier: MIT
"""The official wording of a document kind imported as a 文书措辞 (``document_wording``)
catalog version: the shipped sample and its provenance, an imported version printing on new
documents while issued ones keep their bytes, voiding it going back, bad files refused with
every problem listed, and the export that an administrator edits (CLI and 参考目录 page)."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib

import pytest

from jiedao_desk.base.errors import ImportRejected
from jiedao_desk.cli import main
from jiedao_desk.core import catalog, documents, wording, wording_files
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.documents.kinds import get_kind
from jiedao_desk.documents.texts import text_blocks
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement.document_data import RECONSIDERATION, SETTINGS
from jiedao_desk.store import Store
from tests.enforcement.test_decision_wording import _case, _tell, joined, pdf_lines
from tests.tools import wording_sample

OFFICIAL_REMEDY = ("如不服本决定，可以在收到本决定书之日起六十日内向{reconsideration_body}申请行政"
                   "复议，也可以在收到本决定书之日起六个月内依法向人民法院提起行政诉讼。（正式样式）")


def _version_file(tmp_path, label, items, name="official.toml"):
    lines = ['[catalog]', 'key = "document_wording"', 'title = "文书措辞"', "", "[version]",
             f'label = "{label}"', 'issuer = "北京市城市管理综合行政执法局"',
             'doc_number = ""', 'effective_from = "2026-01-01"', 'effective_to = ""',
             "source_urls = []", 'confidence = "exact"',
             'notes = "本街道持有的《北京市街道乡镇综合执法文书样式》"']
    for seq, (code, text) in enumerate(items, 1):
        lines += ["", "[[items]]", f"seq = {seq}", f'code = "{code}"',
                  f"text = {json.dumps(text, ensure_ascii=False)}"]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def decided(store, actor):
    """A decided case (person, no statement) ready for its 行政处罚决定书."""
    catalog.load_builtin(store, actor)
    settings_mod.set_value(store, actor, RECONSIDERATION, "北京市示例区人民政府")
    settings_mod.set_value(store, actor, SETTINGS["enforcement.payment_bank"], "北京银行示例支行")
    cid = _case(store, actor, enf.power_choices(store)[0][0].item_id)
    _tell(store, actor, cid, 200, hearing=False)
    ed.decide(store, actor, cid, "2026-10-20", 200, "罚款")
    return cid


def test_the_shipped_sample_is_the_wording_the_app_prints():
    path = wording_sample.path()
    assert path.is_file(), "run PYTHONPATH=. python -m tests.tools.wording_sample"
    assert path.read_text(encoding="utf-8") == wording_sample.render(), \
        "resources/catalogs/document_wording--sample-*.toml is out of date: run " \
        "PYTHONPATH=. python -m tests.tools.wording_sample"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert raw["version"]["confidence"] == "secondary" and "不是官方文书样式" in \
        raw["version"]["notes"]
    codes = {i["code"] for i in raw["items"]}
    assert "enforcement_penalty_decision/remedy" in codes
    assert "mediation_agreement/mediator_signatures" in codes
    assert "enforcement_on_the_spot_decision/remedy" in codes


def test_the_loaded_sample_changes_nothing_printed(store, actor, decided):
    assert wording.for_kind(store, "enforcement_penalty_decision") == wording.Wording()
    doc = edocs.issue_document(store, actor, decided, "enforcement_penalty_decision")
    assert "wording_source" not in doc.data(store)
    assert "或者自收到本决定书之日起六个月内" in joined(pdf_lines(store, actor, doc))


def test_imported_wording_prints_on_new_documents_only(store, actor, decided, tmp_path):
    before = edocs.issue_document(store, actor, decided, "enforcement_penalty_decision")
    before_pdf = documents.reprint(store, before.id, actor)
    version = catalog.import_version(store, actor, _version_file(
        tmp_path, "official-2026", [("enforcement_penalty_decision/remedy", OFFICIAL_REMEDY),
                                    ("enforcement_penalty_decision/2", "行政处罚决定书（正式）")]))
    assert version.created and version.version.item_count == 2
    words = wording.for_kind(store, "enforcement_penalty_decision")
    assert set(words.blocks) == {"remedy", "2"}
    assert words.source == "文书措辞 official-2026（原文）"
    assert wording.for_kind(store, "mediation_agreement") == wording.Wording()

    after = edocs.issue_document(store, actor, decided, "enforcement_penalty_decision")
    text = joined(pdf_lines(store, actor, after))
    assert "也可以在收到本决定书之日起六个月内依法向人民法院提起行政诉讼。（正式样式）" in text
    assert "北京市示例区人民政府申请行政复议" in text  # the placeholders still filled
    assert "行政处罚决定书（正式）" in text
    assert "依据《北京市市容环境卫生条例》第五十条第一款的规定" in text  # other blocks kept
    assert after.data(store)["wording_source"] == "文书措辞 official-2026（原文）"
    # the document issued before keeps the bytes it was printed with
    assert documents.reprint(store, before.id, actor) == before_pdf
    assert hashlib.sha256(before_pdf).hexdigest() == before.pdf_sha256

    # voided, the shipped wording prints again
    assert version.version.id is not None
    catalog.void_version(store, actor, version.version.id, "样式更新")
    again = edocs.issue_document(store, actor, decided, "enforcement_penalty_decision")
    assert "（正式样式）" not in joined(pdf_lines(store, actor, again))


def test_a_bad_wording_file_is_refused_with_every_problem(store, actor, tmp_path):
    path = _version_file(tmp_path, "bad", [
        ("no_such_kind/remedy", "文字"),
        ("enforcement_penalty_decision/no_such_block", "文字"),
        ("enforcement_penalty_decision", "文字"),
        ("enforcement_penalty_decision/remedy", "向{reconsideration_body申请"),
        ("mediation_agreement/mediator_signatures", "调解员（签名）："),
        ("mediation_agreement/mediator_signatures", "调解员（签名）：记录人："),
    ])
    before = store.scalar("SELECT COUNT(*) FROM catalog_version")
    with pytest.raises(ImportRejected) as err:
        catalog.import_version(store, actor, path)
    messages = [e.message for e in err.value.errors]
    assert any("没有名为“no_such_kind”的文书种类" in m for m in messages)
    assert any("没有可替换的段落“no_such_block”" in m and "remedy" in m for m in messages)
    assert any("应写成“文书种类/段落”" in m for m in messages)
    assert any("花括号不成对" in m for m in messages)
    assert any("重复" in m for m in messages)
    assert len(messages) == 5
    assert store.scalar("SELECT COUNT(*) FROM catalog_version") == before


def test_exported_wording_round_trips_through_the_cli(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    assert main(["--db", db, "init", "--street", "示例街道"]) == 0
    out = tmp_path / "wording.toml"
    assert main(["--db", db, "catalog", "wording", "-o", str(out),
                 "--kind", "mediation_agreement"]) == 0
    raw = tomllib.loads(out.read_text(encoding="utf-8"))
    codes = [i["code"] for i in raw["items"]]
    assert codes == [f"mediation_agreement/{k}"
                     for k, _ in text_blocks(get_kind("mediation_agreement"))]
    text = out.read_text(encoding="utf-8").replace(
        '人民调解员（签名）：', '人民调解员（签名或盖章）：')
    out.write_text(re.sub(r'label = "[^"]*"', 'label = "street-2026"', text), encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db, "catalog", "import", str(out)]) == 0
    assert "已导入" in capsys.readouterr().out
    with Store.open(db) as store:
        words = wording.for_kind(store, "mediation_agreement")
    assert words.blocks["mediator_signatures"].startswith("人民调解员（签名或盖章）：")
    assert main(["--db", db, "catalog", "wording", "-o", str(out), "--kind", "nothing"]) == 1
    assert "没有这种文书：nothing" in capsys.readouterr().err


def test_write_current_reads_back_for_every_kind(tmp_path):
    path = wording_files.write_current(tmp_path / "all.toml", label="x")
    parsed = catalog.parse_file(path)
    assert parsed.version.catalog == "document_wording" and parsed.items
