# SPDX-License-Identifier: MIT
"""People's mediation documents: build the data of each kind from a case and issue it.

Kinds (resources/documents/mediation_*.toml) follow local templates of the 2010 司法部
document formats (/work/shared/reference/mediation-hotline.md §2). Documents are issued with
entity ``mediation_case`` so only mediation roles can list or reprint them.
"""

from __future__ import annotations

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import attachments, auth, documents
from jiedao_desk.domains.mediation.cases import committee_name, get_case, live_case
from jiedao_desk.domains.mediation.model import ROLES, SOURCES, Case
from jiedao_desk.domains.mediation.rules import ENTITY

DOCUMENT_KINDS = {
    "mediation_application": "人民调解申请书",
    "mediation_intake": "人民调解受理登记表",
    "mediation_rights_notice": "人民调解当事人权利义务告知书",
    "mediation_investigation_record": "人民调解调查记录",
    "mediation_session_record": "人民调解记录",
    "mediation_agreement": "人民调解协议书",
    "mediation_oral_agreement": "人民调解口头协议登记表",
    "mediation_follow_up": "人民调解回访记录",
    "mediation_judicial_confirmation": "司法确认申请书",
    "mediation_case_note": "卷宗情况说明",
}
# The two 司法确认申请书 forms seen in one local system (§2, S): person–person and
# person–organisation. Asking for ``mediation_judicial_confirmation`` picks the one that fits
# the parties; the organisation form can also be asked for by its own key.
JC_PERSON, JC_ORG = "mediation_judicial_confirmation", "mediation_judicial_confirmation_org"
JC_VARIANTS = {JC_PERSON: "司法确认申请书（个人与个人）", JC_ORG: "司法确认申请书（个人与单位）"}
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
    if case.effective_on is None:  # record_agreement always sets it
        raise Conflict("该案件的调解协议没有生效日期。")
    amount = f"人民币{case.amount_yuan:,.2f}元" if case.amount_fen else ""
    terms = [f"{n}. {t}" for n, t in enumerate(case.terms, 1)]
    return {"agreement_number": case.agreement_number, "facts": _lines(case.facts),
            "facts_text": case.facts, "terms_numbered": terms, "terms_text": "；".join(terms),
            "amount_text": amount, "manner": case.performance.get("manner", ""),
            "place": case.performance.get("place", ""),
            "deadline": case.performance.get("deadline", ""),
            "effective_on": case.effective_on.isoformat(), "copies": len(case.parties) + 1,
            "party_sign_lines": _sign_lines(case)}


def _sign_lines(case: Case) -> list[str]:
    """One signature line per party (人民调解法 第二十九条: each party signs, seals or puts a
    fingerprint); an organisation seals and its representative signs (local filling guide,
    参考资料 §2). The lines are left blank to be signed by hand."""
    out = []
    for p in case.parties:
        who = f"{ROLES[p.role]}：{p.name}"
        out.append(f"{who}（盖章）　代表人（签名）：" if p.kind == "org"
                   else f"{who}（签名并按指印）：")
    return out


def jc_kind(case: Case) -> str:
    """The 司法确认申请书 form that fits the parties (any organisation → 个人与单位)."""
    return JC_ORG if any(p.kind == "org" for p in case.parties) else JC_PERSON


def _judicial_confirmation(case: Case, kind: str, court: str) -> dict:
    """Joint application (人民调解法 第三十三条); the court needs each applicant's identity and
    address for service (法释〔2011〕5号 第三条), so ID numbers are printed in full here."""
    if case.outcome != "written":
        raise Conflict("司法确认需提交书面调解协议。")
    if kind == JC_ORG and jc_kind(case) != JC_ORG:
        raise Conflict("当事人均为自然人，应使用“个人与个人”式司法确认申请书。")
    data = _agreement(case)
    data["court"] = (court or case.jc_court or "").strip() or "　　　　人民法院"
    data["applicants"] = [{"name": p.name, "gender": p.gender, "ethnicity": p.ethnicity,
                           "birth_date": p.birth_date.isoformat() if p.birth_date else "",
                           "id": p.id_number, "address": p.address, "phone": p.phone}
                          for p in case.parties if p.kind == "person"]
    data["org_applicants"] = [{"name": p.name, "id": p.credit_code, "address": p.address,
                               "representative": p.representative, "phone": p.phone}
                              for p in case.parties if p.kind == "org"]
    # 第三十三条: the parties apply jointly, so each one signs its own line
    data["jc_sign_lines"] = [
        f"申请人：{p.name}（盖章）　法定代表人或负责人（签名）：" if p.kind == "org"
        else f"申请人：{p.name}（签名并按指印）：" for p in case.parties]
    data["agents"] = [{"name": p.agent_name, "principal": p.name,
                       "authority": p.agent_authority or "未注明", "phone": p.agent_phone}
                      for p in case.parties if p.agent_name]
    return data


