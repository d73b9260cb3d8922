# SPDX-License-Identifier: MIT
"""Printed data of the enforcement document kinds added for issue 8 (one builder per kind).

Each builder gets the case's common fields (``enforcement_docs.case_data``) already merged
with the caller's ``extra`` and returns the data the TOML text prints. It raises a Chinese
ValidationError when the step the document records has not been registered yet. Statutory
contents per kind are cited in resources/documents/<kind>.toml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.documents.cnformat import amount_in_words
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import period_due
from jiedao_desk.domains.enforcement.discretion import describe
from jiedao_desk.store import Store


def _officer_lines(officers: list[dict]) -> str:
    return "；".join(f"{o['name']}（执法证号 {o['cert_no']}）" for o in officers)


def _event(store: Store, case_id: int, kind: str, data: dict, missing: str) -> dict:
    """The event the document records: ``data['event_id']`` if given, else the latest one."""
    rows = es.events(store, case_id, kind)
    wanted = str(data.get("event_id", "")).strip()
    if wanted:
        rows = [e for e in rows if str(e["id"]) == wanted]
    if not rows:
        raise ValidationError(missing, "event")
    return rows[-1]


def _power_basis(store: Store, case_id: int) -> str:
    row = es.get_case(store, case_id)
    if not row["power_item_id"]:
        return ""
    item = next((i for i in catalog.items(store, row["power_version_id"])
                 if i.id == row["power_item_id"]), None)
    return str(item.extra.get("legal_basis", "")) if item else ""


def _basis(store: Store, case_id: int, data: dict) -> str:
    """The legal basis: given, from the prior notice, else the power item's ``legal_basis``."""
    basis = str(data.get("basis") or "").strip() or _power_basis(store, case_id)
    if not basis:
        raise ValidationError(
            "本案尚无处罚依据：请先登记事先告知，或在出具时填写 basis（处罚依据）。", "basis")
    return basis


def _proposal_words(store: Store, case_id: int, data: dict) -> str:
    """Amount in words of the proposed or decided fine ('' when none is known yet)."""
    if str(data.get("proposed_fine", "")).strip():
        try:
            return amount_in_words(Decimal(str(data["proposed_fine"]).strip()))
        except (InvalidOperation, ValueError):
            raise ValidationError(f"拟罚款金额“{data['proposed_fine']}”无效。", "proposed_fine") \
                from None
    row = es.get_case(store, case_id)
    if row["decided_on"] or es.events(store, case_id, "prior_notice"):
        return data["fine_words"]
    return ""


def _clause(text: str) -> str:
    """Facts as a clause to continue a sentence (no trailing full stop)."""
    return str(text).strip().rstrip("。；;.，,")


def _review_common(store: Store, case_id: int, data: dict) -> dict:
    data["basis"] = _basis(store, case_id, data)
    data["proposal_words"] = _proposal_words(store, case_id, data)
    data["discretion_text"] = describe(store, case_id)
    return data


def case_source(store: Store, case_id: int, data: dict) -> dict:
    """案件来源登记表: the lead as registered."""
    data.setdefault("registrant", data["officer_names"])
    return data


def preservation_notice(store: Store, case_id: int, data: dict) -> dict:
    """证据先行登记保存通知书 with the 7-working-day disposal date (Art. 56)."""
    e = _event(store, case_id, "preservation", data,
               "请先登记先行登记保存（物品、批准人、执法人员）。")
    day = dt.date.fromisoformat(e["day"])
    data.update(preserve_day=e["day"], preserve_items=e["details"]["items"],
                approved_by=e["details"]["approved_by"],
                officer_lines=_officer_lines(e["officers"]),
                disposal_due=period_due("registered_preservation", day,
                                        load_calendar(store)).date.isoformat())
    data.setdefault("preserve_place", data["place"])
    data["facts"] = _clause(data["facts"])
    return data


def hearing_rights_notice(store: Store, case_id: int, data: dict) -> dict:
    """听证告知书: only when the prior notice told hearing rights (Art. 63)."""
    e = _event(store, case_id, "prior_notice", data, "请先登记事先告知。")
    if not e["details"].get("hearing"):
        raise ValidationError(
            "本案事先告知未告知听证权利（不属第六十三条情形），不出具听证告知书。", "hearing")
    data.update(facts=_clause(e["details"]["facts"]), notice_day=e["day"])
    return data


def hearing_notice(store: Store, case_id: int, data: dict) -> dict:
    """听证通知书: time and place, notified ≥7 working days before (Art. 64, checked when
    the hearing was scheduled)."""
    e = _event(store, case_id, "hearing_scheduled", data, "请先登记听证时间地点（听证通知）。")
    data.update(notice_day=e["day"], hearing_on=e["details"]["hearing_on"],
                hearing_place=e["details"]["place"])
    notice = next((x["details"] for x in es.events(store, case_id, "prior_notice")), {})
    data["facts"] = _clause(notice.get("facts") or data["facts"])
    return data


