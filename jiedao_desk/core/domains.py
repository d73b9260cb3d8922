# SPDX-License-Identifier: MIT
"""The domain modules, in one list.

Domains declare settings, todo providers and search describers when they are imported. The
settings page, the todo list and search call ``load_all()`` so that every declaration is
present whichever screen or command runs first. A new domain adds its module here.
"""

from __future__ import annotations

import importlib

DOMAIN_MODULES = [
    "jiedao_desk.core.auth",
    "jiedao_desk.core.backup",
    "jiedao_desk.domains.residents.service",
    "jiedao_desk.core.numbering",
    "jiedao_desk.domains.access.requests",
    "jiedao_desk.domains.certificates.service",
    "jiedao_desk.domains.forms.entries",
    "jiedao_desk.domains.hotline.tickets",
    "jiedao_desk.domains.mediation.clocks",
    "jiedao_desk.domains.enforcement.view",
]


def load_all() -> None:
    """Import every domain module (cheap after the first call)."""
    for name in DOMAIN_MODULES:
        importlib.import_module(name)
