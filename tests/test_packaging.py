# SPDX-License-Identifier: MIT
"""A wheel built with `pip wheel .` carries resources/, forms/ and the SQL schema steps (not only
an editable install)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_contains_resources_forms_and_schema_steps(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stderr
    wheel = next(tmp_path.glob("jiedao_desk-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.relative_to(ROOT).as_posix()
                     for p in (ROOT / "resources" / "catalogs").rglob("*.toml"))
    assert shipped, "no catalogs in the source tree"
    for rel in shipped:
        assert f"jiedao_desk/_data/{rel}" in names
    assert "jiedao_desk/_data/forms/README.md" in names
    # The user manual, rendered at build time: the contents and one file per section.
    for page in ("index", "start", "home", "settings", "faq"):
        assert f"jiedao_desk/_data/manual/{page}.html" in names
    steps = sorted(p.relative_to(ROOT).as_posix()
                   for p in (ROOT / "jiedao_desk" / "store" / "migrations").glob("*.sql"))
    assert len(steps) >= 13, "no SQL schema steps in the source tree"
    for rel in steps:
        assert rel in names
    assert "jiedao_desk/cli.py" in names
    meta = next(n for n in names if n.endswith("entry_points.txt"))
    entry = zipfile.ZipFile(wheel).read(meta).decode()
    assert "jiedao-desk-cli = jiedao_desk.cli:main" in entry
    assert "jiedao-desk = jiedao_desk.ui.app:main" in entry
    # The unpacked wheel alone (not this checkout) creates a database with every step.
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    code = ("import jiedao_desk; from jiedao_desk.store import Store, migrations;"
            " s = Store.memory(); print(jiedao_desk.__file__);"
            " print(migrations.applied_names(s.db) == migrations.known_names())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(unpacked)})
    assert r.returncode == 0, r.stderr
    origin, complete = r.stdout.split()
    assert Path(origin).is_relative_to(unpacked) and complete == "True"
