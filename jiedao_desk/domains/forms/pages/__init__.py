# SPDX-License-Identifier: MIT
"""The Qt face of the forms domain: the 报表填报 page."""

from jiedao_desk.domains.forms.pages.page import FormsPage

__all__ = ["FormsPage"]
