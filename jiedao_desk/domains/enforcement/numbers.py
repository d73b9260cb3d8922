# SPDX-License-Identifier: MIT
"""Case numbers (立案编号) of enforcement cases.

A case gets its number when it is filed (立案, ``cases.file_case``) or registered under the
简易程序 (``decision.simple_penalty``); a lead (线索) has none and is shown as "线索第N号"
(``model.case_label``). The Beijing numbering format is not public (the
《北京市街道乡镇综合执法文书样式》 was not found, shared/reference/enforcement.md §6 item 1), so
the pattern is a setting with a visible default, written with the placeholders of document
numbers (core/numbering.py). Serials run per year (the year of the filing / penalty date)
across the whole street; void cases keep their number, so no number is given twice.
"""

from __future__ import annotations

import datetime as dt

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import numbering
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.store import Store

PATTERN_KEY = "enforcement.case_number_pattern"
PREFIX_KEY = "enforcement.case_number_prefix"

SETTINGS = settings_mod.declare(
    Setting(PATTERN_KEY, "执法案件编号（立案编号）格式", "{prefix}〔{year}〕第{serial:04d}号",
            "北京市街道综合执法的立案编号格式未公开，"
            "此为软件默认，请按本街道的文书样式修改。立案或当场处罚时编号，按立案（处罚）日期"
            "所在年度全街道连续编号；已编的号不随格式修改而改变。可用：「代字」、「年份」、"
            "「序号」、「4位序号」四位补零的序号。", "综合执法", number_pattern=True),
    Setting(PREFIX_KEY, "执法案件编号代字", "执案",
            "编号格式中「代字」的文字（软件默认，未公开的正式代字请按本街道样式修改）。",
            "综合执法"),
)


def pattern(store: Store) -> tuple[str, str]:
    """The case-number pattern and prefix now in force (ValidationError if the pattern is bad)."""
    text = numbering.stored_pattern(str(settings_mod.get(store, SETTINGS[PATTERN_KEY]) or "")
                                    .strip(), ("prefix", "year", "serial"))
    prefix = str(settings_mod.get(store, SETTINGS[PREFIX_KEY]) or "").strip()
    if not text:
        raise ValidationError("执法案件编号格式为空，请在“设置—综合执法”中填写。", PATTERN_KEY)
    numbering.format_number(text, prefix, 2000, 1)  # raises on an unknown placeholder
    return text, prefix


def assign(store: Store, case_id: int, day: dt.date) -> str:
    """Give case ``case_id`` the next number of ``day``'s year (inside the caller's transaction).

    A number that already exists (e.g. after the pattern lost ``{year}``) is skipped, so
    numbers stay unique.

    Args:
        store: the store, inside the 立案 / 简易程序 transaction.
        case_id: the case to number.
        day: the filing (or on-the-spot penalty) date; its year is the numbering year.

    Returns:
        The case number as printed, e.g. ``执案〔2026〕第0001号``.

    Raises:
        ValidationError: the pattern setting is empty or has an unknown placeholder.
    """
    store.require_transaction()
    text, prefix = pattern(store)
    year = day.year
    serial = es.last_case_serial(store, year) + 1
    number = numbering.format_number(text, prefix, year, serial)
    while es.case_number_used(store, number):
        serial += 1
        number = numbering.format_number(text, prefix, year, serial)
    es.update_case(store, case_id, case_number=number, case_no_year=year,
                   case_no_serial=serial)
    return number

