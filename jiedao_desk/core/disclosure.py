# SPDX-License-Identifier: MIT
"""Personal data leaving the app: who took what, how many records, which kinds of data.

A dossier, a ledger export or a reprinted document carries residents' and parties' names, ID
numbers and phone numbers out of the database, where the app can no longer protect them. The
personal-information law asks the handler to know and record such processing (个人信息保护法
第五十一条 measures, 第五十五条 assessment and record of providing personal information to
others), so every such output writes one audit row — in the same place for the GUI and the
CLI, since both call these core functions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import StorageError
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

log = logging.getLogger(__name__)

# Column headers that mark personal data in a ledger (the law's examples: ID numbers, phones).
PERSONAL_MARKS = ("身份证", "证件号", "电话", "手机", "联系方式", "住址", "地址")


def personal_fields(labels: Iterable[str]) -> list[str]:
    """The headers among ``labels`` that carry personal data."""
    return [label for label in labels if any(m in label for m in PERSONAL_MARKS)]


def record(store: Store, actor: Actor, what: str, entity: str, count: int,
           fields: Iterable[str] = (), target: str | Path | None = None) -> None:
    """Audit one output of personal data (one row, its own transaction).

    Args:
        what: the output in words ("居民信息台账", "卷宗：人民调解", "文书重新打印").
        entity: the kind of record it came from ("resident", "document").
        count: how many records it carries.
        fields: which kinds of personal data it carries (column headers).
        target: the file written, if any (its name only: folders may themselves be personal).
    """
    detail: dict = {"what": what, "records": count, "fields": list(fields)}
    if store.key is not None:  # a plain file out of an encrypted database (the user was told)
        detail["plain_copy"] = True
    if target is not None:
        detail["file"] = Path(target).name
    try:
        with store.atomic():
            audit_store.record(store, actor, "personal_data.output", entity, None, None,
                               detail)
    except StorageError as exc:
        # A full or read-only disk must not stop the rescue export or the backup to another
        # drive that gets the data off it; the sign-in already told the user that nothing
        # is being recorded, and the log keeps who took what.
        log.warning("personal data output not audited (%s): %s by %s (user %s)", exc,
                    detail, actor.name, actor.user_id)
