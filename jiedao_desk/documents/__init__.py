# SPDX-License-Identifier: MIT
"""Printable official documents (PDF, reportlab) — the document-engine issue fills this."""
