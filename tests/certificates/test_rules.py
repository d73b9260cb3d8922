# SPDX-License-Identifier: MIT
"""The certificate request's state machine: labels, actions per state, every gate's refusal."""

import datetime as dt
from types import SimpleNamespace

import pytest

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.domains.certificates import model, rules
from jiedao_desk.domains.certificates.rules import MACHINE, REQUESTED, Subject

DAY = dt.date(2026, 11, 23)
VERSION = SimpleNamespace(title="社区开具证明目录", label="2019-12", confidence_label="未知",
                          item_count=0)
EMPTY_CATALOG = model.ListInForce("certificate_catalog", DAY, VERSION, ())
ITEM = SimpleNamespace(seq=1, text="居住证明")
CATALOG = model.ListInForce("certificate_catalog", DAY, VERSION, (ITEM,))


def check(verdict, message="", catalog=CATALOG):
    return model.Check(verdict, message, catalog, catalog)


def cert(outcome="refused", voided=False, document_id=None, void_reason=None):
    return SimpleNamespace(outcome=outcome, voided=voided, document_id=document_id,
                           void_reason=void_reason)


def test_labels_and_actions_per_state():
    assert MACHINE.states == {"requested": "申请", "issued": "已开具", "refused": "不予出具",
                              "voided": "已作废"}
    assert rules.REASONS == {"denylist": "负面清单", "not_in_catalog": "不在目录中"}
    available = {s: [a.key for a in MACHINE.available(s)] for s in MACHINE.states}
    assert available == {"requested": ["issue", "refuse"], "issued": ["void"],
                         "refused": ["refusal_notice", "void"], "voided": []}


def test_gates_of_issuing():
    def refusal(verdict, message="", confirmed=False):
        return MACHINE.refusal("issue", REQUESTED, Subject(check(verdict, message), confirmed))

    assert refusal(model.DENIED, "不应出具：婚姻状况证明（民发第8项）") == (
        "不应出具：婚姻状况证明（民发第8项）。居民委员会不应出具此项证明，请改为“出具不予开具告知书”。")
    assert refusal(model.NO_DENYLIST, "不能开具：负面清单未载入") == "不能开具：负面清单未载入"
    assert refusal(model.NO_CATALOG, "目录没有条目") == "目录没有条目"
    assert refusal(model.NOT_IN_CATALOG, "不在目录中（现行…）") == "不在目录中（现行…）"
    assert refusal(model.EMPTY, "请选择目录中的证明事项。") == "请选择证明事项。"
    assert refusal(model.SIMILAR, "请核实：与负面清单相似") == "请核实：与负面清单相似。"
    assert refusal(model.SIMILAR, "请核实", confirmed=True) is None
    assert refusal(model.OK, "可以开具") is None
    with pytest.raises(Conflict, match="不应出具此项证明"):
        MACHINE.require("issue", REQUESTED, Subject(check(model.DENIED, "不应出具：X")))
    with pytest.raises(ValidationError) as e:
        MACHINE.require("issue", REQUESTED, Subject(check(model.SIMILAR, "请核实")))
    assert e.value.field == "confirm_not_same"


def test_gates_of_refusing():
    empty = Subject(check(model.OK, catalog=EMPTY_CATALOG), matter="居住证明")
    reason = MACHINE.refusal("refuse", REQUESTED, empty)
    assert reason.startswith("不能以“不在目录中”为由拒绝：现行的《社区开具证明目录》2019-12版")
    assert reason.endswith("属于负面清单的事项，请选择对应的清单项。")
    listed = Subject(check(model.OK), catalog_item=ITEM, matter="居住证明")
    assert MACHINE.refusal("refuse", REQUESTED, listed) == (
        "“居住证明”是目录第1项，不能以“不在目录中”为由拒绝。")
    assert MACHINE.refusal("refuse", REQUESTED, Subject(
        check(model.OK, catalog=EMPTY_CATALOG), deny_item=ITEM, matter="居住证明")) is None


def test_gates_of_a_register_row():
    def notice(c):
        return MACHINE.refusal("refusal_notice", "voided" if c.voided else c.outcome,
                               Subject(certificate=c))

    assert notice(cert("issued")) == "只有不予出具的登记才能出具告知书。"
    assert notice(cert("issued", voided=True)) == "只有不予出具的登记才能出具告知书。"
    assert notice(cert(voided=True)) == "该登记已作废或已出具告知书（可在文书档案中重印）。"
    assert notice(cert(document_id=3)) == "该登记已作废或已出具告知书（可在文书档案中重印）。"
    assert notice(cert()) is None
    assert MACHINE.refusal("void", "voided", Subject(certificate=cert(
        voided=True, void_reason="信息有误"))) == "该登记已经作废（信息有误）。"


def test_every_guard_cites_its_basis():
    guards = {g.key: g for a in MACHINE.actions for g in a.guards}
    assert set(guards) == {"not_denied", "denylist_loaded", "catalog_in_force", "in_catalog",
                           "not_same_confirmed", "reason_known", "not_a_catalog_item",
                           "no_notice_yet"}
    assert all(g.basis for g in guards.values())
    assert "民发〔2020〕20号" in guards["not_denied"].basis
    assert "社区开具证明目录" in guards["catalog_in_force"].basis
