# SPDX-License-Identifier: MIT
"""Chinese number and date forms used on printed documents.

Amounts in words (大写金额) follow the rules for writing amounts on bills (中国人民银行《支付结算
办法》附一《正确填写票据和结算凭证的基本规定》): 元/角/分, "整" after 元 when there are no
角 and 分, a 零 where a zero sits between non-zero digits. cn2an's "rmb" mode already produces
that form; this module adds the 人民币 prefix, rounding and input checks.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jiedao_desk.base.errors import ValidationError

_CN_DIGITS = "〇一二三四五六七八九"
_MAX_AMOUNT = Decimal("999999999999.99")  # cn2an's rmb mode stops below 万亿


def _to_decimal(amount: Decimal | float | int | str) -> Decimal:
    if isinstance(amount, bool):
        raise ValidationError(f"金额“{amount}”不是数字。", "amount")
    try:
        # str() first: Decimal(0.1) would carry the binary float's error into 分.
        value = Decimal(str(amount).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"金额“{amount}”不是数字。", "amount") from None
    if not value.is_finite():
        raise ValidationError(f"金额“{amount}”不是数字。", "amount")
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def amount_in_words(amount: Decimal | float | int | str, prefix: str = "人民币") -> str:
    """Write an amount of money in capital Chinese numerals (大写金额).

    Args:
        amount: the amount in yuan; rounded half-up to 分.
        prefix: text put in front, "人民币" by default ("" for none).

    Returns:
        e.g. ``"人民币壹仟贰佰叁拾肆元伍角陆分"``, ``"人民币壹佰元整"``, ``"人民币伍分"``.

    Raises:
        ValidationError: not a number, negative, or too large.
    """
    value = _to_decimal(amount)
    if value < 0:
        raise ValidationError(f"金额“{amount}”不能为负数。", "amount")
    if value > _MAX_AMOUNT:
        raise ValidationError(f"金额“{amount}”超出可写成大写的范围。", "amount")
    import cn2an  # loads its number tables (0.15 s) on the first amount written, not at start

    words = cn2an.an2cn(format(value, "f"), "rmb")
    return prefix + words


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValidationError(f"日期“{value}”格式不对，应写成 2026-11-23 这样。", "date") from None


def _small_number(n: int) -> str:
    # Days and months: 十, 十一, 二十, 二十三, 三十一 (not 一十一).
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def small_count(n: int) -> str:
    """A count below 100 in Chinese numerals, as documents print periods: 3 → 三, 15 → 十五."""
    if not 0 <= n < 100:
        raise ValueError(f"{n} is not below 100")
    return _small_number(n)


def chinese_date(value: dt.date | str) -> str:
    """Date in Chinese numerals, as GB/T 9704 used for 成文日期 and many forms still print.

    Args:
        value: a date or an ISO ``YYYY-MM-DD`` string.

    Returns:
        e.g. ``"二〇二六年十一月二十三日"`` (the year digit by digit with 〇 for zero).
    """
    d = _as_date(value)
    year = "".join(_CN_DIGITS[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{_small_number(d.month)}月{_small_number(d.day)}日"


def numeric_date(value: dt.date | str) -> str:
    """Date with Arabic numerals, the GB/T 9704-2012 form of 成文日期 (no leading zeros).

    Args:
        value: a date or an ISO ``YYYY-MM-DD`` string.

    Returns:
        e.g. ``"2026年11月23日"``.
    """
    d = _as_date(value)
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_count(n: int | str) -> str:
    """A count in Chinese numerals for running text ("一式三份", "共十二页").

    Args:
        n: a non-negative whole number (or its digits).

    Returns:
        e.g. ``"三"``, ``"十二"``, ``"二十"`` (十 not 一十, as counts are read).

    Raises:
        ValidationError: not a whole number ≥ 0.
    """
    try:
        value = int(str(n).strip())
    except ValueError:
        raise ValidationError(f"“{n}”不是整数，不能写成中文数字。", "count") from None
    if value < 0:
        raise ValidationError(f"“{n}”是负数，不能写成中文数字。", "count")
    import cn2an  # see amount_in_words

    return str(cn2an.an2cn(value))
