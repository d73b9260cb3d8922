# SPDX-License-Identifier: MIT
"""One history per person and per address across 12345 tickets, mediation and enforcement.

A caller who phones 12345 again and again, or an address that keeps coming back, is what
proactive governance (主动治理, 条例; reference mediation-hotline.md §7) looks for. The
timeline is filtered by the viewer's role: each domain shows only to the roles holding its
view permission (mediation records are confidential, 人民调解法 第十五条; enforcement files
are for the enforcement team), and the viewer is told which domains were left out. Phone
numbers are masked in the result, as in every list.

Matching is deliberately simple and explained on every row: a person matches on the phone
(digits only), the ID number or the exact name; an address matches when one normalised
address contains the other (so "3号楼" alone never matches a whole street).
"""

from __future__ import annotations

import re
import unicodedata

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied, ValidationError
from jiedao_desk.core import auth
from jiedao_desk.domains import enforcement, mediation
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline import store_cases
from jiedao_desk.domains.hotline.model import History, HistoryEntry
from jiedao_desk.domains.hotline.rules import MACHINE
from jiedao_desk.domains.hotline.tickets import mask_phone, visible
from jiedao_desk.store import Store

DOMAIN_LABELS = {"hotline": "12345工单", "mediation": "人民调解", "enforcement": "综合执法"}
_VIEW = {"hotline": "hotline.view", "mediation": "mediation.view",
         "enforcement": "enforcement.view"}
MIN_ADDRESS_LEN = 5
# Beijing's 16 districts: a leading district name is dropped, so "西城区X小区" = "X小区".
_DISTRICTS = ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区",
              "房山区", "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区",
              "延庆区")


def address_key(text: str) -> str:
    """Normalise an address for matching: full-width → half-width, no spaces or punctuation,
    no leading 北京市 / district / 街道, 号楼/栋/幢 → 号, upper case."""
    s = unicodedata.normalize("NFKC", text or "")
    s = re.sub(r"[\W_]+", "", s).upper()
    for prefix in ("中国", "北京市", "北京"):
        s = s.removeprefix(prefix)
    for d in _DISTRICTS:
        s = s.removeprefix(d)
    s = re.sub(r"^[\u4e00-\u9fff]{2,6}?街道(办事处)?", "", s)
    return re.sub(r"号楼|栋|幢", "号", s)


def _digits(phone: str) -> str:
    d = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone or ""))
    return d[2:] if d.startswith("86") and len(d) == 13 else d


def _allowed(actor: Actor) -> tuple[list[str], list[str]]:
    shown = [d for d, perm in _VIEW.items() if auth.can(actor, perm)]
    if not shown:
        raise PermissionDenied(f"“{actor.name}”无权查看工单、调解或执法记录。")
    return shown, [DOMAIN_LABELS[d] for d in _VIEW if d not in shown]


def _matched(row: dict, phone: str, id_number: str, name: str) -> str:
    how = []
    if phone and _digits(row.get("phone") or row.get("claimant_phone") or "") == phone:
        how.append("电话")
    if id_number and (row.get("id_number") or "").upper() == id_number:
        how.append("身份证号")
    if name and (row.get("name") or row.get("claimant_name")) == name:
        how.append("姓名")
    return "、".join(how)


def _ticket_entry(t: dict, matched: str) -> HistoryEntry:
    return HistoryEntry("hotline", DOMAIN_LABELS["hotline"], t["id"], t["ticket_no"],
                        t["received_at"], t["title"] or t["category"] or "（无标题）",
                        MACHINE.label(t["state"]), matched,
                        f"{t['claimant_name']} {mask_phone(t['claimant_phone'])}"
                        f" {t['community_name'] or ''} {t['place']}".strip())


def _mediation_entry(m: dict, matched: str) -> HistoryEntry:
    role = mediation.ROLES.get(m["role"], m["role"])
    return HistoryEntry("mediation", DOMAIN_LABELS["mediation"], m["id"], m["case_number"],
                        m["received_on"], f"{m['dispute_type']}：{m['summary'][:40]}",
                        mediation.MACHINE.label(m["state"]), matched,
                        f"{role} {m['name']} {mask_phone(_digits(m['phone']))}"
                        f" {m['address']}".strip())


def _enforcement_entry(e: dict, matched: str) -> HistoryEntry:
    party = f"当事人 {e['name']}" if e.get("name") else "（未登记当事人）"
    return HistoryEntry("enforcement", DOMAIN_LABELS["enforcement"], e["id"],
                        e["archive_no"] or f"#{e['id']}", e["found_on"],
                        f"{enforcement.SOURCES.get(e['source'], e['source'])}："
                        f"{e['description'][:40]}",
                        enforcement.state_label(e["state"]), matched,
                        f"{party} {e['case_place']}".strip())


