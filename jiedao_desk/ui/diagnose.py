# SPDX-License-Identifier: MIT
"""``jiedao-desk --diagnose``: what this Qt found on this desk, for support and the bundle test.

One ``key: value`` line each: the Qt version, the input-method module asked for and chosen
(ui/kit/input_method.py) and whether its plugin loads into this Qt, the Chinese Qt catalogues
loaded, and the shipped holiday lists found. Exit code 0 when the chosen input-method plugin
(if any) loads and Qt's Chinese catalogue and a holiday list were found, else 1.
"""

from __future__ import annotations

import os

import PySide6
from PySide6.QtCore import QPluginLoader, qVersion
from PySide6.QtWidgets import QApplication

from jiedao_desk import paths
from jiedao_desk.ui.kit import input_method


def facts(app: QApplication, replaced: str | None) -> tuple[list[str], bool]:
    """The report lines and whether everything needed was found (``replaced``: what
    input_method.setup returned)."""
    plugins = input_method.available(input_method.plugin_dirs())
    module = os.environ.get("QT_IM_MODULE", "")
    lines = [f"qt: {qVersion()} (PySide6 {PySide6.__version__})",
             f"platform: {app.platformName()}",
             f"desktop file: {app.desktopFileName()}",
             f"im plugins: {', '.join(sorted(plugins)) or '-'}",
             f"im requested: {replaced or input_method.requested(os.environ) or '-'}",
             f"im chosen: {module or '-'}"]
    ok = True
    if module in plugins:
        loader = QPluginLoader(str(plugins[module]))
        loaded = loader.load()
        state = "loaded" if loaded else f"FAILED {loader.errorString()}"
        lines.append(f"im plugin {module}: {state}")
        ok = ok and loaded
    qms = app.property("jiedao_qt_catalogues") or []
    lines.append(f"qt translations: {', '.join(qms) or '-'}")
    ok = ok and "qtbase_zh_CN.qm" in qms
    holidays = sorted(p.name for p in (paths.resources_dir() / "catalogs").glob("holiday_*.toml"))
    lines.append(f"holiday lists: {', '.join(holidays) or '-'}")
    ok = ok and bool(holidays)
    return lines, ok
