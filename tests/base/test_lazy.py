# SPDX-License-Identifier: MIT
"""A domain face lists its names once, as imports for type checkers; ``__all__`` and the lazy
table are read back from them, and every name answers with the object its module holds."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import jiedao_desk.domains
from jiedao_desk.base import lazy

DOMAINS = [m.name for m in pkgutil.iter_modules(jiedao_desk.domains.__path__) if m.ispkg]


def _source(domain: str) -> ast.Module:
    path = Path(jiedao_desk.domains.__path__[0]) / domain / "__init__.py"
    return ast.parse(path.read_text(encoding="utf-8"))


def _type_checking_imports(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """name → (module, attribute) of each ``from module import attribute [as name]`` under
    ``if TYPE_CHECKING:``, in the order written."""
    names: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom), ast.unparse(statement)
                for alias in statement.names:
                    names[alias.asname or alias.name] = (str(statement.module), alias.name)
    return names


def _is_lazy(domain: str) -> bool:
    return "exports(__name__)" in ast.unparse(_source(domain))


LAZY = [d for d in DOMAINS if _is_lazy(d)]


def test_every_face_but_monthly_loads_its_names_on_first_use():
    # docs/architecture.md says so; monthly's face is only its spec
    assert len(DOMAINS) >= 9
    assert [d for d in DOMAINS if d not in LAZY] == ["monthly"]


@pytest.mark.parametrize("domain", LAZY)
def test_face_names_its_type_checking_imports_and_nothing_else(domain):
    package = f"jiedao_desk.domains.{domain}"
    written = _type_checking_imports(_source(domain))
    face = importlib.import_module(package)
    assert written, domain
    assert face.__all__ == list(written)
    code = face.__spec__.loader.get_code(package)
    table = lazy.imported_names(package, code)
    assert list(table) == list(written)
    for name, (module, attribute) in written.items():
        if module == package:  # a submodule
            assert table[name] == attribute
        else:
            assert table[name] == f"{module.removeprefix(package + '.')}:{attribute}"
    assert set(face.__all__) <= set(dir(face))


@pytest.mark.parametrize("domain", LAZY)
def test_every_face_name_resolves_to_its_module_object(domain):
    package = f"jiedao_desk.domains.{domain}"
    face = importlib.import_module(package)
    for name, (module, attribute) in _type_checking_imports(_source(domain)).items():
        held = importlib.import_module(module)
        expected = (importlib.import_module(f"{module}.{attribute}") if module == package
                    else getattr(held, attribute))
        assert getattr(face, name) is expected, name


def test_imported_names_reads_the_from_imports_of_the_package_only():
    code = compile("\n".join([
        "from typing import TYPE_CHECKING",
        "from jiedao_desk.base.lazy import exports",
        "import jiedao_desk.domains.demo_face.service",
        "if TYPE_CHECKING:",
        "    from jiedao_desk.domains.demo_face import demo",
        "    from jiedao_desk.domains.demo_face.model import (Case, ENTITY)",
        "    from jiedao_desk.domains.demo_face.search import SOURCE as SEARCH_SOURCE",
        "    from jiedao_desk.domains.demo_face_two.model import Other",
    ]), "<face>", "exec")
    assert lazy.imported_names("jiedao_desk.domains.demo_face", code) == {
        "demo": "demo", "Case": "model:Case", "ENTITY": "model:ENTITY",
        "SEARCH_SOURCE": "search:SOURCE"}
