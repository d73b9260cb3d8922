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


def test_a_label_with_a_note_is_found_by_its_words_before_the_note():
    classes = {"urgent": "紧急（突发事件、可能危及生命财产）", "general": "一般诉求"}
    assert key_of(classes, "紧急") == "urgent"
    assert key_of(classes, "紧急（突发事件、可能危及生命财产）") == "urgent"
    assert key_of(classes, "急") == "急"
