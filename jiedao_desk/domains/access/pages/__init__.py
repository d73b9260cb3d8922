# SPDX-License-Identifier: MIT
"""The Qt face of the access domain: the 准入管理 page."""

from jiedao_desk.domains.access.pages.page import AccessPage

__all__ = ["AccessPage"]
