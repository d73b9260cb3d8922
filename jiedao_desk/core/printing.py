# SPDX-License-Identifier: MIT
"""The store's settings for printed documents: which font file each role uses.

The font chain itself (Windows fonts, fc-match, Debian packages, per-glyph fallback) is the
rendering engine's (documents/fonts.py); this module reads the configured files and, after
sign-in, has the engine load them in the background (``warm_up``).
"""

from __future__ import annotations

import logging
import threading

from jiedao_desk.core import settings
from jiedao_desk.documents.fonts import ROLE_LABELS, ROLES, FontChoice, FontSet, load_fonts
from jiedao_desk.store import Store

log = logging.getLogger(__name__)

SETTINGS = settings.declare(*(
    settings.Setting(
        f"documents.font.{role}", f"文书字体：{ROLE_LABELS[role]}", "",
        "留空则自动选择电脑上已装的宋体、仿宋、楷体等中文字体。也可以填字体文件的位置"
        "（后缀 .ttf 或 .ttc 的文件，.ttc 可加“#序号”）；个别字体无法嵌入文书，会被跳过。",
        "文书")
    for role in ROLES
))


def configured_paths(store: Store) -> dict[str, str]:
    """The font files set in the settings (role → value, "" = automatic)."""
    return {r: str(settings.get(store, SETTINGS[f"documents.font.{r}"]) or "") for r in ROLES}


def font_set(store: Store | None = None) -> FontSet:
    """The fonts to print with: the settings of ``store`` if given, else the automatic chain."""
    return load_fonts(configured_paths(store) if store is not None else None)


def resolved_fonts(store: Store | None = None) -> dict[str, FontChoice]:
    """Role → resolved font, for the settings/printing page."""
    return dict(font_set(store).roles)


def warm_up(store: Store) -> threading.Thread:
    """Load the printing engine and the fonts ``store`` prints with on a background thread
    (the app calls this after sign-in), so that the first document printed is not the one
    that waits for them. Returns the started thread."""
    configured = configured_paths(store)  # read here: a store belongs to its own thread

    def work() -> None:
        try:
            from jiedao_desk.documents import render

            render.warm_up(configured)
        except Exception as exc:  # noqa: BLE001 - the first print reports it to the user
            log.info("printing warm-up failed: %s", exc)

    thread = threading.Thread(target=work, name="printing-warm-up", daemon=True)
    thread.start()
    return thread
