# SPDX-License-Identifier: MIT
"""A code or its Chinese label, typed on the command line, gives the code."""

from jiedao_desk.base.labels import choices_help, key_of

SOURCES = {"patrol": "巡查发现", "hotline": "12345转办"}


def test_code_or_label_gives_the_code():
    assert key_of(SOURCES, "patrol") == "patrol"
    assert key_of(SOURCES, " 巡查发现 ") == "patrol"
    assert key_of(SOURCES, "12345转办") == "hotline"
    assert key_of(SOURCES, "巡查") == "巡查"  # unknown: left for the caller to refuse
    assert choices_help(SOURCES) == "patrol（巡查发现）/hotline（12345转办）"
