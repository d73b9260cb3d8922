# SPDX-License-Identifier: MIT
"""Form entries: drafts, submit lock, audited reopen, resident prefill, completeness, todo."""

from __future__ import annotations

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import todo
from jiedao_desk.domains.forms import definitions as forms
from jiedao_desk.domains.forms import entries as forms_entries
from jiedao_desk.domains.forms import excel as forms_excel
from jiedao_desk.domains.forms import store as forms_store
from jiedao_desk.store import audit as audit_store
from tests.forms.support import EXAMPLES, ID_A, district_template, good_row

TODO = registry.todo_providers()


def test_resident_prefill(store, all_types, world):
    row = forms_entries.prefill_row(store, world["worker"], all_types,
                                    {"holder": world["res"].id, "phone": "010-1234"})
    assert row["id_number"] == ID_A
    assert row["phone"] == "010-1234"  # a value already typed is kept


def test_draft_submit_lock_and_audited_reopen(store, all_types, world):
    w, a = world["worker"], world["a"].id
    draft = forms_entries.save_draft(store, w, all_types, "2026-10", a, [{"visits": "2"}])
    assert draft.state == "draft" and draft.rows == [{"visits": "2"}]
    with pytest.raises(ValidationError, match="必须填写"):
        forms_entries.submit(store, w, all_types, "2026-10", a, [{"visits": "2"}])
    assert forms_store.get(store, draft.id)["state"] == "draft"  # nothing partial

    row = forms_entries.prefill_row(store, w, all_types, good_row(world))
    sent = forms_entries.submit(store, w, all_types, "2026-10", a, [row])
    assert sent.locked and sent.rows[0]["visits"] == 2
    with pytest.raises(Conflict, match="已报送并锁定"):
        forms_entries.save_draft(store, w, all_types, "2026-10", a, [row])
    with pytest.raises(ValidationError, match="原因"):
        forms_entries.reopen(store, w, sent.id, "  ")

    again = forms_entries.reopen(store, w, sent.id, "走访次数填错")
    assert again.state == "draft"
    hist = forms_entries.history(store, w, sent.id)
    assert [(h.from_state, h.to_state) for h in hist] == [
        (None, "draft"), ("draft", "submitted"), ("submitted", "draft")]
    assert hist[-1].reason == "走访次数填错" and hist[-1].actor_name == "社区李"
    actions = [r["action"] for r in store.rows(
        "SELECT action FROM audit_log WHERE entity = 'forms_entry' ORDER BY id")]
    assert actions == ["forms.save_draft", "forms.submit", "forms.reopen"]
    assert audit_store  # chain verified elsewhere; the rows are there


def test_worker_only_own_community(store, all_types, world):
    with pytest.raises(PermissionDenied):
        forms_entries.save_draft(store, world["worker"], all_types, "2026-10", world["b"].id,
                                 [{"visits": "1"}])


def test_resident_of_other_community_refused(store, actor, all_types, world):
    row = {**good_row(world), "id_number": ID_A}
    with pytest.raises(ValidationError, match="不在本社区"):
        forms_entries.submit(store, actor, all_types, "2026-10", world["b"].id, [row])


def test_draft_form_cannot_be_filled(store, actor, world, tmp_path):
    data = forms_excel.draft_from_template(district_template(tmp_path))
    data["effective_from"] = "2026-01-01"
    form = forms.parse(data)
    with pytest.raises(ValidationError, match="草稿"):
        forms_entries.save_draft(store, actor, form, "2026-10", world["a"].id, [])


def test_completeness_and_todo(store, actor, world, tmp_path, monkeypatch):
    form = forms.load_file(EXAMPLES / "example_quarterly_summary.toml")
    form = forms.FormDef(**{**form.__dict__, "example": False})
    forms_entries.submit(store, actor, form, "2026-Q3", world["a"].id,
                         [{"households": "3", "persons": "5"}])
    cells = forms_entries.completeness(store, actor, [form])
    assert [(c.community_name, c.period, c.state) for c in cells] == [
        ("甲社区", "2026-Q3", "submitted"), ("乙社区", "2026-Q3", "missing")]
    worker_cells = forms_entries.completeness(store, world["worker"], [form])
    assert [c.community_name for c in worker_cells] == ["甲社区"]
    monkeypatch.setattr(forms, "load_registry",
                        lambda *a, **k: forms.Registry([form], []))
    items = [i for i in todo.collect(store, actor, TODO) if i.domain == "forms"]
    assert [i.title for i in items] == ["报送“社区服务情况季报”2026-Q3（乙社区）"]
    assert items[0].status == todo.OVERDUE


def test_todo_colours_and_roles(store, actor, world, monkeypatch):
    """The quarterly form's missing report: overdue / today / tomorrow / later by its due
    date, and only for those who fill forms (a community worker: their community only)."""
    import datetime as dt

    from jiedao_desk.base import clock
    from jiedao_desk.base.actor import Actor

    form = forms.load_file(EXAMPLES / "example_quarterly_summary.toml")
    form = forms.FormDef(**{**form.__dict__, "example": False})
    monkeypatch.setattr(forms, "load_registry", lambda *a, **k: forms.Registry([form], []))

    def items(who, day):
        with clock.frozen(day):
            return [i for i in todo.collect(store, who, TODO) if i.domain == "forms"]

    [first, *_] = items(actor, dt.date(2026, 10, 1))
    due = first.due
    cases = {due + dt.timedelta(days=1): (todo.OVERDUE, "超期"),
             due: (todo.DUE_SOON, "今天到期"),
             due - dt.timedelta(days=1): (todo.DUE_SOON, "明天到期"),
             dt.date(2026, 10, 1): (todo.OK, "个工作日")}  # the quarter just ended
    for day, (status, words) in cases.items():
        same = [i for i in items(actor, day) if i.title == first.title]
        assert same and same[0].status == status and words in same[0].when, (day, same)
    day = dt.date(2026, 10, 1)
    worker_titles = {i.title for i in items(world["worker"], day)}
    assert worker_titles and all("甲社区" in t for t in worker_titles)
    for role in ("readonly", "mediator", "enforcement_officer"):
        assert items(Actor(9, "某人", role), day) == []
