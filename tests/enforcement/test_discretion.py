# SPDX-License-Identifier: MIT
"""Discretion tiers (裁量): import of a 裁量基准 version, the choice, the fine range check."""


import pytest

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import discretion as edisc
from jiedao_desk.domains.enforcement import tiers
from tests.enforcement.conftest import new_case as _case
from tests.enforcement.conftest import notify as _notify

# A made-up 裁量基准 for the test only: the real tables are not public (reference §6 item 6),
# so nothing like this is shipped.
STANDARD_TOML = """
[catalog]
key = "discretion_standard"
title = "城市管理综合行政执法行政裁量权基准"
[version]
label = "2026-test"
doc_number = "测试〔2025〕1号"
effective_from = "2026-03-01"
confidence = "secondary"
[[items]]
seq = 1
code = "990001C010"
text = "情节较轻：首次违法"
category = "C"
[items.extra]
fine_min = 1000
fine_max = 3000
[[items]]
seq = 2
code = "990001A010"
text = "情节严重：拒不改正"
category = "A"
[items.extra]
fine_min = 7000
fine_max = 10000
[[items]]
seq = 3
code = "12345"
text = "格式不对的一行"
category = "X"
[items.extra]
power_code = "990001"
fine_min = 500
fine_max = 100
"""


def test_tiers_unknown_until_the_standard_is_imported(store, actor, items, tmp_path):
    cid = _case(store, actor, items["测试事项甲"])
    known, version, warning = tiers.tiers_for(store, enf.get_case(store, actor, cid))
    assert known == [] and version.label == "2026" and "未知" in warning
    with pytest.raises(ValidationError, match="不在任何已导入的裁量基准中"):
        edisc.choose(store, actor, cid, "2026-08-26", "首次违法", "990001C010")
    chosen = edisc.choose(store, actor, cid, "2026-08-26", "首次违法，及时改正")
    assert chosen.tier_code == "" and "未知" in chosen.warning
    assert chosen.standard_label == "2026 京城管发〔2025〕41号"  # the version is recorded
    # Import the (test) standard: the same power now has tiers; a tier must be chosen.
    (tmp_path / "s.toml").write_text(STANDARD_TOML, encoding="utf-8")
    catalog.import_version(store, actor, tmp_path / "s.toml")
    known, version, warning = tiers.tiers_for(store, enf.get_case(store, actor, cid))
    assert version.label == "2026-test" and warning == ""
    assert [t.code for t in known] == ["990001C010", "990001A010", "12345"]
    found = tiers.problems(known)
    assert any("12345" in p and "10位" in p for p in found)
    assert any("下限大于上限" in p for p in found)
    with pytest.raises(ValidationError, match="请从本事项的裁量档次中选择一档.*990001C010"):
        edisc.choose(store, actor, cid, "2026-08-26", "首次违法")
    edisc.choose(store, actor, cid, "2026-08-26", "首次违法，及时改正", "990001C010")
    assert len(store.rows("SELECT id FROM enforcement_discretion WHERE case_id = ?", (cid,))) == 2


def test_decision_fine_checked_against_chosen_tier(store, actor, items, tmp_path):
    (tmp_path / "s.toml").write_text(STANDARD_TOML, encoding="utf-8")
    catalog.import_version(store, actor, tmp_path / "s.toml")
    cid = _case(store, actor, items["测试事项甲"])
    with pytest.raises(ValidationError, match="请先记录裁量"):  # tiers known, none chosen
        _notify(store, actor, cid, 2000)
    edisc.choose(store, actor, cid, "2026-08-26", "首次违法", "990001C010")
    with pytest.raises(ValidationError, match="拟?罚款 5000 元不在所选裁量档次 990001C010"):
        _notify(store, actor, cid, 5000)
    _notify(store, actor, cid, 3000)
    with pytest.raises(ValidationError, match=r"幅度 1000–3000 元之内"):
        ed.decide(store, actor, cid, "2026-09-01", 3500, "罚款")
    assert enf.get_case(store, actor, cid).state == "notified"
    ed.decide(store, actor, cid, "2026-09-01", 3000, "罚款")
    report_text = tiers.describe(store, cid)
    assert "990001C010" in report_text and "情节较轻" in report_text and "首次违法" in report_text


def test_tiers_carried_by_the_power_item(store, actor, items):
    cid = _case(store, actor, items["测试事项乙（职权目录自带档次）"])
    known, _version, _w = tiers.tiers_for(store, enf.get_case(store, actor, cid))
    assert [(t.code, t.source, t.fine_max) for t in known] == [("990002C010", "职权目录", 100)]
    edisc.choose(store, actor, cid, "2026-08-26", "首次", "990002C010")
    with pytest.raises(ValidationError, match="幅度 50–100 元"):
        _notify(store, actor, cid, 200)
