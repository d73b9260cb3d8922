# SPDX-License-Identifier: MIT
"""The fields every enforcement document may print (``case_data``) and the phrasing
the kinds share: amounts in words, dates as printed, the record a document prints, where a
fine is paid."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal

from jiedao_desk.base import clock
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.documents.cnformat import amount_in_words
from jiedao_desk.domains import org
from jiedao_desk.domains.enforcement import parameters
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    PENALTY_KINDS,
    SOURCES,
    Case,
    Event,
    Officer,
    told_penalties,
)
from jiedao_desk.store import Store

Builder = Callable[[Store, Case, dict], dict]


SETTINGS = settings_mod.declare(
    # 行政处罚法 第六十七条: the fine is paid at the designated bank or by electronic payment.
    Setting("enforcement.payment_account_name", "罚款缴款账户名称", "",
            "代收罚款账户的户名；未填写时决定书不印户名。", "综合执法"),
    Setting("enforcement.payment_account_no", "罚款缴款账号", "",
            "代收罚款账户的账号；未填写时决定书不印账号。", "综合执法"),
    # Who the party calls about a 事先告知书 (行政处罚法 第四十四条 asks the party be told their
    # rights; the contact line is the usual form's, reference enforcement.md §3 "contact details").
    Setting("enforcement.contact_person", "事先告知书上的联系人", "",
            "印在事先告知书上，当事人陈述申辩、申请听证时联系；未设置时该行留空由办案人员手写。",
            "综合执法"),
    Setting("enforcement.contact_phone", "事先告知书上的联系电话", "",
            "印在事先告知书上；未设置时该行留空由办案人员手写。", "综合执法"),
)
# The 复议机关 setting gates the decision itself, so it is declared with the rules; the
# documents print it (kept here under its key for the callers that look it up here).
RECONSIDERATION = parameters.RECONSIDERATION
SETTINGS = {**SETTINGS, RECONSIDERATION.key: RECONSIDERATION,
            parameters.PAYMENT_BANK.key: parameters.PAYMENT_BANK}


def _fen(yuan_text) -> int:
    return int(Decimal(str(yuan_text or "0")) * 100)


def penalty_phrase(kinds: tuple[str, ...], fine_fen: int) -> str:
    """A penalty as a document states it (行政处罚法 第九条 kinds): "警告；罚款人民币贰佰元整"
    — a fine only when there is one, so a warning never reads as a fine of nothing."""
    return "；".join(f"罚款{words(fine_fen)}" if k == "fine" else PENALTY_KINDS[k]
                    for k in kinds)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def words(fen: int) -> str:
    return amount_in_words(Decimal(fen) / 100)


def _issuer(store: Store) -> str:
    street = org.get_street(store)
    return street.name if street and street.name else "　　　　街道办事处"


def officer_lines(officers: tuple[Officer, ...]) -> str:
    return "；".join(f"{o.name}（执法证号 {o.cert_no}）" for o in officers)


def case_data(store: Store, case: Case) -> dict:
    """The fields every enforcement document may print, from the case and its first party."""
    parties = es.parties(store, case.id)
    p = parties[0] if parties else None
    events = es.events(store, case.id)
    notice = next((e.details for e in reversed(events) if e.kind == "prior_notice"), {})
    people = next((e.officers for e in events if e.officers), ())
    decision = next((d for d in documents.list_documents(store, ENTITY, case.id)
                     if d.kind == "enforcement_penalty_decision" and not d.voided), None)
    return {
        "issuer": _issuer(store), "case_id": case.id, "case_no": case.case_number or "",
        "source_label": SOURCES.get(case.source, case.source),
        "found_on": case.found_on.isoformat(), "place": case.place, "facts": case.description,
        "power_text": case.power_text, "filed_on": _iso(case.filed_on),
        "filed_approved_by": case.filed_approved_by,
        "party_name": p.name if p else "", "party_id_number": p.id_number if p else "",
        "party_address": p.address if p else "", "party_legal_rep": p.legal_rep if p else "",
        "party_is_org": "是" if p and p.kind == "org" else "",
        "party_is_person": "是" if p and p.kind != "org" else "",
        "basis": case.violated_provision or notice.get("basis", ""),
        "penalty_basis": case.penalty_provision or notice.get("penalty_basis", ""),
        "intended_penalty": penalty_phrase(told_penalties(notice), _fen(
            notice.get("intended_fine", "0"))) if notice else "",
        "fine_due": "是" if case.fine_fen else "",
        "decided_on": _iso(case.decided_on), "decision_text": case.decision_text,
        "fine_words": words(case.fine_fen if case.decided_on else int(
            Decimal(notice.get("intended_fine", "0")) * 100)),
        "served_on": _iso(case.served_on),
        "decision_number": decision.doc_number if decision else case.paper_number,
        "officer_names": "、".join(o.name for o in people),
        "officer_lines": officer_lines(people),
        "closed_on": _iso(case.closed_on), "closed_approved_by": case.closed_approved_by,
        "issue_day": clock.today().isoformat(),
        "statement_result": _statement_result(events),
    }


# The record of a party expressly giving up 陈述申辩 (行政处罚法 第六十二条: no decision before the
# party is heard unless they waived it; the waiver is recorded in a 笔录 or signed statement).
WAIVER_KIND = "statement_waiver"


def _statement_result(events: list[Event]) -> str:
    """What the decision says happened after the 事先告知: a hearing held (Art. 64/65), a
    statement heard and reviewed (Art. 45), an express waiver (Art. 62), or nothing within
    the period — only what the case records, never a default that contradicts it."""
    parts = []
    held = [e for e in events if e.kind == "hearing_held"]
    asked = next((e for e in events if e.kind == "hearing_request"), None)
    if held:
        asked_on = f"于{cn_day(asked.day)}申请听证，" if asked else ""
        parts.append(f"你（单位）{asked_on}本机关于{cn_day(held[-1].day)}依法举行了听证，"
                     "听取了你（单位）的陈述、申辩和质证意见。")
    said = [e for e in events if e.kind == "statement"]
    if said:
        review = next((e.details["review"] for e in reversed(said)
                       if e.details.get("review")), "")
        parts.append(f"你（单位）于{cn_day(said[0].day)}提出了陈述、申辩，本机关已进行复核。"
                     + (f"复核意见：{clause(review)}。" if review else ""))
    waived = next((e for e in events if e.kind == WAIVER_KIND), None)
    if waived and not parts:
        parts.append(f"你（单位）于{cn_day(waived.day)}明确表示放弃陈述、申辩。")
    if not parts:
        parts.append("你（单位）在规定期限内未提出陈述、申辩，也未要求听证。"
                     if any(e.kind == "prior_notice" and e.details.get("hearing")
                            for e in events)
                     else "你（单位）在规定期限内未提出陈述、申辩。")
    return "".join(parts)


def cn_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def clause(text: str) -> str:
    """Facts as a clause to continue a sentence (no trailing full stop)."""
    return str(text).strip().rstrip("。；;.，,")


def event_of(store: Store, case: Case, kind: str, data: dict, missing: str) -> Event:
    """The record the document prints: ``data['event_id']`` if given, else the latest one."""
    rows = es.events(store, case.id, kind)
    wanted = str(data.get("event_id", "")).strip()
    if wanted:
        rows = [e for e in rows if str(e.id) == wanted]
    if not rows:
        raise ValidationError(missing, "event")
    return rows[-1]


class _Details(dict):
    """An event's details to fill a wording: a detail the record lacks prints blank."""

    def __missing__(self, key: str) -> str:
        return ""


