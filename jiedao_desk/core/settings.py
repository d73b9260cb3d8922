# SPDX-License-Identifier: MIT
"""Settings with visible defaults.

Local rules that the law leaves open (hearing thresholds, document-number formats, 12345
limits, …) are settings. Each is declared here with its default and a note saying where the
default comes from, so the settings page can show both. Each module that owns settings keeps
them in its ``SETTINGS`` (built with ``declare``) and reads them by the ``Setting`` itself; the
domain's spec lists them, so there is no global registry filled by imports.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core.permissions import require
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import settings as settings_store


@dataclass(frozen=True)
class Setting:
    """A declared setting.

    Attributes:
        key: dotted identifier, e.g. ``todo.due_soon_working_days``.
        label: Chinese label shown on the settings page.
        default: default value (its type is the setting's type).
        note: where the default comes from / why it is a setting (shown to the user).
        group: settings-page section.
        number_pattern: a number pattern: shown and typed with the Chinese names of its
            placeholders (core/numbering.py), stored in its ``{…}`` form.
    """

    key: str
    label: str
    default: Any
    note: str
    group: str = "通用"
    number_pattern: bool = False


def declare(*items: Setting) -> dict[str, Setting]:
    """A module's settings keyed by their key (the module's ``SETTINGS``; the domain's spec
    lists them for the settings page — nothing is registered globally)."""
    return {s.key: s for s in items}


SETTINGS = declare(
    Setting("todo.due_soon_working_days", "到期提醒提前（工作日）", 3,
            "本地习惯，非法定；待办列表在期限前这么多个工作日标为黄色。", "待办"),
    Setting("validate.default_area_code", "固定电话默认区号", "010",
            "输入固定电话未带区号时补上的区号（北京为010）。", "通用"),
)
DUE_SOON = SETTINGS["todo.due_soon_working_days"]


# Stores inside ``read_once``: every stored setting, read in one query for the whole block.
_SNAPSHOTS: weakref.WeakKeyDictionary[Store, dict[str, Any]] = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def read_once(store: Store) -> Iterator[None]:
    """Within the block, settings come from one read of the whole table: a report that asks
    for the same few settings once per record (a monthly report over 100,000 cases) reads
    them once. For reading only: a setting changed inside the block is not seen."""
    if store in _SNAPSHOTS:  # nested: the outer block's read holds
        yield
        return
    _SNAPSHOTS[store] = settings_store.get_all(store)
    try:
        yield
    finally:
        _SNAPSHOTS.pop(store, None)


def get(store: Store, setting: Setting) -> Any:
    """Current value of a declared setting (its default if never changed)."""
    snapshot = _SNAPSHOTS.get(store)
    if snapshot is not None:
        return snapshot.get(setting.key, setting.default)
    found, value = settings_store.get(store, setting.key)
    return value if found else setting.default


def set_value(store: Store, actor: Actor, setting: Setting, value: Any) -> None:
    """Change a setting (one action: one transaction with its audit row)."""
    require(actor, "settings.manage")
    value = _coerce(setting, value)
    with store.atomic():
        before = get(store, setting)
        settings_store.put(store, setting.key, value, actor.name)
        audit_store.record(store, actor, "setting.set", "setting", setting.key,
                           {"value": before}, {"value": value})


def reset(store: Store, actor: Actor, setting: Setting) -> None:
    """Return a setting to its default."""
    require(actor, "settings.manage")
    with store.atomic():
        before = get(store, setting)
        settings_store.remove(store, setting.key)
        audit_store.record(store, actor, "setting.reset", "setting", setting.key,
                           {"value": before}, {"value": setting.default})


def _coerce(decl: Setting, value: Any) -> Any:
    kind = type(decl.default)
    if decl.default is None or isinstance(value, kind):
        return value
    try:
        if kind is bool:
            return str(value).strip().lower() in ("1", "true", "yes", "是")
        return kind(value)
    except (TypeError, ValueError):
        raise ValidationError(f"“{decl.label}”的值“{value}”类型不对。", decl.key) from None
