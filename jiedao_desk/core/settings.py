# SPDX-License-Identifier: MIT
"""Settings with visible defaults.

Local rules that the law leaves open (hearing thresholds, document-number formats, 12345
limits, …) are settings. Each is declared here with its default and a note saying where the
default comes from, so the settings page can show both; domain modules add their own
``Setting`` entries with ``register``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ValidationError
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
    """

    key: str
    label: str
    default: Any
    note: str
    group: str = "通用"


REGISTRY: dict[str, Setting] = {}


def register(*items: Setting) -> None:
    """Declare settings (called at import time by domain modules)."""
    for s in items:
        REGISTRY[s.key] = s


register(
    Setting("todo.due_soon_working_days", "到期提醒提前（工作日）", 3,
            "本地习惯，非法定；待办列表在期限前这么多个工作日标为黄色。", "待办"),
    Setting("validate.default_area_code", "固定电话默认区号", "010",
            "输入固定电话未带区号时补上的区号（北京为010）。", "通用"),
)


def get(store: Store, key: str) -> Any:
    """Current value of a declared setting (the default if never changed)."""
    if key not in REGISTRY:
        raise NotFound(f"没有名为 {key} 的设置项。")
    found, value = settings_store.get(store, key)
    return value if found else REGISTRY[key].default


def set_value(store: Store, actor: Actor, key: str, value: Any) -> None:
    """Change a setting (one action: one transaction with its audit row)."""
    if key not in REGISTRY:
        raise NotFound(f"没有名为 {key} 的设置项。")
    from jiedao_desk.core.auth import require

    require(actor, "settings.manage")
    decl = REGISTRY[key]
    value = _coerce(decl, value)
    with store.atomic():
        before = get(store, key)
        settings_store.put(store, key, value, actor.name)
        audit_store.record(store, actor, "setting.set", "setting", key, {"value": before},
                           {"value": value})


def reset(store: Store, actor: Actor, key: str) -> None:
    """Return a setting to its default."""
    if key not in REGISTRY:
        raise NotFound(f"没有名为 {key} 的设置项。")
    from jiedao_desk.core.auth import require

    require(actor, "settings.manage")
    with store.atomic():
        before = get(store, key)
        settings_store.remove(store, key)
        audit_store.record(store, actor, "setting.reset", "setting", key, {"value": before},
                           {"value": REGISTRY[key].default})


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
