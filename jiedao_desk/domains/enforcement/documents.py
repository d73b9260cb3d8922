# SPDX-License-Identifier: MIT
"""Documents of an enforcement case: build the printed data from the case and issue it.

The texts are TOML files resources/documents/enforcement_*.toml (the Beijing 文书样式 are not
public, reference §6 item 1: the wording follows the statutory minimum contents and the street
aligns it with its official copy). Numbers come from the per-kind pattern setting.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.documents.cnformat import amount_in_words
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import surcharge_on
from jiedao_desk.domains.enforcement.decision import SERVED_WHAT, SERVICE_METHODS
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store

KINDS = {
    "enforcement_filing_approval": "立案审批表",
    "enforcement_inspection_record": "现场检查笔录",
    "enforcement_inquiry_record": "询问笔录",
    "enforcement_rectification_notice": "责令（限期）改正通知书",
    "enforcement_prior_notice": "行政处罚事先告知书",
    "enforcement_penalty_decision": "行政处罚决定书",
    "enforcement_service_receipt": "送达回证",
    "enforcement_demand": "催告书",
    "enforcement_closing_approval": "结案审批表",
    "enforcement_case_source": "案件来源登记表",
    "enforcement_preservation_notice": "证据先行登记保存通知书",
    "enforcement_hearing_rights_notice": "听证告知书",
    "enforcement_hearing_notice": "听证通知书",
    "enforcement_statement_record": "陈述申辩笔录",
    "enforcement_investigation_report": "案件调查终结报告",
    "enforcement_legal_review": "法制审核意见",
    "enforcement_collective_discussion": "集体讨论记录",
    "enforcement_on_the_spot_decision": "当场行政处罚决定书",
    "enforcement_dossier_cover": "卷宗封面",
    "enforcement_dossier_index": "卷内文书目录",
}
# Fields the officer supplies even though the wording does not list them as optional (the
# case has no record of them); other non-optional fields come from the case's records.
ASKED_FIELDS = frozenset({"requirement", "deadline", "result", "handler_opinion", "contact",
                          "evidence", "interviewee_id", "witness", "served_doc_number",
                          "paid_text", "payment_place", "reconsideration_body", "court",
                          "remarks"})


def field_labels(kind: str) -> dict[str, str]:
    """Chinese labels of a kind's fields, from the ``[fields]`` table of its TOML text
    (wording stays in resources/documents/, where the street aligns it with its copy).

    A file of the same name in the user data folder overrides the shipped one, as for the
    wording itself. Unknown kind or no table: {}.
    """
    import tomllib

    from jiedao_desk.documents.kinds import kind_dirs

    for folder in reversed(kind_dirs()):
        path = folder / f"{kind}.toml"
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8")).get("fields", {})
            except (OSError, tomllib.TOMLDecodeError):  # reported when the kind is issued
                return {}
            return {str(k): str(v) for k, v in table.items()}
    return {}


# Made by the dossier assembler too: never put into a dossier as items (they would repeat).
GENERATED_KINDS = frozenset({"enforcement_dossier_cover", "enforcement_dossier_index"})

# The 陈述申辩 period is set by no law and the Beijing 告知书 wording was not found (§6 item 4).
SETTINGS = settings_mod.declare(Setting(
    "enforcement.statement_period_text",
    "事先告知书中的陈述申辩期限（如“收到本告知书之日起三日内”）", "",
    "法律未规定陈述申辩期限，北京告知书样式中的期限未查到；未设置时告知书该处留空由办案人员手写。",
    "综合执法"))


def _words(fen: int) -> str:
    return amount_in_words(Decimal(fen) / 100)


def _issuer(store: Store) -> str:
    street = org.get_street(store)
    return street.name if street and street.name else "　　　　街道办事处"


def case_data(store: Store, case_id: int) -> dict:
    """The fields every enforcement document may print, from the case and its first party."""
    row = es.get_case(store, case_id)
    parties = es.parties(store, case_id)
    p = parties[0] if parties else {}
    events = es.events(store, case_id)
    notice = next((e["details"] for e in events if e["kind"] == "prior_notice"), {})
    people = next((e["officers"] for e in events if e["officers"]), [])
    decision = next((d for d in documents.list_documents(store, enf.ENTITY, case_id)
                     if d.kind == "enforcement_penalty_decision" and not d.voided), None)
    return {
        "issuer": _issuer(store), "case_id": case_id, "case_no": row["case_no"] or "",
        "source_label": enf.SOURCES.get(row["source"], row["source"]),
        "found_on": row["found_on"], "place": row["place"], "facts": row["description"],
        "power_text": row["power_text"], "filed_on": row["filed_on"] or "",
        "filed_approved_by": row["filed_approved_by"],
        "party_name": p.get("name", ""), "party_id_number": p.get("id_number", ""),
        "party_address": p.get("address", ""), "party_legal_rep": p.get("legal_rep", ""),
        "basis": notice.get("basis", ""),
        "intended_penalty": f"罚款{notice.get('intended_fine', '')}元" if notice else "",
        "decided_on": row["decided_on"] or "", "decision_text": row["decision_text"],
        "fine_words": _words(row["fine_fen"] if row["decided_on"] else int(
            Decimal(notice.get("intended_fine", "0")) * 100)),
        "served_on": row["served_on"] or "",
        "decision_number": decision.doc_number if decision else row["paper_number"],
        "officer_names": "、".join(o["name"] for o in people),
        "officer_lines": "；".join(f"{o['name']}（执法证号 {o['cert_no']}）" for o in people),
        "closed_on": row["closed_on"] or "", "closed_approved_by": row["closed_approved_by"],
        "issue_day": clock.today().isoformat(),
        "statement_result": _statement_result(events),
    }


def _statement_result(events: list[dict]) -> str:
    """What the decision says about 陈述申辩 (Art. 45: heard and reviewed)."""
    said = [e for e in events if e["kind"] == "statement"]
    if not said:
        return "你（单位）在规定期限内未提出陈述、申辩。"
    review = next((e["details"]["review"] for e in reversed(said) if e["details"].get("review")),
                  "")
    return (f"你（单位）于{said[0]['day']}提出了陈述、申辩，本机关已进行复核。"
            + (f"复核意见：{review}" if review else ""))


def _kind_data(store: Store, case_id: int, kind: str, base: dict, extra: dict) -> dict:
    from jiedao_desk.domains.enforcement.document_builders import BUILDERS

    if kind in BUILDERS:
        return BUILDERS[kind](store, case_id, {**base, **extra})
    row = es.get_case(store, case_id)
    if kind == "enforcement_prior_notice":
        period = str(settings_mod.get(store, SETTINGS["enforcement.statement_period_text"])
                     or "").strip()
        base["statement_period"] = period or "收到本告知书之日起＿＿日内"
        notice = next((e["details"] for e in es.events(store, case_id, "prior_notice")), None)
        if notice is None:
            raise ValidationError("请先登记事先告知（拟处罚内容、事实和依据）。", "notice")
        if notice.get("hearing"):
            base["hearing_text"] = (
                "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）"
                "有权要求举行听证。如要求听证，应当在收到本告知书之日起五个工作日内"
                "向本机关提出；逾期未提出的，视为放弃听证权利。")
    if kind in ("enforcement_inspection_record", "enforcement_inquiry_record"):
        want = "inspection" if kind == "enforcement_inspection_record" else "inquiry"
        rec = [e for e in es.events(store, case_id, want)]
        if not rec:
            raise ValidationError(f"请先登记{KINDS[kind]}的内容。", "record")
        r = rec[-1]
        base.update(record_day=r["day"], body=r["details"]["summary"].splitlines(),
                    interviewee=r["details"].get("interviewee", ""),
                    officer_lines="；".join(f"{o['name']}（执法证号 {o['cert_no']}）"
                                           for o in r["officers"]))
    if kind == "enforcement_service_receipt":
        svc = es.events(store, case_id, "service")
        if not svc:
            raise ValidationError("请先登记送达情况。", "service")
        s = svc[-1]["details"]
        base.update(served_doc_title=SERVED_WHAT[s["what"]],
                    method_label=SERVICE_METHODS[s["method"]], served_on=svc[-1]["day"],
                    receiver=s.get("receiver", ""), witnesses="、".join(s.get("witnesses", [])),
                    receipt=s.get("receipt", ""), served_place=base["party_address"])
    if kind == "enforcement_demand":
        if not row["served_on"]:
            raise ValidationError("处罚决定书尚未送达。", "served_on")
        _, extra_yuan = surcharge_on(row["fine_fen"] / 100, dt.date.fromisoformat(
            row["served_on"]), clock.today(), load_calendar(store))
        extra_fen = int(round(extra_yuan * 100))
        base.update(surcharge_words=_words(extra_fen),
                    total_words=_words(row["fine_fen"] + extra_fen))
    if kind == "enforcement_closing_approval":
        base["paid_text"] = (f"已于{row['paid_on']}缴纳罚款{_words(row['paid_fen'])}。"
                             if row["paid_on"] else "")
        base.setdefault("result", next((e["details"]["result"] for e in es.events(
            store, case_id, "close")), ""))
    base.update(extra)
    return base


def issue_document(store: Store, actor: Actor, case_id: int, kind: str,
                   extra: dict | None = None, paper_number: str | None = None):
    """Issue one enforcement document for a case (frozen PDF; entity ``enforcement_case``).

    Args:
        extra: additional or overriding fields (e.g. ``requirement``/``deadline`` of a
            rectification order, ``evidence``, ``handler_opinion``, ``result``).
        paper_number: a number typed from a pre-printed paper form.
    """
    enf._live_case(store, actor, case_id)
    if kind not in KINDS:
        raise ValidationError(f"执法文书种类须为：{'、'.join(KINDS.values())}。", "kind")
    data = _kind_data(store, case_id, kind, case_data(store, case_id), dict(extra or {}))
    data["title"] = KINDS[kind]
    return documents.issue(store, actor, kind, data, entity=enf.ENTITY, entity_id=case_id,
                           paper_number=paper_number)


def _dossier_parts(store: Store, case_id: int) -> tuple[list, dict]:
    """The dossier items in archive order and the cover values (shared by the dossier PDF and
    the issuable 卷宗封面 / 卷内文书目录, so that all three say the same)."""
    from jiedao_desk.core import attachments, dossier
    from jiedao_desk.domains.enforcement.decision import DOSSIER_TYPE

    row = es.get_case(store, case_id)
    dtype = dossier.load_type(DOSSIER_TYPE)
    docs = sorted((d for d in documents.list_documents(store, enf.ENTITY, case_id)
                   if not d.voided and d.kind not in GENERATED_KINDS),
                  key=lambda d: (dtype.order_of(d.kind), d.issued_at))
    items = [dossier.DossierItem(d.title, doc_id=d.id, date=d.issued_date) for d in docs]
    voided = es.voided_attachment_ids(store, case_id)  # evidence voided as a mistake
    evidence = [a for a in attachments.list_attachments(store, enf.ENTITY, case_id)
                if (a.is_image or a.mime == "application/pdf")  # printable ones only
                and a.id not in voided]
    at = next((i for i, d in enumerate(docs)
               if dtype.order_of(d.kind) > dtype.order_of("attachment:evidence")), len(items))
    items[at:at] = [dossier.DossierItem(f"证据：{a.note or a.filename}", attachment_id=a.id,
                                        date=a.added_at[:10]) for a in evidence]
    data = case_data(store, case_id)
    cover = {"title": f"{data['party_name']}{row['power_text'] or row['description']}案",
             "number": data["decision_number"], "case_no": data["case_no"],
             "parties": data["party_name"],
             "handler": data["officer_names"], "organisation": data["issuer"],
             "start_date": row["filed_on"] or row["found_on"], "end_date": row["closed_on"] or "",
             "retention": row["retention"] or dtype.retention,
             # the shared dossier cover has no case-number row, so the note carries it
             "note": "；".join(t for t in (
                 f"案件编号 {row['case_no']}" if row["case_no"] else "",
                 f"归档号 {row['archive_no']}" if row["archive_no"] else "") if t)}
    return items, cover


def dossier_layout(store: Store, case_id: int) -> tuple[dict, list, int]:
    """(cover values, index rows with page ranges, total pages) of the case's dossier now."""
    import io

    from pypdf import PdfReader

    from jiedao_desk.core import dossier
    from jiedao_desk.domains.enforcement.decision import DOSSIER_TYPE

    items, cover = _dossier_parts(store, case_id)
    pdf, rows = dossier.assemble(store, items, cover, DOSSIER_TYPE)
    return cover, rows, len(PdfReader(io.BytesIO(pdf)).pages)


