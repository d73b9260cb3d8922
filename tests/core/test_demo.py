# SPDX-License-Identifier: MIT
import re

import pytest
from stdnum.cn import ric

from jiedao_desk import demo
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import demo_names, validate
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.store import Store, audit
from jiedao_desk.store import search as search_store


@pytest.fixture(scope="module")
def demo_store():
    """One 5,000-resident demo database shared by the read-only tests below."""
    s = Store.memory()
    calls = []
    result = demo.generate(s, 5000, seed=7, progress=lambda *a: calls.append(a))
    s.calls, s.result = calls, result
    yield s
    s.conn.close()


def first_rows(store, n=20):
    return store.execute("SELECT name, id_number, phone, address FROM resident"
                         " ORDER BY id LIMIT ?", (n,)).fetchall()


def test_same_seed_same_data_other_seed_other_data(demo_store):
    again = Store.memory()
    demo.generate(again, 5000, seed=7)
    assert first_rows(again) == first_rows(demo_store)
    other = Store.memory()
    demo.generate(other, 20, seed=8)
    assert first_rows(other) != first_rows(demo_store)


def test_every_identity_number_is_valid_and_matches_its_row(demo_store):
    rows = demo_store.execute(
        "SELECT id_number, birth_date, gender FROM resident").fetchall()
    assert len(rows) == 5000
    assert len({r[0] for r in rows}) == 5000
    for number, birth, gender in rows:
        assert ric.is_valid(number), number
        assert number[:4] == "1101"
        info = validate.id_card(number)  # the app's own check (birth not after today)
        assert (info.birth_date.isoformat(), info.gender) == (birth, gender)
        assert "1930-01-01" <= birth <= "2020-12-31"


def test_values_look_like_a_register(demo_store):
    rows = demo_store.rows("SELECT name, phone, address, household_no FROM resident")
    names = [r["name"] for r in rows]
    assert all(2 <= len(n) <= 4 for n in names)
    assert any(set(n) & set(demo_names.RARE_CHARS) for n in names)
    assert sum(n[0] in "王李张刘陈" for n in names) > 0.2 * len(names)
    phones = [r["phone"] for r in rows if r["phone"]]
    assert len(phones) > 0.7 * len(rows)
    for p in phones[:300]:
        assert validate.phone(p) == p  # stored as the app formats typed numbers
    assert all(re.fullmatch(r".+(\d+号楼\d单元\d{3,4}|胡同\d+号)", r["address"]) for r in rows)
    households = {r["household_no"] for r in rows}
    assert 1000 < len(households) < 5000  # people share households
    assert len(demo_store.rows("SELECT id FROM community")) == 12
    assert demo_store.scalar("SELECT name FROM street") == "示例街道"


def test_one_summary_audit_row_and_progress(demo_store):
    rows = audit.query(demo_store)
    # Residents and tickets are written in bulk under one summary row; the few demo cases go
    # through the domains' core functions, so each of their steps has its own row.
    bulk = [r for r in rows if not r["action"].startswith(("mediation.", "enforcement.",
                                                           "catalog."))]
    assert [r["action"] for r in bulk] == ["demo.generate"]
    assert '"residents": 5000' in bulk[0]["after_json"]
    assert demo_store.calls[-1][:2] == (5000, 5000)
    assert audit.verify_chain(demo_store) is None


def test_demo_residents_are_searchable_and_listed(demo_store):
    assert demo_store.scalar("SELECT COUNT(*) FROM search_doc WHERE entity = 'resident'") == 5000
    name = demo_store.scalar("SELECT name FROM resident WHERE id = 4321")
    assert ("resident", 4321) in search_store.search(demo_store, name, limit=5000)
    assert residents_store.list_source(demo_store).count() == 5000


def test_refuses_a_database_with_residents_unless_appending():
    s = Store.memory()
    demo.generate(s, 300, seed=1)
    with pytest.raises(Conflict, match="--append"):
        demo.generate(s, 10, seed=1)
    assert s.scalar("SELECT COUNT(*) FROM resident") == 300
    # appending with the same seed must not reuse identity numbers or communities
    r = demo.generate(s, 300, seed=1, append=True)
    assert (r.first_id, r.last_id, r.communities_created) == (301, 600, [])
    assert s.scalar("SELECT COUNT(DISTINCT id_number) FROM resident") == 600
    assert s.scalar("SELECT COUNT(*) FROM community") == 12


def test_size_is_checked(store):
    with pytest.raises(ValidationError, match="1 到"):
        demo.generate(store, 0)
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == 0