def _merge(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """One row per record (a case matched through two parties shows once), newest first."""
    seen: dict[tuple[str, int], HistoryEntry] = {}
    for e in entries:
        old = seen.get((e.domain, e.record_id))
        if old is None:
            seen[(e.domain, e.record_id)] = e
        elif e.matched_on and e.matched_on not in old.matched_on:
            old.matched_on = "、".join(filter(None, (old.matched_on, e.matched_on)))
    return sorted(seen.values(), key=lambda e: (e.date, e.domain, e.record_id), reverse=True)


def person_history(store: Store, actor: Actor, *, phone: str = "", id_number: str = "",
                   name: str = "", exclude_ticket: int | None = None) -> History:
    """Everything this viewer may see about one person (phone, ID number or name).

    Raises:
        ValidationError: no usable criterion (a 保密 name does not count).
        PermissionDenied: the viewer may see none of the three domains.
    """
    auth.require(actor, "hotline.view")
    phone, id_number = _digits(phone), (id_number or "").strip().upper()
    name = (name or "").strip()
    name = "" if name == "保密" else name
    if len(phone) < 5 and not id_number and not name:
        raise ValidationError("请至少填写电话、身份证号或姓名之一（姓名“保密”不能用于查找）。",
                              "person")
    shown, hidden = _allowed(actor)
    subject = "、".join(filter(None, (name, mask_phone(phone) if phone else "",
                                      id_number[:6] + "…" if id_number else "")))
    entries: list[HistoryEntry] = []
    if "hotline" in shown:
        for t in hotline_store.tickets_of_person(store, phone, name,
                                               auth.community_scope(actor)):
            if t["id"] != exclude_ticket:
                entries.append(_ticket_entry(t, _matched(t, phone, "", name)))
    if "mediation" in shown:
        entries += [_mediation_entry(m, _matched(m, phone, id_number, name))
                    for m in store_cases.mediation_of_person(store, phone, id_number, name)]
    if "enforcement" in shown:
        entries += [_enforcement_entry(e, _matched(e, phone, id_number, name))
                    for e in store_cases.enforcement_of_person(store, phone, id_number, name)]
    return History(f"来电人/当事人：{subject}", _merge(entries), hidden)


def address_history(store: Store, actor: Actor, address: str,
                    exclude_ticket: int | None = None) -> History:
    """Everything this viewer may see at one address (ticket places, parties' addresses,
    enforcement case places), matched on the normalised text."""
    auth.require(actor, "hotline.view")
    key = address_key(address)
    if len(key) < MIN_ADDRESS_LEN:
        raise ValidationError(f"地址“{address}”太短，无法可靠查找（去掉区、街道后至少"
                              f"{MIN_ADDRESS_LEN}个字，如“和平里小区3号楼”）。", "address")
    shown, hidden = _allowed(actor)
    entries: list[HistoryEntry] = []
    if "hotline" in shown:
        entries += [_ticket_entry(t, "地址") for t in hotline_store.tickets_at(
            store, key, address_key, MIN_ADDRESS_LEN, auth.community_scope(actor))
            if t["id"] != exclude_ticket]
    if "mediation" in shown:
        entries += [_mediation_entry(m, "地址") for m in store_cases.mediation_at(
            store, key, address_key, MIN_ADDRESS_LEN)]
    if "enforcement" in shown:
        entries += [_enforcement_entry(e, "地址") for e in store_cases.enforcement_at(
            store, key, address_key, MIN_ADDRESS_LEN)]
    return History(f"地址：{address.strip()}", _merge(entries), hidden)


def ticket_history(store: Store, actor: Actor, ticket_id: int, kind: str) -> History:
    """The caller's (``kind`` = "person") or the place's ("address") history of a ticket,
    the ticket itself left out. The full phone is used for matching but never shown."""
    auth.require(actor, "hotline.view")
    t = visible(actor, hotline_store.get(store, ticket_id), ticket_id)
    if kind == "person":
        return person_history(store, actor, phone=t.claimant_phone, name=t.claimant_name,
                              exclude_ticket=ticket_id)
    if kind == "address":
        if not t.place.strip():
            raise ValidationError("这张工单没有填写地点，无法查地址历史。", "place")
        return address_history(store, actor, t.place, exclude_ticket=ticket_id)
    raise ValidationError(f"未知的历史类别“{kind}”。", "kind")
