# SPDX-License-Identifier: MIT
"""Shared data and helpers of the access tests."""

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.domains.access import requests as access

# TEST DATA ONLY: invented items, NOT the Beijing 社区职责清单 (whose items are not public).
TEST_DUTY_LIST = """
[catalog]
key = "duty_list"
title = "社区职责清单"

[version]
label = "{label}"
issuer = "测试数据（非正式清单）"
doc_number = ""
effective_from = "{start}"
effective_to = ""
source_urls = []
confidence = "unknown"
notes = "单元测试用的虚构条目，不是北京市社区职责清单。"

[[items]]
seq = 1
text = "组织开展社区居民自治活动"
category = "{kind1}"

[[items]]
seq = 2
text = "协助开展人口普查和统计调查"
category = "assist"
"""

STAFF = Actor(1, "街道王", "street_staff")
READONLY = Actor(3, "统计员", "readonly")


def import_list(store, actor, tmp_path, label="test-2026", start="2026-01-01", kind1="own"):
    path = tmp_path / f"duty_list--{label}.toml"
    path.write_text(TEST_DUTY_LIST.format(label=label, start=start, kind1=kind1),
                    encoding="utf-8")
    return catalog.import_version(store, actor, path).version


def register(store, actor, community_ids=(), **over):
    values = {"applicant_unit": "区统计局", "applicant_level": "区", "title": "人口普查入户登记",
              "content": "协助开展人口普查和统计调查，入户登记", "task_type": "调查统计",
              "community_ids": community_ids, "planned_start": "2027-03-01",
              "role_verbs": ["协助入户", "联系居民"],
              "conditions": {"经费": {"provided": True, "amount": "2万元"}}}
    values.update(over)
    return access.register_request(store, actor, **values)
