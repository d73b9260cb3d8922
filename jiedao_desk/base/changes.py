# SPDX-License-Identifier: MIT
"""Change notices: after every committed action, one notice naming what changed.

Every action writes its audit row through ``store.audit.record``, which notes the entity and
id on the open transaction; when the transaction commits, the store hands the collected
``ChangeSet`` to its subscribers (pages refresh from it, cf. Anki's ``OpChanges``). A rolled
back transaction announces nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """One record touched by an action: the audit entity, its id and the audit action."""

    entity: str
    entity_id: str | None
    action: str


@dataclass(frozen=True)
class ChangeSet:
    """What one committed transaction changed."""

    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def entities(self) -> frozenset[str]:
        """The entities touched."""
        return frozenset(c.entity for c in self.changes)

    def touches(self, *entities: str) -> bool:
        """Whether any of ``entities`` changed."""
        return not self.entities.isdisjoint(entities)

    def ids(self, entity: str) -> set[str]:
        """Ids of ``entity`` that changed (as text, as the audit log keeps them)."""
        return {c.entity_id for c in self.changes if c.entity == entity and c.entity_id}

    def __bool__(self) -> bool:
        return bool(self.changes)
