# SPDX-License-Identifier: MIT
"""Publication (公示) of decisions: records, withdrawal, the scope setting and the per-case
mark, and the publication todo with a fixed today (2026-11-23)."""

import datetime as dt

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core import todo
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import publication as epub
from jiedao_desk.domains.enforcement import view as enforcement_view
from tests.enforcement.conftest import new_case as _case
from tests.enforcement.conftest import notify as _notify

TODO = registry.todo_providers()


def _decided(store, actor, item_id, day="2026-10-20"):
    cid = _case(store, actor, item_id)
    _notify(store, actor, cid, 100)
    ed.decide(store, actor, cid, day, 100, "罚款")
    return cid


def _pub_todos(store, actor):
    return [(i.title, i.due, i.status) for i in todo.collect(store, actor, TODO)
            if "公示" in i.title]


def test_publication_todo_and_records(store, actor, items, district):
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
    doc = edocs.issue_document(store, actor, cid, "enforcement_penalty_decision",
                               {"evidence": "现场照片一张"})
    pid = epub.record_publication(store, actor, cid, "2026-11-20", "首都之窗行政处罚信息公示栏",
                                  "https://example.invalid/1")
    assert _pub_todos(store, actor) == []
    st = epub.summary(store, actor, cid)
    assert st.required and st.records[0].document_id == doc.id
    clocks = {c.key: colour for c, colour in enforcement_view.case_detail(store, actor,
                                                                          cid).clocks}
    assert clocks["publication"] == "done"
    with pytest.raises(ValidationError, match="撤回原因"):
        epub.withdraw_publication(store, actor, cid, pid, "2026-11-21", "")
    epub.withdraw_publication(store, actor, cid, pid, "2026-11-21", "决定被复议机关撤销")
    assert epub.summary(store, actor, cid).records[0].withdrawn_on == dt.date(2026, 11, 21)
    with pytest.raises(Conflict, match="已于 2026-11-21 撤回"):
        epub.withdraw_publication(store, actor, cid, pid, "2026-11-22", "重复")
    # A record entered by mistake is voided (kept): the decision is unpublished again.
    epub.void_publication(store, actor, cid, pid, "误登记")
    assert epub.summary(store, actor, cid).records == ()
    assert len(_pub_todos(store, actor)) == 1
    assert store.scalar("SELECT void_reason FROM enforcement_publication WHERE id = ?",
                        (pid,)) == "误登记"


def test_publication_scope_setting_and_case_mark(store, actor, items):
    cid = _decided(store, actor, items["测试事项甲"])
    scope = registry.setting("enforcement.publication.scope")
    settings_mod.set_value(store, actor, scope, "仅标记")
    assert _pub_todos(store, actor) == []
    settings_mod.set_value(store, actor, scope, "marked")  # a value stored as the old code
    assert _pub_todos(store, actor) == []
    with pytest.raises(ValidationError, match="理由"):
        epub.set_required(store, actor, cid, True)
    epub.set_required(store, actor, cid, True, "社会影响较大")
    assert len(_pub_todos(store, actor)) == 1
    settings_mod.reset(store, actor, registry.setting("enforcement.publication.scope"))
    epub.set_required(store, actor, cid, False, "涉及个人隐私")
    assert _pub_todos(store, actor) == []
    assert epub.summary(store, actor, cid).why == "涉及个人隐私"