def dossier_pdf(store: Store, actor: Actor, case_id: int) -> tuple[bytes, list[str]]:
    """The case file as one PDF in the archive order of dossier type ``enforcement``.

    Cover (案件名称 = 当事人 + 违法行为 + "案", reference §4), index, the issued documents in the
    type's order (then by issue date) and the evidence files. Issued 卷宗封面 / 卷内文书目录 are
    not repeated: the assembler makes both from the same values.

    Returns:
        (pdf bytes, names of required items still missing — the archive step refuses those).
    """
    from jiedao_desk.core import dossier
    from jiedao_desk.domains.enforcement.decision import DOSSIER_TYPE, missing_documents

    row = enf.get_case(store, actor, case_id)
    items, cover = _dossier_parts(store, case_id)
    if not items:  # a preview of a new case: say so instead of refusing (archive still refuses)
        items = [dossier.DossierItem("（尚未出具文书）", pdf=_empty_page(store))]
    pdf, _rows = dossier.assemble(store, items, cover, DOSSIER_TYPE)
    missing = ([r.name for r in missing_documents(store, case_id, for_archive=True)]
               if row["procedure"] == "general" else [])
    return pdf, missing


def _empty_page(store: Store) -> bytes:
    """One page saying the file has no document yet (for the dossier preview only)."""
    from jiedao_desk.core import printing
    from jiedao_desk.documents import layout

    fonts = printing.font_set(store)
    flow = [layout.title(fonts, "案卷不完整"),
            layout.text(fonts, "本案尚未出具任何文书。请按卷内目录出具文书后再组卷、归档。")]
    pdf, _ = layout.build_pdf(flow, fonts, layout.PageSetup(page_numbers="none"))
    return pdf
