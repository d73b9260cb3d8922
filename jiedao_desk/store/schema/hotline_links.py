# SPDX-License-Identifier: MIT
"""Schema of the 12345 links and history (registers m013_hotline_links when it has SQL)."""

# Released migrations are never edited: add SQL here only while m013_hotline_links is unreleased,
# registering it with @MIGRATIONS(name="m013_hotline_links").
