# SPDX-License-Identifier: MIT
"""Discretion tiers (裁量): import of a 裁量基准 version, the choice, the fine range check;
publication (公示) records and the publication todo with a fixed today (2026-11-23)."""

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import catalog, todo
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import discretion as edisc
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import publication as epub
from jiedao_desk.domains.enforcement import view as enforcement_view

TODO = registry.todo_providers()

PERSON_ID = "11010519491231002X"

# A made-up power and a made-up 裁量基准 for the test only: the real tables are not public
# (reference §6 item 6), so nothing like this is shipped.
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
STANDARD_TOML = """
[catalog]
key = "discretion_standard"
title = "城市管理综合行政执法行政裁量权基准"
[version]
label = "2026-test"
doc_number = "测试〔2025〕1号"
effective_from = "2026-03-01"
confidence = "secondary"
[[items]]
seq = 1
code = "990001C010"
text = "情节较轻：首次违法"
category = "C"
[items.extra]
fine_min = 1000
fine_max = 3000
[[items]]
seq = 2
code = "990001A010"
text = "情节严重：拒不改正"
category = "A"
[items.extra]
fine_min = 7000
fine_max = 10000
[[items]]
seq = 3
code = "12345"
text = "格式不对的一行"
category = "X"
[items.extra]
power_code = "990001"
fine_min = 500
fine_max = 100
"""


@pytest.fixture
def items(store, actor, tmp_path):
    catalog.load_builtin(store, actor)
    (tmp_path / "p.toml").write_text(POWER_TOML, encoding="utf-8")
    catalog.import_version(store, actor, tmp_path / "p.toml")
    return {p["text"]: p["item_id"] for p in enf.power_choices(store)[0]
            if p["version"] == "test-powers"}


def _case(store, actor, item_id, fine=None):
    res = enf.register_lead(store, actor, "patrol", "2026-08-20", "某路", "违法行为")
    enf.file_case(store, actor, res.case_id, "2026-08-25", "王队长", item_id)
    enf.add_party(store, actor, res.case_id, "person", "赵某", PERSON_ID)
    return res.case_id


def _notify(store, actor, cid, fine):
    ed.prior_notice(store, actor, cid, "2026-08-26", fine, "事实", "《测试条例》", hearing=False)
    ed.serve(store, actor, cid, "prior_notice", "direct", "2026-08-26", receiver="赵某")


def test_tiers_unknown_until_the_standard_is_imported(store, actor, items, tmp_path):
    cid = _case(store, actor, items["测试事项甲"])
    tiers, version, warning = edisc.tiers_for(store, enf.get_case(store, actor, cid))
    assert tiers == [] and version.label == "2026" and "未知" in warning
    with pytest.raises(ValidationError, match="不在任何已导入的裁量基准中"):
        edisc.choose(store, actor, cid, "2026-08-26", "首次违法", "990001C010")
    chosen = edisc.choose(store, actor, cid, "2026-08-26", "首次违法，及时改正")
    assert chosen["tier_code"] == "" and "未知" in chosen["warning"]
    assert chosen["standard_label"] == "2026 京城管发〔2025〕41号"  # the version is recorded
    # Import the (test) standard: the same power now has tiers; a tier must be chosen.
    (tmp_path / "s.toml").write_text(STANDARD_TOML, encoding="utf-8")
    catalog.import_version(store, actor, tmp_path / "s.toml")
    tiers, version, warning = edisc.tiers_for(store, enf.get_case(store, actor, cid))
    assert version.label == "2026-test" and warning == ""
    assert [t.code for t in tiers] == ["990001C010", "990001A010", "12345"]
    found = edisc.problems(tiers)
    assert any("12345" in p and "10位" in p for p in found)
    assert any("下限大于上限" in p for p in found)
    with pytest.raises(ValidationError, match="请从本事项的裁量档次中选择一档.*990001C010"):
        edisc.choose(store, actor, cid, "2026-08-26", "首次违法")
    edisc.choose(store, actor, cid, "2026-08-26", "首次违法，及时改正", "990001C010")
    assert len(store.rows("SELECT id FROM enforcement_discretion WHERE case_id = ?", (cid,))) == 2


