# SPDX-License-Identifier: MIT
"""Build hook: ship the top-level resources/ and forms/ inside the wheel.

design.md keeps resources/ and forms/ at the top of the repository so that a street can edit
wording and form definitions without touching code; a wheel must still carry them, so
build_py copies both trees to jiedao_desk/_data/ (found at run time by jiedao_desk.paths).
"""

import shutil
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


setup(cmdclass={"build_py": BuildWithData})
