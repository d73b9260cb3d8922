# SPDX-License-Identifier: MIT
"""Dossier assembly: page ranges in the 卷内目录 match the real pages; completeness lists."""

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.core import attachments, documents, dossier
from jiedao_desk.core.dossier import DossierItem
from tests import records

COVER = {"title": "王喆占道经营案", "number": "（2026）人调字第1号", "parties": "王喆",
         "organisation": "测试街道人民调解委员会", "compiler": "李立卷"}


def _texts(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _index_ranges(index_text: str, rows) -> dict[int, str]:
    """The page range printed after each row's title, read back from the index page text."""
    found = {}
    for r in rows:
        m = re.search(rf"(?:^| ){r.seq} {re.escape(r.title)} (\d+(?:-\d+)?) ", index_text)
        assert m, f"row {r.seq} not found in index text: {index_text}"
        found[r.seq] = m.group(1)
    return found


def _issue_three(store, actor):
    form = documents.issue(store, actor, "approval_form", {
        "issuer": "测试街道办事处", "subject": "占道经营审批", "party_name": "王喆"})
    qa = [f"问：第{i}个问题？" if i % 2 == 0
          else f"答：第{i}个回答，内容写得较长，以便笔录跨越多页。" for i in range(70)]
    record = documents.issue(store, actor, "record", {
        "start_time": "2026-11-20 09:00", "place": "街道办事处", "officers": "王五、李六",
        "party_name": "赵堃", "qa": qa})
    notice = documents.issue(store, actor, "generic_notice", {
        "issuer": "测试街道办事处", "addressee": "王喆：", "body": ["请于三日内到街道办事处。"],
        "issue_date": "2026-11-23"})
    return form, record, notice


def test_index_ranges_match_where_each_document_really_starts(file_store, actor, tmp_path):
    form, record, notice = _issue_three(file_store, actor)
    assert (form.pages, notice.pages) == (1, 1) and record.pages >= 2
    Image.new("RGB", (1600, 1200), (40, 120, 200)).save(tmp_path / "现场.jpg")
    community = records.communities(file_store, 1)[0]
    photo = attachments.add_attachment(file_store, actor, tmp_path / "现场.jpg", "community",
                                       community)
    items = [DossierItem("审批表", doc_id=form.id, date="2026-11-20"),
             DossierItem("询问笔录", doc_id=record.id, date="2026-11-20", note="多页"),
             DossierItem("通知书", doc_id=notice.id, date="2026-11-23", note=notice.doc_number),
             DossierItem("现场照片", attachment_id=photo.id, date="2026-11-20")]
    pdf, rows = dossier.assemble(file_store, items, COVER, "generic")
    pages = _texts(pdf)
    assert len(pages) == 2 + form.pages + record.pages + notice.pages + 1  # generic: no 封底
    assert "王喆占道经营案" in pages[0] and f"共 4 件，{len(pages)} 页" in pages[0]
    assert pages[1].startswith("卷 内 目 录")
    printed = _index_ranges(pages[1], rows)
    assert printed == {1: "3", 2: f"4-{3 + record.pages}", 3: str(4 + record.pages),
                       4: str(5 + record.pages)}
    for row, doc in zip(rows, (form, record, notice), strict=False):
        own = _texts(documents.reprint(file_store, doc.id))
        first, _, last = printed[row.seq].partition("-")
        assert pages[int(first) - 1] == own[0]  # the document's first page is where it says
        assert pages[int(last or first) - 1] == own[-1]
    assert "现场.jpg" in pages[int(printed[4]) - 1]


def _small_pdf(label: str, n_pages: int) -> bytes:
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A4, invariant=1)
    for p in range(1, n_pages + 1):
        canv.drawString(100, 700, f"{label} page {p}")
        canv.showPage()
    canv.save()
    return buf.getvalue()


def test_a_two_page_index_shifts_every_range(store):
    items = [DossierItem(f"材料{n}", pdf=_small_pdf(f"ITEM{n}", n % 3 + 1), date="2026-11-01")
             for n in range(1, 41)]
    pdf, rows = dossier.assemble(store, items, COVER, "generic")
    pages = _texts(pdf)
    index_text = " ".join(pages[1:3])
    assert "卷 内 目 录" in pages[1] and "ITEM1 page 1" in pages[3]  # index took pages 2-3
    assert rows[0].pages == "4-5"
    printed = _index_ranges(index_text, rows)
    for n, row in enumerate(rows, start=1):
        first, _, last = printed[row.seq].partition("-")
        assert f"ITEM{n} page 1" in pages[int(first) - 1]
        assert f"ITEM{n} page {n % 3 + 1}" in pages[int(last or first) - 1]
    assert len(pages) == rows[-1].last_page


def test_mediation_dossier_ends_with_a_back_cover(store, actor):
    doc = documents.issue(store, actor, "generic_notice", {
        "issuer": "测试街道", "addressee": "甲：", "body": ["正文"], "issue_date": "2026-11-23"})
    pdf, rows = dossier.assemble(store, [DossierItem("通知书", doc_id=doc.id)], COVER,
                                 "mediation")
    pages = _texts(pdf)
    assert len(pages) == 4 and "人民调解卷宗" in pages[0]
    assert pages[-1].startswith("备 考 表") and "本卷共 1 件，4 页" in pages[-1]
    assert rows[0].pages == "3"


def test_bad_items_are_refused(store):
    with pytest.raises(ValidationError, match="至少要有一份"):
        dossier.assemble(store, [], COVER, "generic")
    with pytest.raises(ValidationError, match="只能指定一个来源"):
        dossier.assemble(store, [DossierItem("x", doc_id=1, pdf=b"%PDF")], COVER, "generic")
    with pytest.raises(ValidationError, match="不是有效的PDF"):
        dossier.assemble(store, [DossierItem("坏文件", pdf=b"not a pdf")], COVER, "generic")
    with pytest.raises(NotFound, match="卷宗类型"):
        dossier.assemble(store, [DossierItem("x", pdf=_small_pdf("x", 1))], COVER, "nope")


def test_completeness_against_the_type_lists():
    missing = dossier.check_completeness("generic", {"generic_notice"})
    assert [m.name for m in missing] == ["审批表", "笔录"]
    assert dossier.check_completeness("generic", ["approval_form", "record"]) == []
    med = dossier.load_type("mediation")
    assert [r.seq for r in med.items] == list(range(1, 14))
    names = [m.name for m in dossier.check_completeness("mediation", {"mediation_intake"})]
    assert "人民调解申请书或人民调解受理登记表" not in names  # either kind satisfies item 1
    assert "人民调解协议书（或口头协议登记表）" not in names and "封底" not in names
    # the agreement is needed once the case has one (a terminated case has none)
    agreed = dossier.check_completeness("mediation", {"mediation_intake"}, {"agreed"})
    assert "人民调解协议书（或口头协议登记表）" in [m.name for m in agreed]
    assert "授权委托书" not in names  # 按需 items are never missing
    assert all(r.confidence in ("exact", "paraphrase", "secondary", "unknown")
               for t in dossier.list_types() for r in t.items)
