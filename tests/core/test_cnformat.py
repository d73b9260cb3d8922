# SPDX-License-Identifier: MIT
import datetime as dt
from decimal import Decimal

import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.documents.cnformat import amount_in_words, chinese_date, numeric_date


@pytest.mark.parametrize("amount, words", [
    ("0.05", "人民币伍分"),
    (100, "人民币壹佰元整"),
    ("1001.50", "人民币壹仟零壹元伍角"),
    (10000000, "人民币壹仟万元整"),
    (Decimal("1234.56"), "人民币壹仟贰佰叁拾肆元伍角陆分"),
    ("10.05", "人民币壹拾元零伍分"),
    ("100010", "人民币壹拾万零壹拾元整"),
    (0, "人民币零元整"),
    (0.1 + 0.2, "人民币叁角"),          # binary float noise must not leak into 分
    ("2,000", "人民币贰仟元整"),
    ("1.005", "人民币壹元零壹分"),      # rounded half-up to 分
])
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_amount_without_prefix():
    assert amount_in_words("200", prefix="") == "贰佰元整"


@pytest.mark.parametrize("bad", ["abc", "-1", "1e20", "nan", True])
def test_amount_rejects_bad_input(bad):
    with pytest.raises(ValidationError):
        amount_in_words(bad)


@pytest.mark.parametrize("day, cn, num", [
    (dt.date(2026, 11, 23), "二〇二六年十一月二十三日", "2026年11月23日"),
    (dt.date(2020, 1, 1), "二〇二〇年一月一日", "2020年1月1日"),
    (dt.date(2019, 10, 10), "二〇一九年十月十日", "2019年10月10日"),
    (dt.date(2031, 12, 31), "二〇三一年十二月三十一日", "2031年12月31日"),
    ("2026-02-20", "二〇二六年二月二十日", "2026年2月20日"),
])
def test_dates(day, cn, num):
    assert chinese_date(day) == cn
    assert numeric_date(day) == num


def test_bad_date():
    with pytest.raises(ValidationError, match="日期"):
        chinese_date("23/11/2026")
