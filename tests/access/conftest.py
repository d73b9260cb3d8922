# SPDX-License-Identifier: MIT
"""Fixtures of the access tests: the shipped catalogs, a street and two communities."""

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.domains.org import service as org


@pytest.fixture
def env(store, actor, make_community):
    catalog.load_builtin(store, actor)
    org.set_street(store, actor, "测试街道办事处")
    a, b = make_community("甲社区", "A01"), make_community("乙社区", "B01")
    return {"a": a, "b": b, "worker": Actor(2, "社区李", "community_worker", a.id)}
