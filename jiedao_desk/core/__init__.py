# SPDX-License-Identifier: MIT
"""Core rules: pure Python, never imports PySide6 (tests/test_layering.py enforces it)."""
