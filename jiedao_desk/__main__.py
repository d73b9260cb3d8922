# SPDX-License-Identifier: MIT
"""`python -m jiedao_desk` starts the GUI."""

from jiedao_desk.ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
