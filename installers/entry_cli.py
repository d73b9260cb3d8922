# SPDX-License-Identifier: MIT
"""PyInstaller entry of the console ``jiedao-desk-cli`` exe (same as the script entry point)."""

from jiedao_desk.cli import main

raise SystemExit(main())
