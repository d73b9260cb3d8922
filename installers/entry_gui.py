# SPDX-License-Identifier: MIT
"""PyInstaller entry of the windowed ``jiedao-desk`` exe (same as the gui-script entry point)."""

from jiedao_desk.ui.app import main

raise SystemExit(main())
