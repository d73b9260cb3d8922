# SPDX-License-Identifier: MIT
import datetime as dt
import re

import pytest
from stdnum.cn import ric

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import search as core_search
from jiedao_desk.domains.org import service as org
from jiedao_desk.domains.residents import service as residents
from jiedao_desk.store import audit
from jiedao_desk.store import search as search_store

SEARCH = registry.search_sources()


def valid_id(prefix17: str) -> str:
    return prefix17 + ric.calc_check_digit(prefix17 + "0")


MALE_ID = valid_id("11010519800101001")  # order code 001: odd → male
FEMALE_ID = valid_id("11010820010228002")  # 2001-02-28, order code 002: even → female


def counts(store):
    return (store.scalar("SELECT COUNT(*) FROM resident"),
            store.scalar("SELECT COUNT(*) FROM audit_log"),
            store.scalar("SELECT COUNT(*) FROM search_doc"))


def test_add_fills_birth_date_gender_and_normalises(store, actor, make_community):
    c = make_community("甲社区")
    r = residents.add_resident(store, actor, c.id, " 张伟 ", MALE_ID.lower(),
                               phone="13800138000", address="和平里北街3号楼",
                               household_no="100000001", notes="独居老人")
    assert (r.name, r.gender, r.birth_date) == ("张伟", "男", dt.date(1980, 1, 1))
    assert r.id_number == MALE_ID and r.phone == "138 0013 8000"
    assert r.community_name == "甲社区" and not r.voided
    f = residents.add_resident(store, actor, c.id, "李娜", FEMALE_ID)
    assert (f.gender, f.birth_date) == ("女", dt.date(2001, 2, 28))
    row = audit.query(store, entity="resident")[-1]
    assert row["action"] == "resident.add" and row["entity_id"] == str(r.id)
    assert audit.verify_chain(store) is None


def test_resident_without_id_number(store, actor, make_community):
    c = make_community()
    r = residents.add_resident(store, actor, c.id, "王芳")
    assert (r.id_number, r.gender, r.birth_date, r.phone) == (None, "", None, "")
    # two residents without an identity number do not clash
    residents.add_resident(store, actor, c.id, "王芳")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": ""}, "姓名不能为空"),
    ({"name": "张" * 31}, "姓名太长"),
    ({"id_number": MALE_ID[:-1] + ("0" if MALE_ID[-1] != "0" else "1")}, "校验位不正确"),
    ({"id_number": "1101051980010100"}, "应为18位"),
    ({"id_number": valid_id("11010520300101001")}, "晚于今天"),
    ({"phone": "1380013800"}, "手机号码应为11位"),
    ({"address": "路" * 101}, "住址太长"),
])
def test_bad_input_writes_nothing(store, actor, make_community, kwargs, message):
    c = make_community()
    before = counts(store)
    args = {"name": "张伟", **kwargs}
    with pytest.raises(ValidationError, match=message):
        residents.add_resident(store, actor, c.id, **args)
    assert counts(store) == before


def test_community_must_exist_and_be_live(store, actor, make_community):
    c = make_community("甲社区")
    with pytest.raises(NotFound, match="社区"):
        residents.add_resident(store, actor, 999, "张伟")
    org.void_community(store, actor, c.id, "撤并")
    before = counts(store)
    with pytest.raises(ValidationError, match="已作废"):
        residents.add_resident(store, actor, c.id, "张伟")
    assert counts(store) == before


