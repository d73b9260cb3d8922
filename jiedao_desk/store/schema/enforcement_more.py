# SPDX-License-Identifier: MIT
"""Schema of the enforcement (second migration) (registers m012_enforcement_more when it has SQL)."""

# Released migrations are never edited: add SQL here only while m012_enforcement_more is unreleased,
# registering it with @MIGRATIONS(name="m012_enforcement_more").
