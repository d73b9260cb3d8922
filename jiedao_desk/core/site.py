# SPDX-License-Identifier: MIT
"""Which installation this is (a *site*), and how records and documents stay distinct when
records from several installations meet.

A record keeps its local integer id; its identity across installations is
``<site uid>:<entity>:<id>`` (``record_uid``). Document numbers: the street's installation
prints them as its number patterns say; any other site (a community's PC) must have an
office code, printed before every kind's prefix (``{prefix}``), so two offices' 第1号 differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core.auth import require
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store import site as site_store

ROLES = {"street": "街道", "community": "社区"}


@dataclass(frozen=True)
class Site:
    """This installation."""

    uid: str
    role: str
    community_id: int | None
    office_code: str

    @property
    def prefix(self) -> str:
        """What goes before every document kind's prefix ('' at the street)."""
        return self.office_code


def get_site(store: Store) -> Site:
    """This installation's identity."""
    row = site_store.get(store)
    return Site(row["uid"], row["role"], row["community_id"], row["office_code"])


def record_uid(store: Store, entity: str, record_id: int) -> str:
    """A record's identity across installations."""
    return f"{get_site(store).uid}:{entity}:{record_id}"


def set_role(store: Store, actor: Actor, role: str, community_id: int | None,
             office_code: str) -> Site:
    """Declare this installation the street's or a community's (administrators only).

    A community's installation must name its community and an office code (printed before
    its document numbers); the street's may leave the code empty.
    """
    require(actor, "org.manage")
    code = (office_code or "").strip()
    if role not in ROLES:
        raise ValidationError(f"站点类型只能是：{'、'.join(ROLES.values())}。", "role")
    if role == "community":
        row = org_store.get_community(store, community_id) if community_id else None
        if row is None or row["voided_at"]:
            raise ValidationError("社区站点须选择一个未作废的社区。", "community_id")
        if not code:
            raise ValidationError("社区站点须填写文号机关代字（印在本站文书文号之前，"
                                  "使各站点的文号不重复）。", "office_code")
    elif community_id is not None:
        raise ValidationError("街道站点不绑定社区。", "community_id")
    if len(code) > 10 or any(c.isspace() or c in "{}" for c in code):
        raise ValidationError("文号机关代字最多10个字，不能含空格或花括号。", "office_code")
    with store.atomic():
        before = site_store.get(store)
        site_store.update(store, role=role, community_id=community_id, office_code=code)
        audit_store.record(store, actor, "site.set_role", "site", before["uid"],
                           {k: before[k] for k in ("role", "community_id", "office_code")},
                           {"role": role, "community_id": community_id, "office_code": code})
    return get_site(store)
