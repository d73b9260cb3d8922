# SPDX-License-Identifier: MIT
import datetime as dt

import pytest
from stdnum.cn import ric

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import validate


def _id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")  # the function ignores the last char


def test_id_card_ok_gives_birth_and_gender():
    info = validate.id_card(_id("11010219850312003").lower())
    assert info.birth_date == dt.date(1985, 3, 12)
    assert info.gender == "男"  # 17th digit 3 is odd
    assert info.age_on(dt.date(2026, 3, 11)) == 40
    assert validate.id_card(_id("11010219850312004")).gender == "女"


@pytest.mark.parametrize("value, message", [
    ("", "不能为空"),
    ("1101021985031200", "应为18位"),
    ("110102198503120031", "校验位"),       # wrong check digit
    (_id("11010219851332003"), "出生日期"),  # month 13, valid checksum
    ("11010A19850312003X", "格式"),
])
def test_id_card_errors_are_chinese(value, message):
    with pytest.raises(ValidationError, match=message):
        validate.id_card(value)


def test_id_card_born_in_future_refused():
    with pytest.raises(ValidationError, match="晚于今天"):
        validate.id_card(_id("11010220270101001"))


def test_credit_code():
    assert validate.credit_code("91110108551385082q") == "91110108551385082Q"
    with pytest.raises(ValidationError, match="校验位"):
        validate.credit_code("91110108551385082A")
    with pytest.raises(ValidationError, match="18位"):
        validate.credit_code("9111010855138508")


@pytest.mark.parametrize("value, expected", [
    ("13800138000", "138 0013 8000"),
    ("138-0013-8000", "138 0013 8000"),
    ("010-62345678", "010 6234 5678"),
    ("62345678", "010 6234 5678"),  # Beijing landline without area code
])
def test_phone_ok(value, expected):
    assert validate.phone(value) == expected


@pytest.mark.parametrize("value, message", [
    ("1380013800", "11位"),
    ("99999", "不是有效"),
    ("电话号码", "只能包含数字"),
])
def test_phone_errors(value, message):
    with pytest.raises(ValidationError, match=message):
        validate.phone(value)


@pytest.mark.parametrize("text", ["2026-11-23", "2026/11/23", "2026.11.23", "2026年11月23日",
                                  "20261123"])
def test_date_forms(text):
    assert validate.date(text) == dt.date(2026, 11, 23)


def test_date_errors():
    with pytest.raises(ValidationError, match="不存在"):
        validate.date("2026-02-30")
    with pytest.raises(ValidationError, match="格式不对"):
        validate.date("下周一")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        validate.date("2026-11-24", not_after_today=True)
