# SPDX-License-Identifier: MIT
"""CLI command groups; each module exposes ``register(subparsers)``.

Their imports are at module level: building the parser (even for ``--help``) already imports
every domain's ``cli`` module and, through them, the core and store, so deferring an import
into a handler here would save nothing (the few modules only these handlers need —
``core.check``, ``core.search``, ``demo`` — import in about 1 ms each).
"""
