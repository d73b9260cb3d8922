# SPDX-License-Identifier: MIT
"""Filling approved forms: drafts, submission (locks), audited reopen, prefill, completeness.

One entry per form, period and community; its states are the table in rules.py. A community
worker fills only their own community (auth.require with the community). Fields referencing a
resident are prefilled from the resident register (居民基础信息), so the same data is typed once
and reused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.base.states import Action
from jiedao_desk.base.transition import Transition, from_rows
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core import todo
from jiedao_desk.core.auth import can, community_scope, require
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.core.settings import Setting
from jiedao_desk.domains import org as core_org
from jiedao_desk.domains import residents as core_residents
from jiedao_desk.domains.forms import rules
from jiedao_desk.domains.forms import store as forms_store
from jiedao_desk.domains.forms.definitions import FormDef, registry
from jiedao_desk.domains.forms.model import Cell, Entry
from jiedao_desk.domains.forms.values import (
    check_period,
    check_row,
    is_empty,
    period_bounds,
    previous_period,
)
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

ENTITY = rules.ENTITY

SETTINGS = settings_mod.declare(Setting(
    "forms.due_working_days", "报表期满后几个工作日内报送", 5,
    "本地约定，非法定：市、区未公布统一的报送时限，按本街道要求调整。", "报表"))


def _entry(row: dict) -> Entry:
    return Entry(row["id"], row["form_id"], row["form_version"], row["period"],
                 row["community_id"], row["community_name"], row["state"], row["rows"],
                 row["updated_at"], row["submitted_at"])


def _load(store: Store, entry_id: int) -> dict:
    """The stored entry (NotFound when there is none)."""
    row = forms_store.get(store, entry_id)
    if row is None:
        raise NotFound(f"没有编号为 {entry_id} 的报表填报记录。")
    return row


def _target(action: Action) -> str:
    """The state ``action`` leads to (every forms action that is taken here changes it)."""
    assert action.target is not None, action.key
    return action.target


def _usable(form: FormDef) -> None:
    if form.draft:
        raise ValidationError(f"“{form.name}”仍是草稿，审核通过后才能填报。")


def _require(action: str, row: dict | None, form: FormDef | None = None,
             period: str = "") -> Action:
    """The rules' action if an entry (None: nothing saved yet) may take it, else Conflict."""
    state = row["state"] if row else rules.MISSING
    subject = rules.Subject(form.name if form else "", period)
    return rules.MACHINE.require(action, state, subject)


def _resident_checker(store: Store, actor: Actor, community_id: int):
    def ok(resident_id: int) -> None:
        try:
            r = core_residents.get_resident(store, resident_id, actor)
        except NotFound:
            raise ValidationError(f"居民登记中没有编号为 {resident_id} 的居民。") from None
        if r.voided:
            raise ValidationError(f"居民“{r.name}”的登记已作废。")
        if r.community_id != community_id:
            raise ValidationError(f"居民“{r.name}”不在本社区登记。")
    return ok


def check_rows(store: Store, actor: Actor, form: FormDef, community_id: int,
               rows: list[dict]) -> tuple[list[dict], dict[tuple[int, str], str]]:
    """Check every row: (cleaned rows, {(row number from 1, field id or "_row"): message})."""
    ids = {c.id for c in core_org.list_communities(store)}
    kw: dict[str, Any] = {"community_ids": ids,
                          "resident_ok": _resident_checker(store, actor, community_id)}
    cleaned, errors = [], {}
    if form.max_rows and len(rows) > form.max_rows:
        errors[(0, "_row")] = f"本表最多填 {form.max_rows} 行（现在 {len(rows)} 行）。"
    for n, row in enumerate(rows, 1):
        clean, errs = check_row(form, row, **kw)
        cleaned.append(clean)
        errors.update({(n, k): v for k, v in errs.items()})
    return cleaned, errors


def prefill_row(store: Store, actor: Actor, form: FormDef, row: dict) -> dict:
    """Fill the empty fields that reference a resident from the resident register.

    Fields of type ``community`` left empty get nothing here (the entry's community is a
    default the UI offers). Values already typed are kept.
    """
    out = dict(row)
    for f in form.fields:
        if not f.prefill or not is_empty(out.get(f.id)):
            continue
        source, attr = f.prefill.split(".")
        rid = out.get(source)
        if rid is None or is_empty(rid):
            continue
        r = core_residents.get_resident(store, int(rid), actor)
        value = getattr(r, attr)
        out[f.id] = value.isoformat() if isinstance(value, dt.date) else (value or "")
    return out


def find_residents(store: Store, actor: Actor, community_id: int, text: str,
                   limit: int = 20) -> list[tuple[int, str]]:
    """Residents of a community matching ``text`` (name, address …) for a resident field.

    Returns:
        (resident id, label with the masked identity number) pairs, at most ``limit``.
    """
    source = core_residents.list_source(store, actor, community_id)
    if text.strip():
        source.set_search(text.strip())
    out = []
    for rid, name, _gender, masked, _birth, _phone, _c, _cid, address, *_ in source.page(0, limit):
        out.append((rid, f"{name}（{masked or '无身份证号'}{'，' + address if address else ''}）"))
    return out


def resident_label(store: Store, actor: Actor, resident_id: int) -> str:
    """Name of a referenced resident (for showing a saved value)."""
    return core_residents.get_resident(store, resident_id, actor).name


def get_entry(store: Store, actor: Actor, form_id: str, period: str,
              community_id: int) -> Entry | None:
    """The entry of a form for a period and community (None if nothing saved yet)."""
    require(actor, "forms.view", community_id)
    row = forms_store.find(store, form_id, period, community_id)
    return _entry(row) if row else None


