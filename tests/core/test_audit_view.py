# SPDX-License-Identifier: MIT
import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import audit
from jiedao_desk.domains.org import service as org


def test_admin_reads_and_filters(store, actor):
    org.set_street(store, actor, "示例街道")
    org.add_community(store, actor, "甲社区", "001")
    admin = Actor(1, "王管理", "admin")
    rows = audit.rows(store, admin, entity="community")
    assert [r["action"] for r in rows] == ["community.add"]
    assert audit.rows(store, admin, date_from="2026-11-23", date_to="2026-11-23")
    assert audit.rows(store, admin, date_from="2026-11-24") == []
    entities, names = audit.filter_values(store, admin)
    assert entities == ["community", "street"] and names == ["系统"]
    assert audit.verify(store, admin) == (2, None)


@pytest.mark.parametrize("role", ["street_staff", "community_worker", "mediator",
                                  "enforcement_officer", "readonly"])
def test_others_cannot_read_the_audit_log(store, role):
    who = Actor(9, "某人", role, 1 if role == "community_worker" else None)
    with pytest.raises(PermissionDenied):
        audit.rows(store, who)
    with pytest.raises(PermissionDenied):
        audit.verify(store, who)
