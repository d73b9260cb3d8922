# SPDX-License-Identifier: MIT
"""Pages of the main window that belong to no domain (home, catalogs, documents, accounts,
audit, backups, printing, settings); every page, domain pages included, is listed by the
domain specs (jiedao_desk/registry.py).

A page is a QWidget built as ``Factory(store, actor, parent=None)``.
"""

from __future__ import annotations

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth
from jiedao_desk.core.spec import PageSpec

__all__ = ["PageSpec", "visible_pages"]


def visible_pages(actor: Actor) -> list[PageSpec]:
    """The pages this actor may open (the core functions check permissions again)."""
    return [p for p in registry.pages() if not p.permission or auth.can(actor, p.permission)]
