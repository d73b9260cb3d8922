# SPDX-License-Identifier: MIT
"""Rendering: wording, rare characters, embedded fonts, margins, pages, reprints, errors."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.documents import kinds, layout
from jiedao_desk.documents.render import render, render_kind, sample_notice_data
from jiedao_desk.documents.texts import MissingFields, parse_kind

NOTICE = {
    "issuer": "北京市东城区××街道办事处",
    "addressee": "张喆",
    "body": ["经查，王堃、李镕反映你单位在小区内占道堆放物料。<请注意> & 立即整改。",
             "请于三日内自行清理。", "特此通知。"],
    "issue_date": "2026-11-23",
}
POPPLER = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def text_of(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_notice_has_wording_number_rare_names_and_escaped_text():
    out = render("generic_notice", NOTICE, "街通〔2026〕第12号")
    assert out.pages == 1
    page = flat(text_of(out.pdf)[0])
    for expected in ["通知书", "街通〔2026〕第12号", "张喆：", "王堃、李镕", "<请注意>&立即整改",
                     "特此通知。", "（印章）", "北京市东城区××街道办事处", "2026年11月23日", "—1—"]:
        assert expected in page, expected
    assert "联系人" not in page  # the `when = "contact"` paragraph is skipped without a contact


def _fonts_of(pdf: bytes) -> list:
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


@pytest.mark.parametrize("kind, data", [
    ("generic_notice", NOTICE),
    ("approval_form", {"issuer": "××街道办事处", "subject": "立案审批", "party_name": "张喆"}),
    ("record", {"start_time": "9时", "place": "队部", "officers": "王堃", "party_name": "李镕",
                "qa": ["问：姓名？", "答：李镕。"]}),
])
def test_every_font_is_an_embedded_truetype_subset(kind, data):
    pdf = render(kind, data).pdf
    fonts = _fonts_of(pdf)
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
        assert "STSong" not in str(font["/BaseFont"])


@POPPLER
def test_pdffonts_reports_every_font_embedded(tmp_path):
    path = tmp_path / "n.pdf"
    path.write_bytes(render("generic_notice", NOTICE).pdf)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        emb = row[row.index("TrueType"):].split()[2]
        assert emb == "yes", row


@POPPLER
def test_text_stays_inside_the_gbt9704_margins(tmp_path):
    path = tmp_path / "n.pdf"
    data = dict(NOTICE, body=["一二三四五六七八九十" * 12] * 3)
    path.write_bytes(render("generic_notice", data, "街通〔2026〕第1号").pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    boxes = [tuple(float(v) for v in m) for m in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)]
    assert boxes
    mm = 72 / 25.4
    text_bottom = layout.PAGE_HEIGHT - layout.BOTTOM
    for x0, y0, x1, y1 in boxes:
        assert x0 >= 28 * mm - 1
        assert x1 <= layout.PAGE_WIDTH - 26 * mm + 17  # one hanging punctuation mark at most
        assert y0 >= 37 * mm - 1
        if y1 > text_bottom + 1:  # only the page number lives below the text block
            assert y0 >= text_bottom + 7 * mm - 8


def test_reprint_is_byte_identical_and_data_changes_the_bytes():
    first = render("generic_notice", NOTICE, "街通〔2026〕第12号").pdf
    again = render("generic_notice", dict(NOTICE), "街通〔2026〕第12号").pdf
    assert first == again
    assert render("generic_notice", NOTICE, "街通〔2026〕第13号").pdf != first


def test_long_record_continues_over_pages_with_page_numbers_and_footer():
    qa = []
    for i in range(40):
        qa += [f"问：第{i + 1}个问题，请说明当时的情况？",
               f"答：当时张喆在店里，堃字和镕字都要印出来，这是第{i + 1}个回答。"]
    out = render("record", {"start_time": "2026年11月23日9时30分", "place": "执法队询问室",
                            "officers": "王堃、赵某", "party_name": "张喆", "qa": qa})
    pages = text_of(out.pdf)
    assert out.pages == len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"第{n}页共{out.pages}页" in flat(page)
        assert "被询问人签名" in page  # per-page signature footer
    assert "问：第1个问题" in flat(pages[0]) and "第40个回答" in flat("".join(pages))
    assert "询问笔录" in pages[0] and "（以下空白）" in pages[-1]


def test_approval_form_fills_boxes_and_blank_dates_for_handwriting():
    out = render("approval_form", {
        "issuer": "××街道办事处", "form_title": "立案审批表", "subject": "占道经营",
        "party_name": "李镕", "handler_opinion": "建议立案。", "handler_name": "王堃",
        "handler_date": "2026-11-21"}, "街审〔2026〕第3号")
    page = flat(text_of(out.pdf)[0])
    for expected in ["立案审批表", "街审〔2026〕第3号", "事由", "占道经营", "承办人意见",
                     "建议立案。", "承办人：王堃", "二〇二六年十一月二十一日",
                     "负责人审批意见", "第1页共1页"]:
        assert expected in page, expected
    assert "审核人：年月日" in page  # no reviewer yet: the blanks stay printed


def test_missing_placeholders_are_listed_in_chinese():
    with pytest.raises(MissingFields) as info:
        render("generic_notice", {"issuer": "××街道办事处"})
    assert info.value.fields == ["addressee", "body", "issue_date"]
    assert "缺少" in str(info.value) and "addressee" in str(info.value)
    assert isinstance(info.value, ValidationError)


def test_list_table_repeats_its_header_on_continuation_pages():
    kind = parse_kind("""
