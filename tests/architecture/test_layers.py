# SPDX-License-Identifier: MIT
"""The layout holds: every import points down, domains meet only through their public faces,
no module imports itself round in a circle, and every domain declares its whole shape."""

from jiedao_desk import registry
from jiedao_desk.store import migrations
from tests.architecture import import_graph


def test_every_arrow_points_down_and_through_public_faces():
    arrows = import_graph.graph()
    assert len(arrows) > 500  # the reader really read the package
    assert import_graph.problems(arrows) == []


def test_no_import_cycles():
    assert import_graph.cycles(import_graph.graph()) == []


def test_the_rules_catch_what_they_are_for():
    # An upward arrow, a private module of another domain, and a domain's core part that
    # reaches into its own pages: each is reported (so the empty lists above mean something).
    A = import_graph.Arrow
    bad = [A("jiedao_desk.store.audit", "jiedao_desk.core.auth", 1),
           A("jiedao_desk.domains.hotline.links", "jiedao_desk.domains.mediation.store", 2),
           A("jiedao_desk.domains.mediation.cases", "jiedao_desk.domains.hotline", 3),
           A("jiedao_desk.domains.mediation.cases", "jiedao_desk.domains.mediation.pages.page", 4),
           A("jiedao_desk.core.search", "jiedao_desk.registry", 5)]
    found = import_graph.problems(bad)
    assert len(found) == 5, found
    assert import_graph.cycles([A("a", "b", 1), A("b", "a", 2)]) == [["a", "b"]]


def test_every_migration_step_belongs_to_exactly_one_spec():
    owned = [m for spec in registry.DOMAINS for m in spec.migrations]
    assert sorted(owned) == sorted(migrations.known_names())
    assert len(owned) == len(set(owned))


def test_every_domain_declares_pages_and_commands_that_exist():
    for spec in registry.DOMAINS:
        for page in spec.pages:
            assert page.factory().__name__ in page.target, page
    import importlib

    for module in registry.cli_modules():
        assert callable(importlib.import_module(module).register), module


def test_entities_have_one_owner():
    entities = [e for spec in registry.DOMAINS for e in spec.entities]
    assert len(entities) == len(set(entities))
    assert registry.domain_of("mediation_case") == "mediation"
    assert registry.domain_of("nope") is None
