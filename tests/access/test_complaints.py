# SPDX-License-Identifier: MIT
"""Complaints: only a refused or unapproved task is reported onwards."""

import pytest

from jiedao_desk.base.errors import Conflict
from jiedao_desk.domains.access import complaints as access_complaints
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import triage as access_triage
from tests.access.support import register


def test_complaint_only_for_refused_or_unapproved(store, actor, env):
    req = register(store, actor, [env["a"].id])
    access_triage.triage_request(store, actor, req.id)
    c = access_complaints.add_complaint(store, actor, req.id, "12345市民服务热线", "已转区社会办")
    assert access_complaints.list_complaints(store, actor, req.id) == [c]
    access.decide(store, actor, req.id, "admit", "经审批同意")
    with pytest.raises(Conflict, match="已准入"):
        access_complaints.add_complaint(store, actor, req.id, "12345市民服务热线")
