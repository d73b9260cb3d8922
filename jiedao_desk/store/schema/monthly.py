# SPDX-License-Identifier: MIT
"""Schema of the monthly report (registers m014_monthly when it has SQL)."""

# Released migrations are never edited: add SQL here only while m014_monthly is unreleased,
# registering it with @MIGRATIONS(name="m014_monthly").
