# SPDX-License-Identifier: MIT
"""Codes and their Chinese labels: a user may type either (the command line's ``--source``
accepts ``patrol`` as well as ``巡查发现``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping


def key_of(labels: Mapping[str, str], value: str) -> str:
    """The code whose Chinese label is ``value`` (surrounding spaces ignored); any other
    value is returned as typed, so that the caller's own check refuses it in Chinese."""
    text = (value or "").strip()
    if text in labels:
        return text
    return next((key for key, label in labels.items() if label == text), text)


def key_or_label(labels: Mapping[str, str]) -> Callable[[str], str]:
    """An argparse ``type`` turning a code or its label into the code."""
    def convert(value: str) -> str:
        return key_of(labels, value)
    return convert


def choices_help(labels: Mapping[str, str]) -> str:
    """"patrol（巡查发现）/report（投诉举报）…" for a command's help."""
    return "/".join(f"{key}（{label}）" for key, label in labels.items())
