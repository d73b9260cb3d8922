# SPDX-License-Identifier: MIT
"""PySide6 user interface: widgets only; rules live in core/, SQL in store/."""
