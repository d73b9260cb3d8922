# SPDX-License-Identifier: MIT
"""The ticket rules as a table: states and labels, the actions open in each state, each
guard's refusal, who may act, and the names of the history rows."""

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import Conflict
from jiedao_desk.core import catalog
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import links as hotline_links
from jiedao_desk.domains.hotline import rules
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.rules import MACHINE

ALWAYS = ["summon", "arrival", "contact", "handling", "visit", "extend", "flags", "void",
          "to_mediation", "to_enforcement", "link"]


def keys(state):
    return sorted(a.key for a in MACHINE.available(state))


def test_states_and_labels():
    assert dict(MACHINE.states) == {"received": "待派单", "dispatched": "已派单",
                                    "returned": "已退单", "replied": "已反馈", "closed": "已办结"}
    assert MACHINE.label("replied") == "已反馈" and rules.VOIDED_LABEL == "已作废"
    assert MACHINE.final == ()  # a closed ticket is still visited, flagged, linked
    assert [spec.key for spec in registry.specs() if MACHINE in spec.machines] == ["hotline"]


@pytest.mark.parametrize("state, more", [
    ("received", ["close", "dispatch", "reply", "return"]),
    ("dispatched", ["close", "dispatch", "reply", "return"]),
    ("returned", ["close", "dispatch", "reply", "return"]),
    ("replied", ["close", "reply"]),
    ("closed", []),
])
def test_actions_open_in_each_state(state, more):
    assert keys(state) == sorted(ALWAYS + more)


def test_targets_keep_or_change_the_state():
    targets = {a.key: a.target for a in MACHINE.actions}
    assert targets == {"dispatch": "dispatched", "return": "returned", "reply": "replied",
                       "close": "closed", **dict.fromkeys(ALWAYS)}


def test_wrong_state_is_refused_with_the_state_named():
    assert MACHINE.refusal("dispatch", "replied") == \
        "现为“已反馈”，派单只能在“待派单、已派单、已退单”时进行。"
    assert MACHINE.refusal("return", "closed") == \
        "现为“已办结”，退单只能在“待派单、已派单、已退单”时进行。"
    assert MACHINE.refusal("close", "closed") == \
        "现为“已办结”，办结只能在“待派单、已派单、已退单、已反馈”时进行。"


def test_guards_cite_their_basis():
    for action in MACHINE.actions:
        for guard in action.guards:
            assert guard.basis.startswith("本地规则："), guard.key


def test_voided_ticket_is_worked_no_more(store, actor, ticket):
    tid = ticket()
    hotline.void_ticket(store, actor, tid, "重复登记")
    t = hotline.load(store, actor, tid)
    for key in ("dispatch", "contact", "handling", "reply", "close", "visit", "return",
                "extend", "flags"):
        assert MACHINE.refusal(key, t.state, t) == "工单已作废，不能再办理。", key
    for key in ("to_mediation", "to_enforcement"):
        assert MACHINE.refusal(key, t.state, t) == "工单已作废，不能再转办。"
    for key in ("summon", "arrival", "link", "void"):  # recorded as facts, as before
        assert MACHINE.refusal(key, t.state, t) is None
    with pytest.raises(Conflict, match="工单已作废，不能再办理。"):
        hotline_actions.extend(store, actor, tid, 3, "需协调")


def test_a_ticket_becomes_a_case_once_per_domain(store, actor, ticket):
    catalog.load_builtin(store, actor)
    tid = ticket("T9", claimant_name="张三", place="和平里小区3号楼")
    hotline_links.to_mediation(store, actor, tid, dispute_type="物业纠纷", respondent="李四")
    t = hotline.load(store, actor, tid)
    assert MACHINE.refusal("to_mediation", t.state, t) == \
        "工单 T9 已转为人民调解案件，不能重复转办。"
    assert MACHINE.refusal("to_enforcement", t.state, t) is None
    hotline_links.to_enforcement(store, actor, tid)
    t = hotline.load(store, actor, tid)
    assert MACHINE.refusal("to_enforcement", t.state, t) == \
        "工单 T9 已转为执法线索，不能重复转办。"
    link_id = next(x.id for x in t.links if x.domain == "enforcement")
    hotline_links.void_link(store, actor, link_id, "转错了")  # undone: may be turned again
    t = hotline.load(store, actor, tid)
    assert MACHINE.refusal("to_enforcement", t.state, t) is None


def test_core_asks_the_machine(store, actor, ticket):
    tid = ticket()
    assert hotline_actions.reply(store, actor, tid, "已答复", close=False).state == "replied"
    with pytest.raises(Conflict, match="派单只能在"):
        hotline_actions.dispatch(store, actor, tid, office="城管科")
    assert hotline_actions.reply(store, actor, tid, "已办结").state == "closed"
    with pytest.raises(Conflict, match="现为“已办结”"):
        hotline_actions.reply(store, actor, tid, "再答复", close=False)


def test_permissions_and_event_labels():
    assert rules.permission("dispatch") == "hotline.edit"
    assert rules.permission("to_mediation") == "mediation.edit"
    assert rules.permission("to_enforcement") == "enforcement.edit"
    assert rules.EVENT_LABELS == {
        "create": "登记", "import": "导入", "reimport": "重新导入更新", "dispatch": "派单",
        "return": "退单", "extend": "延期", "contact": "先行联系", "handling": "办理记录",
        "reply": "答复/办结", "visit": "回访", "flags": "标记", "summon": "吹哨",
        "arrival": "部门报到", "link": "关联", "void": "作废"}
