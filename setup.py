# SPDX-License-Identifier: MIT
"""Build hook: ship the top-level resources/ and forms/ and the user manual inside the wheel.

design.md keeps resources/ and forms/ at the top of the repository so that a street can edit
wording and form definitions without touching code; a wheel must still carry them, so
build_py copies both trees to jiedao_desk/_data/ (found at run time by jiedao_desk.paths) and
renders docs/manual/*.md to jiedao_desk/_data/manual/*.html (opened by F1).
"""

import importlib.util
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildWithData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "jiedao_desk" / "_data"
        for name in ("resources", "forms"):
            src = ROOT / name
            dst = target / name
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        render_manual(target / "manual")


def render_manual(target: Path) -> None:
    """Render docs/manual with jiedao_desk/exports/manual.py, loaded by path: the package's
    own dependencies need not be installed in the build environment."""
    spec = importlib.util.spec_from_file_location(
        "_manual", ROOT / "jiedao_desk" / "exports" / "manual.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["_manual"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    if target.exists():
        shutil.rmtree(target)
    module.render(ROOT / "docs" / "manual", target)


setup(cmdclass={"build_py": BuildWithData})
