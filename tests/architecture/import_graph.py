# SPDX-License-Identifier: MIT
"""The import graph of jiedao_desk, read from the source (every import, function-level ones
included; imports under ``if TYPE_CHECKING:`` are left out: they never run) and the layer
rules it must obey. Used by tests/architecture/test_layers.py and printable on its own:

    python -m tests.architecture.import_graph      # every arrow that breaks a rule
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "jiedao_desk"

# Layers from the bottom up; a module may import only from its own layer or below. The shell
# (cli, commands, the ui outside ui/kit) sits on the registry, which sits on every domain.
LAYERS = ["base", "store", "engines", "core", "uikit", "domains", "registry", "shell"]
# Domains depend on each other only downwards: the monthly report reads every domain, 12345
# tickets turn into mediation and enforcement cases, a form the registry refuses becomes an
# access request, everything names communities.
DOMAIN_ORDER = {"org": 0, "residents": 1, "access": 2, "certificates": 2, "forms": 3,
                "mediation": 2, "enforcement": 2, "hotline": 3, "monthly": 4}


def module_name(path: Path) -> str:
    """The dotted module name of a file under jiedao_desk/."""
    parts = ("jiedao_desk", *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    """The layer of a jiedao_desk module."""
    parts = module.split(".")[1:]
    head = parts[0] if parts else ""
    if head in ("base", "paths"):
        return "base" if head == "base" else "store"
    if head == "store":
        return "store"
    if head in ("documents", "exports"):
        return "engines"
    if head == "core":
        return "core"
    if head == "ui":
        return "uikit" if parts[1:2] == ["kit"] else "shell"
    if head == "domains":
        return "domains"
    if head in ("registry", "demo"):
        return "registry"
    return "shell"  # cli, commands, __main__, the package itself


def domain(module: str) -> str | None:
    """The domain a module belongs to, if any."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "domains" else None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for c in child.orelse:
                    visit(c)
                continue
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    pkg = module.split(".")
                    pkg = pkg if is_package else pkg[:-1]
                    pkg = pkg[:len(pkg) - child.level + 1]
                    base = ".".join([*pkg, base] if base else pkg)
                for a in child.names:
                    found.append((f"{base}.{a.name}", child.lineno))
            visit(child)

    visit(tree)
    return found


@dataclass(frozen=True)
class Arrow:
    """One import: ``source`` imports ``target`` at ``line``."""

    source: str
    target: str
    line: int


def graph() -> list[Arrow]:
    """Every import of a jiedao_desk module by a jiedao_desk module (module-level names are
    resolved to the module that holds them)."""
    files = {module_name(p): p for p in ROOT.rglob("*.py")}
    arrows = []
    for mod, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, line in _imports(tree, mod, path.name == "__init__.py"):
            if not target.startswith("jiedao_desk"):
                continue
            while target not in files and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != mod:
                arrows.append(Arrow(mod, target, line))
    return arrows


def problems(arrows: list[Arrow]) -> list[str]:
    """Every arrow that breaks a layer rule, as one line each."""
    out = []
    for a in arrows:
        ls, lt = layer(a.source), layer(a.target)
        where = f"{a.source}:{a.line} -> {a.target}"
        if LAYERS.index(lt) > LAYERS.index(ls):
            out.append(f"upward ({ls} -> {lt}): {where}")
            continue
        ds, dt = domain(a.source), domain(a.target)
        if dt and ds != dt:
            if ds and DOMAIN_ORDER[dt] >= DOMAIN_ORDER[ds]:
                out.append(f"domain {ds} may not import domain {dt}: {where}")
            rest = a.target.split(".")[3:]
            # Faces: the package itself, its pages (Qt) and, for the shell, its command line.
            faces = ("pages", "cli") if layer(a.source) == "shell" else ("pages",)
            if rest and rest[0] not in faces:
                out.append(f"private name of domain {dt}: {where}")
            elif len(rest) > 1:
                out.append(f"private page module of domain {dt}: {where}")
        if ds and ds == dt:
            src_top = _domain_top(a.source)
            if _domain_top(a.target) and not src_top:
                out.append(f"domain core imports its pages or cli: {where}")
    return out


def _domain_top(module: str) -> bool:
    rest = module.split(".")[3:]
    return bool(rest) and (rest[0] == "pages" or rest[0].startswith("cli"))


def cycles(arrows: list[Arrow]) -> list[list[str]]:
    """Strongly connected groups of more than one module (import cycles)."""
    edges: dict[str, set[str]] = {}
    for a in arrows:
        edges.setdefault(a.source, set()).add(a.target)
        edges.setdefault(a.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:  # Tarjan
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    import sys
    sys.setrecursionlimit(10_000)
    for v in list(edges):
        if v not in index:
            strong(v)
    return out


if __name__ == "__main__":
    arrows = graph()
    for line in problems(arrows):
        print(line)
    for group in cycles(arrows):
        print("cycle:", " ".join(group))
