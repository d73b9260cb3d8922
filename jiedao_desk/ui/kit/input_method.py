# SPDX-License-Identifier: MIT
"""Choose Qt's input-method module before the QApplication exists, so Chinese can be typed.

统信UOS and 银河麒麟 run fcitx (4 or 5) and set ``QT_IM_MODULE=fcitx``. A pip-installed app
uses the system's fcitx Qt plugin, but the PyInstaller bundle carries its own Qt, whose plugin
folder holds only the ``ibus`` and ``compose`` input contexts: the system's fcitx plugin is
built for the distribution's Qt and does not load into another Qt version. Asked for a module
it does not have, Qt silently falls back to no input method at all, and nobody can type
Chinese. fcitx5 also serves the ibus protocol (its ibus frontend, on by default), so pointing Qt
at the bundled ibus plugin keeps input working there. This happens only when the requested
plugin is missing and the ibus one is present; a module that exists is never overridden.
(fcitx 4 has no ibus frontend: there only a fcitx plugin built against the bundled Qt helps.)
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

# Names under which desktops ask for fcitx (QT_IM_MODULE, or XMODIFIERS=@im=NAME for X11).
FCITX = ("fcitx", "fcitx5")
FALLBACK = "ibus"


def plugin_dirs() -> list[Path]:
    """Qt's platforminputcontexts folders: from QT_PLUGIN_PATH, then where this Qt keeps them."""
    from PySide6.QtCore import QLibraryInfo  # QtCore only: no application object needed

    found = [Path(p) / "platforminputcontexts"
             for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    found.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
                 / "platforminputcontexts")
    return [d for d in dict.fromkeys(found) if d.is_dir()]


def available(dirs: list[Path]) -> dict[str, Path]:
    """Input-context plugins found: module key ("ibus", "fcitx5", ...) → plugin file."""
    found: dict[str, Path] = {}
    for folder in dirs:
        for lib in sorted(folder.iterdir()):
            name = lib.name.removeprefix("lib").split(".")[0]
            if name.endswith("platforminputcontextplugin"):
                key = name.removesuffix("platforminputcontextplugin")
                # fcitx5-qt names its plugin fcitx5platforminputcontextplugin and answers to
                # both keys; fcitx-qt5's answers to "fcitx".
                found.setdefault(key, lib)
                if key == "fcitx5":
                    found.setdefault("fcitx", lib)
    return found


def requested(env: MutableMapping[str, str]) -> str:
    """The module the desktop asks for: QT_IM_MODULE, else the X11 XMODIFIERS server name."""
    module = env.get("QT_IM_MODULE", "").strip().lower()
    if module:
        return module
    xmod = env.get("XMODIFIERS", "").strip().lower()
    return xmod.removeprefix("@im=") if xmod.startswith("@im=") else ""


def choose(env: MutableMapping[str, str], plugins: dict[str, Path]) -> str | None:
    """Set ``env["QT_IM_MODULE"]`` to ibus when fcitx is asked for but has no plugin here.

    Returns:
        The module asked for that was replaced (None: the environment is left as it was).
    """
    want = requested(env)
    if want not in FCITX or want in plugins or FALLBACK not in plugins:
        return None
    env["QT_IM_MODULE"] = FALLBACK
    return want


def setup(env: MutableMapping[str, str] | None = None) -> str | None:
    """Apply :func:`choose` to the process environment on Linux (called before QApplication)."""
    if not sys.platform.startswith("linux"):
        return None
    return choose(os.environ if env is None else env, available(plugin_dirs()))
