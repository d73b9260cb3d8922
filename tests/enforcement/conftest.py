# SPDX-License-Identifier: MIT
"""Fixtures of the enforcement tests: the powers catalogue, a made-up powers version for the
discretion and publication tests, and a filed case."""

import pytest

from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases, decision, execution, investigation

OFFICERS = [("张明", "11010001"), ("李强", "11010002")]
PERSON_ID = "11010519491231002X"
USCC = "91110108MA01KXLQ35"


DISTRICT = "北京市示例区人民政府"


BANK = "北京银行示例支行"


def set_district(store, actor, value=DISTRICT) -> None:
    """Fill in (or with "" empty) the 复议机关 setting."""
    from jiedao_desk.core import settings as settings_mod
    from jiedao_desk.domains.enforcement.parameters import RECONSIDERATION

    settings_mod.set_value(store, actor, RECONSIDERATION, value)


def set_bank(store, actor, value=BANK) -> None:
    """Fill in (or with "" empty) the 罚款缴款银行 setting (行政处罚法 第六十七条)."""
    from jiedao_desk.core import settings as settings_mod
    from jiedao_desk.domains.enforcement.document_data import SETTINGS

    settings_mod.set_value(store, actor, SETTINGS["enforcement.payment_bank"], value)


@pytest.fixture(autouse=True)
def _district_set(request):
    """Every enforcement test's store has the 复议机关 and the 缴款银行 set, as a street's
    would before its first decision (a decision, and a paper asking for a fine, is refused
    while they are empty); the tests of those refusals empty them again."""
    for name in ("store", "file_store"):
        if name in request.fixturenames:
            store, actor = request.getfixturevalue(name), request.getfixturevalue("actor")
            set_district(store, actor)
            set_bank(store, actor)


@pytest.fixture
def district(store, actor):
    """The 复议机关 setting filled in (a decision is refused while it is empty)."""
    set_district(store, actor)
    return DISTRICT


@pytest.fixture
def power(store, actor):
    """The first item of the shipped (sample) powers catalogue."""
    catalog.load_builtin(store, actor)
    items, warning = cases.power_choices(store)
    assert "为空或未知" in warning  # the 2020 annex is not public: the UI must say so
    return items[0]


@pytest.fixture
def filed(store, actor, power):
    """Make a case: a lead found 2026-08-20 at 示例路12号, filed 2026-08-25, with a 现场检查笔录
    of that day unless ``inspected`` is False (a decision needs a 笔录)."""
    def make(source="patrol", inspected=True) -> int:
        res = cases.register_lead(store, actor, source, "2026-08-20", "示例路12号",
                                  "在人行道上摆摊设点经营", act_on="2026-08-20")
        cases.file_case(store, actor, res.case_id, "2026-08-25", "王队长", power.item_id)
        if inspected:
            inspect(store, actor, res.case_id, "2026-08-25")
        return res.case_id
    return make


# A made-up power for the tests only: the real tables are not public (reference §6 item 6),
# so nothing like this is shipped.
POWER_TOML = """
[catalog]
key = "enforcement_power"
title = "综合执法职权事项"
[version]
label = "test-powers"
confidence = "secondary"
[[items]]
seq = 1
code = "990001"
text = "测试事项甲"
[items.extra]
legal_basis = "《测试条例》第一条"
[[items]]
seq = 2
code = ""
text = "测试事项乙（职权目录自带档次）"
[items.extra]
legal_basis = "《测试条例》第二条"
[[items.extra.tiers]]
code = "990002C010"
tier = "C"
text = "首次且及时改正"
fine_min = 50
fine_max = 100
"""


@pytest.fixture
def items(store, actor, tmp_path):
    """The items of the made-up powers version ``test-powers`` by text."""
    catalog.load_builtin(store, actor)
    (tmp_path / "p.toml").write_text(POWER_TOML, encoding="utf-8")
    catalog.import_version(store, actor, tmp_path / "p.toml")
    return {p.text: p.item_id for p in cases.power_choices(store)[0]
            if p.version == "test-powers"}


def inspect(store, actor, cid, day):
    """A 现场检查笔录 on ``day``."""
    return investigation.record_investigation(store, actor, cid, "inspection", day, OFFICERS,
                                              "现场检查：当事人在人行道上摆摊。")


def new_case(store, actor, item_id, fine=None):
    """A case filed under power ``item_id`` with a party and a 现场检查笔录."""
    res = cases.register_lead(store, actor, "patrol", "2026-08-20", "某路", "违法行为")
    cases.file_case(store, actor, res.case_id, "2026-08-25", "王队长", item_id)
    inspect(store, actor, res.case_id, "2026-08-25")
    cases.add_party(store, actor, res.case_id, "person", "赵某", PERSON_ID, address="某路1号")
    return res.case_id


def notify(store, actor, cid, fine):
    """事先告知 (no hearing rights) served the same day."""
    decision.prior_notice(store, actor, cid, "2026-08-26", fine, "事实", "《测试条例》",
                          hearing=False, penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")


# The provisions a 当场处罚 records (行政处罚法 第五十二条第二款), test data.
SIMPLE_BASIS = {"basis": "《北京市市容环境卫生条例》第十七条",
                "penalty_basis": "《北京市市容环境卫生条例》第五十条第一款"}


@pytest.fixture(autouse=True)
def _stored_clocks_follow_every_action(request):
    """After every committed transaction of a test's store, the stored clocks of every case
    equal those counted from its records (the oracle of enforcement_clock, checked on every
    action the enforcement tests take)."""
    if "store" not in request.fixturenames:
        yield
        return
    from jiedao_desk.core import workdays
    from jiedao_desk.domains.enforcement import store as es
    from jiedao_desk.domains.enforcement import store_clocks, view

    store = request.getfixturevalue("store")
    wrong: list[str] = []

    def compare(changes) -> None:
        if not changes.touches("enforcement_case"):
            return
        actions = sorted({c.action for c in changes.changes})
        cal = workdays.load_calendar(store)
        stored = store_clocks.stored(store)
        for case in es.list_cases(store, include_void=True):
            expected = [] if case.voided_at else view.clocks_of(store, case, cal)
            if stored.get(case.id, []) != expected:
                wrong.append(f"case {case.id} after {actions}: "
                             f"stored {stored.get(case.id)} counted {expected}")
        if store_clocks.stale_ids(store):
            wrong.append(f"cases left stale after {actions}")

    store.subscribe(compare)
    yield
    assert not wrong, wrong[:3]
