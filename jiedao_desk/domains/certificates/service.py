# SPDX-License-Identifier: MIT
"""Certificates issued by a residents' committee (证明开具): check, issue, refuse, void.

The gates (目录 in force, negative list) are the table in rules.py. Both lists are versioned
data (core.catalog); nothing here knows an item by name. When the 目录 in force has no items
(the shipped 2019-12 version: its annex is not public) nothing can be issued, and the app says
so instead of falling back to an older or invented list. Every request ends as one register
row, issued or refused; a refusal names the list, version and item that blocked it and can be
printed as a 不予出具证明告知书.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import auth, catalog, documents, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.attachments import add_attachment
from jiedao_desk.core.catalog import CatalogItem
from jiedao_desk.core.settings import Setting
from jiedao_desk.domains.certificates import rules
from jiedao_desk.domains.certificates import store as cert_store
from jiedao_desk.domains.certificates.model import (
    DENIED,
    EMPTY,
    NO_CATALOG,
    NO_DENYLIST,
    NOT_IN_CATALOG,
    OK,
    SIMILAR,
    Certificate,
    Check,
    ListInForce,
    MonthCounts,
)
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store.lists import ListSource

ENTITY = rules.ENTITY
CATALOG_KEY, DENYLIST_KEY = "certificate_catalog", "certificate_denylist"
KIND, REFUSAL_KIND = "certificate", "certificate_refusal"
# Optional columns of a denylist item telling the applicant where to go instead.
REDIRECT_KEYS = ("alternative", "handled_by", "替代办理方式", "责任部门")

SETTINGS = settings_mod.declare(Setting(
    "certificate.denylist_similarity", "负面清单相似度提示阈值", 0.6,
    "软件的文字相似度提示（0–1），非法定：申请事项或用途与负面清单某项的相似度达到此值时，"
    "经办人须确认“不是同一事项”才能开具，确认会被记录。", "证明开具"))

def _row(row: dict) -> Certificate:
    return Certificate(
        row["id"], row["outcome"], row["reason"], row["community_id"], row["community_name"],
        row["day"], row["applicant_name"], row["applicant_id_number"], row["applicant_phone"],
        row["matter"], row["purpose"], row["content"], tuple(json.loads(row["evidence"])),
        row["catalog_version_id"], row["item_text"], row["denylist_version_id"],
        row["deny_text"], tuple(json.loads(row["similar_confirmed"])), row["document_id"],
        row["doc_number"], row["recorded_by"], row["voided_at"] is not None, row["void_reason"])


# -- the lists in force ----------------------------------------------------------------------
def list_in_force(store: Store, key: str, on: dt.date | None = None) -> ListInForce:
    """The version of catalog ``key`` in force on ``on`` (default today) with its items."""
    day = on or clock.today()
    try:
        version = catalog.current_version(store, key, on=day)
    except NotFound:  # never loaded (no `init`)
        return ListInForce(key, day, None, ())
    items = tuple(catalog.items(store, version.id)) if version and version.id else ()
    current_id = version.id if version else None
    older = tuple(v for v in catalog.versions(store, key)
                  if v.voided_at is None and v.item_count and v.id != current_id)
    return ListInForce(key, day, version, items, older)


# -- matching against the negative list ------------------------------------------------------
_NOISE = re.compile(r"[\s\u3000，。、；：,.;:（）()“”\"'《》]")


def _norm(text: str) -> str:
    return _NOISE.sub("", text or "")


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text} - {""}


def similarity(deny_text: str, text: str) -> float:
    """Share (0–1) of the denylist item's distinctive bigrams found in ``text``.

    "证明" and a leading "居民" are dropped from the item first: every item has them, and
    they would make any request look alike.
    """
    core = _norm(deny_text).removesuffix("证明").removeprefix("居民")
    grams, other = _bigrams(core), _bigrams(_norm(text))
    return len(grams & other) / len(grams) if grams else 0.0


_SPLIT = re.compile(r"[、，,；;\n]")


def sub_items(item: CatalogItem) -> list[str]:
    """The sub-items an official list names under ``item`` (e.g. the certificates it says an
    item includes), from ``extra.includes``: a list, or one text separated by 、，；
    (an Excel cell). Shipped lists hold only sub-items read in a cited source."""
    raw = item.extra.get("includes") or []
    names = raw if isinstance(raw, list) else _SPLIT.split(str(raw))
    return [n for n in (str(x).strip() for x in names) if n]


def _hard_match(deny: ListInForce, *texts: str) -> tuple[CatalogItem, str] | None:
    # The item's full name, or one of its sub-items', inside the 目录 item or the asked-for
    # matter is the same matter: (item, the name found).
    for text in filter(None, map(_norm, texts)):
        for d in deny.items:
            for name in (d.text, *sub_items(d)):
                if _norm(name) and _norm(name) in text:
                    return d, name
    return None


def check_request(store: Store, item_seq: int | None = None, matter: str = "",
                  purpose: str = "", on: dt.date | None = None) -> Check:
    """Judge a request against the 目录 and the negative list in force on ``on``.

    Args:
        store: the store.
        item_seq: the 目录 item the clerk picked (seq in the version in force), or None.
        matter: what the applicant asked for, in their words (free text).
        purpose: what the certificate is for.
        on: the day (default today).
    """
    cat, deny = list_in_force(store, CATALOG_KEY, on), list_in_force(store, DENYLIST_KEY, on)
    item = cat.find(item_seq) if item_seq is not None else None
    found = _hard_match(deny, item.text if item else "", matter)
    if found is not None:
        hit, name = found
        what = hit.text if name == hit.text else f"{name}（属“{hit.text}”）"
        return Check(DENIED, f"不应出具：{what}（{_deny_source(deny)}第{hit.seq}项）",
                     cat, deny, item, hit)
    if not deny.usable:
        return Check(NO_DENYLIST, "不能开具：负面清单（民发〔2020〕20号）未载入，无法核对。"
                     "请管理员在“参考目录”页载入。", cat, deny, item)
    if not cat.usable:
        return Check(NO_CATALOG, rules.catalog_problem(cat), cat, deny)
    if item is None:
        if item_seq is None and not _norm(matter):
            return Check(EMPTY, "请选择目录中的证明事项。", cat, deny)
        return Check(NOT_IN_CATALOG, f"不在目录中（现行{cat.describe()}）", cat, deny)
    limit = float(settings_mod.get(store, SETTINGS["certificate.denylist_similarity"]))
    scores = [(d, max(similarity(d.text, t) for t in (item.text, matter, purpose)))
              for d in deny.items]
    similar = tuple(sorted(((d, s) for d, s in scores if s >= limit), key=lambda x: -x[1]))
    if similar:
        names = "、".join(f"“{d.text}”（{s:.0%}）" for d, s in similar[:3])
        return Check(SIMILAR, f"请核实：与负面清单 {names} 相似，确认不是同一事项后方可开具",
                     cat, deny, item, similar=similar)
    return Check(OK, f"可以开具：目录第{item.seq}项“{item.text}”", cat, deny, item)


def _deny_source(deny: ListInForce) -> str:
    v = deny.version
    return f"《{v.title}》（{v.doc_number or v.label}）" if v else "负面清单"


# -- helpers shared by the actions ---------------------------------------------------------------
def _community(store: Store, actor: Actor, community_id: int) -> dict:
    auth.require(actor, "certificate.issue", community_id)
    row = org_store.get_community(store, community_id)
    if row is None or row["voided_at"]:
        raise ValidationError("所选社区不存在或已作废。", "community_id")
    return row


def issuer_name(community_name: str) -> str:
    """The committee's name as printed: "<community>居民委员会"."""
    name = community_name.strip()
    return name if name.endswith(("居委会", "居民委员会")) else f"{name}居民委员会"