[document]
title = "卷内目录"
page_numbers = "dash"
[[blocks]]
type = "title"
[[blocks]]
type = "list_table"
field = "items"
columns = [{ title = "序号", key = "n", width = 1 },
           { title = "文书名称", key = "name", width = 5 },
           { title = "日期", key = "date", width = 3, format = "num" }]
""", "index")
    items = [{"n": i, "name": f"询问笔录（张喆）{i}", "date": "2026-11-23"} for i in range(1, 61)]
    out = render_kind(kind, {"items": items})
    pages = text_of(out.pdf)
    assert out.pages >= 2
    assert all("文书名称" in p for p in pages)
    assert "询问笔录（张喆）60" in flat(pages[-1]) and "2026年11月23日" in pages[0]


def test_kinds_catalogue_lists_the_shipped_kinds():
    found = {k.key: k for k in kinds.list_kinds()}
    assert {"generic_notice", "approval_form", "record"} <= set(found)
    assert found["generic_notice"].number_pattern == "{prefix}〔{year}〕第{serial}号"
    assert found["generic_notice"].prefix == "街通"
    assert "addressee" in found["generic_notice"].fields
    assert found["record"].number_pattern == ""
    with pytest.raises(NotFound):
        kinds.get_kind("no_such_kind")


def test_a_user_override_replaces_the_shipped_wording(tmp_path, monkeypatch):
    folder = tmp_path / "documents"
    folder.mkdir()
    shipped = (kinds.kind_dirs()[0] / "generic_notice.toml").read_text(encoding="utf-8")
    (folder / "generic_notice.toml").write_text(shipped.replace("特此", "x").replace(
        'prefix = "街通"', 'prefix = "东街通"'), encoding="utf-8")
    monkeypatch.setattr(kinds, "kind_dirs", lambda: [kinds.paths.resources_dir() / "documents",
                                                     folder])
    assert kinds.get_kind("generic_notice").prefix == "东街通"


@pytest.mark.parametrize("toml, message", [
    ('[[blocks]]\ntype = "banner"', "未知的类型"),
    ('[[blocks]]\ntype = "field_table"\ncolumns = [1, 1]\n[[blocks.rows]]\n'
     'cells = [{ label = "a" }]', "应为 2 列"),
    ('[[blocks]]\ntype = "paragraph"\ntext = "{oops"', "花括号"),
    ("not toml = = ", "TOML"),
])
def test_malformed_kind_files_are_refused(toml, message):
    with pytest.raises(ValidationError, match=message):
        parse_kind(toml, "bad")


def test_sample_sheet_renders():
    out = render("generic_notice", sample_notice_data(), "街通〔2026〕第1号")
    assert "张喆、王堃、李镕" in flat(text_of(out.pdf)[0])


@POPPLER
def test_no_line_starts_with_closing_punctuation(tmp_path):
    # 25 characters fill the indented first line exactly; the comma must not open line two.
    text = "经查，你单位在王堃、李镕所居住的小区内占道堆放物料，影响居民通行。" * 3
    path = tmp_path / "p.pdf"
    path.write_bytes(render("generic_notice", dict(NOTICE, body=[text])).pdf)
    lines = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert any("物料，" in ln for ln in lines)
    assert not [ln for ln in lines if ln.strip()[:1] in set("，。、；：？！）》”")]
