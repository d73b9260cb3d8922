# SPDX-License-Identifier: MIT
"""core/, store/, documents/ and exports/ must never import PySide6 (design.md "Layers")."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import jiedao_desk

NON_UI = ["base", "core", "store", "documents", "exports", "commands", "domains"]


def _modules() -> list[str]:
    root = Path(jiedao_desk.__file__).parent
    names = ["jiedao_desk.cli", "jiedao_desk.paths"]
    for pkg in NON_UI:
        for m in pkgutil.walk_packages([str(root / pkg)], f"jiedao_desk.{pkg}."):
            if ".pages" not in m.name:  # a domain's pages are its Qt part
                names.append(m.name)
    return names


def test_non_ui_layers_do_not_import_qt():
    mods = _modules()
    assert "jiedao_desk.base.clock" in mods and "jiedao_desk.store.audit" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=Path(jiedao_desk.__file__).parent.parent)
    assert r.returncode == 0, f"Qt imported by non-UI layers: {r.stdout} {r.stderr}"


def test_no_sql_outside_store():
    root = Path(jiedao_desk.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if "store" in rel.parts or (rel.parts[0] == "domains" and rel.stem.startswith("store")):
            continue
        text = path.read_text(encoding="utf-8")
        for kw in ("SELECT ", "INSERT INTO", "DELETE FROM", "CREATE TABLE"):
            if kw in text:
                offenders.append(f"{path.relative_to(root)}: {kw}")
    assert offenders == []
