# SPDX-License-Identifier: MIT
"""Codes and their Chinese labels: a user may type either (the command line's ``--source``
accepts ``patrol`` as well as ``巡查发现``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def key_of(labels: Mapping[str, str], value: str) -> str:
    """The code whose Chinese label is ``value`` (surrounding spaces ignored); any other
    value is returned as typed, so that the caller's own check refuses it in Chinese.

    A label with a note in brackets ("紧急（突发事件…）") is also found by its words before the
    note ("紧急"), so nobody has to type the note."""
    text = (value or "").strip()
    if text in labels:
        return text
    for key, label in labels.items():
        if text and text in (label, label.split("（")[0]):
            return key
    return text


def key_or_label(labels: Mapping[str, str]) -> Callable[[str], str]:
    """An argparse ``type`` turning a code or its label into the code."""
    def convert(value: str) -> str:
        return key_of(labels, value)
    return convert


def choices_help(labels: Mapping[str, str]) -> str:
    """"patrol（巡查发现）/report（投诉举报）…" for a command's help."""
    return "/".join(f"{key}（{label}）" for key, label in labels.items())


def labelled_choice(labels: Mapping[str, str], what: str) -> dict[str, Any]:
    """``add_argument`` keywords for a choice among codes: the code or its Chinese label is
    accepted, the help and the usage line name the choice in Chinese (``what``), and a wrong
    value is refused with both codes and labels listed (the parser's ``choices`` is the
    mapping itself, so the command line can show the labels)."""
    return {"type": key_or_label(labels), "choices": dict(labels), "metavar": what,
            "help": f"{what}，代码或中文均可：{choices_help(labels)}"}