def test_decision_fine_checked_against_chosen_tier(store, actor, items, tmp_path):
    (tmp_path / "s.toml").write_text(STANDARD_TOML, encoding="utf-8")
    catalog.import_version(store, actor, tmp_path / "s.toml")
    cid = _case(store, actor, items["测试事项甲"])
    with pytest.raises(ValidationError, match="请先记录裁量"):  # tiers known, none chosen
        _notify(store, actor, cid, 2000)
    edisc.choose(store, actor, cid, "2026-08-26", "首次违法", "990001C010")
    with pytest.raises(ValidationError, match="拟?罚款 5000 元不在所选裁量档次 990001C010"):
        _notify(store, actor, cid, 5000)
    _notify(store, actor, cid, 2000)
    with pytest.raises(ValidationError, match=r"幅度 1000–3000 元之内"):
        ed.decide(store, actor, cid, "2026-08-27", 3500, "罚款")
    assert enf.get_case(store, actor, cid)["status"] == "notified"
    ed.decide(store, actor, cid, "2026-08-27", 3000, "罚款")
    report_text = edisc.describe(store, cid)
    assert "990001C010" in report_text and "情节较轻" in report_text and "首次违法" in report_text


def test_tiers_carried_by_the_power_item(store, actor, items):
    cid = _case(store, actor, items["测试事项乙（职权目录自带档次）"])
    tiers, _version, _w = edisc.tiers_for(store, enf.get_case(store, actor, cid))
    assert [(t.code, t.source, t.fine_max) for t in tiers] == [("990002C010", "职权目录", 100)]
    edisc.choose(store, actor, cid, "2026-08-26", "首次", "990002C010")
    with pytest.raises(ValidationError, match="幅度 50–100 元"):
        _notify(store, actor, cid, 200)


def _decided(store, actor, item_id, day="2026-10-20"):
    cid = _case(store, actor, item_id)
    _notify(store, actor, cid, 100)
    ed.decide(store, actor, cid, day, 100, "罚款")
    return cid


def _pub_todos(store, actor):
    return [(i.title, i.due, i.status) for i in todo.collect(store, actor, TODO)
            if "公示" in i.title]


def test_publication_todo_and_records(store, actor, items):
    # Decided 2026-10-20; 20 working days (default, a local rule) → 2026-11-17: overdue today.
    cid = _decided(store, actor, items["测试事项甲"])
    assert _pub_todos(store, actor) == [
        ("执法案件 执案〔2026〕第0001号：处罚决定公示（20个工作日内，本地规则）",
         dt.date(2026, 11, 17), "overdue")]
    # A longer local period: not yet due.
    settings_mod.set_value(store, actor,
                           registry.setting("enforcement.publication.working_days"), 30)
    assert _pub_todos(store, actor)[0][1] == dt.date(2026, 12, 1)
    settings_mod.reset(store, actor, registry.setting("enforcement.publication.working_days"))
    with pytest.raises(ValidationError, match="不能早于处罚决定日期"):
        epub.record_publication(store, actor, cid, "2026-10-19", "街道网站")
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision")
    pid = epub.record_publication(store, actor, cid, "2026-11-20", "首都之窗行政处罚信息公示栏",
                                  "https://example.invalid/1")
    assert _pub_todos(store, actor) == []
    st = epub.status(store, actor, cid)
    assert st["required"] and st["records"][0]["document_id"] == doc.id
    clocks = {c.key: colour for c, colour in enforcement_view.case_detail(store, actor,
                                                                          cid).clocks}
    assert clocks["publication"] == "done"
    with pytest.raises(ValidationError, match="撤回原因"):
        epub.withdraw_publication(store, actor, cid, pid, "2026-11-21", "")
    epub.withdraw_publication(store, actor, cid, pid, "2026-11-21", "决定被复议机关撤销")
    assert epub.status(store, actor, cid)["records"][0]["withdrawn_on"] == "2026-11-21"
    with pytest.raises(Conflict, match="已于 2026-11-21 撤回"):
        epub.withdraw_publication(store, actor, cid, pid, "2026-11-22", "重复")
    # A record entered by mistake is voided (kept): the decision is unpublished again.
    epub.void_publication(store, actor, cid, pid, "误登记")
    assert epub.status(store, actor, cid)["records"] == []
    assert len(_pub_todos(store, actor)) == 1
    assert store.scalar("SELECT void_reason FROM enforcement_publication WHERE id = ?",
                        (pid,)) == "误登记"


def test_publication_scope_setting_and_case_mark(store, actor, items):
    cid = _decided(store, actor, items["测试事项甲"])
    scope = registry.setting("enforcement.publication.scope")
    settings_mod.set_value(store, actor, scope, "marked")
    assert _pub_todos(store, actor) == []
    with pytest.raises(ValidationError, match="理由"):
        epub.set_required(store, actor, cid, True)
    epub.set_required(store, actor, cid, True, "社会影响较大")
    assert len(_pub_todos(store, actor)) == 1
    settings_mod.reset(store, actor, registry.setting("enforcement.publication.scope"))
    epub.set_required(store, actor, cid, False, "涉及个人隐私")
    assert _pub_todos(store, actor) == []
    assert epub.status(store, actor, cid)["why"] == "涉及个人隐私"
