# SPDX-License-Identifier: MIT
"""People's mediation: corrections — edit a case's particulars, a party, a work record; void a
work record. Nothing is deleted: a voided record stays with its reason, and every change keeps
the old values in the audit log.

What a live issued document printed is frozen (core/documents.py): a field it shows cannot
change until that document is voided, and a correction is a new document (rules.NOT_PRINTED).
"""

from __future__ import annotations

import datetime as dt
import json

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import auth, documents, validate
from jiedao_desk.domains.mediation import rules
from jiedao_desk.domains.mediation import store as med_store
from jiedao_desk.domains.mediation.actions import clean_record
from jiedao_desk.domains.mediation.cases import (
    check_dispute_type,
    clean_party,
    facts_of,
    get_case,
    live_case,
    reindex,
)
from jiedao_desk.domains.mediation.model import SOURCES, Case
from jiedao_desk.domains.mediation.rules import ENTITY, RECORD_KINDS
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

# Document kinds that print the case particulars or the parties (intake, application…).
_PARTICULAR_KINDS = ("mediation_application", "mediation_intake", "mediation_agreement",
                     "mediation_oral_agreement", "mediation_judicial_confirmation",
                     "mediation_judicial_confirmation_org")


def _printed(store: Store, case_id: int, kinds: tuple[str, ...],
             event_id: int | None = None) -> tuple[tuple[str, str], ...]:
    """(title, issued date) of the live documents of ``kinds`` that printed this case's data
    (or, for ``event_id``, that work record)."""
    return tuple((d.title, d.issued_date) for d in documents.list_documents(store, ENTITY, case_id)
                 if not d.voided and d.kind in kinds
                 and (event_id is None or d.data(store).get("event_id") in (event_id, None)))


def edit_case(store: Store, actor: Actor, case_id: int, *, dispute_type: str | None = None,
                summary: str | None = None, claims: list[str] | None = None,
                referred_by: str | None = None) -> Case:
    """Correct the particulars of a case (纠纷类型、简要情况、申请事项、移送单位).

    Only the fields given change. Raises ValidationError for a bad value, Conflict when the
    case is archived or voided or a live document printed these particulars.
    """
    auth.require(actor, "mediation.edit")
    changes: dict = {}
    if summary is not None:
        changes["summary"] = validate.required_text(summary, "纠纷简要情况", 4000)
    if claims is not None:
        changes["claims"] = json.dumps([c.strip() for c in claims if c and c.strip()],
                                       ensure_ascii=False)
    with store.atomic():
        row = live_case(store, case_id, "edit_case")
        if dispute_type is not None and dispute_type != row["dispute_type"]:
            day = dt.date.fromisoformat(row["received_on"])
            changes["dispute_type_version_id"] = check_dispute_type(store, dispute_type, day)
            changes["dispute_type"] = dispute_type
        if referred_by is not None:
            if row["source"] != "referral":
                raise ValidationError(f"该案件来源为{SOURCES[row['source']]}，没有移送单位。",
                                      "referred_by")
            changes["referred_by"] = validate.required_text(referred_by, "移送单位", 200)
        changes = {k: v for k, v in changes.items() if v != row.get(k)}
        if not changes:
            raise ValidationError("没有修改任何内容。")
        rules.require("edit_case", facts_of(store, row, changing="案件情况",
                                            printed=_printed(store, case_id, _PARTICULAR_KINDS)))
        med_store.update_case(store, case_id, **changes)
        audit_store.record(store, actor, "mediation.update", ENTITY, case_id,
                           {k: row[k] for k in changes}, changes)
        reindex(store, case_id)
    return get_case(store, actor, case_id)


