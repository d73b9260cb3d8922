# SPDX-License-Identifier: MIT
"""People's mediation documents: build the data of each kind from a case and issue it.

Kinds (resources/documents/mediation_*.toml) follow local templates of the 2010 司法部
document formats (/work/shared/reference/mediation-hotline.md §2). Documents are issued with
entity ``mediation_case`` so only mediation roles can list or reprint them.
"""

from __future__ import annotations

from jiedao_desk.core import auth, clock, documents
from jiedao_desk.core.actor import Actor
from jiedao_desk.core.errors import Conflict, ValidationError
from jiedao_desk.core.mediation import ENTITY, ROLES, SOURCES, Case, committee_name, get_case

KINDS = {
    "mediation_intake": "人民调解受理登记表",
    "mediation_rights_notice": "人民调解当事人权利义务告知书",
    "mediation_investigation_record": "人民调解调查记录",
    "mediation_session_record": "人民调解记录",
    "mediation_agreement": "人民调解协议书",
    "mediation_oral_agreement": "人民调解口头协议登记表",
    "mediation_follow_up": "人民调解回访记录",
    "mediation_judicial_confirmation": "司法确认申请书",
}
_EVENT_KIND = {"mediation_investigation_record": "investigation",
               "mediation_session_record": "session", "mediation_follow_up": "follow_up"}


def _lines(text: str) -> list[str]:
    return [p.strip() for p in str(text or "").splitlines() if p.strip()]


def _common(store, case: Case) -> dict:
    today = clock.today()
    parties = [{"role": ROLES[p.role], "name": p.name + (f"（法定代表人：{p.representative}）"
                                                         if p.representative else ""),
                "gender": p.gender, "ethnicity": p.ethnicity,
                "age": "" if p.age_on(today) is None else str(p.age_on(today)),
                "occupation": p.occupation, "phone": p.phone, "address": p.address}
               for p in case.parties]
    for p in case.parties:
        if p.agent_name:
            parties.append({"role": "委托代理人", "name": f"{p.agent_name}（{p.name}的代理人，"
                            f"{p.agent_authority or '代理权限未注明'}）", "gender": "",
                            "ethnicity": "", "age": "", "occupation": "",
                            "phone": p.agent_phone, "address": ""})

    def names(role: str) -> str:
        return "、".join(p.name for p in case.parties if p.role == role)

    return {"case_number": case.case_number, "committee": committee_name(store, case.community_id),
            "parties": parties, "applicants": names("applicant"),
            "respondents": names("respondent"),
            "party_names": "、".join(p.name for p in case.parties),
            "mediators": "、".join(case.mediators), "dispute_type": case.dispute_type}


def _agreement(case: Case) -> dict:
    if case.outcome not in ("written", "oral"):
        raise Conflict("该案件尚未登记调解协议。")
    amount = f"人民币{case.amount_yuan:,.2f}元" if case.amount_fen else ""
    terms = [f"{n}. {t}" for n, t in enumerate(case.terms, 1)]
    return {"agreement_number": case.agreement_number, "facts": _lines(case.facts),
            "facts_text": case.facts, "terms_numbered": terms, "terms_text": "；".join(terms),
            "amount_text": amount, "manner": case.performance.get("manner", ""),
            "place": case.performance.get("place", ""),
            "deadline": case.performance.get("deadline", ""),
            "effective_on": case.effective_on.isoformat(), "copies": len(case.parties) + 1}


