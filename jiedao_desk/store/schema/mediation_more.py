# SPDX-License-Identifier: MIT
"""Schema of the mediation (second migration) (registers m011_mediation_more when it has SQL)."""

# Released migrations are never edited: add SQL here only while m011_mediation_more is unreleased,
# registering it with @MIGRATIONS(name="m011_mediation_more").