def _applicant(name: str, id_number: str | None, phone: str, id_required: bool):
    name = validate.required_text(name, "申请人姓名", 50)
    number = None
    if id_required or (id_number or "").strip():
        number = validate.id_card(id_number or "", "申请人身份证号").number
    phone = validate.phone(phone, "联系电话") if (phone or "").strip() else ""
    return name, number, phone


def _base_row(actor: Actor, community_id: int, name: str, number: str | None, phone: str,
              check: Check) -> dict:
    today = clock.today()
    return {"community_id": community_id, "day": today.isoformat(),
            "month": today.isoformat()[:7], "applicant_name": name,
            "applicant_id_number": number, "applicant_phone": phone,
            "catalog_version_id": check.catalog.version.id if check.catalog.version else None,
            "denylist_version_id": check.denylist.version.id if check.denylist.version else None,
            "recorded_by": actor.name, "recorded_by_id": actor.user_id, "content": "",
            "evidence": "[]", "similar_confirmed": "[]", "catalog_item_id": None,
            "item_text": "", "deny_item_id": None, "deny_text": ""}


# -- actions ---------------------------------------------------------------------------------
def issue_certificate(  # noqa: PLR0913 — what the clerk enters for one certificate, by name
        store: Store, actor: Actor, community_id: int, *, item_seq: int, name: str,
        id_number: str, purpose: str, evidence: Sequence[str] = (), phone: str = "",
        content: str = "", confirm_not_same: bool = False,
        attachments: Sequence[str | Path] = ()) -> Certificate:
    """Issue a certificate of a 目录 item: register it, number and freeze the PDF (one action).

    Args:
        store / actor: where and as whom (``certificate.issue``; a community worker only
            for their own community).
        community_id: the issuing community (居委会).
        item_seq: seq of the item in the 目录 version in force today.
        name / id_number / phone: the applicant (ID number checked, phone optional).
        purpose: what the certificate is for (printed on it).
        evidence: the evidence seen, one text per piece.
        content: the facts certified, as they are to be printed (optional).
        confirm_not_same: the clerk confirms the request is not the same matter as the
            negative-list items it resembles (recorded on the row).
        attachments: scans of the evidence (file store only).

    Raises:
        ValidationError: bad input, no usable 目录, not in the 目录, resembles a negative-list
            item without confirmation (nothing written).
        Conflict: the item is on the negative list (refuse it with ``refuse_request``).
    """
    _community(store, actor, community_id)
    name, number, phone = _applicant(name, id_number, phone, id_required=True)
    purpose = validate.required_text(purpose, "用途", 200)
    content = (content or "").strip()
    evidence = [validate.required_text(e, "核验材料", 200) for e in evidence if (e or "").strip()]
    check = check_request(store, item_seq, "", purpose)
    rules.MACHINE.require("issue", rules.REQUESTED, rules.Subject(check, confirm_not_same))
    item, cat = check.item, check.catalog
    assert item is not None and cat.version is not None
    row = _base_row(actor, community_id, name, number, phone, check)
    row.update(outcome="issued", reason="", matter=item.text, purpose=purpose, content=content,
               evidence=json.dumps(evidence, ensure_ascii=False), catalog_item_id=item.id,
               item_text=item.text, similar_confirmed=json.dumps(
                   [{"seq": d.seq, "text": d.text, "score": round(s, 2)} for d, s in check.similar],
                   ensure_ascii=False))
    with store.atomic():
        cid = cert_store.insert(store, row)
        comm = _load(store, cid)["community_name"]
        data = {"title": f"证明（{item.text}）", "issuer": issuer_name(comm),
                "applicant_name": name, "applicant_id_number": number,
                "item_text": item.text, "item_seq": item.seq, "catalog_title": cat.version.title,
                "catalog_label": cat.version.label, "purpose": purpose, "content": content,
                "evidence_text": "；".join(evidence), "issue_date": row["day"],
                "sample": "是" if catalog.is_sample(cat.version) else ""}
        doc = documents.issue(store, actor, KIND, data, entity=ENTITY, entity_id=cid)
        cert_store.set_document(store, cid, doc.id, doc.doc_number)
        for path in attachments:
            add_attachment(store, actor, path, ENTITY, cid, "证明核验材料")
        audit_store.record(store, actor, "certificate.issue", ENTITY, cid, None,
                           {**row, "doc_number": doc.doc_number, "document_id": doc.id})
    return get_certificate(store, actor, cid)