def test_duplicate_id_number_names_the_community(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    first = residents.add_resident(store, actor, a.id, "张伟", MALE_ID)
    before = counts(store)
    with pytest.raises(Conflict, match="甲社区"):
        residents.add_resident(store, actor, b.id, "张卫", MALE_ID)
    assert counts(store) == before
    other = residents.add_resident(store, actor, b.id, "李娜")
    with pytest.raises(Conflict, match="甲社区"):
        residents.update_resident(store, actor, other.id, id_number=MALE_ID)
    # once voided, the number may be registered again
    residents.void_resident(store, actor, first.id, "重复登记")
    again = residents.add_resident(store, actor, b.id, "张伟", MALE_ID)
    assert again.community_name == "乙社区"


def test_update_keeps_unset_fields_and_audits(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    r = residents.add_resident(store, actor, a.id, "张伟", MALE_ID, phone="13800138000",
                               address="和平里1号")
    u = residents.update_resident(store, actor, r.id, address="和平里2号", community_id=b.id)
    assert (u.address, u.community_name, u.phone, u.id_number) == (
        "和平里2号", "乙社区", "138 0013 8000", MALE_ID)
    u = residents.update_resident(store, actor, r.id, id_number="", phone="")
    assert (u.id_number, u.gender, u.birth_date, u.phone) == (None, "", None, "")
    row = audit.query(store, entity="resident")[0]
    assert row["action"] == "resident.update"
    assert "和平里2号" in row["before_json"] and MALE_ID in row["before_json"]
    with pytest.raises(NotFound):
        residents.update_resident(store, actor, 999, name="x")


def test_update_writes_only_the_changed_fields(store, actor, make_community):
    """An index over a column named in SET is rewritten even when the value is the same:
    an address change names the address alone, so the other indexes' pages stay clean."""
    a, b = make_community("甲社区"), make_community("乙社区")
    r = residents.add_resident(store, actor, a.id, "张伟", MALE_ID, address="和平里1号")
    updates: list[str] = []
    store.conn.set_trace_callback(
        lambda sql: updates.append(sql) if sql.startswith("UPDATE resident") else None)
    try:
        residents.update_resident(store, actor, r.id, address="和平里2号", name="张伟")
        residents.update_resident(store, actor, r.id, community_id=b.id)
    finally:
        store.conn.set_trace_callback(None)
    # (the trace repeats a statement once for each trigger it fires)
    named = [re.findall(r"(\w+) = ", u.split(" WHERE")[0]) for u in dict.fromkeys(updates)]
    assert named == [["address", "updated_at"], ["community_id", "updated_at"]]
    u = residents.get_resident(store, r.id)
    assert (u.address, u.community_name, u.name, u.id_number) == (
        "和平里2号", "乙社区", "张伟", MALE_ID)


def test_void_requires_reason_and_freezes(store, actor, make_community):
    c = make_community()
    r = residents.add_resident(store, actor, c.id, "张伟", address="和平里1号")
    with pytest.raises(ValidationError, match="作废原因"):
        residents.void_resident(store, actor, r.id, " ")
    v = residents.void_resident(store, actor, r.id, "迁出")
    assert v.voided and v.void_reason == "迁出"
    assert store.scalar("SELECT COUNT(*) FROM resident") == 1  # never deleted
    assert search_store.search(store, "和平里") == []
    with pytest.raises(Conflict, match="已作废"):
        residents.update_resident(store, actor, r.id, name="张卫")
    with pytest.raises(Conflict, match="已经作废"):
        residents.void_resident(store, actor, r.id, "再次")


def test_index_leaves_out_id_and_phone_numbers(store, actor, make_community):
    c = make_community()
    r = residents.add_resident(store, actor, c.id, "张伟", MALE_ID, phone="13800138000",
                               address="和平里1号", household_no="100000001", notes="低保户")
    text = search_store.indexed_text(store, "resident", r.id)
    assert text == "张伟 zw zhangwei 和平里1号 100000001 低保户"
    assert search_store.search(store, MALE_ID[:8]) == []
    assert search_store.search(store, "13800") == []


def test_global_search_uses_the_resident_describer(store, actor, make_community):
    a, b = make_community("甲社区"), make_community("乙社区")
    r = residents.add_resident(store, actor, a.id, "张伟", address="和平里1号")
    residents.add_resident(store, actor, b.id, "张伟明", address="青年湖2号")
    hits = core_search.search(store, actor, "张伟", SEARCH)
    assert [h.title for h in hits] == ["张伟明", "张伟"]
    assert hits[1] == core_search.SearchHit("resident", r.id, "张伟", "甲社区 · 和平里1号", "居民")
    # a community worker sees only residents of their own community
    worker = Actor(user_id=7, name="社工", role="community_worker", community_id=a.id)
    assert [h.title for h in core_search.search(store, worker, "张伟", SEARCH)] == ["张伟"]
    with pytest.raises(ValidationError, match="请输入"):
        core_search.search(store, actor, "  ", SEARCH)
    with pytest.raises(ValidationError, match="至少要包含"):
        core_search.search(store, actor, "，。", SEARCH)
