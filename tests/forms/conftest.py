# SPDX-License-Identifier: MIT
"""Fixtures of the forms tests: two communities, a resident, a community worker."""

from __future__ import annotations

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.domains.forms import definitions as forms
from jiedao_desk.domains.residents import service as core_residents
from tests.forms.support import EXAMPLES, ID_A


@pytest.fixture
def all_types():
    return forms.load_file(EXAMPLES / "example_all_types.toml")


@pytest.fixture
def world(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    res = core_residents.add_resident(store, actor, a.id, "张秀英", ID_A, phone="13800138000",
                                      address="1-2-301")
    worker = Actor(7, "社区李", "community_worker", a.id)
    return {"a": a, "b": b, "res": res, "worker": worker}
