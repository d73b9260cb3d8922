# SPDX-License-Identifier: MIT
"""The ``bar_chart`` block of the monthly summary: checked at load, drawn, fonts embedded."""

import io

import pytest
from pypdf import PdfReader

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.documents.render import render_kind
from jiedao_desk.documents.texts import parse_kind

KIND = """
[document]
title = "图表测试"
number_pattern = ""
[[blocks]]
type = "bar_chart"
field = "items"
text = "{caption}"
"""


def test_bar_chart_needs_field():
    with pytest.raises(ValidationError, match="bar_chart 需要 field"):
        parse_kind('[[blocks]]\ntype = "bar_chart"\n', "x")


def test_bar_chart_draws_labels_and_values_with_embedded_fonts():
    kind = parse_kind(KIND, "chart_test")
    pdf = render_kind(kind, {"caption": "受理量对比", "items": [
        {"label": "甲社区", "value": 12, "previous": 7}, {"label": "乙社区", "value": None}]}).pdf
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    for needle in ("受理量对比", "甲社区", "乙社区", "12", "7", "本月", "上月"):
        assert needle in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert all("/FontFile2" in f.get_object()["/FontDescriptor"] or
               "/DescendantFonts" in f.get_object() for f in fonts.values())
    assert not any(f.get_object()["/BaseFont"] == "/Helvetica" for f in fonts.values())
