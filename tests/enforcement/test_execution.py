# SPDX-License-Identifier: MIT
"""Service rules, the payment period, 催告 and the court window."""

import datetime as dt

import pytest

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.domains.enforcement import cases, decision, documents, execution
from tests.enforcement.conftest import PERSON_ID


def _decided(store, actor, filed):
    cid = filed()
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    decision.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", "依据", hearing=False,
                          penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")
    decision.decide(store, actor, cid, "2026-08-27", 100, "罚款")
    return cid


def test_payment_due_rolls_past_weekend(store):
    # 10-16 + 15 = 10-31 (Saturday) → 11-02 (Mon); paying on 11-02 is on time.
    from jiedao_desk.core.workdays import load_calendar
    from jiedao_desk.domains.enforcement.clocks import payment_due

    assert payment_due(dt.date(2026, 10, 16), load_calendar(store)) == dt.date(2026, 11, 2)


def test_demand_and_court_window(store, actor, filed):
    cid = _decided(store, actor, filed)
    execution.serve(store, actor, cid, "decision", "direct", "2026-08-27", receiver="赵某")
    with pytest.raises(ValidationError, match="尚未届满"):
        execution.demand(store, actor, cid, "2026-09-10")
    execution.demand(store, actor, cid, "2026-09-15")
    doc = documents.issue_document(store, actor, cid, "enforcement_demand")
    assert doc.data(store)["surcharge_words"] == "人民币壹佰元整"  # capped at the fine
    with pytest.raises(ValidationError, match="催告书尚未送达"):
        execution.court_application(store, actor, cid, "2026-11-20")
    execution.serve(store, actor, cid, "demand", "electronic", "2026-11-16", consent=True)
    with pytest.raises(ValidationError, match="2026-11-26"):
        execution.court_application(store, actor, cid, "2026-11-20")


def test_service_rules(store, actor, filed):
    cid = filed()
    cases.add_party(store, actor, cid, "person", "赵某", PERSON_ID)
    decision.prior_notice(store, actor, cid, "2026-08-26", 100, "事实", "依据", hearing=False,
                          penalty_basis="《测试条例》第二十条")
    with pytest.raises(ValidationError, match="见证人"):
        execution.serve(store, actor, cid, "prior_notice", "left", "2026-08-26")
    with pytest.raises(ValidationError, match="同意"):
        execution.serve(store, actor, cid, "prior_notice", "electronic", "2026-08-26")
    with pytest.raises(Conflict):
        execution.serve(store, actor, cid, "decision", "post", "2026-08-26")