# How the 受理登记表 names the source: the local template's ① 当事人申请 ② 人民调解委员会主动调解
# (参考资料 mediation-hotline.md §2, E local template; 人民调解法 第十七条: on application or on
# the committee's own initiative); a referral (人民调解法 第十八条) as the 黄石 report counts it.
INTAKE_SOURCES = {"application": "当事人申请", "own_initiative": "人民调解委员会主动调解",
                  "referral": "接受委托移送调解"}


def _intake(case: Case) -> dict:
    """人民调解受理登记表: registers a case the committee took up (若干规定: 受理…应当进行登记),
    so it exists only once the case is accepted, and is dated its acceptance day."""
    if case.accepted_on is None:
        raise Conflict("该案件尚未受理，不能出具人民调解受理登记表：请先受理（受理登记表记载"
                       "受理日期），不予受理的案件没有受理登记表。")
    sides = [s for s in (_names(case, "applicant"), _names(case, "respondent")) if s]
    return {"accepted_on": case.accepted_on.isoformat(), "summary": case.summary,
            "between": "、".join(sides),
            "source_text": INTAKE_SOURCES[case.source] + (
                f"（{case.referred_by}）" if case.referred_by else ""),
            "claims_text": "；".join(f"{n}. {c}" for n, c in enumerate(case.claims, 1))}


def _names(case: Case, role: str) -> str:
    return "、".join(p.name for p in case.parties if p.role == role)


def _application(store, case: Case) -> dict:
    """人民调解申请书 in the layout of the 2010 司法部 format as a local copy prints it
    (参考资料 §2: 申请人 and 被申请人 each with their particulars, 纠纷简要情况陈述, numbered
    申请事项, the fixed declaration, the applicant's signature and the date); only for cases
    started by application."""
    if case.source != "application":
        raise Conflict("该案件不是依当事人申请受理的，没有人民调解申请书，请出具受理登记表。")
    oral = ("本申请系申请人口头提出，由受理人员代为书写，经向申请人宣读无误后由申请人签名。"
            if case.application_form == "oral" else "")
    today = clock.today()

    def rows(role: str) -> list[dict]:
        return [{"name": p.name, "gender": p.gender, "ethnicity": p.ethnicity,
                 "age": "" if p.age_on(today) is None else str(p.age_on(today)),
                 "occupation": p.occupation or (f"法定代表人：{p.representative}"
                                                if p.representative else ""),
                 "phone": p.phone, "address": p.address}
                for p in case.parties if p.role == role]

    return {"summary_lines": _lines(case.summary), "oral_note": oral,
            "received_on": case.received_on.isoformat(),
            "applicant_rows": rows("applicant"), "respondent_rows": rows("respondent"),
            "claims_numbered": [f"{n}、{c}" for n, c in enumerate(case.claims, 1)]}


