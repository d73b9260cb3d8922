# SPDX-License-Identifier: MIT
"""Fixtures of the 综合执法 page tests."""

import pytest

from jiedao_desk.ui.kit import widgets


@pytest.fixture(autouse=True)
def errors(monkeypatch):
    """Errors shown to the user (a modal box would block the test)."""
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    return shown
