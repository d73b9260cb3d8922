# SPDX-License-Identifier: MIT
"""Domain schema migrations, one module per domain, registered by store/migrations.py in order."""
