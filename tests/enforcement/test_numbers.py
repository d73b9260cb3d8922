# SPDX-License-Identifier: MIT
"""Case numbers (立案编号): given at 立案 and 简易程序 from the pattern setting, serial per year
across the street, and shown wherever a case is named (list, todo, documents, search, CLI)."""

import pytest

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog, documents, search, todo
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import dossier, numbers
from jiedao_desk.domains.enforcement import lists as elists
from jiedao_desk.domains.enforcement import store as es
from tests.enforcement.conftest import SIMPLE_BASIS

TODO = registry.todo_providers()
SEARCH = registry.search_sources()

pypdfium2 = pytest.importorskip("pypdfium2")

OFFICER = Actor(1, "执法队员", "enforcement_officer")
OFFICERS = [("张明", "11010001"), ("李强", "11010002")]
PERSON_ID = "11010519491231002X"


@pytest.fixture
def power(store, actor):
    catalog.load_builtin(store, actor)
    return enf.power_choices(store)[0][0].item_id


def _lead(store, actor, found="2026-08-20", place="示例路12号"):
    return enf.register_lead(store, actor, "patrol", found, place, "在人行道上摆摊设点经营").case_id


def _file(store, actor, power, filed, found=None):
    cid = _lead(store, actor, found or filed)
    return enf.file_case(store, actor, cid, filed, "王队长", power).case_number


def _simple(store, actor, power, day="2026-10-09", paper="京西当罚0012"):
    return ed.simple_penalty(store, actor, source="patrol", day=day, place="示例路",
                             facts="乱贴广告",
                             party={"kind": "person", "name": "钱某", "id_number": PERSON_ID,
                                    "address": "示例路1号"},
                             fine="50", power_item_id=power, paper_number=paper,
                             officer_list=OFFICERS, **SIMPLE_BASIS)


def _pdf_text(store, actor, doc) -> str:
    pdf = pypdfium2.PdfDocument(documents.reprint(store, doc.id, actor))
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf).replace(
            "\r", "").replace("\n", "").replace(" ", "")
    finally:
        pdf.close()


def test_default_pattern_is_a_visible_setting_with_its_source():
    decl = registry.setting(numbers.PATTERN_KEY)
    assert decl.default == "{prefix}〔{year}〕第{serial:04d}号" and decl.group == "综合执法"
    assert "未公开" in decl.note and ".md" not in decl.note  # no file names on screen
    assert registry.setting(numbers.PREFIX_KEY).default == "执案"


def test_serial_per_year_across_cases_and_the_year_boundary(store, actor, power):
    lead = _lead(store, actor)
    assert es.get_case(store, lead).case_number is None  # a lead has no number yet …
    assert es.get_case(store, lead).label == f"线索第{lead}号"  # … and shows its id
    # Filed in December 2025, then in January 2026: the serial restarts with the year.
    assert _file(store, actor, power, "2025-12-30") == "执案〔2025〕第0001号"
    assert _file(store, actor, power, "2026-01-04") == "执案〔2026〕第0001号"
    assert _file(store, actor, power, "2026-03-02") == "执案〔2026〕第0002号"
    # A 2025 case filed late (dated 2025-12-31) continues the 2025 series.
    assert _file(store, actor, power, "2025-12-31") == "执案〔2025〕第0002号"
    # 简易程序 cases share the street-wide series of their penalty date's year.
    cid = _simple(store, actor, power)
    assert es.get_case(store, cid).case_number == "执案〔2026〕第0003号"
    # A void case keeps its number, so the serial is never given again.
    enf.void_case(store, actor, cid, "重复登记")
    assert _file(store, actor, power, "2026-11-23") == "执案〔2026〕第0004号"
    # 不予立案 leaves a lead without a number.
    other = enf.not_open(store, actor, _lead(store, actor), "不属于本街道管辖")
    assert other.case_number is None


