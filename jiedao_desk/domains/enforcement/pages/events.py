# SPDX-License-Identifier: MIT
"""How a case event (record, review, notice, service …) reads in the 办案记录 table."""

from __future__ import annotations

from jiedao_desk.domains.enforcement.model import (
    EVENT_KINDS,
    RECORD_KINDS,
    REVIEW_STEPS,
    SERVED_WHAT,
    SERVICE_METHODS,
    Event,
)


def _yes(value) -> str:
    return "是" if value else "否"


def content(kind: str, d: dict) -> str:
    """One line describing an event's details."""
    if kind in RECORD_KINDS:
        who = f"被询问人 {d['interviewee']}：" if d.get("interviewee") else ""
        return who + d.get("summary", "")
    if kind in REVIEW_STEPS:
        return f"{d.get('by', '')}：{d.get('opinion', '')}"
    texts = {
        "evidence": lambda: f"{d.get('description', '')}（{d.get('filename', '')}）",
        "preservation": lambda: f"{d.get('items', '')}；批准人 {d.get('approved_by', '')}",
        "preservation_disposal": lambda: d.get("outcome", ""),
        "withdrawal": lambda: f"{d.get('officer', '')}：{d.get('reason', '')}",
        "prior_notice": lambda: (f"拟罚款 {d.get('intended_fine', '')} 元；告知听证权利："
                                 f"{_yes(d.get('hearing'))}；{d.get('facts', '')}"),
        "statement": lambda: f"{d.get('person', '')}：{d.get('statement', '')}",
        "service": lambda: (f"{SERVED_WHAT.get(d.get('what', ''), '')}，"
                            f"{SERVICE_METHODS.get(d.get('method', ''), '')}"
                            + (f"，签收人 {d['receiver']}" if d.get("receiver") else "")
                            + (f"，见证人 {'、'.join(d['witnesses'])}" if d.get("witnesses")
                               else "")),
        "hearing_request": lambda: (f"申请期限 {d.get('due', '')}，"
                                    f"{'在期限内' if d.get('in_time') else '已逾期'}"),
        "hearing_scheduled": lambda: f"听证日期 {d.get('hearing_on', '')}，{d.get('place', '')}",
        "hearing_held": lambda: d.get("summary", ""),
        "decision": lambda: (f"罚款 {d.get('fine', '')} 元；决定期限 {d.get('due', '')}"
                             + (f"；超期原因：{d['late_reason']}" if d.get("late_reason") else "")),
        "payment": lambda: (f"缴款 {d.get('amount', '')} 元；逾期 {d.get('days_late', 0)} 日，"
                            f"加处罚款 {float(d.get('surcharge', 0)):.2f} 元"),
        "simple_decision": lambda: (f"决定书编号 {d.get('paper_number', '')}，"
                                    f"罚款 {d.get('fine', '')} 元"),
        "close": lambda: d.get("result", ""),
    }
    if kind in texts:
        return texts[kind]()
    return "；".join(str(v) for v in d.values() if v not in (None, "", [], {}))


def row(e: Event) -> tuple:
    """(日期, 环节, 内容, 执法人员, 登记人) of one record of ``case_detail().events``."""
    people = "、".join(f"{o.name}（{o.cert_no}）" for o in e.officers)
    return (e.day.isoformat(), EVENT_KINDS.get(e.kind, e.kind), content(e.kind, e.details),
            people, e.recorded_by)
