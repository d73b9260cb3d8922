# SPDX-License-Identifier: MIT
"""Global search respects who may see each kind of record."""


def test_residents_are_found_only_by_roles_that_may_view_the_register(store, actor,
                                                                      make_community):
    from jiedao_desk import registry
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.core import search
    from jiedao_desk.domains.residents import service as residents

    c = make_community("甲社区")
    residents.add_resident(store, actor, c.id, "王建国", address="和平里1号")
    assert [h.title for h in search.search(store, actor, "王建国",
                                           registry.search_sources())] == ["王建国"]
    sources = registry.search_sources()
    for role in ("mediator", "enforcement_officer"):
        assert search.search(store, Actor(9, "x", role), "王建国", sources) == [], role
    assert search.search(store, Actor(9, "x", "street_staff"), "王建国", sources)