def statement_record(store: Store, case_id: int, data: dict) -> dict:
    """陈述申辩笔录: the party's statement, recorded by ≥2 officers with their IDs."""
    e = _event(store, case_id, "statement", data, "请先登记当事人的陈述、申辩。")
    d = e["details"]
    data.update(record_day=e["day"], stater=d["person"], body=d["statement"].splitlines(),
                officer_lines=_officer_lines(e["officers"]), review=d.get("review", ""))
    data["record_place"] = d.get("place") or data.get("record_place") or ""
    return data


def investigation_report(store: Store, case_id: int, data: dict) -> dict:
    """案件调查终结报告 (Art. 57): facts, evidence, basis, proposal, the officers' opinion."""
    e = _event(store, case_id, "investigation_end", data,
               "请先登记调查终结（审查环节 investigation_end）。")
    evidence = []
    for ev in es.events(store, case_id):
        if ev["kind"] == "inspection":
            evidence.append(f"现场检查笔录（{ev['day']}）")
        elif ev["kind"] == "inquiry":
            evidence.append(f"询问笔录（{ev['day']}，被询问人{ev['details']['interviewee']}）")
        elif ev["kind"] == "evidence":
            evidence.append(f"{ev['details']['description']}（{ev['day']}）")
    data.setdefault("evidence_text", "；".join(evidence))
    data.update(report_day=e["day"], report_by=e["details"]["by"],
                opinion=e["details"]["opinion"])
    return _review_common(store, case_id, data)


def legal_review(store: Store, case_id: int, data: dict) -> dict:
    """法制审核意见 (Art. 58): reviewer, date, opinion, and why the case needs review."""
    e = _event(store, case_id, "legal_review", data, "请先登记法制审核（审查环节 legal_review）。")
    data.update(review_day=e["day"], reviewer=e["details"]["by"],
                opinion=e["details"]["opinion"])
    if "hearing_held" in {x["kind"] for x in es.events(store, case_id)}:
        data.setdefault("review_reason", "本案经过听证程序（行政处罚法 第五十八条第一款第二项）。")
    return _review_common(store, case_id, data)


def collective_discussion(store: Store, case_id: int, data: dict) -> dict:
    """集体讨论记录 (Art. 57 ¶2): who took part, when, the conclusion."""
    e = _event(store, case_id, "collective_discussion", data,
               "请先登记集体讨论（审查环节 collective_discussion）。")
    data.update(meeting_day=e["day"], participants=e["details"]["by"],
                conclusion=e["details"]["opinion"])
    return _review_common(store, case_id, data)


def on_the_spot_decision(store: Store, case_id: int, data: dict) -> dict:
    """当场行政处罚决定书 (Art. 52): only for a 简易程序 case; number = the pre-printed one."""
    row = es.get_case(store, case_id)
    if row["procedure"] != "simple":
        raise ValidationError("当场行政处罚决定书只用于简易程序（当场处罚）案件。", "procedure")
    e = _event(store, case_id, "simple_decision", data, "本案没有当场处罚记录。")
    data.update(decision_day=e["day"], paper_number=row["paper_number"],
                facts=_clause(data["facts"]),
                officer_lines=_officer_lines(e["officers"]),
                basis=_basis(store, case_id, data), fine_words=data["fine_words"])
    data.setdefault("payment_text", "当场缴纳" if row["paid_on"] == e["day"] else
                    "自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳")
    return data


def dossier_cover(store: Store, case_id: int, data: dict) -> dict:
    """卷宗封面: the same values the dossier assembler prints on its cover."""
    from jiedao_desk.domains.enforcement.documents import dossier_layout

    cover, rows, total = dossier_layout(store, case_id)
    data.update({f"cover_{k}": str(v) for k, v in cover.items()})
    data.update(doc_count=str(len(rows)), page_count=str(total))
    return data


def dossier_index(store: Store, case_id: int, data: dict) -> dict:
    """卷内文书目录: the index rows (with page ranges) of the assembled dossier."""
    from jiedao_desk.domains.enforcement.documents import dossier_layout

    _cover, rows, _total = dossier_layout(store, case_id)
    data["index_rows"] = [{"seq": str(r.seq), "author": data["issuer"], "title": r.title,
                           "pages": r.pages, "date": r.date, "note": r.note} for r in rows]
    return data


BUILDERS: dict[str, Callable[[Store, int, dict], dict]] = {
    "enforcement_case_source": case_source,
    "enforcement_preservation_notice": preservation_notice,
    "enforcement_hearing_rights_notice": hearing_rights_notice,
    "enforcement_hearing_notice": hearing_notice,
    "enforcement_statement_record": statement_record,
    "enforcement_investigation_report": investigation_report,
    "enforcement_legal_review": legal_review,
    "enforcement_collective_discussion": collective_discussion,
    "enforcement_on_the_spot_decision": on_the_spot_decision,
    "enforcement_dossier_cover": dossier_cover,
    "enforcement_dossier_index": dossier_index,
}
