# SPDX-License-Identifier: MIT
"""The Qt face of the enforcement domain: the 综合执法 page (navigation imports it from here)."""

from jiedao_desk.domains.enforcement.pages.page import EnforcementPage

__all__ = ["EnforcementPage"]
