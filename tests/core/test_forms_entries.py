# SPDX-License-Identifier: MIT
"""Form entries: drafts, submit lock, audited reopen, resident prefill, export, template trip."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from jiedao_desk import paths, registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import todo
from jiedao_desk.domains.forms import (
    definitions as forms,
)
from jiedao_desk.domains.forms import (
    entries as forms_entries,
)
from jiedao_desk.domains.forms import (
    excel as forms_excel,
)
from jiedao_desk.domains.forms import store as forms_store
from jiedao_desk.domains.residents import service as core_residents
from jiedao_desk.store import audit as audit_store

TODO = registry.todo_providers()

EXAMPLES = paths.forms_dir() / "examples"
ID_A = "11010519491231002X"


@pytest.fixture
def all_types():
    return forms.load_file(EXAMPLES / "example_all_types.toml")


@pytest.fixture
def world(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    res = core_residents.add_resident(store, actor, a.id, "张秀英", ID_A, "13800138000",
                                      "1-2-301")
    worker = Actor(7, "社区李", "community_worker", a.id)
    return {"a": a, "b": b, "res": res, "worker": worker}


def good_row(world) -> dict:
    return {"holder": world["res"].id, "community": world["a"].id, "category": "老年人",
            "visit_date": "2026-10-05", "visits": "2", "problems_solved": "1",
            "subsidy": "200.5", "room": "1-2-301"}


def test_resident_prefill(store, all_types, world):
    row = forms_entries.prefill_row(store, world["worker"], all_types,
                                    {"holder": world["res"].id, "phone": "010-1234"})
    assert row["id_number"] == ID_A
    assert row["phone"] == "010-1234"  # a value already typed is kept


def test_draft_submit_lock_and_audited_reopen(store, all_types, world):
    w, a = world["worker"], world["a"].id
    draft = forms_entries.save_draft(store, w, all_types, "2026-10", a, [{"visits": "2"}])
    assert draft.status == "draft" and draft.rows == [{"visits": "2"}]
    with pytest.raises(ValidationError, match="必须填写"):
        forms_entries.submit(store, w, all_types, "2026-10", a, [{"visits": "2"}])
    assert forms_store.get(store, draft.id)["status"] == "draft"  # nothing partial

    row = forms_entries.prefill_row(store, w, all_types, good_row(world))
    sent = forms_entries.submit(store, w, all_types, "2026-10", a, [row])
    assert sent.locked and sent.rows[0]["visits"] == 2
    with pytest.raises(Conflict, match="已报送并锁定"):
        forms_entries.save_draft(store, w, all_types, "2026-10", a, [row])
    with pytest.raises(ValidationError, match="原因"):
        forms_entries.reopen(store, w, sent.id, "  ")

    again = forms_entries.reopen(store, w, sent.id, "走访次数填错")
    assert again.status == "draft"
    hist = forms_entries.history(store, w, sent.id)
    assert [(h["from_status"], h["to_status"]) for h in hist] == [
        (None, "draft"), ("draft", "submitted"), ("submitted", "draft")]
    assert hist[-1]["reason"] == "走访次数填错" and hist[-1]["actor"] == "社区李"
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
    data = forms_excel.draft_from_template(_template(tmp_path))
    data["effective_from"] = "2026-01-01"
    form = forms.parse(data)
    with pytest.raises(ValidationError, match="草稿"):
        forms_entries.save_draft(store, actor, form, "2026-10", world["a"].id, [])


def test_export_plain_layout(store, actor, all_types, world, tmp_path):
    row = forms_entries.prefill_row(store, actor, all_types, good_row(world))
    forms_entries.submit(store, actor, all_types, "2026-10", world["a"].id, [row])
    out = forms_excel.export_period(store, actor, all_types, "2026-10", tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(out)["走访月报"]
    assert ws["A1"].value == "示例：重点人群走访月报"
    assert [c.value for c in ws[2]][:4] == ["序号", "社区", "走访居民", "身份证号"]
    assert [c.value for c in ws[3]][:4] == [1, "甲社区", "张秀英", ID_A]
    assert ws["G3"].value == dt.datetime(2026, 10, 5) and ws["J3"].value == 200.5
    with pytest.raises(ValidationError, match="没有已报送"):
        forms_excel.export_period(store, actor, all_types, "2026-09", tmp_path / "x.xlsx")


def _template(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws["A1"] = "某区社区养老服务情况月报表"
    ws.merge_cells("A1:E1")
    ws["A2"] = "填报单位："
    ws["B2"] = None
    ws["D2"] = "月份："
    for c, text in enumerate(["序号", "社区", "老年人数（人）", "服务金额（元）", "联系电话"], 1):
        ws.cell(3, c, text)
    ws["A6"] = "合计"
    ws["C6"] = "=SUM(C4:C5)"
    path = tmp_path / "district.xlsx"
    wb.save(path)
    return path


def test_template_round_trip(store, actor, world, tmp_path):
    template = _template(tmp_path)
    data = forms_excel.draft_from_template(template, "elderly_monthly")
    assert data["draft"] is True and data["name"] == "某区社区养老服务情况月报表"
    assert [(f["label"], f["type"]) for f in data["fields"]] == [
        ("社区", "community"), ("老年人数（人）", "integer"), ("服务金额（元）", "decimal"),
        ("联系电话", "phone")]
    assert data["excel"]["columns"] == ["_seq", "c2", "c3", "c4", "c5"]
    assert data["excel"]["start"] == "表1!A4"
    # the administrator reviews the draft (department, dates) and registers it
    text = forms_excel.to_toml(data).replace("draft = true", "draft = false").replace(
        'effective_from = ""', 'effective_from = "2026-01-01"').replace(
        '"（待填写）"', '"区民政局"')
    text = text.replace("[excel]", '[excel.cells]\n_period = "表1!E2"\n\n[excel]')
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "elderly.toml").write_text(text, encoding="utf-8")
    reg = forms.load_registry(folder)
    assert reg.refused == []
    form = reg.get("elderly_monthly")
    for c, n in ((world["a"], "12"), (world["b"], "30")):
        forms_entries.submit(store, actor, form, "2026-10", c.id,
                             [{"c2": c.id, "c3": n, "c4": "1500", "c5": "13800138000"}])
    out = forms_excel.export_period(store, actor, form, "2026-10", tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)["表1"]
    assert ws["A1"].value == "某区社区养老服务情况月报表"  # the template's own text kept
    assert [c.value for c in ws[3]] == ["序号", "社区", "老年人数（人）", "服务金额（元）",
                                        "联系电话"]
    assert [c.value for c in ws[4]][:4] == [1, "甲社区", 12, 1500.0]
    assert [c.value for c in ws[5]][:4] == [2, "乙社区", 30, 1500.0]
    assert ws["C6"].value == "=SUM(C4:C5)" and ws["E2"].value == "2026-10"


def test_completeness_and_todo(store, actor, world, tmp_path, monkeypatch):
    form = forms.load_file(EXAMPLES / "example_quarterly_summary.toml")
    form = forms.FormDef(**{**form.__dict__, "example": False})
    forms_entries.submit(store, actor, form, "2026-Q3", world["a"].id,
                         [{"households": "3", "persons": "5"}])
    cells = forms_entries.completeness(store, actor, [form])
    assert [(c.community_name, c.period, c.status) for c in cells] == [
        ("甲社区", "2026-Q3", "submitted"), ("乙社区", "2026-Q3", "missing")]
    worker_cells = forms_entries.completeness(store, world["worker"], [form])
    assert [c.community_name for c in worker_cells] == ["甲社区"]
    monkeypatch.setattr(forms, "load_registry",
                        lambda *a, **k: forms.Registry([form], []))
    items = [i for i in todo.collect(store, actor, TODO) if i.domain == "forms"]
    assert [i.title for i in items] == ["报送“社区服务情况季报”2026-Q3（乙社区）"]
    assert items[0].status == todo.OVERDUE


def test_template_group_headers_prefix_labels(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "表名"
    ws["A2"], ws["B2"] = "社区", "老年人"
    ws.merge_cells("B2:C2")
    ws["B3"], ws["C3"] = "人数", "其中独居"
    ws["A3"] = None
    ws.merge_cells("A2:A3")
    wb.save(tmp_path / "g.xlsx")
    data = forms_excel.draft_from_template(tmp_path / "g.xlsx")
    assert [f["label"] for f in data["fields"]] == ["社区", "老年人-人数", "老年人-其中独居"]
    assert data["excel"]["start"] == "Sheet!A4"
