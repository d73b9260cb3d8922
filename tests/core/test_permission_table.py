# SPDX-License-Identifier: MIT
"""The README's permission table is the model the core functions apply."""

from jiedao_desk.core.permissions import LABELS, PERMISSIONS
from tests.tools import permission_table


def test_readme_permission_table_matches_the_model():
    assert permission_table.current() == permission_table.render(), (
        "README permission table is out of date: run PYTHONPATH=. python -m "
        "tests.tools.permission_table")


def test_every_permission_says_what_it_allows():
    assert set(LABELS) == set(PERMISSIONS)
