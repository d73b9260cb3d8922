# SPDX-License-Identifier: MIT
"""Kinds built from the case's records during the investigation and its review (the
case's records win): 案件来源登记表, 先行登记保存, 听证, 责令改正, 陈述申辩笔录, 调查终结报告,
法制审核 and 集体讨论."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog, validate
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.documents.cnformat import amount_in_words
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import period_due
from jiedao_desk.domains.enforcement.document_data.common import (
    CATALOG_NOTE,
    clause,
    cn_day,
    event_of,
    evidence_list,
    officer_lines,
)
from jiedao_desk.domains.enforcement.model import Case
from jiedao_desk.domains.enforcement.tiers import describe
from jiedao_desk.store import Store


def _power_basis(store: Store, case: Case) -> str:
    if not case.power_item_id or case.power_version_id is None:  # both are set at 立案
        return ""
    item = next((i for i in catalog.items(store, case.power_version_id)
                 if i.id == case.power_item_id), None)
    basis = str(item.extra.get("legal_basis", "")) if item else ""
    # a catalogue note such as "（条款未见）" is for the staff, never a printed legal basis
    return "" if CATALOG_NOTE.search(basis) else basis


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


def _established_facts(store: Store, case: Case, data: dict) -> str:
    """The facts the documents after the investigation state: those told at the latest
    事先告知 (行政处罚法 第四十四条), else the facts the officer entered when issuing, else
    the lead's summary (all a case has before the investigation ends)."""
    told = es.events(store, case.id, "prior_notice")
    return clause(told[-1].details.get("facts") or data["facts"] if told else data["facts"])


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
    e = event_of(store, case, "preservation", data,
               "请先登记先行登记保存（物品、批准人、执法人员）。")
    data.update(preserve_day=e.day.isoformat(), preserve_items=e.details["items"],
                approved_by=e.details["approved_by"], officer_lines=officer_lines(e.officers),
                disposal_due=period_due("registered_preservation", e.day,
                                        load_calendar(store)).date.isoformat())
    data.setdefault("preserve_place", data["place"])
    data["facts"] = clause(data["facts"])
    return data


def hearing_rights_notice(store: Store, case: Case, data: dict) -> dict:
    """听证告知书: only when the prior notice told hearing rights (Art. 63)."""
    e = event_of(store, case, "prior_notice", data, "请先登记事先告知。")
    if not e.details.get("hearing"):
        raise ValidationError(
            "本案事先告知未告知听证权利（不属第六十三条情形），不出具听证告知书。", "hearing")
    data.update(facts=clause(e.details["facts"]), notice_day=e.day.isoformat())
    return data


def hearing_notice(store: Store, case: Case, data: dict) -> dict:
    """听证通知书: time and place, notified ≥7 working days before (Art. 64, checked when
    the hearing was scheduled)."""
    e = event_of(store, case, "hearing_scheduled", data, "请先登记听证时间地点（听证通知）。")
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
        raise ValidationError(f"改正期限（{cn_day(deadline)}）不能早于责令改正日期"
                              f"（{cn_day(ordered)}）。", "deadline")
    data.update(order_day=ordered.isoformat(), issue_day=ordered.isoformat(),
                deadline=deadline.isoformat())
    return data


def statement_record(store: Store, case: Case, data: dict) -> dict:
    """陈述申辩笔录: the party's statement, recorded by ≥2 officers with their IDs."""
    e = event_of(store, case, "statement", data, "请先登记当事人的陈述、申辩。")
    d = e.details
    data.update(record_day=e.day.isoformat(), stater=d["person"],
                body=d["statement"].splitlines(), officer_lines=officer_lines(e.officers),
                review=d.get("review", ""))
    data["record_place"] = d.get("place") or data.get("record_place") or ""
    data["facts"] = _established_facts(store, case, data)
    return data


# The 调查终结报告 lists what the investigation gathered (common.evidence_list).
REPORT_EVIDENCE = {
    "inspection": "现场检查笔录（{day}）",
    "inquiry": "询问笔录（{day}，被询问人{interviewee}）",
    "evidence": "{description}（{day}）",
}


def investigation_report(store: Store, case: Case, data: dict) -> dict:
    """案件调查终结报告 (Art. 57): facts, evidence, basis, proposal, the officers' opinion."""
    e = event_of(store, case, "investigation_end", data,
               "请先登记调查终结（审查环节 investigation_end）。")
    data.setdefault("evidence_text", "；".join(evidence_list(store, case, REPORT_EVIDENCE)))
    data.update(report_day=e.day.isoformat(), report_by=e.details["by"],
                opinion=e.details["opinion"])
    return _review_common(store, case, data)


def legal_review(store: Store, case: Case, data: dict) -> dict:
    """法制审核意见 (Art. 58): reviewer, date, opinion, and why the case needs review."""
    e = event_of(store, case, "legal_review", data, "请先登记法制审核（审查环节 legal_review）。")
    data.update(review_day=e.day.isoformat(), reviewer=e.details["by"],
                opinion=e.details["opinion"])
    if es.events(store, case.id, "hearing_held"):
        data.setdefault("review_reason", "本案经过听证程序（行政处罚法 第五十八条第一款第二项）。")
    return _review_common(store, case, data)


def collective_discussion(store: Store, case: Case, data: dict) -> dict:
    """集体讨论记录 (Art. 57 ¶2): who took part, when, the conclusion."""
    e = event_of(store, case, "collective_discussion", data,
               "请先登记集体讨论（审查环节 collective_discussion）。")
    data.update(meeting_day=e.day.isoformat(), participants=e.details["by"],
                conclusion=e.details["opinion"])
    return _review_common(store, case, data)