def evidence_list(store: Store, case: Case, wording: Mapping[str, str]) -> list[str]:
    """The evidence in the case file, in the order recorded: each record of a kind
    ``wording`` names, worded by it (``{day}`` the record's day as printed, any other field
    one of its details)."""
    return [wording[ev.kind].format_map(_Details(ev.details, day=cn_day(ev.day)))
            for ev in es.events(store, case.id) if ev.kind in wording]


# How the power catalogue marks a provision it could not find (resources/catalogs/).
CATALOG_NOTE = re.compile(r"未见|未查到|待核")


def _setting(store: Store, key: str) -> str:
    return str(settings_mod.get(store, SETTINGS[key]) or "").strip()


def payment_place(store: Store, paper: str) -> str:
    """Where the fine is paid (Art. 67): the bank, account name and number from the settings.

    行政处罚法 第六十七条: the authority deciding a fine does not collect it (罚缴分离); the
    party pays "到指定的银行或者通过电子支付系统" within 15 days. A paper asking for payment
    must name that bank, so it is refused while the bank setting is empty (the account name
    and number are printed when set: some banks collect by a payment code instead).
    """
    def get(key: str) -> str:
        return _setting(store, key)

    bank = get("enforcement.payment_bank")
    if not bank:  # issuing is refused first (rules, payment_bank_set); a preview too
        raise ValidationError(parameters.payment_bank_refusal(paper), "payment_bank")
    account = "，".join(x for x in (
        f"户名：{get('enforcement.payment_account_name')}"
        if get("enforcement.payment_account_name") else "",
        f"账号：{get('enforcement.payment_account_no')}"
        if get("enforcement.payment_account_no") else "") if x)
    return f"{bank}（{account}）" if account else bank