def edit_party(store: Store, actor: Actor, case_id: int, party_id: int, changes: dict) -> Case:
    """Correct one party's particulars (same checks as at registration: ID number, phone…)."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, "edit_party")
        rows = med_store.parties(store, case_id)
        old = next((p for p in rows if p["id"] == party_id), None)
        if old is None:
            raise NotFound(f"该案件没有编号为 {party_id} 的当事人。")
        changes = dict(changes or {})
        bad = set(changes) - set(med_store.PARTY_FIELDS) - {"role", "kind"}
        if bad or any(changes.get(k, old[k]) != old[k] for k in ("role", "kind")):
            raise ValidationError("只能修改当事人的具体情况；身份（申请人/被申请人）或类别"
                                  "（自然人/单位）登记错误的，请作废案件后重新登记。", "party")
        merged = {k: old[k] for k in med_store.PARTY_FIELDS}
        merged.update(changes)
        if "id_number" in changes:  # gender and birth date are re-derived from the number
            merged["birth_date"] = changes.get("birth_date")
            merged["gender"] = changes.get("gender", "")
        values = clean_party(merged, old["seq"])
        diff = {k: v for k, v in values.items() if v != old[k]}
        if not diff:
            raise ValidationError("没有修改任何内容。")
        rules.require("edit_party", facts_of(store, row, changing="当事人信息",
                                             printed=_printed(store, case_id, _PARTICULAR_KINDS)))
        med_store.update_party(store, party_id, diff)
        audit_store.record(store, actor, "mediation.party.update", ENTITY, case_id,
                           {"party_id": party_id, **{k: old[k] for k in diff}},
                           {"party_id": party_id, **diff})
        reindex(store, case_id)
    return get_case(store, actor, case_id)


def _event(store: Store, case_id: int, event_id: int) -> dict:
    row = med_store.get_event(store, event_id)
    if row is None or row["case_id"] != case_id:
        raise NotFound(f"该案件没有编号为 {event_id} 的记录。")
    if row["voided_at"]:
        raise Conflict("该记录已作废。")
    return row


_DOC_OF_RECORD = {"investigation": ("mediation_investigation_record",),
                  "session": ("mediation_session_record",), "follow_up": ("mediation_follow_up",),
                  "risk": ()}


def edit_record(store: Store, actor: Actor, case_id: int, event_id: int, detail: dict,
                on=None) -> Case:
    """Correct a work record (investigation, session, risk flag, follow-up visit)."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, "edit_record")
        ev = _event(store, case_id, event_id)
        merged = {**json.loads(ev["detail"]), **(detail or {})}
        clean = clean_record(ev["kind"], merged)
        day = validate.date(on or ev["on_date"], "记录日期", not_after_today=True)
        if row["accepted_on"] and day < dt.date.fromisoformat(row["accepted_on"]):
            raise ValidationError("记录日期不能早于受理日期。", "on_date")
        text = json.dumps(clean, ensure_ascii=False)
        if text == ev["detail"] and day.isoformat() == ev["on_date"]:
            raise ValidationError("没有修改任何内容。")
        printed = _printed(store, case_id, _DOC_OF_RECORD[ev["kind"]], event_id)
        rules.require("edit_record", facts_of(store, row, changing=RECORD_KINDS[ev["kind"]],
                                              printed=printed))
        med_store.update_event(store, event_id, day.isoformat(), text)
        audit_store.record(store, actor, f"mediation.record.{ev['kind']}.update", ENTITY,
                           case_id, {"event_id": event_id, "on_date": ev["on_date"],
                                     **json.loads(ev["detail"])},
                           {"event_id": event_id, "on_date": day.isoformat(), **clean})
    return get_case(store, actor, case_id)


def void_record(store: Store, actor: Actor, case_id: int, event_id: int, reason: str) -> Case:
    """Void a work record entered by mistake (it stays on record with the reason)."""
    auth.require(actor, "mediation.edit")
    reason = validate.required_text(reason, "作废原因", 500)
    with store.atomic():
        row = live_case(store, case_id, "void_record")
        ev = _event(store, case_id, event_id)
        printed = _printed(store, case_id, _DOC_OF_RECORD[ev["kind"]], event_id)
        rules.require("void_record", facts_of(store, row, record_kind=ev["kind"],
                                              changing=RECORD_KINDS[ev["kind"]],
                                              printed=printed))
        med_store.void_event(store, event_id, reason)
        audit_store.record(store, actor, f"mediation.record.{ev['kind']}.void", ENTITY,
                           case_id, {"event_id": event_id, "voided": False},
                           {"event_id": event_id, "reason": reason})
    return get_case(store, actor, case_id)
