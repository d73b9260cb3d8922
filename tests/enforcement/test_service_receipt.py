# SPDX-License-Identifier: MIT
"""What the 送达回证 prints, read back from the PDF: the served document's own number, a
blank line for the recipient to sign, the service chosen (else the latest), and every service
of the same document when it was served more than once."""

import pytest

from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import execution
from jiedao_desk.domains.enforcement import store as es
from tests.enforcement.test_decision_wording import (
    PENALTY,
    VIOLATED,
    _case,
    joined,
    pdf_lines,
)

pytest.importorskip("pypdf")


def _told(store, actor, power):
    cid = _case(store, actor, power.item_id, "org")
    ed.prior_notice(store, actor, cid, "2026-09-29", 200, "当事人占道经营。", VIOLATED,
                    hearing=False, penalty_basis=PENALTY)
    notice = edocs.issue_document(store, actor, cid, "enforcement_prior_notice")
    return cid, notice


def test_receipt_prints_the_served_number_and_a_blank_signature(store, actor, power):
    cid, notice = _told(store, actor, power)
    assert notice.doc_number
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-09-30", receiver="钱某",
                    document_id=notice.id)
    doc = edocs.issue_document(store, actor, cid, "enforcement_service_receipt")
    text = joined(pdf_lines(store, actor, doc))
    assert f"行政处罚事先告知书文号{notice.doc_number}" in text
    assert "直接送达" in text and "2026年9月30日" in text
    # the recipient signs by hand: the recorded name is not typed into the signature box
    assert "钱某" not in text
    assert "收件人签名或盖章年月日" in text
    assert "各次送达" not in text  # served once: no list


def test_receipt_of_a_chosen_service_and_the_list_of_all(store, actor, power):
    cid, notice = _told(store, actor, power)
    execution.serve(store, actor, cid, "prior_notice", "post", "2026-09-30",
                    receipt="EMS1234567890")
    execution.serve(store, actor, cid, "prior_notice", "left", "2026-10-09",
                    witnesses=["社区主任孙某"])
    first, second = es.events(store, cid, "service")
    # default: the latest service
    latest = joined(pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, "enforcement_service_receipt")))
    assert "送达方式留置送达送达日期2026年10月9日" in latest
    assert f"文号{notice.doc_number}" in latest  # found by kind when the service names none
    # chosen: the first one, with its receipt number; both services listed below
    chosen = joined(pdf_lines(store, actor, edocs.issue_document(
        store, actor, cid, "enforcement_service_receipt", {"event_id": first.id})))
    assert "送达方式邮寄送达送达日期2026年9月30日" in chosen
    assert "本文书各次送达情况：" in chosen
    assert chosen.count("EMS1234567890") == 2  # the chosen row and the list row
    assert "2026年10月9日留置送达" in chosen and "社区主任孙某" in chosen
    assert second.id != first.id
