# SPDX-License-Identifier: MIT
"""The data each enforcement document prints: the fields every kind shares (``case_data``)
and one builder per kind that records a step of the case.

A builder gets the common fields (merged with the officer's extra values where noted) and
returns the data its TOML text prints; it raises a Chinese ValidationError when the step the
document records has not been registered yet. Statutory contents per kind are cited in
resources/documents/<kind>.toml. The dossier's own cover and index are built in ``dossier``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from jiedao_desk.base import clock
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog, documents, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.documents.cnformat import amount_in_words, small_count
from jiedao_desk.domains import org
from jiedao_desk.domains.enforcement import parameters
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import (
    payment_schedule,
    payments,
    period_due,
    schedule_surcharge,
)
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    PENALTY_KINDS,
    SERVED_WHAT,
    SERVICE_METHODS,
    SOURCES,
    Case,
    Event,
    Officer,
    told_penalties,
)
from jiedao_desk.domains.enforcement.tiers import describe
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


def _penalty_phrase(kinds: tuple[str, ...], fine_fen: int) -> str:
    """A penalty as a document states it (行政处罚法 第九条 kinds): "警告；罚款人民币贰佰元整"
    — a fine only when there is one, so a warning never reads as a fine of nothing."""
    return "；".join(f"罚款{_words(fine_fen)}" if k == "fine" else PENALTY_KINDS[k]
                    for k in kinds)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _words(fen: int) -> str:
    return amount_in_words(Decimal(fen) / 100)


def _issuer(store: Store) -> str:
    street = org.get_street(store)
    return street.name if street and street.name else "　　　　街道办事处"


def _officer_lines(officers: tuple[Officer, ...]) -> str:
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
        "intended_penalty": _penalty_phrase(told_penalties(notice), _fen(
            notice.get("intended_fine", "0"))) if notice else "",
        "fine_due": "是" if case.fine_fen else "",
        "decided_on": _iso(case.decided_on), "decision_text": case.decision_text,
        "fine_words": _words(case.fine_fen if case.decided_on else int(
            Decimal(notice.get("intended_fine", "0")) * 100)),
        "served_on": _iso(case.served_on),
        "decision_number": decision.doc_number if decision else case.paper_number,
        "officer_names": "、".join(o.name for o in people),
        "officer_lines": _officer_lines(people),
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
        asked_on = f"于{_cn_day(asked.day)}申请听证，" if asked else ""
        parts.append(f"你（单位）{asked_on}本机关于{_cn_day(held[-1].day)}依法举行了听证，"
                     "听取了你（单位）的陈述、申辩和质证意见。")
    said = [e for e in events if e.kind == "statement"]
    if said:
        review = next((e.details["review"] for e in reversed(said)
                       if e.details.get("review")), "")
        parts.append(f"你（单位）于{_cn_day(said[0].day)}提出了陈述、申辩，本机关已进行复核。"
                     + (f"复核意见：{_clause(review)}。" if review else ""))
    waived = next((e for e in events if e.kind == WAIVER_KIND), None)
    if waived and not parts:
        parts.append(f"你（单位）于{_cn_day(waived.day)}明确表示放弃陈述、申辩。")
    if not parts:
        parts.append("你（单位）在规定期限内未提出陈述、申辩，也未要求听证。"
                     if any(e.kind == "prior_notice" and e.details.get("hearing")
                            for e in events)
                     else "你（单位）在规定期限内未提出陈述、申辩。")
    return "".join(parts)


def _cn_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _hm(hhmm: str) -> str:
    """"09:05" → "9时05分" as a 笔录 prints the time."""
    h, m = hhmm.split(":")
    return f"{int(h)}时{m}分"


# -- kinds printing the record as registered (the officer's extra values win) -----------------
def prior_notice(store: Store, case: Case, data: dict) -> dict:
    """行政处罚事先告知书 (Art. 44), dated its 告知 day (not the print day): the 陈述申辩
    period (the working-day setting of the decision gate, ``parameters.STATEMENT_DAYS``), the
    contact person and phone (settings) and, when told, the hearing rights."""
    events = es.events(store, case.id, "prior_notice")
    if not events:
        raise ValidationError("请先登记事先告知（拟处罚内容、事实和依据）。", "notice")
    notice = events[-1].details  # a heavier penalty is told again; the latest notice counts
    data["issue_day"] = events[-1].day.isoformat()
    # Art. 44: the 告知书 states the facts the authority established, not the lead's summary.
    data["facts"] = _clause(notice["facts"])
    days = parameters.statement_days(store)
    count = small_count(days) if days < 100 else str(days)
    data["statement_period"] = f"收到本告知书之日起{count}个工作日内"
    person = str(settings_mod.get(store, SETTINGS["enforcement.contact_person"]) or "").strip()
    phone = str(settings_mod.get(store, SETTINGS["enforcement.contact_phone"]) or "").strip()
    data["contact"] = "　".join(x for x in (person, phone) if x) or "＿" * 12
    if notice.get("hearing"):
        data["hearing_text"] = (
            "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）"
            "有权要求举行听证。如要求听证，应当在收到本告知书之日起五个工作日内"
            "向本机关提出；逾期未提出的，视为放弃听证权利。")
    return data


def _record(kind: str, title: str) -> Builder:
    def build(store: Store, case: Case, data: dict) -> dict:
        rec = es.events(store, case.id, kind)
        if not rec:
            raise ValidationError(f"请先登记{title}的内容。", "record")
        r = rec[-1]
        start, end = r.details.get("start", ""), r.details.get("end", "")
        data.update(record_day=r.day.isoformat(), body=r.details["summary"].splitlines(),
                    interviewee=r.details.get("interviewee", ""),
                    officer_lines=_officer_lines(r.officers),
                    # the times it was made; blanks to fill in by hand when not entered
                    record_time=(f"{_cn_day(r.day)}{_hm(start)}至{_hm(end)}" if start
                                 else f"{_cn_day(r.day)}　　时　　分至　　时　　分"))
        return data
    build.__doc__ = f"{title}: the latest one registered, with its officers."
    return build


# The issued document each kind of service delivers (SERVED_WHAT keys), newest first wins.
SERVED_KINDS = {"prior_notice": ("enforcement_prior_notice",),
                "decision": ("enforcement_penalty_decision", "enforcement_on_the_spot_decision"),
                "demand": ("enforcement_demand",),
                "rectification": ("enforcement_rectification_notice",)}


def _served_number(store: Store, case: Case, details: dict) -> str:
    """The number of the document served: the one the service names, else the latest live
    one of its kind (a paper form's typed number included)."""
    docs = documents.list_documents(store, ENTITY, case.id)
    named = details.get("document_id")
    if named:
        found = next((d for d in docs if d.id == named), None)
        if found:
            return found.doc_number or case.paper_number
    kinds = SERVED_KINDS.get(details.get("what", ""), ())
    live = [d for d in docs if d.kind in kinds and not d.voided]
    if live:
        return live[-1].doc_number or case.paper_number
    return case.paper_number if details.get("what") == "decision" else ""


def service_receipt(store: Store, case: Case, data: dict) -> dict:
    """送达回证 of one service: the one chosen (``event_id``), else the latest. It prints the
    served document's number, leaves the recipient's signature blank to be signed by hand,
    and lists every service of the same document when it was served more than once."""
    e = _event(store, case, "service", data, "请先登记送达情况。")
    s = e.details
    data.update(served_doc_title=SERVED_WHAT[s["what"]],
                method_label=SERVICE_METHODS[s["method"]], served_on=e.day.isoformat(),
                receiver=s.get("receiver", ""), witnesses="、".join(s.get("witnesses", [])),
                receipt=s.get("receipt", ""), served_place=data["party_address"])
    data.setdefault("served_doc_number", _served_number(store, case, s))
    same = [x for x in es.events(store, case.id, "service") if x.details["what"] == s["what"]
            and x.details.get("document_id") == s.get("document_id")]
    data["all_services"] = [
        {"day": _cn_day(x.day), "method": SERVICE_METHODS[x.details["method"]],
         "receiver": x.details.get("receiver", ""),
         "witnesses": "、".join(x.details.get("witnesses", [])),
         "receipt": x.details.get("receipt", "")} for x in same] if len(same) > 1 else []
    return data


def demand(store: Store, case: Case, data: dict) -> dict:
    """催告书 (行政强制法 第五十四条), dated its 催告 day (not the print day), with the 加处罚款
    owed on that day (Art. 72; per instalment after a 延期／分期 approval)."""
    if not case.served_on:
        raise ValidationError("处罚决定书尚未送达。", "served_on")
    events = es.events(store, case.id)
    made = [e for e in events if e.kind == "demand"]
    if not made:
        raise ValidationError("请先登记催告（催告日期）。", "demand")
    if not data["decision_number"]:
        # 行政强制法 第三十五条: the 催告书 names the decision whose obligation it demands.
        raise ValidationError("请先出具行政处罚决定书：催告书须载明所催告履行的处罚决定书文号"
                              "（行政强制法 第三十五条）。", "decision_number")
    day = made[-1].day
    _, extra_yuan = schedule_surcharge(payment_schedule(case, events, load_calendar(store)),
                                       payments(events), day)
    extra_fen = int(round(extra_yuan * 100))
    data.update(issue_day=day.isoformat(), surcharge_words=_words(extra_fen),
                total_words=_words(case.fine_fen + extra_fen))
    data["payment_place"] = _payment_place(store, "催告书") + "或者通过电子支付系统"
    return data


def closing_approval(store: Store, case: Case, data: dict) -> dict:
    """结案审批表: the payment and the result recorded at 结案."""
    data["paid_text"] = (f"已于{_cn_day(case.paid_on)}缴纳罚款{_words(case.paid_fen)}。"
                         if case.paid_on else "")
    data.setdefault("result", next((e.details["result"] for e in es.events(
        store, case.id, "close")), ""))
    return data


RECORD_BUILDERS: dict[str, Builder] = {
    "enforcement_prior_notice": prior_notice,
    "enforcement_inspection_record": _record("inspection", "现场检查笔录"),
    "enforcement_inquiry_record": _record("inquiry", "询问笔录"),
    "enforcement_demand": demand,
    "enforcement_closing_approval": closing_approval,
}


# -- kinds built from the case's records (the case's records win) -----------------------------
def _event(store: Store, case: Case, kind: str, data: dict, missing: str) -> Event:
    """The record the document prints: ``data['event_id']`` if given, else the latest one."""
    rows = es.events(store, case.id, kind)
    wanted = str(data.get("event_id", "")).strip()
    if wanted:
        rows = [e for e in rows if str(e.id) == wanted]
    if not rows:
        raise ValidationError(missing, "event")
    return rows[-1]


def _power_basis(store: Store, case: Case) -> str:
    if not case.power_item_id or case.power_version_id is None:  # both are set at 立案
        return ""
    item = next((i for i in catalog.items(store, case.power_version_id)
                 if i.id == case.power_item_id), None)
    basis = str(item.extra.get("legal_basis", "")) if item else ""
    # a catalogue note such as "（条款未见）" is for the staff, never a printed legal basis
    return "" if _CATALOG_NOTE.search(basis) else basis


# How the power catalogue marks a provision it could not find (resources/catalogs/).
_CATALOG_NOTE = re.compile(r"未见|未查到|待核")


def _basis(store: Store, case: Case, data: dict) -> str:
    """The legal basis: given, from the prior notice, else the power item's ``legal_basis``."""
    basis = str(data.get("basis") or "").strip() or _power_basis(store, case)
    if not basis:
        raise ValidationError(
            "本案尚无处罚依据：请先登记事先告知，或在出具时填写 basis（处罚依据）。", "basis")
    return basis


def _proposal_words(store: Store, case: Case, data: dict) -> str:
    """Amount in words of the proposed or decided fine ('' when none is known yet)."""
    if str(data.get("proposed_fine", "")).strip():
        try:
            return amount_in_words(Decimal(str(data["proposed_fine"]).strip()))
        except (InvalidOperation, ValueError):
            raise ValidationError(f"拟罚款金额“{data['proposed_fine']}”无效。", "proposed_fine") \
                from None
    if case.decided_on or es.events(store, case.id, "prior_notice"):
        return data["fine_words"]
    return ""


def _clause(text: str) -> str:
    """Facts as a clause to continue a sentence (no trailing full stop)."""
    return str(text).strip().rstrip("。；;.，,")


def _established_facts(store: Store, case: Case, data: dict) -> str:
    """The facts the documents after the investigation state: those told at the latest
    事先告知 (行政处罚法 第四十四条), else the facts the officer entered when issuing, else
    the lead's summary (all a case has before the investigation ends)."""
    told = es.events(store, case.id, "prior_notice")
    return _clause(told[-1].details.get("facts") or data["facts"] if told else data["facts"])


def _review_common(store: Store, case: Case, data: dict) -> dict:
    data["facts"] = _established_facts(store, case, data)
    data["basis"] = _basis(store, case, data)
    data["proposal_words"] = _proposal_words(store, case, data)
    data["discretion_text"] = describe(store, case.id)
    return data


def case_source(store: Store, case: Case, data: dict) -> dict:
    """案件来源登记表: the lead as registered."""
    data.setdefault("registrant", data["officer_names"])
    return data


def preservation_notice(store: Store, case: Case, data: dict) -> dict:
    """证据先行登记保存通知书 with the 7-working-day disposal date (Art. 56)."""
    e = _event(store, case, "preservation", data,
               "请先登记先行登记保存（物品、批准人、执法人员）。")
    data.update(preserve_day=e.day.isoformat(), preserve_items=e.details["items"],
                approved_by=e.details["approved_by"], officer_lines=_officer_lines(e.officers),
                disposal_due=period_due("registered_preservation", e.day,
                                        load_calendar(store)).date.isoformat())
    data.setdefault("preserve_place", data["place"])
    data["facts"] = _clause(data["facts"])
    return data


def hearing_rights_notice(store: Store, case: Case, data: dict) -> dict:
    """听证告知书: only when the prior notice told hearing rights (Art. 63)."""
    e = _event(store, case, "prior_notice", data, "请先登记事先告知。")
    if not e.details.get("hearing"):
        raise ValidationError(
            "本案事先告知未告知听证权利（不属第六十三条情形），不出具听证告知书。", "hearing")
    data.update(facts=_clause(e.details["facts"]), notice_day=e.day.isoformat())
    return data


def hearing_notice(store: Store, case: Case, data: dict) -> dict:
    """听证通知书: time and place, notified ≥7 working days before (Art. 64, checked when
    the hearing was scheduled)."""
    e = _event(store, case, "hearing_scheduled", data, "请先登记听证时间地点（听证通知）。")
    data.update(notice_day=e.day.isoformat(), hearing_on=e.details["hearing_on"],
                hearing_place=e.details["place"])
    if e.details.get("host"):  # named when the hearing was scheduled (Art. 64 (4))
        data["host"] = e.details["host"]
    data["facts"] = _established_facts(store, case, data)
    return data


def rectification_notice(store: Store, case: Case, data: dict) -> dict:
    """责令（限期）改正通知书 (行政处罚法 第二十八条): the established facts (see
    ``_established_facts``) and what to correct by when, dated its 责令 day (the order is
    given that day; a print day would date it after its own deadline)."""
    data["facts"] = _established_facts(store, case, data)
    if not str(data.get("order_day") or "").strip() or not data.get("deadline"):
        return data  # asked for with the wording's other missing fields
    ordered = validate.date(data["order_day"], "责令改正日期", not_after_today=True)
    deadline = validate.date(data["deadline"], "改正期限")
    if deadline < ordered:
        raise ValidationError(f"改正期限（{_cn_day(deadline)}）不能早于责令改正日期"
                              f"（{_cn_day(ordered)}）。", "deadline")
    data.update(order_day=ordered.isoformat(), issue_day=ordered.isoformat(),
                deadline=deadline.isoformat())
    return data


def statement_record(store: Store, case: Case, data: dict) -> dict:
    """陈述申辩笔录: the party's statement, recorded by ≥2 officers with their IDs."""
    e = _event(store, case, "statement", data, "请先登记当事人的陈述、申辩。")
    d = e.details
    data.update(record_day=e.day.isoformat(), stater=d["person"],
                body=d["statement"].splitlines(), officer_lines=_officer_lines(e.officers),
                review=d.get("review", ""))
    data["record_place"] = d.get("place") or data.get("record_place") or ""
    data["facts"] = _established_facts(store, case, data)
    return data


def investigation_report(store: Store, case: Case, data: dict) -> dict:
    """案件调查终结报告 (Art. 57): facts, evidence, basis, proposal, the officers' opinion."""
    e = _event(store, case, "investigation_end", data,
               "请先登记调查终结（审查环节 investigation_end）。")
    evidence = []
    for ev in es.events(store, case.id):
        day = _cn_day(ev.day)
        if ev.kind == "inspection":
            evidence.append(f"现场检查笔录（{day}）")
        elif ev.kind == "inquiry":
            evidence.append(f"询问笔录（{day}，被询问人{ev.details['interviewee']}）")
        elif ev.kind == "evidence":
            evidence.append(f"{ev.details['description']}（{day}）")
    data.setdefault("evidence_text", "；".join(evidence))
    data.update(report_day=e.day.isoformat(), report_by=e.details["by"],
                opinion=e.details["opinion"])
    return _review_common(store, case, data)


def legal_review(store: Store, case: Case, data: dict) -> dict:
    """法制审核意见 (Art. 58): reviewer, date, opinion, and why the case needs review."""
    e = _event(store, case, "legal_review", data, "请先登记法制审核（审查环节 legal_review）。")
    data.update(review_day=e.day.isoformat(), reviewer=e.details["by"],
                opinion=e.details["opinion"])
    if es.events(store, case.id, "hearing_held"):
        data.setdefault("review_reason", "本案经过听证程序（行政处罚法 第五十八条第一款第二项）。")
    return _review_common(store, case, data)


def collective_discussion(store: Store, case: Case, data: dict) -> dict:
    """集体讨论记录 (Art. 57 ¶2): who took part, when, the conclusion."""
    e = _event(store, case, "collective_discussion", data,
               "请先登记集体讨论（审查环节 collective_discussion）。")
    data.update(meeting_day=e.day.isoformat(), participants=e.details["by"],
                conclusion=e.details["opinion"])
    return _review_common(store, case, data)


def _reconsideration_body(store: Store) -> str:
    """The district people's government (setting); refuses while it is not filled in."""
    body = str(settings_mod.get(store, RECONSIDERATION) or "").strip()
    if not body:
        raise ValidationError(
            "尚未设置行政复议机关：请管理员在“设置—综合执法—行政复议机关（本区人民政府全称）”"
            "中填写本区人民政府全称（如“北京市××区人民政府”，行政复议法 第二十四条），"
            "然后再出具处罚决定书。", "reconsideration_body")
    return body


def _setting(store: Store, key: str) -> str:
    return str(settings_mod.get(store, SETTINGS[key]) or "").strip()


def _payment_place(store: Store, paper: str) -> str:
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


# "罚款", "并处罚款5000元", "罚款人民币伍仟元整", "罚款五千元": the fine as the officer wrote it
_FINE_WORDS = re.compile(
    r"(并处)?罚款(人民币)?[0-9０-９,，.．零壹贰叁肆伍陆柒捌玖拾佰仟〇一二两三四五六七八九十百千万]*"
    r"(元)?(整)?")


def _penalty_text(decision_text: str, fine_fen: int, fine_words: str) -> str:
    """The penalty, each part once: the officer's 处罚内容 without its restated fine, then the
    fine in words (the amount is printed once, in capitals)."""
    others = _FINE_WORDS.sub("", decision_text or "")
    others = re.sub(r"[、，,；;。\s]+", "、", others).strip("、")
    parts = [others] if others else []
    if fine_fen:
        parts.append(f"罚款{fine_words}")
    return "；".join(parts)


def _evidence_list(store: Store, case: Case) -> list[str]:
    """The evidence in the file (行政处罚法 第五十九条第二项: 违法事实和证据), in order."""
    out = []
    for ev in es.events(store, case.id):
        day = _cn_day(ev.day)
        if ev.kind == "inspection":
            out.append(f"{day}现场检查笔录")
        elif ev.kind == "inquiry":
            out.append(f"{day}询问笔录（被询问人：{ev.details.get('interviewee', '')}）")
        elif ev.kind == "evidence":
            out.append(f"{ev.details.get('description', '')}（{day}取得）")
        elif ev.kind == "preservation":
            out.append(f"{day}证据先行登记保存清单（{ev.details.get('items', '')}）")
        elif ev.kind == "statement":
            out.append(f"{day}陈述申辩笔录")
        elif ev.kind == "hearing_held":
            out.append(f"{day}听证笔录")
    return out


def _party_address(data: dict) -> None:
    """Refuse a decision without the party's address (行政处罚法 第五十九条第一款第（一）项):
    it is typed when issuing if the party was registered without one."""
    if not str(data.get("party_address") or "").strip():
        raise ValidationError(
            f"当事人{data['party_name']}的地址未登记：处罚决定书须载明当事人的姓名或者名称、地址"
            "（行政处罚法 第五十九条第一款第（一）项），请在出具时填写当事人地址。",
            "party_address")


def penalty_decision(store: Store, case: Case, data: dict) -> dict:
    """行政处罚决定书 (行政处罚法 第五十九条): the facts and provisions established at 事先告知,
    the evidence listed, what the party did after the notice, the penalty once, where to pay
    (Art. 67), and the remedies with their starting day (复议 60 days, 行政复议法 第二十条; 诉讼
    six months, 行政诉讼法 第四十六条) before the district government (行政复议法 第二十四条)."""
    e = _event(store, case, "prior_notice", data,
               "请先登记事先告知（事实、违反的规定和处罚依据）。")
    _party_address(data)
    notice = e.details
    data["facts"] = _clause(notice.get("facts") or data["facts"])
    if not str(data.get("penalty_basis") or "").strip():
        raise ValidationError(
            "本案事先告知未登记处罚依据（罚则）：请重新登记事先告知，分别填写违反的规定和处罚依据。",
            "penalty_basis")
    given = data.get("evidence")
    items = _as_items(given) if given else _evidence_list(store, case)
    if not items:
        raise ValidationError("决定书须列明证据：案卷中没有笔录或证据记录，请先登记，"
                              "或在出具时填写“证据”。", "evidence")
    data["evidence"] = "；".join(f"{i}．{t}" for i, t in enumerate(items, 1)) + "。"
    data["penalty_text"] = _penalty_text(case.decision_text, case.fine_fen, data["fine_words"])
    data["reconsideration_body"] = _reconsideration_body(store)
    if case.fine_fen:  # a warning alone asks for no payment
        data.setdefault("payment_place", _payment_place(store, "行政处罚决定书"))
    return data


def _as_items(value) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[\n；;]", value) if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def on_the_spot_decision(store: Store, case: Case, data: dict) -> dict:
    """当场行政处罚决定书 (Art. 52): only for a 简易程序 case; number = the pre-printed one."""
    if case.procedure != "simple":
        raise ValidationError("当场行政处罚决定书只用于简易程序（当场处罚）案件。", "procedure")
    e = _event(store, case, "simple_decision", data, "本案没有当场处罚记录。")
    _party_address(data)
    data.update(decision_day=e.day.isoformat(), paper_number=case.paper_number,
                facts=_clause(data["facts"]), officer_lines=_officer_lines(e.officers))
    # Art. 52 ¶2: the decision states the penalty's basis — the provision violated and the
    # 罚则 recorded at 当场处罚 (or typed when issuing), never a catalogue note.
    for key, label in (("basis", "违反的规定"), ("penalty_basis", "处罚依据（罚则）")):
        value = str(data.get(key) or "").strip()
        if not value or _CATALOG_NOTE.search(value):
            raise ValidationError(
                f"本案未登记{label}的具体条款（职权目录中也未写明条款）：请在出具时填写"
                f"{label}（如“《××条例》第×条第×款”），当场处罚决定书须载明处罚依据"
                "（行政处罚法 第五十二条第二款）。", key)
    kinds = tuple(e.details.get("penalties") or ("fine",))
    data["penalty_text"] = _penalty_phrase(kinds, case.fine_fen)
    # Art. 68: 当场收缴 only as recorded at the decision; otherwise Art. 67's bank or
    # electronic payment within 15 days, whenever the party in fact paid.
    collected = bool(case.fine_fen and e.details.get("collected_on_spot"))
    data.update(collected_on_spot="是" if collected else "",
                pay_later="是" if case.fine_fen and not collected else "")
    if data["pay_later"]:
        data.setdefault("payment_text", f"自收到本决定书之日起十五日内到"
                        f"{_payment_place(store, '当场行政处罚决定书')}或者通过电子支付系统缴纳")
    data["reconsideration_body"] = _reconsideration_body(store)
    return data


BUILDERS: dict[str, Builder] = {
    "enforcement_case_source": case_source,
    "enforcement_preservation_notice": preservation_notice,
    "enforcement_hearing_rights_notice": hearing_rights_notice,
    "enforcement_hearing_notice": hearing_notice,
    "enforcement_statement_record": statement_record,
    "enforcement_rectification_notice": rectification_notice,
    "enforcement_investigation_report": investigation_report,
    "enforcement_legal_review": legal_review,
    "enforcement_collective_discussion": collective_discussion,
    "enforcement_on_the_spot_decision": on_the_spot_decision,
    "enforcement_penalty_decision": penalty_decision,
    "enforcement_service_receipt": service_receipt,
}
