# SPDX-License-Identifier: MIT
"""The case list's search text and month restriction."""

import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import lists as enforcement_lists


def _lead(store, actor, found="2026-09-25", place="示例路1号", text="占道摆摊"):
    return enf.register_lead(store, actor, "patrol", found, place, text).case_id


def test_list_search_and_month(store, actor):
    catalog.load_builtin(store, actor)
    power = enf.power_choices(store)[0][0].item_id
    sept = _lead(store, actor, "2026-09-25", "示例路1号", "占道摆摊")
    filed_oct = _lead(store, actor, "2026-09-28", "示例路2号", "乱堆物料")
    enf.file_case(store, actor, filed_oct, "2026-10-08", "王队长", power)
    octo = _lead(store, actor, "2026-10-12", "示例路3号", "夜间施工")
    source = enforcement_lists.list_source(store, actor)

    def ids():
        return [r[0] for r in source.page(0, 50)]

    assert ids() == [octo, filed_oct, sept]
    source.set_month("2026-10")
    assert ids() == [octo] and source.count() == 1  # found in October (filed_oct: September)
    source.set_month("2026-09")
    assert ids() == [filed_oct, sept]
    assert [r[0] for r in source.copy_for(store).page(0, 50)] == [filed_oct, sept]
    source.set_month("")
    source.set_search("施工")
    assert ids() == [octo]
    source.set_search(str(sept))
    assert sept in ids()
    for bad in ("2026-13", "202610", "十月"):
        with pytest.raises(ValidationError, match="2026-10 这样"):
            enforcement_lists.check_month(bad)
    assert enforcement_lists.check_month(" 2026-10 ") == "2026-10"


def test_a_walked_search_keeps_the_month_restriction(store, actor):
    catalog.load_builtin(store, actor)
    for i in range(12):
        _lead(store, actor, f"2026-{9 + i % 2:02d}-{10 + i}", f"示例路{i}号",
              "占道摆摊" if i % 3 else "夜间施工")
    walk = enforcement_lists.list_source(store, actor)
    collect = enforcement_lists.list_source(store, actor)
    walk.many_matches, walk.walk_chunk = -1, 2  # walk (a few rows a step) even on 12 cases
    collect.many_matches = 10**9  # collect every match first, as before
    for month, text in (("", "占道"), ("2026-10", "占道"), ("2026-09", "施工"),
                        ("2026-11", "占道")):
        pages = []
        for source in (walk, collect):
            source.set_month(month)
            source.set_search(text)
            pages.append([r[0] for r in source.page(0, 3)] + [r[0] for r in source.page(3, 50)])
        assert pages[0] == pages[1], (month, text)
        assert pages[1] or month == "2026-11"
        assert walk.count_within(2)[0] == min(2, len(pages[1]))
    assert pages[1] == [] and len(set(pages[0])) == len(pages[0])