def refuse_request(  # noqa: PLR0913 — what the clerk enters for one refusal, by name
        store: Store, actor: Actor, community_id: int, *, name: str, matter: str,
        purpose: str = "", deny_seq: int | None = None, id_number: str = "", phone: str = "",
        notice: bool = True) -> Certificate:
    """Record a refused request and (by default) issue its 不予出具证明告知书 (one action).

    The reason is the negative-list item ``deny_seq`` (or the item whose name the matter
    contains); otherwise "not in the 目录", which needs a 目录 with items — with an empty
    目录 in force nobody can tell, and the refusal would state something unknown.

    Raises:
        ValidationError: bad input; no such negative-list item; the matter is in the 目录;
            "not in the 目录" while the 目录 in force is empty (nothing written).
    """
    _community(store, actor, community_id)
    name, number, phone = _applicant(name, id_number, phone, id_required=False)
    matter = validate.required_text(matter, "申请事项", 200)
    purpose = (purpose or "").strip()
    check = check_request(store, None, matter, purpose)
    deny = check.denylist
    hit = deny.find(deny_seq) if deny_seq is not None else check.deny_item
    if deny_seq is not None and hit is None:
        raise ValidationError(f"负面清单（{deny.describe()}）中没有第{deny_seq}项。", "deny_seq")
    same = next((i for i in check.catalog.items if _norm(i.text) == _norm(matter)), None)
    rules.MACHINE.require("refuse", rules.REQUESTED, rules.Subject(
        check, deny_item=hit, catalog_item=same, matter=matter))
    row = _base_row(actor, community_id, name, number, phone, check)
    row.update(outcome="refused", matter=matter, purpose=purpose)
    if hit is not None:
        row.update(reason="denylist", deny_item_id=hit.id, deny_text=hit.text)
    else:
        row.update(reason="not_in_catalog")
    with store.atomic():
        cid = cert_store.insert(store, row)
        audit_store.record(store, actor, "certificate.refuse", ENTITY, cid, None, row)
        if notice:
            issue_refusal_notice(store, actor, cid)
    return get_certificate(store, actor, cid)


