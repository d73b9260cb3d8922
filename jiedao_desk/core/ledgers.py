# SPDX-License-Identifier: MIT
"""Named ledgers (台账) that the command line exports without a window.

Each domain declares its ``Ledger`` entries in its spec; ``export`` checks the permission and
the community scope and streams the list through exports/ledger.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import disclosure
from jiedao_desk.core.auth import require
from jiedao_desk.core.exchange import ownership
from jiedao_desk.core.permissions import require_record
from jiedao_desk.exports.ledger import Progress, export_ledger
from jiedao_desk.store import Store
from jiedao_desk.store import org as org_store
from jiedao_desk.store.lists import ListSource


@dataclass(frozen=True)
class Ledger:
    """A list that the CLI can export by name.

    Attributes:
        name: CLI name ("residents").
        title: ledger title (first row of the sheet).
        source: builds the list: ``source(store, community_id, search, sort)``.
        sorts: accepted ``--sort`` keys.
        hidden: column keys the list screen hides.
        permission: ``core.auth`` permission needed to export it.
    """

    name: str
    title: str
    source: Callable[[Store, int | None, str, str | None], ListSource]
    sorts: Sequence[str] = ()
    hidden: Sequence[str] = field(default_factory=tuple)
    permission: str = ""


def export(store: Store, actor: Actor, ledger: Ledger, path: str | Path,
                 community_code: str | None = None, search: str = "", sort: str | None = None,
                 progress: Progress | None = None) -> tuple[Ledger, int]:
    """Export ``ledger`` with CLI-style filters; return (ledger, rows written).

    A user bound to one community (社区工作者) exports only that community.

    Raises:
        PermissionDenied: the actor may not see this list (or another community).

        NotFound: unknown community code.
        ValidationError: a sort key the ledger does not offer.
    """
    if ledger.permission:
        require(actor, ledger.permission)
    community_id = actor.community_id
    if community_code:
        row = org_store.find_live_community(store, code=community_code)
        if row is None:
            raise NotFound(f"没有代码为“{community_code}”的社区。")
        if actor.community_id is not None and row["id"] != actor.community_id:
            raise PermissionDenied("只能导出本社区的台账。")
        community_id = row["id"]
    if sort is not None and sort not in ledger.sorts:
        raise ValidationError(f"台账“{ledger.title}”只能按 {'、'.join(ledger.sorts)} 排序。")
    source = ledger.source(store, community_id, search or "", sort)
    return ledger, export_source(store, actor, source, path, ledger.title, progress,
                                 ledger.hidden)


def export_source(store: Store, actor: Actor, source: ListSource, path: str | Path,
                  title: str, progress: Progress | None = None,
                  hidden: Sequence[str] = ()) -> int:
    """Write what a list screen shows (``source``, built by a core list function that checked
    the actor) to an .xlsx ledger, and audit the personal data it carries; return the rows.

    ``store`` is the connection to audit on (a worker thread has its own)."""
    require_record(actor, source.table)  # who may read these records may export them
    tail = None
    if ownership.may_hold_copies(source.store, source.table):  # the list's 来源, in the file
        tail = (ownership.SOURCE_LABEL,
                lambda ids: ownership.sources(source.store, source.table, ids))
    rows = export_ledger(source, path, title, progress, hidden, tail)
    labels = [c.label for c in source.columns if c.key not in set(hidden)]
    disclosure.record(store, actor, title, source.table, rows, disclosure.personal_fields(labels),
                      path)
    return rows
