# SPDX-License-Identifier: MIT
"""Site identity: one uid per installation, record identities, office codes in numbers."""

import sqlite3

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied, ValidationError
from jiedao_desk.core import documents, site

NOTICE = {"title": "通知", "addressee": "各社区", "body": ["请按时报送。"],
          "issuer": "示例街道办事处", "issue_date": "2026-11-23"}


def test_each_database_has_its_own_fixed_uid(store, file_store):
    a, b = site.get_site(store), site.get_site(file_store)
    assert len(a.uid) == 32 and a.uid != b.uid
    assert (a.role, a.office_code) == ("street", "")
    assert site.record_uid(store, "mediation_case", 7) == f"{a.uid}:mediation_case:7"
    with pytest.raises(sqlite3.IntegrityError, match="站点标识不可修改"), store.atomic():
        store.execute("UPDATE site SET uid = 'x'")


def test_a_community_site_prints_its_office_code_before_every_number(store, actor,
                                                                      make_community):
    street_doc = documents.issue(store, actor, "generic_notice", NOTICE)
    c = make_community("枫林苑社区")
    with pytest.raises(ValidationError, match="文号机关代字"):
        site.set_role(store, actor, "community", c.id, "")
    with pytest.raises(ValidationError, match="社区站点须选择"):
        site.set_role(store, actor, "community", None, "枫林")
    with pytest.raises(PermissionDenied):
        site.set_role(store, Actor(5, "甲", "street_staff"), "community", c.id, "枫林")
    assert site.set_role(store, actor, "community", c.id, "枫林").prefix == "枫林"
    community_doc = documents.issue(store, actor, "generic_notice", NOTICE)
    assert community_doc.doc_number.startswith("枫林")
    assert community_doc.doc_number[len("枫林"):] != street_doc.doc_number
    assert not street_doc.doc_number.startswith("枫林")