def test_pattern_setting_applies_to_new_numbers_only(store, actor, power):
    first = _file(store, actor, power, "2026-08-25")
    settings_mod.set_value(store, actor, registry.setting(numbers.PREFIX_KEY), "西执")
    settings_mod.set_value(store, actor, registry.setting(numbers.PATTERN_KEY),
                           "{prefix}{year}-{serial:03d}")
    assert _file(store, actor, power, "2026-08-26") == "西执2026-002"
    assert es.case_number_used(store, first)  # numbers already given stay as they were
    # A pattern without {year} cannot repeat a number of another year: the serial skips on.
    settings_mod.set_value(store, actor, registry.setting(numbers.PATTERN_KEY), "西执第{serial}号")
    assert _file(store, actor, power, "2025-06-02") == "西执第1号"
    assert _file(store, actor, power, "2026-08-27") == "西执第3号"  # 2026 serial 3
    assert _file(store, actor, power, "2025-06-03") == "西执第2号"
    assert _file(store, actor, power, "2025-06-04") == "西执第4号"  # 2025 serial 3 is taken


def test_bad_pattern_refused_before_anything_is_written(store, actor, power):
    settings_mod.set_value(store, actor, registry.setting(numbers.PATTERN_KEY), "执案{case}号")
    cid = _lead(store, actor)
    with pytest.raises(ValidationError, match="无法识别"):
        enf.file_case(store, actor, cid, "2026-08-25", "王队长", power)
    case = es.get_case(store, cid)
    assert case.state == "lead" and case.case_number is None and case.filed_on is None
    with pytest.raises(ValidationError, match="无法识别"):
        _simple(store, actor, power)
    assert len(es.list_cases(store)) == 1  # the 简易程序 case was not half-written


def test_number_in_list_todo_and_search(store, actor, power):
    lead = _lead(store, actor, place="锦什坊街12号")
    number = _file(store, actor, power, "2026-08-25")
    source = elists.list_source(store, OFFICER)
    col = [c.key for c in source.columns].index("case_no") + 1
    assert sorted(r[col] for r in source.page(0, 10)) == sorted([number, f"线索第{lead}号"])
    titles = [i.title for i in todo.collect(store, OFFICER, TODO) if i.domain == "enforcement"]
    assert f"执法案件 {number}：立案后作出处罚决定" in titles
    # Global search finds the case by its number (whole or in part), and the hit names it.
    cid = next(r[0] for r in source.page(0, 10) if r[col] == number)
    for text in (number, "2026〕第0001"):
        hits = search.search(store, OFFICER, text, SEARCH)
        assert [h.entity_id for h in hits] == [cid], text
    assert hits[0].title == f"执法案件 {number}"
    source.set_search(number)
    assert [r[0] for r in source.page(0, 10)] == [cid]  # the list's search box too
    # a lead is found as a lead, and its hit reads as the list does
    hit = next(h for h in search.search(store, OFFICER, "线索", SEARCH) if h.entity_id == lead)
    assert hit.title.startswith(f"执法案件 线索第{lead}号")
    # … and by the number the list shows it under, in global search and in the list's box;
    # a filed case is shown (and found) under its case number, not as a lead
    assert [h.entity_id for h in search.search(store, OFFICER, f"线索第{lead}号", SEARCH)] \
        == [lead]
    source.set_search(f"线索第{lead}号")
    assert [r[0] for r in source.page(0, 10)] == [lead]
    assert search.search(store, OFFICER, f"线索第{cid}号", SEARCH) == []
    source.set_search(f"线索第{cid}号")
    assert source.page(0, 10) == []


def test_number_printed_on_documents(store, actor, power):
    number = _file(store, actor, power, "2026-08-25")
    cid = es.list_cases(store)[0].id
    enf.add_party(store, actor, cid, "person", "赵某", PERSON_ID, address="示例路12号")
    filing = edocs.issue_document(store, actor, cid, "enforcement_filing_approval")
    assert f"案件编号{number}" in _pdf_text(store, actor, filing)
    cover = edocs.issue_document(store, actor, cid, "enforcement_dossier_cover")
    assert f"案件编号{number}" in _pdf_text(store, actor, cover)
    # The assembled dossier's generic cover carries it in the note (备注).
    pdf, _missing = dossier.dossier_pdf(store, actor, cid)
    doc = pypdfium2.PdfDocument(pdf)
    try:
        first = doc[0].get_textpage().get_text_range().replace("\r", "").replace("\n", "")
    finally:
        doc.close()
    assert f"案件编号 {number}" in first
