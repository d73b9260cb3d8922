# SPDX-License-Identifier: MIT
"""Kinds that print a step as it was registered (the officer's extra values win): the
事先告知书, the 笔录, the 送达回证, the 催告书 and the 结案审批表."""

from __future__ import annotations

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.documents.cnformat import small_count
from jiedao_desk.domains.enforcement import parameters
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import (
    payment_schedule,
    payments,
    schedule_surcharge,
)
from jiedao_desk.domains.enforcement.document_data.common import (
    SETTINGS,
    Builder,
    clause,
    cn_day,
    event_of,
    officer_lines,
    payment_place,
    words,
)
from jiedao_desk.domains.enforcement.model import (
    ENTITY,
    SERVED_WHAT,
    SERVICE_METHODS,
    Case,
)
from jiedao_desk.store import Store


def _hm(hhmm: str) -> str:
    """"09:05" → "9时05分" as a 笔录 prints the time."""
    h, m = hhmm.split(":")
    return f"{int(h)}时{m}分"


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
    data["facts"] = clause(notice["facts"])
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
                    officer_lines=officer_lines(r.officers),
                    # the times it was made; blanks to fill in by hand when not entered
                    record_time=(f"{cn_day(r.day)}{_hm(start)}至{_hm(end)}" if start
                                 else f"{cn_day(r.day)}　　时　　分至　　时　　分"))
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
    e = event_of(store, case, "service", data, "请先登记送达情况。")
    s = e.details
    data.update(served_doc_title=SERVED_WHAT[s["what"]],
                method_label=SERVICE_METHODS[s["method"]], served_on=e.day.isoformat(),
                receiver=s.get("receiver", ""), witnesses="、".join(s.get("witnesses", [])),
                receipt=s.get("receipt", ""), served_place=data["party_address"])
    data.setdefault("served_doc_number", _served_number(store, case, s))
    same = [x for x in es.events(store, case.id, "service") if x.details["what"] == s["what"]
            and x.details.get("document_id") == s.get("document_id")]
    data["all_services"] = [
        {"day": cn_day(x.day), "method": SERVICE_METHODS[x.details["method"]],
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
    data.update(issue_day=day.isoformat(), surcharge_words=words(extra_fen),
                total_words=words(case.fine_fen + extra_fen))
    data["payment_place"] = payment_place(store, "催告书") + "或者通过电子支付系统"
    return data


def closing_approval(store: Store, case: Case, data: dict) -> dict:
    """结案审批表: the payment and the result recorded at 结案."""
    data["paid_text"] = (f"已于{cn_day(case.paid_on)}缴纳罚款{words(case.paid_fen)}。"
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

