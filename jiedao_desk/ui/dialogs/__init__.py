# SPDX-License-Identifier: MIT
"""Dialogs shared by several pages."""
