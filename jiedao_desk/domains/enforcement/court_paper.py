# SPDX-License-Identifier: MIT
"""What the 强制执行申请书 (application to the court for enforcement) prints.

行政强制法 第五十五条 lists what the authority files with the court: (一) the 强制执行申请书;
(二) the decision with the facts, reasons and basis on which it was made; (三) the party's
opinion and how the party was urged (催告); (四) what is to be enforced; (五) other materials
laws require. The application is signed by the authority's head (负责人), sealed and dated
(第五十五条第二款). The text was read on a court's guide page (黑龙江 court, 2014) quoting the
article; the Beijing 文书样式 is not public, so the layout is the software's
(resources/documents/enforcement_court_application.toml).
"""

from __future__ import annotations

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.documents.cnformat import amount_in_words
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import payment_schedule, payments, schedule_surcharge
from jiedao_desk.domains.enforcement.model import ENTITY, Case
from jiedao_desk.store import Store

KIND = "enforcement_court_application"
TITLE = "强制执行申请书"
DECISION_KINDS = ("enforcement_penalty_decision", "enforcement_on_the_spot_decision")
DEMAND_KIND = "enforcement_demand"


def _live_number(store: Store, case: Case, kinds: tuple[str, ...]) -> str:
    docs = [d for d in documents.list_documents(store, ENTITY, case.id)
            if d.kind in kinds and not d.voided]
    return (docs[-1].doc_number or case.paper_number) if docs else ""


def attachments_missing(store: Store, case: Case) -> str | None:
    """Why the application cannot be filed yet: 第五十五条第（二）、（三）项 attach the decision
    and the 催告书, so both must have been issued (None when they are)."""
    if not _live_number(store, case, DECISION_KINDS):
        return ("请先出具行政处罚决定书：申请人民法院强制执行须提供行政决定书（行政强制法"
                " 第五十五条第（二）项）。")
    if not _live_number(store, case, (DEMAND_KIND,)):
        return ("请先出具催告书：申请人民法院强制执行须提供行政机关催告情况（行政强制法"
                " 第五十五条第（三）项）。")
    return None


def _yuan(fen: int) -> str:
    return amount_in_words(fen / 100) if fen else "人民币零元"


def application_data(store: Store, case: Case, data: dict) -> dict:
    """The application of the case's court-application record (the latest), with the amount
    owed on its day: the unpaid fine and the 加处罚款 (行政处罚法 第七十二条, capped at the
    fine)."""
    rows = es.events(store, case.id, "court_application")
    if not rows:
        raise ValidationError("请先登记申请法院强制执行（申请日期、受理法院、当事人的意见）。",
                              "court_application")
    app = rows[-1]
    events = es.events(store, case.id)
    demand = next((e for e in reversed(events) if e.kind == "demand"), None)
    served = next((e.day for e in events if e.kind == "service"
                   and e.details.get("what") == "demand"), None)
    missing = attachments_missing(store, case)
    if missing or demand is None or served is None:
        raise ValidationError(missing or "催告书尚未送达（行政强制法 第五十四条）。", "demand")
    paid = payments([e for e in events if e.day <= app.day])
    _, extra = schedule_surcharge(payment_schedule(case, events, load_calendar(store)), paid,
                                  app.day)
    unpaid = max(0, case.fine_fen - sum(f for _, f in paid))
    extra_fen = int(round(extra * 100))
    data.update(
        issue_day=app.day.isoformat(), court=app.details.get("court", ""),
        party_opinion=str(app.details.get("opinion", "")).strip().rstrip("。") + "。",
        decision_number=_live_number(store, case, DECISION_KINDS),
        demand_number=_live_number(store, case, (DEMAND_KIND,)),
        demand_day=demand.day.isoformat(), demand_served_on=served.isoformat(),
        unpaid_words=_yuan(unpaid), surcharge_words=_yuan(extra_fen),
        total_words=_yuan(unpaid + extra_fen),
        facts=str(data.get("facts", "")).strip().rstrip("。；;，,"))
    notice = next((e.details for e in reversed(events) if e.kind == "prior_notice"), {})
    if notice.get("facts"):  # the facts established at 事先告知, not the lead's summary
        data["facts"] = str(notice["facts"]).strip().rstrip("。；;，,")
    return data
