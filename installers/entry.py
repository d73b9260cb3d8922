# SPDX-License-Identifier: MIT
"""PyInstaller entry of both exes: the console CLI when started as ``jiedao-desk-cli``
(the Windows console exe, or the Linux link to the one exe), else the GUI.

One entry and one archive of Python modules serve both names, so the bundle carries the
modules once (installers/jiedao_desk.spec).
"""

import os
import sys
from pathlib import Path


def x11_without_wayland(env, platforms: Path) -> None:
    """The Linux bundle carries Qt's X11 platform (xcb) but not Wayland's (installers/README.md):
    a session that asks for Wayland only gets X11 through XWayland instead of a failed start.
    Qt tries the entries of QT_QPA_PLATFORM in order."""
    if not platforms.is_dir() or any(platforms.glob("libqwayland*")):
        return
    asked = [name for name in env.get("QT_QPA_PLATFORM", "").split(";") if name]
    if asked and all(name.startswith("wayland") for name in asked):
        env["QT_QPA_PLATFORM"] = ";".join([*asked, "xcb"])
    elif not asked and env.get("XDG_SESSION_TYPE") == "wayland":
        env["QT_QPA_PLATFORM"] = "xcb"


if Path(sys.argv[0]).name.lower().removesuffix(".exe").endswith("-cli"):
    from jiedao_desk.cli import main
else:
    if getattr(sys, "frozen", False) and sys.platform.startswith("linux"):
        x11_without_wayland(
            os.environ, Path(sys._MEIPASS) / "PySide6" / "Qt" / "plugins" / "platforms")
    from jiedao_desk.ui.app import main

raise SystemExit(main())
