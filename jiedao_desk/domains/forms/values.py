# SPDX-License-Identifier: MIT
"""Checking the values typed into a form, and reporting periods (月/季/年)."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import validate
from jiedao_desk.domains.forms.definitions import FREQUENCIES, CrossCheck, FieldDef, FormDef

_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
        ">=": operator.ge, ">": operator.gt}
_OP_TEXT = {"<": "小于", "<=": "不大于", "==": "等于", "!=": "不等于", ">=": "不小于", ">": "大于"}


def is_empty(value: Any) -> bool:
    """Whether a value counts as not filled in."""
    return value is None or (isinstance(value, str) and not value.strip())


def _text(f: FieldDef, _value: Any, text: str) -> str:
    if f.max_length and len(text) > f.max_length:
        raise ValidationError(f"“{f.label}”最多{f.max_length}字（现在{len(text)}字）。",
                              f.label)
    return text


def _number(f: FieldDef, _value: Any, text: str) -> int | str:
    """An integer, or a decimal kept as its exact text."""
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"“{f.label}”应填数字（现在是“{text}”）。", f.label) from None
    if not number.is_finite():
        raise ValidationError(f"“{f.label}”应填数字。", f.label)
    if f.type == "integer" and number != number.to_integral_value():
        raise ValidationError(f"“{f.label}”应填整数（现在是“{text}”）。", f.label)
    if f.min is not None and number < f.min:
        raise ValidationError(f"“{f.label}”不能小于 {f.min}。", f.label)
    if f.max is not None and number > f.max:
        raise ValidationError(f"“{f.label}”不能大于 {f.max}。", f.label)
    return int(number) if f.type == "integer" else str(number)


def _choice(f: FieldDef, _value: Any, text: str) -> str:
    if text not in f.choices:
        raise ValidationError(f"“{f.label}”只能选：{'、'.join(f.choices)}。", f.label)
    return text


# field type → check(field, value as given, its stripped text) → value to store
_CHECKS: dict[str, Callable[[FieldDef, Any, str], Any]] = {
    "text": _text,
    "integer": _number,
    "decimal": _number,
    "date": lambda f, value, _text: validate.date(value, f.label).isoformat(),
    "choice": _choice,
    "id_card": lambda f, _value, text: validate.id_card(text, f.label).number,
    "phone": lambda f, _value, text: validate.phone(text, f.label),
}


def _record_id(f: FieldDef, text: str, community_ids: set[int] | None,
               resident_ok: Callable[[int], None] | None) -> int:
    """The id of a community or resident chosen from a list."""
    try:
        out = int(text)
    except ValueError:
        raise ValidationError(f"“{f.label}”请从列表中选择。", f.label) from None
    if f.type == "community" and community_ids is not None and out not in community_ids:
        raise ValidationError(f"“{f.label}”：没有这个社区。", f.label)
    if f.type == "resident" and resident_ok is not None:
        resident_ok(out)
    return out


def check_value(f: FieldDef, value: Any, community_ids: set[int] | None = None,
                resident_ok: Callable[[int], None] | None = None) -> Any:
    """Check one field's value and return it normalised for storage (None when empty).

    Args:
        community_ids: ids of live communities (for ``community`` fields).
        resident_ok: callable(resident_id) raising ValidationError when the resident may not
            be referenced (for ``resident`` fields).

    Raises:
        ValidationError: with a Chinese message naming the field.
    """
    if is_empty(value):
        if f.required:
            raise ValidationError(f"“{f.label}”必须填写。", f.label)
        return None
    text = str(value).strip()
    check = _CHECKS.get(f.type)
    if check is not None:
        out = check(f, value, text)
    else:  # community / resident: a record id
        out = _record_id(f, text, community_ids, resident_ok)
    if f.pattern and isinstance(out, str) and not re.fullmatch(f.pattern, out):
        raise ValidationError(f"“{f.label}”格式不对{('：' + f.help) if f.help else ''}。",
                              f.label)
    return out


def _comparable(v: Any) -> Any:
    if isinstance(v, (int, float)):
        return Decimal(str(v))
    if isinstance(v, str):
        try:
            return Decimal(v)
        except InvalidOperation:
            return v
    return v


def check_cross(form: FormDef, row: dict[str, Any], c: CrossCheck) -> str | None:
    """The message if the cross-field check fails on a cleaned row (skipped when empty)."""
    left = row.get(c.left)
    right = row.get(c.right) if c.right else c.value
    if is_empty(left) or is_empty(right):
        return None
    try:
        ok = _OPS[c.op](_comparable(left), _comparable(right))
    except TypeError:
        ok = False
    if ok:
        return None
    other = form.field(c.right).label if c.right else str(c.value)
    return c.message or f"“{form.field(c.left).label}”应{_OP_TEXT[c.op]}“{other}”。"


def check_row(form: FormDef, row: dict[str, Any], **kw) -> tuple[dict, dict[str, str]]:
    """Check a whole row: returns (cleaned values, {field id or "_row": message})."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in form.fields:
        try:
            clean[f.id] = check_value(f, row.get(f.id), **kw)
        except ValidationError as e:
            errors[f.id] = e.message if hasattr(e, "message") else str(e)
            clean[f.id] = row.get(f.id)
    if not errors:
        msgs = [m for c in form.checks if (m := check_cross(form, clean, c))]
        if msgs:
            errors["_row"] = "；".join(msgs)
    return clean, errors


# -- periods ----------------------------------------------------------------------------------
_PERIOD = {"月": re.compile(r"^(\d{4})-(\d{2})$"), "季": re.compile(r"^(\d{4})-Q([1-4])$"),
           "年": re.compile(r"^(\d{4})$")}
_EXAMPLE = {"月": "2026-10", "季": "2026-Q4", "年": "2026"}


def check_period(frequency: str, period: str) -> str:
    """Normalise and check a period for the frequency (月 "2026-10", 季 "2026-Q4", 年 "2026")."""
    text = (period or "").strip().upper()
    m = _PERIOD[frequency].match(text)
    if not m or (frequency == "月" and not 1 <= int(m[2]) <= 12):
        raise ValidationError(f"期间“{period}”格式不对：{FREQUENCIES[frequency]}应写成"
                              f"“{_EXAMPLE[frequency]}”。", "期间")
    return text


def period_bounds(frequency: str, period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period."""
    period = check_period(frequency, period)
    year = int(period[:4])
    if frequency == "年":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if frequency == "季":
        q = int(period[-1])
        first = dt.date(year, 3 * q - 2, 1)
        months = 3
    else:
        first = dt.date(year, int(period[5:7]), 1)
        months = 1
    y, m = divmod(first.month - 1 + months, 12)
    return first, dt.date(first.year + y, m + 1, 1) - dt.timedelta(days=1)


def period_of(frequency: str, day: dt.date) -> str:
    """The period containing ``day``."""
    if frequency == "年":
        return f"{day.year}"
    if frequency == "季":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def previous_period(frequency: str, day: dt.date) -> str:
    """The last period that ended before ``day`` (the one due for reporting)."""
    first, _ = period_bounds(frequency, period_of(frequency, day))
    return period_of(frequency, first - dt.timedelta(days=1))


def periods_ending(frequency: str, month: str) -> list[str]:
    """The periods that end in ``month`` "YYYY-MM" (月 every month, 季 in 3/6/9/12, 年 in 12)."""
    mo = int(month[5:7])
    if frequency == "月":
        return [month]
    if frequency == "季" and mo % 3 == 0:
        return [f"{month[:4]}-Q{mo // 3}"]
    if frequency == "年" and mo == 12:
        return [month[:4]]
    return []
