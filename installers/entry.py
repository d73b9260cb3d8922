# SPDX-License-Identifier: MIT
"""PyInstaller entry of both exes: the console CLI when started as ``jiedao-desk-cli``
(the Windows console exe, or the Linux link to the one exe), else the GUI.

One entry and one archive of Python modules serve both names, so the bundle carries the
modules once (installers/jiedao_desk.spec).
"""

import sys
from pathlib import Path

if Path(sys.argv[0]).name.lower().removesuffix(".exe").endswith("-cli"):
    from jiedao_desk.cli import main
else:
    from jiedao_desk.ui.app import main

raise SystemExit(main())
