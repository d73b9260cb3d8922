# SPDX-License-Identifier: MIT
"""笔录 (现场检查、询问) times and signatures: start and end printed, an end not after the start
refused; a signature line in every page footer and the party's 核对意见 line at the end, read
back from the PDF page by page."""

import io
import re

import pytest
from pypdf import PdfReader

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents as core_docs
from jiedao_desk.domains.enforcement import documents, investigation
from jiedao_desk.domains.enforcement import store as es
from tests.enforcement.conftest import OFFICERS

pytest.importorskip("pypdf")


def _pages(store, actor, doc) -> list[str]:
    pdf = core_docs.reprint(store, doc.id, actor)
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_times_are_checked_and_printed(store, actor, filed):
    cid = filed(inspected=False)

    def inquiry(start, end, summary="问：你在此经营多久？\n答：一个月。"):
        return investigation.record_investigation(store, actor, cid, "inquiry", "2026-08-26",
                                                  OFFICERS, summary, "赵某", start=start,
                                                  end=end)

    for start, end, why in (("10:15", "10:15", "结束时间（10:15）须晚于起始时间（10:15）"),
                            ("10:15", "9:40", "结束时间（09:40）须晚于起始时间（10:15）"),
                            ("25:00", "26:00", "起始时间须为“时:分”"),
                            ("09:30", "", "结束时间须为“时:分”")):
        with pytest.raises(ValidationError, match=re.escape(why)):
            inquiry(start, end)
    assert not es.events(store, cid, "inquiry")  # nothing written
    inquiry("9:30", "10：16")  # one minute after is enough; full-width colon accepted
    assert es.events(store, cid, "inquiry")[0].details["start"] == "09:30"
    doc = documents.issue_document(store, actor, cid, "enforcement_inquiry_record")
    text = "".join(_pages(store, actor, doc))
    assert "询问时间2026年8月26日9时30分至10时16分" in text
    # a record entered without times prints blanks to be filled in by hand
    investigation.record_investigation(store, actor, cid, "inspection", "2026-08-27",
                                       OFFICERS, "现场检查：当事人在人行道上摆摊。")
    doc = documents.issue_document(store, actor, cid, "enforcement_inspection_record")
    assert "检查时间2026年8月27日时分至时分" in "".join(_pages(store, actor, doc))


def test_every_page_has_the_signature_line_and_the_end_the_review_line(store, actor, filed):
    cid = filed(inspected=False)
    qa = "\n".join(f"问：第{n}个问题，请你如实说明当时在人行道上摆摊经营的具体情况和经过？\n"
                   f"答：第{n}个回答，我当时在示例路12号门前人行道上摆放水果摊位约两个小时。"
                   for n in range(1, 40))
    investigation.record_investigation(store, actor, cid, "inquiry", "2026-08-26", OFFICERS,
                                       qa, "赵某", start="09:30", end="11:05")
    pages = _pages(store, actor, documents.issue_document(store, actor, cid,
                                                          "enforcement_inquiry_record"))
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        assert "被询问人签名：询问人签名：记录人签名：" in page, n
        assert f"第{n}页共{len(pages)}页" in page, n
    last = pages[-1]
    assert "被询问人核对意见：（请亲笔书写“以上笔录我已看过，与我说的相符”）" in last
    # the closing lines never start a page: the last answer goes with them
    assert "（以下空白）" in last and "第39个回答" in last
    assert not any("核对意见" in p for p in pages[:-1])