def _refusal_data(store: Store, cert: Certificate) -> dict:
    rows = {"denylist": cert.denylist_version_id, "not_in_catalog": cert.catalog_version_id}
    version_id = rows[cert.reason]
    if version_id is None:  # a refusal records the list it relied on
        raise Conflict(f"证明登记 {cert.id} 没有记录所依据的清单版本，无法出具告知书。")
    version = catalog.get_version(store, version_id)
    data = {"title": "不予出具证明告知书", "issuer": issuer_name(cert.community_name),
            "applicant_name": cert.applicant_name, "request_date": cert.day,
            "matter": cert.matter, "purpose": cert.purpose,
            "issue_date": clock.today().isoformat()}
    # A refusal because the matter is not in a training sample 目录 says so on the notice.
    data["sample"] = "是" if catalog.is_sample(version) else ""
    if cert.reason == "denylist":
        row = _load(store, cert.id)
        item = next(i for i in catalog.items(store, version_id) if i.id == row["deny_item_id"])
        data["reason_text"] = (f"经核对，你申请出具的证明属于《{version.title}》"
                               f"（{version.doc_number or version.label}）第{item.seq}项"
                               f"“{item.text}”，居民委员会不应出具此项证明。")
        data["redirect"] = "；".join(str(item.extra[k]) for k in REDIRECT_KEYS
                                     if str(item.extra.get(k) or "").strip())
    else:
        data["reason_text"] = (f"经核对，你申请出具的证明不在现行《{version.title}》"
                               f"（{version.label}版）所列事项之内，居民委员会只出具目录所列证明。")
    return data


