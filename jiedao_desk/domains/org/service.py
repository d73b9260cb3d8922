# SPDX-License-Identifier: MIT
"""Organisation: the street (街道办事处) and its communities (社区)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core.auth import require
from jiedao_desk.core.validate import required_text
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store


@dataclass(frozen=True)
class Street:
    """The street office owning this installation."""

    name: str
    code: str
    district: str


@dataclass(frozen=True)
class Community:
    """A community (社区/居委会) of the street."""

    id: int
    name: str
    code: str
    sort_order: int
    voided: bool


def _community(row: dict) -> Community:
    return Community(row["id"], row["name"], row["code"], row["sort_order"],
                     row["voided_at"] is not None)


def get_street(store: Store) -> Street | None:
    """The street, or None if not yet set up."""
    row = org_store.get_street(store)
    return Street(row["name"], row["code"], row["district"]) if row else None


def set_street(store: Store, actor: Actor, name: str, code: str = "",
               district: str = "") -> Street:
    """Set the street's name, code and district."""
    require(actor, "org.manage")
    name = required_text(name, "街道名称", 60)
    code = _check_code(code, "街道代码", allow_empty=True)
    district = (district or "").strip()
    with store.atomic():
        before = org_store.get_street(store)
        org_store.put_street(store, name, code, district)
        audit_store.record(store, actor, "street.set", "street", 1, before,
                           {"name": name, "code": code, "district": district})
    return Street(name, code, district)


def list_communities(store: Store, include_voided: bool = False) -> list[Community]:
    """Communities in display order."""
    return [_community(r) for r in org_store.list_communities(store, include_voided)]


def get_community(store: Store, community_id: int) -> Community:
    """One community, or NotFound."""
    row = org_store.get_community(store, community_id)
    if row is None:
        raise NotFound(f"没有编号为 {community_id} 的社区。")
    return _community(row)


def add_community(store: Store, actor: Actor, name: str, code: str,
                  sort_order: int | None = None) -> Community:
    """Add a community; names and codes are unique among live communities."""
    require(actor, "org.manage")
    name = required_text(name, "社区名称", 60)
    code = _check_code(code, "社区代码")
    with store.atomic():
        _check_unique(store, name, code, None)
        if sort_order is None:
            sort_order = len(org_store.list_communities(store, True)) + 1
        cid = org_store.insert_community(store, name, code, sort_order)
        audit_store.record(store, actor, "community.add", "community", cid, None,
                           {"name": name, "code": code, "sort_order": sort_order})
    return get_community(store, cid)


def update_community(store: Store, actor: Actor, community_id: int, name: str, code: str,
                     sort_order: int | None = None) -> Community:
    """Rename or recode a community."""
    require(actor, "org.manage")
    name = required_text(name, "社区名称", 60)
    code = _check_code(code, "社区代码")
    with store.atomic():
        before = org_store.get_community(store, community_id)
        if before is None:
            raise NotFound(f"没有编号为 {community_id} 的社区。")
        if before["voided_at"]:
            raise Conflict(f"社区“{before['name']}”已作废，不能修改。")
        _check_unique(store, name, code, community_id)
        order = before["sort_order"] if sort_order is None else sort_order
        org_store.update_community(store, community_id, name, code, order)
        audit_store.record(store, actor, "community.update", "community", community_id,
                           before, {"name": name, "code": code, "sort_order": order})
    return get_community(store, community_id)


def void_community(store: Store, actor: Actor, community_id: int, reason: str) -> None:
    """Void a community (records are never deleted)."""
    require(actor, "org.manage")
    reason = required_text(reason, "作废原因", 200)
    with store.atomic():
        before = org_store.get_community(store, community_id)
        if before is None:
            raise NotFound(f"没有编号为 {community_id} 的社区。")
        if before["voided_at"]:
            raise Conflict(f"社区“{before['name']}”已经作废。")
        org_store.void_community(store, community_id, reason)
        audit_store.record(store, actor, "community.void", "community", community_id, before,
                           {"void_reason": reason})


def _check_code(code: str, field: str, allow_empty: bool = False) -> str:
    code = (code or "").strip()
    if not code and allow_empty:
        return ""
    if not re.fullmatch(r"[0-9A-Za-z\-_]{1,20}", code):
        raise ValidationError(f"{field}只能由1-20位数字、字母、连字符组成。", field)
    return code


def _check_unique(store: Store, name: str, code: str, own_id: int | None) -> None:
    other = org_store.find_live_community(store, code=code)
    if other and other["id"] != own_id:
        raise Conflict(f"社区代码“{code}”已被“{other['name']}”使用。")
    other = org_store.find_live_community(store, name=name)
    if other and other["id"] != own_id:
        raise Conflict(f"已有名为“{name}”的社区。")