def save_draft(store: Store, actor: Actor, form: FormDef, period: str, community_id: int,
               rows: list[dict]) -> Entry:
    """Save the rows as typed (incomplete values allowed) — a draft to continue later.

    Raises:
        Conflict: the entry is submitted (reopen it first).
    """
    require(actor, "forms.edit", community_id)
    _usable(form)
    period = check_period(form.frequency, period)
    core_org.get_community(store, community_id)
    rows = [{k: v for k, v in r.items() if not is_empty(v)} for r in rows]
    with store.atomic():
        old = forms_store.find(store, form.id, period, community_id)
        _require("save_draft", old, form, period)
        if old is None:
            eid = forms_store.insert(store, form.id, form.version, period, community_id, rows,
                                     actor.name)
            forms_store.set_state(store, eid, None, "draft", actor.name)
        else:
            eid = old["id"]
            forms_store.update_rows(store, eid, form.version, rows, actor.name)
        audit_store.record(store, actor, "forms.save_draft", ENTITY, eid,
                           old and old["rows"], {"form": form.id, "period": period,
                                                 "rows": rows})
    return _entry(_load(store, eid))


def submit(store: Store, actor: Actor, form: FormDef, period: str, community_id: int,
           rows: list[dict]) -> Entry:
    """Check every row, save the cleaned values and lock the entry (报送).

    Raises:
        ValidationError: a value is wrong or missing; the message lists the problems and
            nothing is saved.
        Conflict: already submitted.
    """
    require(actor, "forms.edit", community_id)
    _usable(form)
    period = check_period(form.frequency, period)
    cleaned, errors = check_rows(store, actor, form, community_id, rows)
    if not cleaned:
        raise ValidationError("没有任何数据，不能报送。")
    if errors:
        lines = [f"第{n}行：{msg}" if n else msg for (n, _f), msg in sorted(errors.items())]
        raise ValidationError("有以下问题，未报送：\n" + "\n".join(lines[:20]))
    with store.atomic():
        old = forms_store.find(store, form.id, period, community_id)
        action = _require("submit", old, form, period)
        if old is None:
            eid = forms_store.insert(store, form.id, form.version, period, community_id,
                                     cleaned, actor.name)
            forms_store.set_state(store, eid, None, "draft", actor.name)
        else:
            eid = old["id"]
            forms_store.update_rows(store, eid, form.version, cleaned, actor.name)
        forms_store.set_state(store, eid, "draft", _target(action), actor.name)
        audit_store.record(store, actor, "forms.submit", ENTITY, eid, old and old["rows"],
                           {"form": form.id, "period": period, "rows": cleaned})
    return _entry(_load(store, eid))


def reopen(store: Store, actor: Actor, entry_id: int, reason: str) -> Entry:
    """Unlock a submitted entry so it can be corrected; the reason is kept and audited.

    Raises:
        ValidationError: no reason given.
        Conflict: the entry is not submitted.
    """
    require(actor, "forms.edit")  # before saying whether it exists
    row = _load(store, entry_id)
    require(actor, "forms.edit", row["community_id"])
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回修改必须说明原因。", "原因")
    action = _require("reopen", row)
    with store.atomic():
        target = _target(action)
        forms_store.set_state(store, entry_id, row["state"], target, actor.name, reason)
        # the audit log keeps its "status" key
        audit_store.record(store, actor, "forms.reopen", ENTITY, entry_id,
                           {"status": row["state"]}, {"status": target, "reason": reason})
    return _entry(_load(store, entry_id))


def history(store: Store, actor: Actor, entry_id: int) -> tuple[Transition, ...]:
    """State changes of an entry (who, when, why), oldest first."""
    require(actor, "forms.view")  # before saying whether it exists
    row = _load(store, entry_id)
    require(actor, "forms.view", row["community_id"])
    return from_rows(forms_store.history(store, entry_id))



# -- completeness -----------------------------------------------------------------------------
def completeness(store: Store, actor: Actor, forms: list[FormDef],
                 periods: dict[str, list[str]] | None = None) -> list[Cell]:
    """Which community has submitted which form for which period.

    Args:
        forms: the forms to show (drafts skipped).
        periods: {form id: periods}; default the last ended period of each form.
    """
    require(actor, "forms.view")
    scope = community_scope(actor)
    communities = [c for c in core_org.list_communities(store) if scope in (None, c.id)]
    today = clock.today()
    cells = []
    for form in forms:
        if form.draft:
            continue
        wanted = (periods or {}).get(form.id) or [previous_period(form.frequency, today)]
        known = forms_store.states(store, [form.id], wanted)
        for p in wanted:
            for c in communities:
                state = known.get((form.id, p, c.id), rules.MISSING)
                cells.append(Cell(form.id, form.title, p, c.id, c.name, state))
    return cells


def todo_items(store: Store, actor: Actor, today: dt.date, cal) -> list[todo.TodoItem]:
    """A todo per real form whose last period is not submitted by a community in scope."""
    if not can(actor, "forms.edit"):
        return []
    forms = [f for f in registry(store, examples=False).forms if f.active_on(today)]
    days = int(settings_mod.get(store, SETTINGS["forms.due_working_days"]))
    items = []
    for cell in completeness(store, actor, forms):
        if cell.state == "submitted":
            continue
        form = next(f for f in forms if f.id == cell.form_id)
        _, end = period_bounds(form.frequency, cell.period)
        due = add_working_days(end, days, cal)
        items.append(todo.TodoItem(
            "forms", f"报送“{form.name}”{cell.period}（{cell.community_name}）", due.date,
            ENTITY, cell.form_id, confirmed=due.confirmed,
            basis="报送期限（本地约定，见设置）"))
    return items
