# SPDX-License-Identifier: MIT
"""The resident register (居民基础信息): base data reused to prefill forms.

Every change is one transaction with its audit row and keeps the search index in step. The
free-text index holds name (with its pinyin), address, household number, notes and flags
only: identity numbers and phone numbers stay out of it (个人信息保护法 第五十一条: take
measures such as access control to protect personal information), so they are never found
by typing a fragment of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core import validate
from jiedao_desk.core.auth import can, community_scope, require
from jiedao_desk.core.exchange import ownership
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.spec import SearchSource
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store import search as search_store
from jiedao_desk.store.lists import ListSource

ENTITY = residents_store.ENTITY

SETTINGS = settings_mod.declare(
    Setting("residents.flags", "居民标记", "老年人、残疾人、低保、退役军人",
            "可编辑的标记列表（用顿号分隔），登记居民时可勾选；默认取自议题6所列的常用"
            "服务对象类别，街道可按需增加。", "居民"),
)


@dataclass(frozen=True)
class Resident:
    """One registered resident.

    Attributes:
        birth_date / gender: taken from the identity number ("" / None without one).
        voided: True once voided (作废); ``void_reason`` says why.
    """

    id: int
    community_id: int
    community_name: str
    name: str
    gender: str
    id_number: str | None
    birth_date: dt.date | None
    phone: str
    address: str
    household_no: str
    notes: str
    voided: bool
    void_reason: str | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResidentFields:
    """A resident's data as typed (checked and normalised by ``_clean``).

    Attributes:
        id_number: None or "" for none; birth date and gender are read from it.
        flags: 、-joined text or a list (老年人、低保 …).
    """

    community_id: int
    name: str
    id_number: str | None = None
    phone: str = ""
    address: str = ""
    household_no: str = ""
    notes: str = ""
    flags: str | list[str] = ""


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()  # "leave this field as it is" in update_resident


def _resident(row: dict) -> Resident:
    birth = dt.date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
    return Resident(row["id"], row["community_id"], row["community_name"], row["name"],
                    row["gender"], row["id_number"], birth, row["phone"], row["address"],
                    row["household_no"], row["notes"], row["voided_at"] is not None,
                    row["void_reason"], split_flags(row["flags"]))


def split_flags(text: str | None) -> tuple[str, ...]:
    """The flags of a 、-joined text (commas and semicolons are accepted too)."""
    return tuple(p.strip() for p in re.split(r"[、,，;；\n]+", text or "") if p.strip())


def flag_choices(store: Store) -> list[str]:
    """The flags a resident may carry (setting ``residents.flags``)."""
    return list(split_flags(str(settings_mod.get(store, SETTINGS["residents.flags"]))))


@functools.lru_cache(maxsize=65536)
def name_pinyin(name: str) -> str:
    """Pinyin initials and toneless full pinyin of a name, e.g. 张伟 → ``"zw zhangwei"``.

    Cached because demo loads index up to a million residents whose names repeat a lot.
    """
    han = "".join(re.findall(r"[\u4e00-\u9fff]", name))
    if not han:
        return ""
    # pypinyin's phrase tables take a quarter of a second to load: only when a name is indexed
    from pypinyin import Style, lazy_pinyin

    full = lazy_pinyin(han, errors="ignore")
    initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER, errors="ignore"))
    return f"{initials} {''.join(full)}"


def search_text(name: str, address: str, household_no: str, notes: str,
                flags: str = "") -> str:
    """What a resident contributes to the free-text index (no identity or phone numbers).

    The name's pinyin initials and full pinyin are included so a clerk can type ``zw`` or
    ``zhangwei`` to find 张伟 without switching input method.
    """
    parts = (name, name_pinyin(name), address, household_no, notes, flags)
    return " ".join(p for p in parts if p)


def _text(values: dict) -> str:
    return search_text(values["name"], values["address"], values["household_no"],
                       values["notes"], values["flags"])


def _clean_flags(store: Store, flags: Any, kept: tuple[str, ...] = ()) -> str:
    """Check flags against the setting; return them 、-joined in the setting's order.

    ``kept`` are flags the resident already carries: they stay valid even if the street has
    since removed them from the setting, so editing another field never fails on them.
    """
    given = split_flags(flags) if isinstance(flags, str) else tuple(
        str(f).strip() for f in (flags or ()) if str(f).strip())
    choices = flag_choices(store)
    choices += [f for f in kept if f not in choices]
    unknown = [f for f in given if f not in choices]
    if unknown:
        raise ValidationError(f"未知的居民标记“{'、'.join(unknown)}”，可选："
                              f"{'、'.join(choices) or '（无，请在设置中添加）'}。", "标记")
    return "、".join(c for c in choices if c in given)


def _clean(store: Store, typed: ResidentFields, check_community: bool,
           kept_flags: tuple[str, ...] = ()) -> dict:
    """Validate every field; return the values to store (``FIELDS`` keys)."""
    community_id, id_number, phone = typed.community_id, typed.id_number, typed.phone
    name = validate.required_text(typed.name, "姓名", 30)
    values: dict[str, Any] = {"community_id": community_id, "name": name, "gender": "",
                              "id_number": None, "birth_date": None, "phone": ""}
    if id_number is not None and id_number.strip():
        info = validate.id_card(id_number)
        values.update(id_number=info.number, birth_date=info.birth_date.isoformat(),
                      gender=info.gender)
    if phone and phone.strip():
        values["phone"] = validate.phone(phone)
    for key, field, limit in (("address", "住址", 100), ("household_no", "户号", 30),
                              ("notes", "备注", 500)):
        text = (getattr(typed, key) or "").strip()
        if len(text) > limit:
            raise ValidationError(f"{field}太长（最多{limit}字，现在{len(text)}字）。", field)
        values[key] = text
    values["flags"] = _clean_flags(store, typed.flags, kept_flags)
    if check_community:
        community = org_store.get_community(store, community_id)
        if community is None:
            raise NotFound(f"没有编号为 {community_id} 的社区。")
        if community["voided_at"]:
            raise ValidationError(f"社区“{community['name']}”已作废，不能登记居民。", "社区")
    return values


def _check_unique(store: Store, id_number: str | None, own_id: int | None) -> None:
    if id_number is None:
        return
    other = residents_store.find_live_by_id_number(store, id_number)
    if other is not None and other["id"] != own_id:
        raise Conflict(f"身份证号 {id_number[:6]}********{id_number[-4:]} 已登记在"
                       f"“{other['community_name']}”（居民：{other['name']}）。")


def add_resident(  # noqa: PLR0913 — the fields of the registration form, by name
        store: Store, actor: Actor, community_id: int, name: str,
        id_number: str | None = None, *, phone: str = "", address: str = "",
        household_no: str = "", notes: str = "", flags: str | list[str] = "") -> Resident:
    """Register a resident.

    ``flags`` (老年人、低保 …) are 、-joined text or a list; each must be in the setting
    ``residents.flags``.

    Birth date and gender are read from the identity number (GB 11643). An identity number
    may be held by only one live resident.

    Raises:
        ValidationError: a field is missing or malformed (nothing is written).
        NotFound: the community does not exist.
        Conflict: the identity number is already registered.
        PermissionDenied: the actor may not edit residents of this community.
    """
    require(actor, "resident.edit", community_id)
    with store.atomic():
        typed = ResidentFields(community_id, name, id_number, phone, address, household_no,
                               notes, flags)
        values = _clean(store, typed, check_community=True)
        _check_unique(store, values["id_number"], None)
        rid = residents_store.insert(store, values)
        search_store.index(store, ENTITY, rid, _text(values))
        audit_store.record(store, actor, "resident.add", ENTITY, rid, None, values)
        _to_community_site(store, actor, rid, values["community_id"])
    return get_resident(store, rid)


def update_resident(  # noqa: PLR0913 — each field of the record, by name, or KEEP
        store: Store, actor: Actor, resident_id: int, *,
        community_id: int = KEEP, name: str = KEEP, id_number: str | None = KEEP,
        phone: str = KEEP, address: str = KEEP, household_no: str = KEEP,
        notes: str = KEEP, flags: str | list[str] = KEEP) -> Resident:
    """Change a resident's data; fields left as ``KEEP`` stay as they are.

    Raises:
        NotFound: no such resident (or community).
        Conflict: the resident is voided, or the new identity number is taken.
        ValidationError: a field is malformed (nothing is written).
    """
    require(actor, "resident.edit")  # before saying whether it exists
    with store.atomic():
        before = residents_store.get(store, resident_id)
        if before is None:
            raise NotFound(f"没有编号为 {resident_id} 的居民。")
        require(actor, "resident.edit", before["community_id"])
        if community_id is not KEEP:
            require(actor, "resident.edit", community_id)
        if before["voided_at"]:
            raise Conflict(f"居民“{before['name']}”的记录已作废，不能修改。")
        given: dict[str, Any] = {
            "community_id": community_id, "name": name, "id_number": id_number, "phone": phone,
            "address": address, "household_no": household_no, "notes": notes, "flags": flags}
        merged = ResidentFields(**{k: (before[k] if v is KEEP else v) for k, v in given.items()})
        values = _clean(store, merged,
                        check_community=merged.community_id != before["community_id"],
                        kept_flags=split_flags(before["flags"]))
        _check_unique(store, values["id_number"], resident_id)
        old = {k: before[k] for k in residents_store.FIELDS}
        residents_store.update(store, resident_id, values, old)
        search_store.index(store, ENTITY, resident_id, _text(values))
        audit_store.record(store, actor, "resident.update", ENTITY, resident_id, old, values)
        if values["community_id"] != before["community_id"]:
            _to_community_site(store, actor, resident_id, values["community_id"])
    return get_resident(store, resident_id)


def _to_community_site(store: Store, actor: Actor, resident_id: int, community_id: int) -> None:
    """A community with its own PC keeps its register there (docs/exchange.md, "Ownership"):
    a resident the street registers in it, or moves into it, goes to that site with the next
    package. Elsewhere (a community's PC, a community without one) nothing changes."""
    row = org_store.get_community(store, community_id)
    name = row["name"] if row else f"社区{community_id}"
    ownership.hand_to_community_site(store, actor, ENTITY, resident_id, community_id,
                                     f"居民属于{name}，由该社区站点登记管理")


def void_resident(store: Store, actor: Actor, resident_id: int, reason: str) -> Resident:
    """Void a resident record (moved away, registered twice …); the row is kept.

    The record leaves the list screens and the search index; its identity number becomes
    free for a new registration.
    """
    require(actor, "resident.edit")  # before saying whether it exists
    reason = validate.required_text(reason, "作废原因", 200)
    with store.atomic():
        before = residents_store.get(store, resident_id)
        if before is None:
            raise NotFound(f"没有编号为 {resident_id} 的居民。")
        require(actor, "resident.edit", before["community_id"])
        if before["voided_at"]:
            raise Conflict(f"居民“{before['name']}”的记录已经作废。")
        residents_store.void(store, resident_id, reason)
        search_store.unindex(store, ENTITY, resident_id)
        audit_store.record(store, actor, "resident.void", ENTITY, resident_id,
                           {k: before[k] for k in residents_store.FIELDS},
                           {"void_reason": reason})
    return get_resident(store, resident_id)


def get_resident(store: Store, resident_id: int, actor: Actor | None = None) -> Resident:
    """One resident (live or voided), or NotFound; with ``actor``, checks they may see it."""
    if actor is not None:
        require(actor, "resident.view")  # before saying whether it exists
    row = residents_store.get(store, resident_id)
    if row is None:
        raise NotFound(f"没有编号为 {resident_id} 的居民。")
    if actor is not None:
        require(actor, "resident.view", row["community_id"])
    return _resident(row)


def list_source(store: Store, actor: Actor, community_id: int | None = None) -> ListSource:
    """The resident list this actor may see (a community worker: only their community)."""
    require(actor, "resident.view", community_id)
    scope = community_scope(actor)
    return residents_store.list_source(store, community_id=scope or community_id)


def describe(store: Store, actor: Actor, resident_id: int) -> tuple[str, str] | None:
    # Only roles that may view the register find residents (mediators and enforcement officers
    # may not); a community worker only sees residents of their own community.
    if not can(actor, "resident.view"):
        return None
    row = residents_store.get(store, resident_id)
    if row is None or row["voided_at"]:
        return None
    if actor.community_id is not None and actor.community_id != row["community_id"]:
        return None
    parts = (row["community_name"], row["address"], row["notes"])
    snippet = " · ".join(p for p in parts if p)
    return row["name"], snippet


def reindex(store: Store, resident_id: int) -> None:
    """Put one resident (back) into global search from its row."""
    row = residents_store.get(store, resident_id)
    if row is not None:
        search_store.index(store, ENTITY, resident_id, _text(row))


SOURCE = SearchSource(ENTITY, "居民", describe, reindex)
