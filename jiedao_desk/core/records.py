# SPDX-License-Identifier: MIT
"""The record a document or an attachment is to belong to: it must exist, be live, and be one
the actor may change — in the actor's own community for a community worker.

Without this check a file could be filed under a case that does not exist (and turn up in
whatever case later gets that id) or under another community's record.
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.core.permissions import (
    community_scope,
    record_permission,
    require,
    require_record,
)
from jiedao_desk.store import Store
from jiedao_desk.store import records as records_store


def require_target(store: Store, actor: Actor, entity: str, record_id: int | None) -> None:
    """Raise unless ``actor`` may attach to (or issue a document for) record ``entity`` #id.

    Raises:
        PermissionDenied: the actor may not change records of this kind, or of that community.
        ValidationError: an unknown kind of record.
        NotFound: no such record.
        Conflict: the record is voided.
    """
    require(actor, record_permission(entity, write=True))
    if record_id is None:
        return
    ref = records_store.find(store, entity, record_id)
    if ref is None:
        if not records_store.find_kind(store, entity):
            raise ValidationError(f"没有“{entity}”这种记录。", "entity")
        raise NotFound(f"没有编号为 {record_id} 的记录（{entity}）。")
    if ref.voided:
        raise Conflict(f"记录（{entity} #{record_id}）已作废，不能再添加文书或附件。")
    require(actor, record_permission(entity, write=True), ref.community_id)


def require_on_record(store: Store, actor: Actor, entity: str | None,
                      record_id: int | None, write: bool = False) -> None:
    """Raise unless ``actor`` may read (or change) what belongs to record ``entity`` #id —
    its documents and files: the record's permission, and for a community worker the
    record's community (a record that names none is open to the permission alone)."""
    require_record(actor, entity, write)
    scope = community_scope(actor)
    if scope is None or not entity or record_id is None:
        return
    ref = records_store.find(store, entity, record_id)
    if ref is not None and ref.community_id is not None:
        require(actor, record_permission(entity, write), ref.community_id)


def may_see(store: Store, actor: Actor, entity: str | None, record_id: int | None) -> bool:
    """Whether ``actor`` may read what belongs to record ``entity`` #id (see above)."""
    try:
        require_on_record(store, actor, entity, record_id)
    except PermissionDenied:
        return False
    return True
