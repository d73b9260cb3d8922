# SPDX-License-Identifier: MIT
"""Schema of the hotline domain (registers its migrations on the shared MIGRATIONS set)."""

from jiedao_desk.store.migrations import MIGRATIONS  # noqa: F401