def _case_note(store, case: Case, note: str) -> dict:
    """卷宗情况说明: fields not seen (§2, U) — a summary of the file and the compiler's note."""
    source = SOURCES[case.source] + (f"（{case.referred_by}）" if case.referred_by else "")
    counts = {k: len(case.records(k)) for k in ("investigation", "session", "follow_up")}
    process = [f"调查{counts['investigation']}次，调解{counts['session']}次"]
    process += [h.reason for h in case.history if h.reason.startswith("移交街道调委会")]
    if case.refusal_reason:
        process.append(f"不予受理：{case.refusal_reason}（已告知：{case.refusal_route}）")
    if case.outcome == "terminated":
        outcome = f"调解不成，终止调解：{case.termination_reason}；已告知：{case.routes_told}"
    elif case.outcome:
        kind = "书面调解协议" if case.outcome == "written" else "口头调解协议"
        outcome = (f"达成{kind}（编号：{case.agreement_number}，{case.effective_on}生效）"
                   + (f"，涉及金额人民币{case.amount_yuan:,.2f}元" if case.amount_fen else ""))
    else:
        outcome = "尚无结果"
    after = [f"回访{counts['follow_up']}次"]
    after += [f"{e.on_date}回访{e.detail.get('party', '')}：{e.detail.get('performance', '')}"
              for e in case.records("follow_up")]
    if case.jc_applied_on:
        result = {"confirmed": "确认有效", "rejected": "不予确认"}.get(case.jc_result or "",
                                                                   "尚未裁定")
        after.append(f"{case.jc_applied_on}向{case.jc_court}申请司法确认，{result}")
    docs = [d for d in documents.list_documents(store, ENTITY, case.id) if not d.voided]
    atts = attachments.list_attachments(store, ENTITY, case.id)
    parties = "、".join(p.name for p in case.parties)
    return {"case_title": f"{parties}{case.dispute_type}", "source_text": source,
            "received_on": case.received_on.isoformat(),
            "accepted_on": case.accepted_on.isoformat() if case.accepted_on else "",
            "closed_on": case.closed_on.isoformat() if case.closed_on else "",
            "process_text": "；".join(process), "outcome_text": outcome,
            "after_text": "；".join(after),
            "materials_text": f"已出具文书{len(docs)}份、附件{len(atts)}件（不含本说明）",
            "note_lines": _lines(note) or ["无其他需要说明的情况。"],
            "issue_date": clock.today().isoformat()}


def build_data(store, case: Case, kind: str, event_id: int | None = None,
               court: str = "", note: str = "") -> dict:
    """The values to print for ``kind`` from ``case`` (and one of its records).

    Args:
        kind: a key of ``DOCUMENT_KINDS`` or ``JC_VARIANTS``.
        event_id: the record to print for record kinds (default: the latest).
        court: the court for the 司法确认申请书.
        note: the compiler's text for the 卷宗情况说明.
    """
    if kind not in DOCUMENT_KINDS and kind not in JC_VARIANTS:
        raise ValidationError(f"未知的调解文书种类“{kind}”。", "kind")
    data = _common(store, case)
    if kind == "mediation_intake":
        data.update(_intake(case))
    elif kind == "mediation_rights_notice":
        data["notified_on"] = (case.rights_notified_on or clock.today()).isoformat()
    elif kind in _EVENT_KIND:
        records = [e for e in case.records(_EVENT_KIND[kind])
                   if event_id is None or e.id == event_id]
        if not records:
            raise Conflict(f"该案件没有可打印的{DOCUMENT_KINDS[kind]}。")
        ev = records[-1]
        d = ev.detail
        data.update(event_id=ev.id, on_date=ev.on_date.isoformat(), place=d.get("place", ""),
                    matter=d.get("matter") or f"{case.dispute_type}（{data['party_names']}）",
                    participants=d.get("participants", ""), recorder=d.get("recorder", ""),
                    subject=d.get("subject", ""), content=_lines(d.get("content", "")),
                    party=d.get("party", ""), performance=d.get("performance", ""),
                    satisfaction=d.get("satisfaction", ""), risks=d.get("risks", ""),
                    measures=d.get("measures", ""), visitor=d.get("visitor") or ev.created_by,
                    agreement_number=d.get("agreement_number", case.agreement_number))
    elif kind in JC_VARIANTS:
        data.update(_judicial_confirmation(case, kind, court))
    elif kind == "mediation_application":
        data.update(_application(store, case))
    elif kind == "mediation_case_note":
        data.update(_case_note(store, case, note))
    else:
        want = "written" if kind == "mediation_agreement" else "oral"
        if case.outcome != want:
            raise Conflict(f"该案件的协议不是{'书面' if want == 'written' else '口头'}协议，"
                           f"不能出具{DOCUMENT_KINDS[kind]}。")
        data.update(_agreement(case))
    return data


def issue_document(store, actor: Actor, case_id: int, kind: str, event_id: int | None = None,
                   court: str = "", note: str = "") -> documents.IssuedDocument:
    """Issue one mediation document for a case (frozen PDF, audit row).

    ``mediation_judicial_confirmation`` issues the form that fits the parties (``jc_kind``).
    """
    auth.require(actor, "mediation.edit")
    live_case(store, case_id, "issue")
    case = get_case(store, actor, case_id)
    if kind == JC_PERSON:
        kind = jc_kind(case)
    data = build_data(store, case, kind, event_id, court, note)
    data["title"] = DOCUMENT_KINDS.get(kind) or JC_VARIANTS[kind]
    return documents.issue(store, actor, kind, data, entity=ENTITY, entity_id=case_id)
