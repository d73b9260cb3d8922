# SPDX-License-Identifier: MIT
"""Resident flags (居民标记) and pinyin search of resident names."""

import openpyxl
import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import ImportRejected, ValidationError
from jiedao_desk.core import imports as importer
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.residents import service as residents
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.store import search as search_store

RESIDENTS = registry.import_spec("residents")


def counts(store):
    return (store.scalar("SELECT COUNT(*) FROM resident"),
            store.scalar("SELECT COUNT(*) FROM audit_log"),
            store.scalar("SELECT COUNT(*) FROM search_doc"))


def test_default_flags_setting():
    assert registry.setting("residents.flags").default == "老年人、残疾人、低保、退役军人"


def test_flags_are_validated_and_stored_in_setting_order(store, actor, make_community):
    c = make_community()
    r = residents.add_resident(store, actor, c.id, "张伟", flags=["低保", "老年人"])
    assert r.flags == ("老年人", "低保")
    assert store.scalar("SELECT flags FROM resident WHERE id = ?", (r.id,)) == "老年人、低保"
    before = counts(store)
    with pytest.raises(ValidationError, match="未知的居民标记“孤儿”"):
        residents.add_resident(store, actor, c.id, "李娜", flags="老年人、孤儿")
    with pytest.raises(ValidationError, match="未知的居民标记"):
        residents.update_resident(store, actor, r.id, flags=["党员"])
    assert counts(store) == before
    assert residents.get_resident(store, r.id).flags == ("老年人", "低保")
    u = residents.update_resident(store, actor, r.id, flags="退役军人")
    assert u.flags == ("退役军人",)


def test_a_street_can_add_flags_and_removed_flags_are_kept(store, actor, make_community):
    c = make_community()
    settings_mod.set_value(store, actor, registry.setting("residents.flags"), "老年人、低保、独居")
    r = residents.add_resident(store, actor, c.id, "张伟", flags="独居")
    settings_mod.set_value(store, actor, registry.setting("residents.flags"), "老年人、低保")
    # Editing another field does not fail on a flag the street has since removed.
    assert residents.update_resident(store, actor, r.id, address="1号").flags == ("独居",)
    with pytest.raises(ValidationError, match="独居"):
        residents.add_resident(store, actor, c.id, "李娜", flags="独居")


def test_flags_column_in_list_and_found_by_search(store, actor, make_community):
    c = make_community()
    residents.add_resident(store, actor, c.id, "张伟", flags="老年人、低保")
    residents.add_resident(store, actor, c.id, "李娜")
    source = residents_store.list_source(store)
    keys = [col.key for col in residents_store.COLUMNS]
    assert "标记" in [col.label for col in residents_store.COLUMNS]
    rows = {r[1 + keys.index("name")]: r[1 + keys.index("flags")] for r in source.page(0, 10)}
    assert rows == {"张伟": "老年人、低保", "李娜": ""}
    source.set_search("低保")
    assert [r[1 + keys.index("name")] for r in source.page(0, 10)] == ["张伟"]


def test_search_by_pinyin_initials_and_full_pinyin(store, actor, make_community):
    c = make_community()
    zw = residents.add_resident(store, actor, c.id, "张伟")
    ln = residents.add_resident(store, actor, c.id, "李娜")
    found = lambda term: {i for _, i in search_store.search(store, term)}  # noqa: E731
    assert found("zw") == {zw.id}  # two letters: answered by the bigram index
    assert found("ZW") == {zw.id}
    assert found("zhangwei") == {zw.id}  # trigram index
    assert found("lina") == {ln.id}
    assert found("ln") == {ln.id}
    assert found("zx") == set()
    residents.update_resident(store, actor, zw.id, name="王芳")
    assert found("zw") == set() and found("wf") == {zw.id}


def test_name_pinyin():
    assert residents.name_pinyin("张伟") == "zw zhangwei"
    assert residents.name_pinyin("Tom") == ""


def _xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_with_flags_column(store, actor, make_community, tmp_path):
    make_community("和平里社区", "C001")
    header = ["社区", "姓名", "标记"]
    path = _xlsx(tmp_path / "in.xlsx", header, [["C001", "张伟", "低保、老年人"],
                                                ["C001", "李娜", None]])
    importer.run_import(store, actor, RESIDENTS, path)
    got = {r["name"]: r["flags"] for r in store.rows("SELECT name, flags FROM resident")}
    assert got == {"张伟": "老年人、低保", "李娜": ""}
    bad = _xlsx(tmp_path / "bad.xlsx", header, [["C001", "王芳", "老年人"],
                                                ["C001", "赵六", "孤儿"]])
    before = counts(store)
    with pytest.raises(ImportRejected) as e:
        importer.run_import(store, actor, RESIDENTS, bad, dry_run=True)
    assert any("孤儿" in err.message for err in e.value.errors)
    with pytest.raises(ImportRejected):
        importer.run_import(store, actor, RESIDENTS, bad)
    assert counts(store) == before


def test_import_without_flags_column_still_works(store, actor, make_community, tmp_path):
    make_community("和平里社区", "C001")
    path = _xlsx(tmp_path / "in.xlsx", ["社区", "姓名"], [["C001", "张伟"]])
    importer.run_import(store, actor, RESIDENTS, path)
    assert store.scalar("SELECT flags FROM resident") == ""