def issue_refusal_notice(store: Store, actor: Actor, certificate_id: int) -> Certificate:
    """Issue the 不予出具证明告知书 of a recorded refusal that has none yet."""
    auth.require(actor, "certificate.issue")  # before saying whether it exists
    cert = get_certificate(store, actor, certificate_id)
    auth.require(actor, "certificate.issue", cert.community_id)
    rules.MACHINE.require("refusal_notice", cert.state, rules.Subject(certificate=cert))
    with store.atomic():
        doc = documents.issue(store, actor, REFUSAL_KIND, _refusal_data(store, cert),
                              entity=ENTITY, entity_id=cert.id)
        cert_store.set_document(store, cert.id, doc.id, doc.doc_number)
        audit_store.record(store, actor, "certificate.refusal_notice", ENTITY, cert.id, None,
                           {"document_id": doc.id, "doc_number": doc.doc_number})
    return get_certificate(store, actor, cert.id)


def void_certificate(store: Store, actor: Actor, certificate_id: int,
                     reason: str) -> Certificate:
    """Void a register row and its document with a reason; the number stays taken."""
    auth.require(actor, "certificate.issue")  # before telling whether the row exists
    reason = validate.required_text(reason, "作废原因", 200)
    cert = get_certificate(store, actor, certificate_id)
    auth.require(actor, "certificate.issue", cert.community_id)
    rules.MACHINE.require("void", cert.state, rules.Subject(certificate=cert))
    with store.atomic():
        cert_store.void(store, cert.id, reason, actor.name)
        if cert.document_id is not None and \
                not documents.get_document(store, cert.document_id).voided:
            documents.void(store, actor, cert.document_id, reason)
        audit_store.record(store, actor, "certificate.void", ENTITY, cert.id,
                           {"voided": False}, {"reason": reason, "doc_number": cert.doc_number})
    return get_certificate(store, actor, cert.id)


# -- queries -----------------------------------------------------------------------------------
def _require_view(actor: Actor, community_id: int | None = None) -> None:
    auth.require(actor, "certificate.view", community_id)


def _load(store: Store, certificate_id: int) -> dict:
    """The stored register row (NotFound when there is none)."""
    row = cert_store.get(store, certificate_id)
    if row is None:
        raise NotFound(f"没有编号为 {certificate_id} 的证明登记。")
    return row


def get_certificate(store: Store, actor: Actor, certificate_id: int) -> Certificate:
    """One register row (NotFound; PermissionDenied for another community's row)."""
    _require_view(actor, None)  # before saying whether it exists
    row = _load(store, certificate_id)
    _require_view(actor, row["community_id"])
    return _row(row)


def pdf_bytes(store: Store, actor: Actor, certificate_id: int) -> bytes:
    """The frozen PDF of a row's certificate or refusal notice."""
    cert = get_certificate(store, actor, certificate_id)
    if cert.document_id is None:
        raise NotFound("该登记没有出具文书。")
    return documents.reprint(store, cert.document_id, actor)  # audited as a reprint


def list_source(store: Store, actor: Actor, community_id: int | None = None) -> ListSource:
    """The register this actor may see; filters ``community_id``, ``month`` (YYYY-MM),
    ``item_text`` and ``state`` (issued / refused / voided)."""
    _require_view(actor, community_id)
    return cert_store.list_source(store, auth.community_scope(actor) or community_id)


def month_counts(store: Store, actor: Actor, month: str,
                 community_id: int | None = None) -> MonthCounts:
    """Issued and refused requests of a month (YYYY-MM), by reason and by item."""
    _require_view(actor, None)  # before checking the input
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month or ""):
        raise ValidationError(f"月份“{month}”格式不对，请写成 2026-11。", "month")
    _require_view(actor, community_id)
    scope = auth.community_scope(actor) or community_id
    issued: dict[str, int] = {}
    refused: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for r in cert_store.month_counts(store, month, scope):
        target = issued if r["outcome"] == "issued" else refused
        target[r["item"]] = target.get(r["item"], 0) + r["n"]
        if r["outcome"] == "refused":
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + r["n"]
    return MonthCounts(month, sum(issued.values()), sum(refused.values()), reasons, issued,
                       refused, cert_store.voided_count(store, month, scope))
