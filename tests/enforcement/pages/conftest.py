# SPDX-License-Identifier: MIT
"""Fixtures of the 综合执法 page tests."""

import pytest

from jiedao_desk.ui.kit import forms, widgets


@pytest.fixture(autouse=True)
def errors(monkeypatch):
    """Errors shown to the user: message boxes (a modal box would block the test) and the
    refusals a form dialog says in its status line (still shown there)."""
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(str(exc)))
    said = forms.show_refusal

    def refusal(dialog, status, exc, editors=None):
        said(dialog, status, exc, editors)
        shown.append(status.text())

    monkeypatch.setattr(forms, "show_refusal", refusal)
    return shown
