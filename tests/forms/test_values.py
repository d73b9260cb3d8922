# SPDX-License-Identifier: MIT
"""Values typed into a form (every field type, cross-field checks) and reporting periods."""

from __future__ import annotations

import datetime as dt

import pytest

from jiedao_desk import paths
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.forms import definitions as forms
from jiedao_desk.domains.forms.values import (
    check_period,
    check_row,
    check_value,
    period_bounds,
    periods_ending,
    previous_period,
)

EXAMPLES = paths.forms_dir() / "examples"


def test_every_field_type_checks_values():
    form = forms.load_file(EXAMPLES / "example_all_types.toml")
    f = form.field
    assert check_value(f("visits"), "3") == 3
    with pytest.raises(ValidationError, match="不能大于 31"):
        check_value(f("visits"), "40")
    with pytest.raises(ValidationError, match="应填整数"):
        check_value(f("visits"), "2.5")
    assert check_value(f("subsidy"), "120.50") == "120.50"
    with pytest.raises(ValidationError, match="应填数字"):
        check_value(f("subsidy"), "一百")
    assert check_value(f("visit_date"), "2026/10/05") == "2026-10-05"
    with pytest.raises(ValidationError, match="只能选"):
        check_value(f("category"), "青年")
    with pytest.raises(ValidationError):
        check_value(f("id_number"), "110101199003070000")  # wrong check digit
    assert check_value(f("room"), "3-2-501") == "3-2-501"
    with pytest.raises(ValidationError, match="格式不对"):
        check_value(f("room"), "三单元")
    with pytest.raises(ValidationError, match="必须填写"):
        check_value(f("holder"), "")
    with pytest.raises(ValidationError, match="没有这个社区"):
        check_value(f("community"), "99", community_ids={1, 2})
    assert check_value(f("phone"), "13800138000").replace(" ", "") == "13800138000"


def test_cross_field_check():
    form = forms.load_file(EXAMPLES / "example_all_types.toml")
    row = {"holder": 1, "id_number": "11010519491231002X", "community": 1,
           "category": "老年人", "visit_date": "2026-10-05", "visits": 2, "problems_solved": 3}
    _, errors = check_row(form, row)
    assert errors == {"_row": "已解决问题数不能多于走访次数。"}
    _, errors = check_row(form, {**row, "problems_solved": 2})
    assert errors == {}


def test_periods():
    assert check_period("月", "2026-10") == "2026-10"
    assert check_period("季", "2026-q4") == "2026-Q4"
    with pytest.raises(ValidationError, match="2026-Q4"):
        check_period("季", "2026-10")
    with pytest.raises(ValidationError):
        check_period("月", "2026-13")
    assert period_bounds("季", "2026-Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert period_bounds("月", "2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    day = dt.date(2026, 11, 23)
    assert previous_period("月", day) == "2026-10"
    assert previous_period("季", day) == "2026-Q3"
    assert previous_period("年", day) == "2025"


def test_periods_ending_in_a_month():
    assert periods_ending("月", "2026-10") == ["2026-10"]
    assert periods_ending("季", "2026-09") == ["2026-Q3"] and periods_ending("季", "2026-10") == []
    assert periods_ending("年", "2026-12") == ["2026"] and periods_ending("年", "2026-11") == []
