# SPDX-License-Identifier: MIT
"""What the 人民调解协议书 and the 人民调解申请书 print, read back from the PDF line by line: the
number of copies in Chinese numerals, one signature line per party (an organisation seals and
its representative signs), the mediator's and the recorder's signature left blank; the 申请书
in the 2010 司法部 layout (申请人 and 被申请人 apart, numbered 申请事项, the fixed declaration);
and the two gates (no agreement without a mediator, no session before the rights notice)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from jiedao_desk.base.errors import Conflict
from jiedao_desk.core import catalog, documents
from jiedao_desk.documents import cnformat
from jiedao_desk.documents.render import render
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation import documents as docs
from jiedao_desk.domains.org import service as org
from tests.mediation.samples import accepted, persons, to_agreement

SESSION = {"place": "调解室", "matter": "漏水赔偿", "content": "双方同意"}


def lines_of(store, doc, actor) -> list[str]:
    """The printed lines (spaces removed, page footers dropped)."""
    pdf = documents.reprint(store, doc.id, actor)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    return [line for line in lines if line and not re.fullmatch(r"第\d+页共\d+页", line)]


def test_agreement_of_a_person_and_an_organisation(file_store, actor):
    case = to_agreement(file_store, actor, accepted(file_store, actor))  # 张三, 某物业公司
    lines = lines_of(file_store, docs.issue_document(file_store, actor, case.id,
                                                     "mediation_agreement"), actor)
    text = "".join(lines)
    assert "本协议一式三份，当事人各执一份，人民调解委员会留存一份。" in text
    assert "一式3份" not in text
    # one line per party, to be signed by hand
    assert "申请人：张三（签名并按指印）：" in lines
    assert "被申请人：某物业公司（盖章）代表人（签名）：" in lines
    assert not any(line.startswith("当事人（签名") for line in lines)  # no shared line
    # the mediator signs by hand: the assigned mediator's name is not typed in
    assert "人民调解员（签名）：记录人（签名）：" in lines
    assert "赵调解" not in text


def test_agreement_of_three_persons_has_four_copies_and_three_lines(file_store, actor):
    who = [*persons(), {"role": "respondent", "kind": "person", "name": "王五",
                        "address": "和平里3号"}]
    case = to_agreement(file_store, actor, accepted(file_store, actor, who))
    lines = lines_of(file_store, docs.issue_document(file_store, actor, case.id,
                                                     "mediation_agreement"), actor)
    assert "本协议一式四份" in "".join(lines)
    signs = [line for line in lines if "（签名并按指印）" in line]
    assert signs == ["申请人：张三（签名并按指印）：",
                     "被申请人：李四（签名并按指印）：",
                     "被申请人：王五（签名并按指印）："]


def test_oral_agreement_and_rights_notice_leave_the_mediator_to_sign(file_store, actor):
    case = to_agreement(file_store, actor, accepted(file_store, actor), written=False)
    for kind in ("mediation_oral_agreement", "mediation_rights_notice"):
        text = "".join(lines_of(file_store, docs.issue_document(file_store, actor, case.id, kind),
                                actor))
        assert "赵调解" not in text, kind


def test_application_follows_the_2010_format(file_store, actor):
    case = accepted(file_store, actor, persons())
    lines = lines_of(file_store, docs.issue_document(file_store, actor, case.id,
                                                     "mediation_application"), actor)
    text = "".join(lines)
    # 申请人 and 被申请人 each under their own heading, in that order
    assert lines.index("申请人：") < lines.index("被申请人：")
    assert text.index("张三") < text.index("被申请人：") < text.index("李四")
    assert "当事人申请事项：1、赔偿损失2、修复漏点" in text
    assert ("和平里社区人民调解委员会已将申请人民调解的相关规定告知我，现自愿申请和平里社区人民调解"
            "委员会进行调解。") in text
    assert "申请人（签名盖章或按指印）：" in lines


def test_no_agreement_without_a_mediator(file_store, actor):
    case = accepted(file_store, actor)
    act.notify_rights(file_store, actor, case.id)
    act.add_record(file_store, actor, case.id, "session", SESSION)
    with pytest.raises(Conflict, match="^尚未指定人民调解员，不能登记调解协议（人民调解法第十九条"):
        act.record_agreement(file_store, actor, case.id, written=False, facts="f", terms=["t"])
    assert mediation.get_case(file_store, actor, case.id).state == "accepted"
    act.assign_mediators(file_store, actor, case.id, ["赵调解"])
    agreed = act.record_agreement(file_store, actor, case.id, written=False, facts="f",
                                  terms=["t"])
    assert agreed.state == "agreed"


def test_no_session_record_before_the_rights_notice(file_store, actor):
    case = accepted(file_store, actor)
    act.assign_mediators(file_store, actor, case.id, ["赵调解"])
    with pytest.raises(Conflict, match="^尚未登记权利义务告知，不能添加调解记录（若干规定第三十条"):
        act.add_record(file_store, actor, case.id, "session", SESSION)
    assert not mediation.get_case(file_store, actor, case.id).records("session")
    # an investigation may come first (the facts are found before mediating)
    act.add_record(file_store, actor, case.id, "investigation", {"place": "现场", "content": "看"})
    act.notify_rights(file_store, actor, case.id)
    assert len(act.add_record(file_store, actor, case.id, "session",
                              SESSION).records("session")) == 1


@pytest.mark.parametrize("n, words", [(0, "零"), (3, "三"), (10, "十"), (12, "十二"),
                                      (20, "二十"), (101, "一百零一")])
def test_counts_in_chinese_numerals(n, words):
    assert cnformat.chinese_count(n) == words


def test_intake_opens_with_the_form_sentence(file_store, actor):
    case = accepted(file_store, actor, persons())
    text = "".join(lines_of(file_store, docs.issue_document(file_store, actor, case.id,
                                                           "mediation_intake"), actor))
    assert "二〇二六年十月十日，本人民调解委员会经当事人同意，调解张三、李四之间的纠纷。" in text


def pages_of(pdf: bytes) -> list[str]:
    """The text of each page, spaces removed."""
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


LONG_TERM = ("被申请人于二〇二六年十一月三十日前一次性赔偿申请人吊顶修复、墙面重新粉刷及家具损坏等"
             "各项损失，并负责修复楼上卫生间防水层，修复后由双方共同验收确认")


def test_agreement_signatures_never_leave_the_text_behind(file_store, actor):
    # The 落款 and the parties' signature lines stay on the page of the agreement's last
    # sentences, however the terms fall: the signatures must belong to the terms they sign.
    case = accepted(file_store, actor, persons())
    act.assign_mediators(file_store, actor, case.id, ["赵调解"])
    act.notify_rights(file_store, actor, case.id, on="2026-10-11")
    act.add_record(file_store, actor, case.id, "session", SESSION, on="2026-10-20")
    case = act.record_agreement(file_store, actor, case.id, written=True, facts="楼上漏水",
                                terms=[f"{LONG_TERM}（第{n}项）" for n in range(1, 33)],
                                manner="转账", place="调委会", deadline="2026-11-30",
                                effective_on="2026-11-01")
    doc = docs.issue_document(file_store, actor, case.id, "mediation_agreement")
    pages = pages_of(documents.reprint(file_store, doc.id, actor))
    assert len(pages) > 2
    last = pages[-1]
    for line in ("履行方式：转账", "本协议自各方当事人签名", "申请人：张三（签名并按指印）：",
                 "被申请人：李四（签名并按指印）：", "人民调解员（签名）：",
                 "和平里社区人民调解委员会", "二〇二六年十一月一日"):
        assert line in last, line
    assert "（第32项）" in "".join(pages[-2:])
    # every page break position: 30 … 45 terms, both the written and the oral form
    data = docs.build_data(file_store, case, "mediation_agreement")
    for n in range(30, 46):
        terms = [f"{i}. {LONG_TERM}" for i in range(1, n + 1)]
        written = pages_of(render("mediation_agreement", {**data, "terms_numbered": terms}).pdf)
        signed = ("本协议自各方当事人签名", "申请人：张三（签名并按指印）", "人民调解员（签名）",
                  "二〇二六年十一月一日")
        assert all(x in written[-1] for x in signed), n
        oral = pages_of(render("mediation_oral_agreement", {**data, "terms_numbered": terms,
                                                            "amount_text": ""}).pdf)
        assert f"{n}.{LONG_TERM}" in oral[-1] and "人民调解员（签名）：" in oral[-1], n
        assert oral[-1].endswith("（印章）和平里社区人民调解委员会二〇二六年十一月一日"), n


def test_oral_agreement_with_many_terms_prints(file_store, actor):
    # the terms are paragraphs, not one table cell: a cell taller than a page cannot print
    case = to_agreement(file_store, actor, accepted(file_store, actor, persons()),
                        written=False)
    terms = [f"{LONG_TERM}（第{n}项）" for n in range(1, 35)]
    data = docs.build_data(file_store, case, "mediation_oral_agreement")
    rendered = render("mediation_oral_agreement", {**data, "terms_numbered": [
        f"{n}. {t}" for n, t in enumerate(terms, 1)]})
    pages = pages_of(rendered.pdf)
    assert len(pages) >= 2 and "口头协议内容：" in pages[0]
    assert "34." in pages[-1] and "人民调解员（签名）：" in pages[-1]


def test_judicial_confirmation_has_one_signature_line_per_party(file_store, actor):
    # 人民调解法 第三十三条: the parties apply jointly; each signs its own line
    who = [*persons(), {"role": "respondent", "kind": "org", "name": "某物业公司",
                        "credit_code": "91110108551385082Q", "representative": "孙某"}]
    case = to_agreement(file_store, actor, accepted(file_store, actor, who))
    lines = lines_of(file_store, docs.issue_document(
        file_store, actor, case.id, "mediation_judicial_confirmation", court="某区人民法院"),
        actor)
    signs = [line for line in lines if line.startswith("申请人：")]
    assert signs == ["申请人：张三（签名并按指印）：", "申请人：李四（签名并按指印）：",
                     "申请人：某物业公司（盖章）法定代表人或负责人（签名）："]
    assert not any(line.startswith(("申请人（签名", "申请人（自然人")) for line in lines)  # shared


def test_intake_is_dated_its_acceptance_and_refused_before(file_store, actor):
    catalog.load_builtin(file_store, actor)
    street = org.get_street(file_store)
    org.set_street(file_store, actor, "和平里街道办事处", street.code if street else "HPLJD")
    case = mediation.register_case(
        file_store, actor, community_id=None, source="own_initiative", dispute_type="邻里纠纷",
        summary="楼道堆物", parties=persons(), received_on="2026-10-10")
    with pytest.raises(Conflict, match="^该案件尚未受理，不能出具人民调解受理登记表"):
        docs.issue_document(file_store, actor, case.id, "mediation_intake")
    mediation.accept(file_store, actor, case.id, on="2026-10-13")
    lines = lines_of(file_store, docs.issue_document(file_store, actor, case.id,
                                                     "mediation_intake"), actor)
    text = "".join(lines)
    assert "二〇二六年十月十三日，本人民调解委员会经当事人同意，调解张三、李四之间的纠纷。" in text
    assert "案件来源人民调解委员会主动调解" in text  # the template's wording (参考资料 §2)
    assert "和平里街道人民调解委员会" in lines and "办事处" not in text
    assert lines[lines.index("和平里街道人民调解委员会") + 1] == "二〇二六年十月十三日"
    assert "十月十日" not in text  # neither the registration day nor the print day
