# SPDX-License-Identifier: MIT
"""Fixtures of the forms page tests: two communities, a resident, a community worker."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.residents import service as core_residents
from tests.forms.support import ID_A


@pytest.fixture
def world(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    res = core_residents.add_resident(store, actor, a.id, "张秀英", ID_A, phone="13800138000")
    return {"a": a, "b": b, "res": res, "worker": Actor(7, "社区李", "community_worker", a.id)}
