# SPDX-License-Identifier: MIT
import pytest

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import audit


def test_street_and_communities_with_audit(store, actor):
    org.set_street(store, actor, "示例街道", "110102001", "西城区")
    c = org.add_community(store, actor, "甲社区", "001")
    org.update_community(store, actor, c.id, "甲社区居委会", "001")
    assert org.get_street(store).name == "示例街道"
    assert [x.name for x in org.list_communities(store)] == ["甲社区居委会"]
    actions = [r["action"] for r in audit.query(store)]
    assert actions == ["community.update", "community.add", "street.set"]
    assert audit.verify_chain(store) is None


def test_duplicate_and_bad_codes(store, actor):
    org.add_community(store, actor, "甲社区", "001")
    with pytest.raises(Conflict, match="已被"):
        org.add_community(store, actor, "乙社区", "001")
    with pytest.raises(ValidationError, match="社区代码"):
        org.add_community(store, actor, "丙社区", "有 空格")
    with pytest.raises(ValidationError, match="不能为空"):
        org.add_community(store, actor, "  ", "002")
    assert len(org.list_communities(store)) == 1


def test_void_keeps_the_row(store, actor):
    c = org.add_community(store, actor, "甲社区", "001")
    org.void_community(store, actor, c.id, "撤并")
    assert org.list_communities(store) == []
    assert org.list_communities(store, include_voided=True)[0].voided
    # code is free again for a new community
    org.add_community(store, actor, "甲社区", "001")
