# SPDX-License-Identifier: MIT
"""Publication (公示) of penalty decisions: records, withdrawal, and the publication clock.

行政处罚法 第四十八条 (article number recalled, not re-verified; reference §1.1 row 12): penalty
decisions with a certain social impact (具有一定社会影响) must be made public; a published
decision that is changed, revoked or found unlawful is withdrawn (撤回). Which decisions the
street publishes and within how many working days are LOCAL rules (Beijing 城管's own 公示期
rule, 京城管发〔2020〕93号, was not seen), so both are settings with a visible default.
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import documents, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.deadlines import add_working_days
from jiedao_desk.core.workdays import WorkCalendar
from jiedao_desk.domains.enforcement import parameters, rules
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import case_for, get_case
from jiedao_desk.domains.enforcement.clocks import Clock
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import ENTITY, Case, Publication, PublicationSummary
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

# the setting holds the Chinese word the admin typed; databases set before it was Chinese
# still hold the English code, read the same
SCOPE_WORDS = {"一般程序": "general", "全部": "all", "仅标记": "marked"}
SCOPES = {"general": "一般程序处罚决定均须公示", "all": "所有处罚决定（含当场处罚）均须公示",
          "marked": "只有标记为“须公示”的处罚决定"}
BASIS = "行政处罚法 第四十八条（具有一定社会影响的处罚决定应当公开）；期限为本地规则（设置）"

SETTINGS = parameters.PUBLICATION_SETTINGS


def _scope(store: Store) -> str:
    raw = str(settings_mod.get(store, SETTINGS["enforcement.publication.scope"]) or "").strip()
    return SCOPE_WORDS.get(raw, raw) or "general"


def is_required(store: Store, case: Case) -> bool:
    """Whether the case's decision must be published (per-case mark, else the scope setting)."""
    if case.publish_required is not None:
        return case.publish_required
    scope = _scope(store)
    if scope == "all":
        return True
    if scope == "marked":
        return False
    return case.procedure == "general"


def publication_clock(store: Store, case: Case, cal: WorkCalendar,
                      pubs: list[Publication] | None = None) -> Clock | None:
    """The 公示 clock of a decided case that must be published (None otherwise).

    Runs N working days (setting) from the decision date; done on the first publication.
    ``pubs``: the case's live publications when the caller read them for many cases at once.
    """
    decided = case.decided_on
    if decided is None or case.voided_at or not is_required(store, case):
        return None
    n = int(settings_mod.get(store, SETTINGS["enforcement.publication.working_days"]))
    due = add_working_days(decided, n, cal)
    if pubs is None:
        pubs = es.publications(store, case.id)
    done = pubs[0].published_on if pubs else None
    return Clock("publication", f"处罚决定公示（{n}个工作日内，本地规则）", decided, due.date,
                 BASIS, done, due.confirmed)


def record_publication(store: Store, actor: Actor, case_id: int, day, channel: str,
                       reference: str = "", document_id: int | None = None) -> int:
    """Record that the decision was published: date, where (channel), and a reference (URL …).

    The published document defaults to the case's issued 行政处罚决定书 (or 当场处罚决定书).
    """
    case = case_for(store, actor, case_id, "publication")
    day = validate.date(day, "公示日期", not_after_today=True)
    if day < case.decided_on:
        raise ValidationError("公示日期不能早于处罚决定日期。", "day")
    channel = validate.required_text(channel, "公示途径（如网站、公示栏）", 200)
    docs = [d for d in documents.list_documents(store, ENTITY, case_id) if not d.voided]
    if document_id is None:
        document_id = next((d.id for d in docs if d.kind in (
            "enforcement_penalty_decision", "enforcement_on_the_spot_decision")), None)
    elif document_id not in {d.id for d in docs}:
        raise NotFound(f"本案没有编号为 {document_id} 的有效文书。")
    ref = (reference or "").strip()
    rules.require("publication", Facts(store, case, day))
    with store.atomic():
        pid = es.insert_publication(store, case_id, document_id, day, channel, ref, actor.name)
        audit_store.record(store, actor, "enforcement.publish", ENTITY, case_id, None,
                           {"publication_id": pid, "day": day.isoformat(), "channel": channel,
                            "reference": ref, "document_id": document_id})
    return pid


def withdraw_publication(store: Store, actor: Actor, case_id: int, publication_id: int, day,
                         reason: str) -> None:
    """Record the withdrawal (撤回) of a publication, e.g. after the decision was changed or
    revoked (行政处罚法 第四十八条第二款, recalled: within 3 days; the 住建 rule also says 3 days,
    reference §1.1 row 12)."""
    case = case_for(store, actor, case_id, "publish_withdraw")
    pub = next((p for p in es.publications(store, case_id) if p.id == publication_id), None)
    if pub is None:
        raise NotFound(f"本案没有编号为 {publication_id} 的公示记录。")
    if pub.withdrawn_on:
        raise Conflict(f"该公示已于 {pub.withdrawn_on.isoformat()} 撤回。")
    day = validate.date(day, "撤回日期", not_after_today=True)
    if day < pub.published_on:
        raise ValidationError("撤回日期不能早于公示日期。", "day")
    reason = validate.required_text(reason, "撤回原因", 300)
    rules.require("publish_withdraw", Facts(store, case, day))
    with store.atomic():
        es.withdraw_publication(store, publication_id, day, reason)
        audit_store.record(store, actor, "enforcement.publication_withdraw", ENTITY,
                           case.id, {"withdrawn_on": None},
                           {"publication_id": publication_id, "day": day.isoformat(),
                            "reason": reason})


def void_publication(store: Store, actor: Actor, case_id: int, publication_id: int,
                     reason: str) -> None:
    """Void a publication record entered by mistake (a real retraction is a withdrawal)."""
    case = case_for(store, actor, case_id, "publish_void")
    if not any(p.id == publication_id for p in es.publications(store, case_id)):
        raise NotFound(f"本案没有编号为 {publication_id} 的公示记录。")
    reason = validate.required_text(reason, "作废原因", 300)
    rules.require("publish_void", Facts(store, case))
    with store.atomic():
        es.void_publication(store, publication_id, reason)
        audit_store.record(store, actor, "enforcement.publication_void", ENTITY, case.id,
                           {"publication_id": publication_id}, {"reason": reason})


def set_required(store: Store, actor: Actor, case_id: int, required: bool | None,
                 note: str = "") -> None:
    """Mark one case's decision as to be published (True), not published (False, reason
    required, e.g. 涉及国家秘密、商业秘密或者个人隐私), or back to the setting (None)."""
    case = case_for(store, actor, case_id, "publish_rule")
    note = (note or "").strip()
    if required is not None and not note:
        raise ValidationError("请写明该案是否公示的理由。", "note")
    value = None if required is None else int(required)
    rules.require("publish_rule", Facts(store, case))
    with store.atomic():
        es.update_case(store, case_id, publish_required=value, publish_note=note)
        audit_store.record(store, actor, "enforcement.publish_rule", ENTITY, case_id,
                           {"publish_required": None if case.publish_required is None
                            else int(case.publish_required)},
                           {"publish_required": value, "note": note})


def summary(store: Store, actor: Actor, case_id: int) -> PublicationSummary:
    """Publication of a case: required?, why, records (with withdrawal)."""
    case = get_case(store, actor, case_id)
    scope = _scope(store)
    why = (case.publish_note if case.publish_required is not None
           else f"按设置：{SCOPES.get(scope, scope)}")
    return PublicationSummary(is_required(store, case), why,
                             tuple(es.publications(store, case_id)))
