# SPDX-License-Identifier: MIT
"""Enforcement cases in global search (only for enforcement roles)."""


from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog, search
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.store import Store
from tests.enforcement.conftest import SIMPLE_BASIS

SEARCH = registry.search_sources()

OFFICER = Actor(1, "执法队员", "enforcement_officer")
MEDIATOR = Actor(2, "调解员", "mediator")
STAFF = Actor(3, "科室", "street_staff")


def _lead(store, actor, found="2026-09-25", place="示例路1号", text="占道摆摊"):
    return enf.register_lead(store, actor, "patrol", found, place, text).case_id


def test_case_in_global_search_for_enforcement_roles_only(store, actor):
    catalog.load_builtin(store, actor)
    cid = _lead(store, actor, place="锦什坊街12号", text="店外堆放杂物")
    assert [(h.entity, h.entity_id) for h in search.search(store, OFFICER, "锦什坊", SEARCH)] == \
        [("enforcement_case", cid)]
    hit = search.search(store, actor, "杂物", SEARCH)[0]
    assert hit.label == "执法案件" and hit.title == f"执法案件 线索第{cid}号"
    assert "锦什坊街12号" in hit.snippet and "巡查发现" in hit.snippet
    for other in (MEDIATOR, STAFF):  # confidential from other teams
        assert search.search(store, other, "锦什坊", SEARCH) == []
    # A party added later is found by name (the index follows the case) …
    enf.add_party(store, actor, cid, "person", "欧阳明", "11010519491231002X")
    hit = search.search(store, OFFICER, "欧阳明", SEARCH)[0]
    assert hit.entity_id == cid and hit.title == f"执法案件 线索第{cid}号 欧阳明"
    assert search.search(store, OFFICER, "11010519491231002X",
                         SEARCH) == []  # no ID numbers indexed
    # … and a void case leaves the index.
    enf.void_case(store, actor, cid, "重复登记")
    assert search.search(store, OFFICER, "欧阳明", SEARCH) == []


def test_simple_case_paper_number_searchable(store, actor):
    catalog.load_builtin(store, actor)
    power = enf.power_choices(store)[0][0].item_id
    party = {"kind": "person", "name": "钱某", "id_number": "11010519491231002X",
             "address": "示例路1号"}
    cid = ed.simple_penalty(store, actor, source="patrol", day="2026-10-09", place="示例路",
                            facts="乱贴广告", party=party, fine="50", power_item_id=power,
                            paper_number="京西当罚0012", **SIMPLE_BASIS,
                            officer_list=[("张明", "11010001"), ("李强", "11010002")])
    assert [h.entity_id for h in search.search(store, OFFICER, "京西当罚0012", SEARCH)] == [cid]


def test_migration_indexes_existing_cases(tmp_path, actor):
    from sqlite_utils import Database

    from jiedao_desk.store import migrations

    path = tmp_path / "old.sqlite3"
    db = Database(path)
    migrations.MIGRATIONS.apply(db, stop_before="m012_enforcement_more")
    db.execute("INSERT INTO enforcement_case (status, source, found_on, place, description, "
               "created_by, created_at) VALUES ('lead', 'patrol', '2026-09-01', '旧案地点甲', "
               "'旧线索', 'x', '2026-09-01T00:00:00')")
    db.conn.commit()
    db.close()
    store = Store.open(path)
    try:
        assert [h.entity for h in search.search(store, OFFICER, "旧案地点甲", SEARCH)] == \
            ["enforcement_case"]
    finally:
        store.close()