def build_data(store, case: Case, kind: str, event_id: int | None = None,
               court: str = "") -> dict:
    """The values to print for ``kind`` from ``case`` (and one of its records)."""
    if kind not in KINDS:
        raise ValidationError(f"未知的调解文书种类“{kind}”。", "kind")
    data = _common(store, case)
    if kind == "mediation_intake":
        data.update(received_on=case.received_on.isoformat(), summary=case.summary,
                    source_text=SOURCES[case.source] + (f"（{case.referred_by}）"
                                                        if case.referred_by else ""),
                    claims_text="；".join(f"{n}. {c}" for n, c in enumerate(case.claims, 1)))
    elif kind == "mediation_rights_notice":
        data["notified_on"] = (case.rights_notified_on or clock.today()).isoformat()
    elif kind in _EVENT_KIND:
        records = [e for e in case.records(_EVENT_KIND[kind])
                   if event_id is None or e.id == event_id]
        if not records:
            raise Conflict(f"该案件没有可打印的{KINDS[kind]}。")
        ev = records[-1]
        d = ev.detail
        data.update(on_date=ev.on_date.isoformat(), place=d.get("place", ""),
                    matter=d.get("matter") or f"{case.dispute_type}（{data['party_names']}）",
                    participants=d.get("participants", ""), recorder=d.get("recorder", ""),
                    subject=d.get("subject", ""), content=_lines(d.get("content", "")),
                    party=d.get("party", ""), performance=d.get("performance", ""),
                    satisfaction=d.get("satisfaction", ""), risks=d.get("risks", ""),
                    measures=d.get("measures", ""), visitor=d.get("visitor") or ev.created_by,
                    agreement_number=d.get("agreement_number", case.agreement_number))
    elif kind == "mediation_judicial_confirmation":
        if case.outcome != "written":
            raise Conflict("司法确认需提交书面调解协议。")
        data.update(_agreement(case))
        data["court"] = (court or case.jc_court or "").strip() or "　　　　人民法院"
        data["applicants"] = [{"name": p.name, "kind": "自然人" if p.kind == "person" else "单位",
                               "gender": p.gender,
                               "birth_date": p.birth_date.isoformat() if p.birth_date else "",
                               "id": p.id_number or p.credit_code, "address": p.address,
                               "phone": p.phone} for p in case.parties]
    else:
        want = "written" if kind == "mediation_agreement" else "oral"
        if case.outcome != want:
            raise Conflict(f"该案件的协议不是{'书面' if want == 'written' else '口头'}协议，"
                           f"不能出具{KINDS[kind]}。")
        data.update(_agreement(case))
    return data


def issue(store, actor: Actor, case_id: int, kind: str, event_id: int | None = None,
          court: str = "") -> documents.IssuedDocument:
    """Issue one mediation document for a case (frozen PDF, audit row)."""
    auth.require(actor, "mediation.edit")
    case = get_case(store, actor, case_id)
    if case.voided:
        raise Conflict("该案件已作废。")
    data = build_data(store, case, kind, event_id, court)
    data["title"] = KINDS[kind]
    return documents.issue(store, actor, kind, data, entity=ENTITY, entity_id=case_id)


def dossier_pdf(store, actor: Actor, case_id: int) -> bytes:
    """Assemble the case file (卷宗封面, 卷内目录 in the 13-item order, documents, 封底).

    Issued documents and attachments (their note is the dossier label, e.g. party_identity)
    are ordered by resources/dossiers/mediation.toml; the cover carries the case number (卷号).
    """
    from jiedao_desk.core import attachments
    from jiedao_desk.documents import dossier

    auth.require(actor, "mediation.view")
    case = get_case(store, actor, case_id)
    dtype = dossier.load_type("mediation")
    entries = [(dtype.order_of(d.kind), d.issued_date,
                dossier.DossierItem(d.title, doc_id=d.id, date=d.issued_date))
               for d in documents.list_documents(store, ENTITY, case_id) if not d.voided]
    entries += [(dtype.order_of(f"attachment:{a.note.strip()}"), a.added_at[:10],
                 dossier.DossierItem(a.filename, attachment_id=a.id, date=a.added_at[:10],
                                     note=a.note))
                for a in attachments.list_attachments(store, ENTITY, case_id)]
    entries.sort(key=lambda e: (e[0], e[1]))
    end = case.closed_on or case.outcome_on
    cover = {"title": f"{'、'.join(p.name for p in case.parties)}{case.dispute_type}",
             "number": case.case_number, "parties": "、".join(p.name for p in case.parties),
             "handler": "、".join(case.mediators), "organisation": case.committee,
             "start_date": case.received_on.isoformat(),
             "end_date": end.isoformat() if end else "", "compiler": actor.name}
    pdf, _rows = dossier.assemble(store, [e[2] for e in entries], cover, "mediation")
    return pdf
