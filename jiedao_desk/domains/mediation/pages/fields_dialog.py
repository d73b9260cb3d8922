# SPDX-License-Identifier: MIT
"""The form dialog of mediation actions that need a few fields (``ui.kit.forms``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from jiedao_desk.ui.kit import forms

# A field: (key, label, kind); kind is "line", "text", "date", "check" or the (text, value)
# choices of a drop-down.
FieldKind = str | list[tuple[str, object]]
Field = tuple[str, str, FieldKind]


class MediationFieldsDialog(forms.FormDialog):
    """Ask for named values.

    Args:
        fields: (key, label, kind) with kind "line", "text" (several lines), "date" (prefilled
            with today), "check", or a list of (text, value) pairs for a drop-down.
        initial: values to start from (e.g. the record being corrected).
        submit: the core call taking the values (a refusal keeps the dialog open).
        required: keys that must be filled before OK (what core requires).
    """

    def __init__(self, title: str, fields: Sequence[Field],
                 parent: QWidget | None = None, initial: dict | None = None,
                 submit: Callable[[dict], Any] | None = None,
                 required: Collection[str] = ()):
        initial = initial or {}
        super().__init__(title, [forms.Field(key, label, kind, initial.get(key),
                                             key in required)
                                 for key, label, kind in fields], parent, submit)


def ask_fields(parent: QWidget | None, title: str, fields: Sequence[Field],
               initial: dict | None = None, submit: Callable[[dict], Any] | None = None,
               required: Collection[str] = ()) -> dict | None:
    """Show the dialog until core accepts its values; the values, or None when cancelled."""
    dialog = MediationFieldsDialog(title, fields, parent, initial, submit, required)
    accepted = dialog.exec() == MediationFieldsDialog.DialogCode.Accepted
    values = dialog.values()
    dialog.deleteLater()
    return values if accepted else None
