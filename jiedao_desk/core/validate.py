# SPDX-License-Identifier: MIT
"""Checks for identity numbers, credit codes, phone numbers and dates, with Chinese messages.

Identity numbers (居民身份证号, GB 11643) and unified social credit codes (统一社会信用代码,
GB 32100) are checked with python-stdnum; phone numbers with phonenumbers (region CN).
Each function returns the normalised value or raises ``ValidationError``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jiedao_desk.base import clock
from jiedao_desk.base.errors import ValidationError

# Beijing's area code, used when a landline is typed without one (a setting may override).
DEFAULT_AREA_CODE = "010"


@dataclass(frozen=True)
class IdCardInfo:
    """What a valid 18-digit identity number tells: birth date and gender (odd = male)."""

    number: str
    birth_date: dt.date
    gender: str  # "男" / "女"

    def age_on(self, day: dt.date) -> int:
        """Age in full years on ``day``."""
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


def id_card(value: str, field: str = "身份证号") -> IdCardInfo:
    """Validate an 18-digit 居民身份证号 and return its birth date and gender."""
    raw = (value or "").strip().upper().replace(" ", "")
    if not raw:
        raise ValidationError(f"{field}不能为空。", field)
    # the checking libraries load with the first number checked, not when the app starts
    from stdnum.cn import ric
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

    try:
        number = ric.validate(raw)
    except InvalidLength:
        raise ValidationError(f"{field}应为18位（现在是{len(raw)}位）。", field) from None
    except InvalidChecksum:
        raise ValidationError(f"{field}校验位不正确，请核对最后一位。", field) from None
    except InvalidComponent:
        raise ValidationError(f"{field}中的出生日期或地区码无效。", field) from None
    except InvalidFormat:
        raise ValidationError(f"{field}格式不正确：前17位应为数字，最后一位为数字或X。",
                              field) from None
    if len(number) != 18:
        raise ValidationError(f"{field}应为18位（现在是{len(number)}位）。", field)
    birth = ric.get_birth_date(number)
    if birth > clock.today():
        raise ValidationError(f"{field}中的出生日期晚于今天。", field)
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdCardInfo(number, birth, gender)


def credit_code(value: str, field: str = "统一社会信用代码") -> str:
    """Validate an 18-character 统一社会信用代码."""
    raw = (value or "").strip().upper().replace(" ", "")
    if not raw:
        raise ValidationError(f"{field}不能为空。", field)
    from stdnum.cn import uscc
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

    try:
        return uscc.validate(raw)
    except InvalidLength:
        raise ValidationError(f"{field}应为18位（现在是{len(raw)}位）。", field) from None
    except InvalidChecksum:
        raise ValidationError(f"{field}校验位不正确，请核对最后一位。", field) from None
    except (InvalidFormat, InvalidComponent):
        raise ValidationError(f"{field}格式不正确，含有不允许的字符。", field) from None


def phone(value: str, field: str = "电话", area_code: str = DEFAULT_AREA_CODE) -> str:
    """Validate a mobile or landline number; return it in national format (e.g. 138 0013 8000).

    A landline typed without area code gets ``area_code`` (default Beijing 010).
    """
    raw = re.sub(r"[\s\-－—()（）]", "", (value or ""))
    if not raw:
        raise ValidationError(f"{field}不能为空。", field)
    if not re.fullmatch(r"\+?\d+", raw):
        raise ValidationError(f"{field}只能包含数字（可带区号和连字符）。", field)
    import phonenumbers  # its metadata loads with the first number checked

    candidates = [raw]
    if not raw.startswith(("0", "1", "+")) and len(raw) in (7, 8):
        candidates.append(area_code + raw)
    for cand in candidates:
        try:
            num = phonenumbers.parse(cand, "CN")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    if raw.startswith("1") and len(raw) != 11:
        raise ValidationError(f"{field}：手机号码应为11位（现在是{len(raw)}位）。", field)
    raise ValidationError(f"{field}“{value}”不是有效的手机或固定电话号码。", field)


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), None),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), None),
    (re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"), None),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), None),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), None),
]


def date(value: str | dt.date | dt.datetime, field: str = "日期",
         not_after_today: bool = False) -> dt.date:
    """Parse a date typed as 2026-11-23, 2026/11/23, 2026.11.23, 2026年11月23日 or 20261123."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = (value or "").strip()
        if not text:
            raise ValidationError(f"{field}不能为空。", field)
        for pattern, _ in _DATE_PATTERNS:
            m = pattern.match(text)
            if m:
                try:
                    day = dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise ValidationError(f"{field}“{text}”不存在（请检查月份和日）。",
                                          field) from None
                break
        else:
            raise ValidationError(f"{field}“{text}”格式不对，请写成 2026-11-23 的形式。", field)
    if not_after_today and day > clock.today():
        raise ValidationError(f"{field}不能晚于今天。", field)
    return day


def required_text(value: str | None, field: str, max_len: int = 500) -> str:
    """Strip and require a non-empty text no longer than ``max_len`` characters."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"{field}不能为空。", field)
    if len(text) > max_len:
        raise ValidationError(f"{field}太长（最多{max_len}字，现在{len(text)}字）。", field)
    return text
