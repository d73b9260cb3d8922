# SPDX-License-Identifier: MIT
"""Excel exports, template fill and imports (openpyxl) — the document-engine issue fills this."""
