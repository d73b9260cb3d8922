# SPDX-License-Identifier: MIT
"""CLI command groups; each module exposes ``register(subparsers)``."""
